import { mockServices } from '@backstage/backend-test-utils';
import request from 'supertest';
import { describeEachDatabase } from '../__testUtils__/databases';
import { recordingNotifications, until } from '../__testUtils__/rulesHarness';
import { startMaestroDenying, userHeader } from '../__testUtils__/startMaestro';

jest.setTimeout(120_000);

const api = '/api/maestro';
const alice = userHeader('user:default/alice');

const rule = (fields: object = {}) => ({
  name: 'Production servers deactivated',
  events: ['deactivated'],
  conditions: { kinds: ['server'], filters: [{ field: 'spec.environment', op: 'eq', value: 'production' }] },
  actions: [{ type: 'notify', to: { type: 'owner' } }],
  ...fields,
});

describeEachDatabase('event rule routes', (databases, databaseId) => {
  async function setUp(denied: string[] = []) {
    const knex = await databases.init(databaseId);
    const { factory: notifications, sent } = recordingNotifications();
    const config = mockServices.rootConfig.factory({
      data: { maestro: { rules: { pollInterval: '250ms', retryDelays: ['1s'] } } },
    });
    const server = await startMaestroDenying(denied, knex, [notifications, config]);
    return { server, knex, sent };
  }

  it('creates, lists, reads, replaces and deletes a rule; kinds and refs come back in full', async () => {
    const { server } = await setUp();
    const created = await request(server).post(`${api}/rules`).set('Authorization', alice).send(rule()).expect(201);
    expect(created.body).toMatchObject({
      name: 'Production servers deactivated',
      enabled: true,
      owner: 'user:default/alice',
      events: ['deactivated'],
      actor: 'any',
      conditions: { kinds: ['Server'] },
      actions: [{ type: 'notify', to: { type: 'owner' } }],
      pendingDeliveries: 0,
      failedDeliveries: 0,
      createdBy: 'user:default/alice',
    });
    const { id } = created.body;
    const list = await request(server).get(`${api}/rules`).set('Authorization', alice).expect(200);
    expect(list.body.rules.map((r: any) => r.id)).toEqual([id]);
    await request(server).get(`${api}/rules/${id}`).set('Authorization', alice).expect(200);

    const replaced = await request(server)
      .put(`${api}/rules/${id}`)
      .set('Authorization', alice)
      .send(
        rule({
          enabled: false,
          owner: 'team-a',
          actor: 'discovery',
          events: ['reactivated', 'created'],
          conditions: { owners: ['team-a'], datacenters: ['aws-prod'], changedFields: ['spec.environment'] },
          actions: [{ type: 'notify', to: { type: 'entity', entityRef: 'user:default/bob' }, severity: 'high' }],
        }),
      )
      .expect(200);
    expect(replaced.body).toMatchObject({
      id,
      enabled: false,
      owner: 'group:default/team-a',
      actor: 'discovery',
      events: ['created', 'reactivated'],
      conditions: {
        owners: ['group:default/team-a'],
        datacenters: ['datacenter:default/aws-prod'],
        changedFields: ['spec.environment'],
      },
      createdBy: 'user:default/alice',
    });
    await request(server).delete(`${api}/rules/${id}`).set('Authorization', alice).expect(204);
    const gone = await request(server).get(`${api}/rules/${id}`).set('Authorization', alice).expect(404);
    expect(gone.body.error.message).toMatch(/^id: no event rule /);
  });

  it('refuses a bad rule with one 400 naming every field, and stores nothing', async () => {
    const { server, knex } = await setUp();
    const answer = await request(server)
      .post(`${api}/rules`)
      .set('Authorization', alice)
      .send({
        name: '',
        colour: 'red',
        events: ['deleted'],
        actor: 'robot',
        owner: 'component:default/x',
        conditions: {
          kinds: ['Server', 'Spaceship'],
          owners: ['::'],
          changedFields: ['spec.a.b'],
          filters: [{ field: 'spec.environment', op: 'eq', value: 'production' }],
          extra: 1,
        },
        actions: [
          { type: 'notify', to: { type: 'entity', entityRef: 'datacenter:default/dc' }, severity: 'urgent' },
          { type: 'job', jobId: '' },
          { type: 'email' },
          { type: 'notify', to: { type: 'owner' }, cc: 'x' },
        ],
      })
      .expect(400);
    const problems = answer.body.error.message.split('; ');
    expect(problems).toEqual([
      "body: unknown field 'colour' (name, description, enabled, owner, events, actor, conditions, actions)",
      'name: is required',
      "owner: must be the entity ref of a group or user (got 'component:default/x')",
      'events[0]: must be one of created, changed, deactivated, reactivated',
      'actor: must be one of any, person, discovery',
      "conditions: unknown field 'extra' (kinds, owners, datacenters, changedFields, filters)",
      "conditions.kinds[1]: unknown kind 'Spaceship'",
      "conditions.owners[0]: must be an entity ref such as group:default/name (got '::')",
      'conditions.changedFields[0]: must be title, owner or spec.<field>',
      'conditions.filters: need exactly one kind in conditions.kinds',
      "actions[0].to.entityRef: must be the entity ref of a user or group (got 'datacenter:default/dc')",
      'actions[0].severity: must be one of low, normal, high, critical',
      'actions[1].jobId: must be the id of a job',
      'actions[2].type: must be one of webhook, notify, job',
      "actions[3]: unknown field 'cc' (type, to, severity)",
    ]);
    const badFilter = await request(server)
      .post(`${api}/rules`)
      .set('Authorization', alice)
      .send(rule({ conditions: { kinds: ['Server'], filters: [{ field: 'spec.nope', op: 'eq', value: 1 }] } }))
      .expect(400);
    expect(badFilter.body.error.message).toBe("conditions.filters[0].field: 'spec.nope' is not a field of Server");
    const noActions = await request(server)
      .post(`${api}/rules`)
      .set('Authorization', alice)
      .send(rule({ actions: [] }));
    expect(noActions.body.error.message).toBe('actions: must be a list of 1 to 10 actions');
    const polluted = await request(server)
      .post(`${api}/rules`)
      .set('Authorization', alice)
      .set('Content-Type', 'application/json')
      .send('{"name":"x","events":["created"],"actions":[],"conditions":{"__proto__":{"kinds":["Server"]}}}')
      .expect(400);
    expect(polluted.body.error.message).toBe('conditions.__proto__: "__proto__" is not allowed as a field name');
    // this backend allow-lists nothing: loopback, cloud metadata and private addresses are refused when saved
    for (const [url, range] of [
      ['http://127.0.0.1:8080/hook', 'loopback'],
      ['http://localhost/hook', 'loopback'],
      ['http://169.254.169.254/latest/meta-data/', 'link-local'],
      ['http://10.0.0.1/hook', 'private'],
    ]) {
      const refused = await request(server)
        .post(`${api}/rules`)
        .set('Authorization', alice)
        .send(rule({ actions: [{ type: 'webhook', webhook: { method: 'POST', url } }] }))
        .expect(400);
      expect(refused.body.error.message).toMatch(new RegExp(`^actions\\[0\\]\\.webhook\\.url: .*${range}`));
    }
    expect(Number((await knex('maestro_rules').count({ n: '*' }))[0].n)).toBe(0);
  });

  it.each([
    ['GET', '/rules', 'maestro.rule.read'],
    ['POST', '/rules', 'maestro.rule.create'],
    ['GET', '/rules/{id}', 'maestro.rule.read'],
    ['PUT', '/rules/{id}', 'maestro.rule.update'],
    ['DELETE', '/rules/{id}', 'maestro.rule.delete'],
    ['GET', '/rules/{id}/deliveries', 'maestro.rule.read'],
    ['POST', '/rules/{id}/deliveries/{deliveryId}/redeliver', 'maestro.rule.update'],
  ])('%s %s needs %s (403 naming it, before the body is read; 401 without credentials)', async (method, path, name) => {
    const { server } = await setUp([name]);
    const url = `${api}${path
      .replace('{id}', '3f1c2b4e-0000-4000-8000-000000000001')
      .replace('{deliveryId}', '3f1c2b4e-0000-4000-8000-000000000002')}`;
    const call = () => (request(server) as any)[method.toLowerCase()](url);
    // a body that does not even parse: the refusal comes first
    const refused = await call().set('Authorization', alice).set('Content-Type', 'application/json').send('{oops');
    expect(refused.status).toBe(403);
    expect(refused.body.error.message).toBe(`not allowed: ${name}`);
    expect((await call()).status).toBe(401);
  });

  it('answers 404 for an unknown rule or delivery, naming the field', async () => {
    const { server } = await setUp();
    const unknown = '3f1c2b4e-0000-4000-8000-000000000001';
    for (const [method, path, body] of [
      ['get', `/rules/${unknown}`],
      ['put', `/rules/${unknown}`, rule()],
      ['delete', `/rules/nope`],
      ['get', `/rules/${unknown}/deliveries`],
      ['post', `/rules/${unknown}/deliveries/${unknown}/redeliver`],
    ] as const) {
      const answer = await (request(server) as any)[method](`${api}${path}`).set('Authorization', alice).send(body);
      expect([path, answer.status, answer.body.error.message]).toEqual([path, 404, expect.stringMatching(/^id: /)]);
    }
    const { body } = await request(server).post(`${api}/rules`).set('Authorization', alice).send(rule()).expect(201);
    const noDelivery = await request(server)
      .post(`${api}/rules/${body.id}/deliveries/${unknown}/redeliver`)
      .set('Authorization', alice)
      .expect(404);
    expect(noDelivery.body.error.message).toMatch(/^deliveryId: rule .* has no delivery /);
    const badQuery = await request(server)
      .get(`${api}/rules/${body.id}/deliveries?status=lost&limit=0`)
      .set('Authorization', alice)
      .expect(400);
    expect(badQuery.body.error.message).toMatch(/^status: must be one of pending, delivering, delivered, failed/);
  });

  it('delivers a matching change, logs it newest first, and redelivers it under the same id', async () => {
    const { server, sent } = await setUp();
    const created = await request(server)
      .post(`${api}/rules`)
      .set('Authorization', alice)
      .send(rule({ events: ['created'], conditions: { kinds: ['Server'] } }))
      .expect(201);
    const id = created.body.id;
    for (const name of ['web-1', 'web-2', 'web-3']) {
      await request(server)
        .post(`${api}/records`)
        .set('Authorization', alice)
        .send({
          kind: 'Server',
          name,
          owner: 'group:default/platform',
          spec: { hostname: name, environment: 'production' },
        })
        .expect(201);
    }
    const log = async (query = '') =>
      (await request(server).get(`${api}/rules/${id}/deliveries${query}`).set('Authorization', alice).expect(200)).body;
    await until(async () => (await log('?status=delivered')).deliveries.length === 3);
    expect(sent.map(n => n.payload.title).sort()).toEqual([
      'Server web-1 created',
      'Server web-2 created',
      'Server web-3 created',
    ]);
    expect(sent[0].recipients).toEqual({ type: 'entity', entityRef: 'group:default/platform' });

    const all = await log();
    expect(all.deliveries.map((d: any) => d.change.name)).toEqual(['web-3', 'web-2', 'web-1']);
    const first = await log('?limit=2');
    expect(first.deliveries.map((d: any) => d.change.name)).toEqual(['web-3', 'web-2']);
    const rest = await log(`?limit=2&before=${first.nextBefore}`);
    expect(rest.deliveries.map((d: any) => d.change.name)).toEqual(['web-1']);
    expect(rest.nextBefore).toBeUndefined();

    const target = all.deliveries[2];
    expect(target).toMatchObject({
      status: 'delivered',
      attempts: 1,
      actionType: 'notify',
      change: { event: 'created' },
    });
    const again = await request(server)
      .post(`${api}/rules/${id}/deliveries/${target.id}/redeliver`)
      .set('Authorization', alice)
      .expect(202);
    expect(again.body).toMatchObject({ id: target.id, status: 'pending', attempts: 0 });
    await until(() => sent.length === 4);
    expect(sent[3].payload.scope).toBe(`maestro-rule-delivery:${target.id}`);
    await until(async () => (await log('?status=delivered')).deliveries.length === 3);
  });
});
