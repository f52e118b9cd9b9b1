import { mockCredentials, mockServices } from '@backstage/backend-test-utils';
import request from 'supertest';
import { describeEachDatabase } from '../__testUtils__/databases';
import { createRecords, startMaestroDenying, userHeader } from '../__testUtils__/startMaestro';

jest.setTimeout(120_000);

const api = '/api/maestro/subscriptions';
const alice = userHeader('user:default/alice');
const bob = userHeader('user:default/bob');
/** alice is in group platform; bob in none. */
const GROUPS: Record<string, string[]> = { 'user:default/alice': ['group:default/platform'] };
const userInfo = mockServices.userInfo.mock({
  getUserInfo: async credentials => {
    const ref = (credentials.principal as { userEntityRef: string }).userEntityRef;
    return { userEntityRef: ref, ownershipEntityRefs: [ref, ...(GROUPS[ref] ?? [])] };
  },
}).factory;

describeEachDatabase('subscription routes', (databases, databaseId) => {
  async function setUp(denied: string[] = []) {
    const knex = await databases.init(databaseId);
    const server = await startMaestroDenying(denied, knex, [userInfo]);
    const rows = () => knex('maestro_subscriptions').select('subscriber', 'target_key', 'delivery');
    return { server, knex, rows };
  }

  it('creates, lists (mine and my groups, or of one record), changes and deletes subscriptions', async () => {
    const { server, rows } = await setUp();
    await createRecords(server, [
      { kind: 'Server', name: 'web-01', owner: 'group:default/platform', spec: { hostname: 'web-01' } },
    ]);
    const watch = await request(server)
      .post(api)
      .set('Authorization', alice)
      .send({ target: { type: 'entity', entityRef: 'Server:default/web-01' } })
      .expect(201);
    expect(watch.body).toMatchObject({
      subscriber: 'user:default/alice',
      target: { type: 'entity', entityRef: 'server:default/web-01' },
      events: ['changes', 'deactivations', 'discoveryFailures'],
      delivery: 'immediate',
      createdBy: 'user:default/alice',
    });
    const team = await request(server)
      .post(api)
      .set('Authorization', alice)
      .send({
        subscriber: 'group:default/platform',
        target: { type: 'kind', kind: 'server', datacenter: 'aws-prod', environment: 'production' },
        events: ['deactivations', 'changes'],
        delivery: 'daily',
      })
      .expect(201);
    expect(team.body).toMatchObject({
      subscriber: 'group:default/platform',
      target: { type: 'kind', kind: 'Server', datacenter: 'datacenter:default/aws-prod', environment: 'production' },
      events: ['changes', 'deactivations'],
      delivery: 'daily',
    });
    // the same target again: 409, nothing written
    const again = await request(server)
      .post(api)
      .set('Authorization', alice)
      .send({ target: { type: 'entity', entityRef: 'server:default/web-01' } })
      .expect(409);
    expect(again.body.error.message).toContain('already watches');

    const mine = await request(server).get(api).set('Authorization', alice).expect(200);
    expect(mine.body.subscriptions.map((s: any) => s.id)).toEqual([watch.body.id, team.body.id]);
    const onPage = await request(server)
      .get(`${api}?entityRef=${encodeURIComponent('server:default/web-01')}`)
      .set('Authorization', alice)
      .expect(200);
    expect(onPage.body.subscriptions.map((s: any) => s.id)).toEqual([watch.body.id]);
    expect((await request(server).get(api).set('Authorization', bob).expect(200)).body.subscriptions).toEqual([]);

    const changed = await request(server)
      .patch(`${api}/${team.body.id}`)
      .set('Authorization', alice)
      .send({ delivery: 'immediate' })
      .expect(200);
    expect(changed.body).toMatchObject({ delivery: 'immediate', events: ['changes', 'deactivations'] });
    await request(server).delete(`${api}/${watch.body.id}`).set('Authorization', alice).expect(204);
    await request(server).delete(`${api}/${watch.body.id}`).set('Authorization', alice).expect(404);
    expect(await rows()).toEqual([
      {
        subscriber: 'group:default/platform',
        target_key: 'kind:Server:datacenter:default/aws-prod:production',
        delivery: 'immediate',
      },
    ]);
  });

  it("refuses another person's or another group's subscriptions without maestro.subscription.manage", async () => {
    const { server, rows } = await setUp(['maestro.subscription.manage']);
    const team = await request(server)
      .post(api)
      .set('Authorization', alice)
      .send({ subscriber: 'group:platform', target: { type: 'owned' } })
      .expect(201);
    for (const [subscriber, who] of [
      ['group:default/platform', bob],
      ['user:default/alice', bob],
    ] as const) {
      const refused = await request(server)
        .post(api)
        .set('Authorization', who)
        .send({ subscriber, target: { type: 'owned' } })
        .expect(403);
      expect(refused.body.error.message).toContain('maestro.subscription.manage');
    }
    await request(server)
      .patch(`${api}/${team.body.id}`)
      .set('Authorization', bob)
      .send({ delivery: 'daily' })
      .expect(403);
    await request(server).delete(`${api}/${team.body.id}`).set('Authorization', bob).expect(403);
    // a service may not subscribe itself
    const service = await request(server)
      .post(api)
      .set('Authorization', mockCredentials.service.header())
      .send({ target: { type: 'owned' } })
      .expect(400);
    expect(service.body.error.message).toContain('subscriber');
    expect(await rows()).toEqual([
      { subscriber: 'group:default/platform', target_key: 'owned', delivery: 'immediate' },
    ]);
  });

  it('answers bad input with 400 naming the field, and writes nothing', async () => {
    const { server, rows } = await setUp();
    const cases: Array<[unknown, string]> = [
      [[], 'body'],
      [{}, 'target: is required'],
      [{ target: { type: 'everything' } }, 'target.type'],
      [{ target: { type: 'entity', entityRef: 'server:default/nope' } }, 'target.entityRef: no Maestro record'],
      [{ target: { type: 'entity', entityRef: 'widget:default/x' } }, 'target.entityRef'],
      [{ target: { type: 'kind', kind: 'Widget' } }, 'target.kind'],
      [{ target: { type: 'kind', kind: 'Server', environment: 'prod uction' } }, 'target.environment'],
      [{ target: { type: 'kind', kind: 'Server', datacenter: 'user:default/x' } }, 'target.datacenter'],
      [{ target: { type: 'owned', extra: 1 } }, "target: unknown field 'extra'"],
      [{ target: { type: 'owned' }, events: ['nope'] }, 'events[0]'],
      [{ target: { type: 'owned' }, events: [] }, 'events'],
      [{ target: { type: 'owned' }, delivery: 'weekly' }, 'delivery'],
      [{ target: { type: 'owned' }, subscriber: 'component:x' }, 'subscriber'],
      [JSON.parse('{"target": {"type": "owned"}, "__proto__": {"admin": true}}'), '__proto__'],
    ];
    for (const [body, field] of cases) {
      const res = await request(server)
        .post(api)
        .set('Authorization', alice)
        .send(body as object);
      expect([res.status, res.body.error?.message]).toEqual([400, expect.stringContaining(field)]);
    }
    await request(server).get(`${api}?entityRef=nope:x`).set('Authorization', alice).expect(400);
    await request(server)
      .patch(`${api}/not-a-uuid`)
      .set('Authorization', alice)
      .send({ delivery: 'daily' })
      .expect(404);
    expect(await rows()).toEqual([]);
  });

  it('needs maestro.inventory.read, decided before the body is read', async () => {
    const { server, rows } = await setUp(['maestro.inventory.read']);
    await request(server).get(api).set('Authorization', alice).expect(403);
    const refused = await request(server)
      .post(api)
      .set('Authorization', alice)
      .send({ target: { type: 'owned' } })
      .expect(403);
    expect(refused.body.error.message).toContain('maestro.inventory.read');
    await request(server)
      .post(api)
      .send({ target: { type: 'owned' } })
      .expect(401);
    expect(await rows()).toEqual([]);
  });
});
