import { mockCredentials, mockServices } from '@backstage/backend-test-utils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import request from 'supertest';
import { startMaestro } from '../__testUtils__/startMaestro';
import { openApiSpec } from '../schema/openapi';
import { createRouter } from './router';

jest.setTimeout(60_000);

const user = mockCredentials.user.header('user:default/alice');
const datacenter = {
  kind: 'Datacenter',
  name: 'aws-prod',
  owner: 'group:default/platform',
  spec: { provider: 'aws', regions: ['eu-west-1'] },
};

describe('maestro router', () => {
  it('serves /health without credentials and refuses the API without them (401)', async () => {
    const server = await startMaestro();
    await request(server).get('/api/maestro/health').expect(200, { status: 'ok' });
    const res = await request(server).get('/api/maestro/records');
    expect(res.status).toBe(401);
    await request(server).post('/api/maestro/records').send(datacenter).expect(401);
    const spec = await request(server).get('/api/maestro/openapi.json').expect(200);
    expect(Object.keys(spec.body.paths)).toEqual(
      expect.arrayContaining(['/records', '/records/{id}', '/records/{id}/history', '/changes']),
    );
  });

  it('creates, reads, updates, deletes and restores a record with history', async () => {
    const server = await startMaestro();
    const created = await request(server)
      .post('/api/maestro/records')
      .set('Authorization', user)
      .send({ ...datacenter, reason: 'new account' });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      kind: 'Datacenter',
      name: 'aws-prod',
      version: 1,
      createdBy: 'user:default/alice',
    });
    const id = created.body.id;

    const got = await request(server).get(`/api/maestro/records/${id}`).set('Authorization', user).expect(200);
    expect(got.body.spec).toEqual(datacenter.spec);

    const updated = await request(server)
      .put(`/api/maestro/records/${id}`)
      .set('Authorization', user)
      .send({ version: 1, spec: { provider: 'aws', regions: ['eu-west-1', 'us-east-1'] } })
      .expect(200);
    expect(updated.body.version).toBe(2);

    // stale version: 409, nothing overwritten
    const stale = await request(server)
      .put(`/api/maestro/records/${id}`)
      .set('Authorization', user)
      .send({ version: 1, spec: { provider: 'gcp' } });
    expect(stale.status).toBe(409);
    expect(stale.body.error.message).toMatch(/^version: /);

    await request(server)
      .delete(`/api/maestro/records/${id}?version=2&reason=closed`)
      .set('Authorization', user)
      .expect(200);
    const listActive = await request(server).get('/api/maestro/records?kind=datacenter').set('Authorization', user);
    expect(listActive.body.totalCount).toBe(0);
    const listAll = await request(server)
      .get('/api/maestro/records?kind=datacenter&active=all')
      .set('Authorization', user);
    expect(listAll.body.items.map((r: any) => [r.name, r.active])).toEqual([['aws-prod', false]]);

    await request(server)
      .post(`/api/maestro/records/${id}/restore`)
      .set('Authorization', user)
      .send({ version: 3 })
      .expect(200);

    const history = await request(server)
      .get(`/api/maestro/records/${id}/history`)
      .set('Authorization', user)
      .expect(200);
    expect(history.body.items.map((c: any) => c.action)).toEqual(['restore', 'delete', 'update', 'create']);
    expect(history.body.items[2].before.spec.regions).toEqual(['eu-west-1']);
    expect(history.body.items[2].after.spec.regions).toEqual(['eu-west-1', 'us-east-1']);
    expect(history.body.items[3].reason).toBe('new account');

    const summary = await request(server).get('/api/maestro/summary').set('Authorization', user).expect(200);
    expect(summary.body.kinds).toEqual([{ kind: 'Datacenter', active: 1, inactive: 0 }]);

    const feed = await request(server).get('/api/maestro/changes?after=0').set('Authorization', user).expect(200);
    expect(feed.body.changes).toHaveLength(4);
    expect(feed.body.cursor).toBe(feed.body.changes[3].position);
  });

  it('answers 400 naming every bad field, and stores nothing', async () => {
    const server = await startMaestro();
    const res = await request(server)
      .post('/api/maestro/records')
      .set('Authorization', user)
      .send({
        kind: 'Server',
        name: 'Not A Valid Name!',
        owner: 'group:default/platform',
        spec: { ipv4Private: '999.1.1.1', cpu: 'four', color: 'blue' },
      });
    expect(res.status).toBe(400);
    const message: string = res.body.error.message;
    expect(message).toContain('name: must consist of');
    expect(message).toContain('spec.hostname: is required');
    expect(message).toContain('spec.ipv4Private: has an invalid format');
    expect(message).toContain('spec.cpu: must be integer');
    expect(message).toContain('spec.color: is not a known field of this kind');

    const unknownKind = await request(server)
      .post('/api/maestro/records')
      .set('Authorization', user)
      .send({ ...datacenter, kind: 'Spaceship' });
    expect(unknownKind.status).toBe(400);
    expect(unknownKind.body.error.message).toMatch(/^kind: must be one of Datacenter, Server/);

    const notJson = await request(server)
      .post('/api/maestro/records')
      .set('Authorization', user)
      .set('Content-Type', 'application/json')
      .send('[1,2]');
    expect(notJson.status).toBe(400);

    const badQuery = await request(server).get('/api/maestro/records?limit=abc').set('Authorization', user);
    expect(badQuery.status).toBe(400);
    expect(badQuery.body.error.message).toBe("limit: must be an integer (got 'abc')");

    const list = await request(server).get('/api/maestro/records?active=all').set('Authorization', user);
    expect(list.body.totalCount).toBe(0);
    const feed = await request(server).get('/api/maestro/changes').set('Authorization', user);
    expect(feed.body.changes).toEqual([]);
  });

  it('answers 404 for unknown ids and 409 for duplicate names', async () => {
    const server = await startMaestro();
    await request(server).get('/api/maestro/records/nope').set('Authorization', user).expect(404);
    await request(server).put('/api/maestro/records/nope').set('Authorization', user).send({ version: 1 }).expect(404);
    await request(server).delete('/api/maestro/records/nope?version=1').set('Authorization', user).expect(404);
    await request(server).get('/api/maestro/records/nope/history').set('Authorization', user).expect(404);
    await request(server).post('/api/maestro/records').set('Authorization', user).send(datacenter).expect(201);
    const dup = await request(server).post('/api/maestro/records').set('Authorization', user).send(datacenter);
    expect(dup.status).toBe(409);
    expect(dup.body.error.message).toMatch(/^name: a Datacenter named 'aws-prod' already exists/);
  });

  it('answers 403 when the permission policy denies, and writes nothing', async () => {
    const server = await startMaestro(AuthorizeResult.DENY);
    const res = await request(server).post('/api/maestro/records').set('Authorization', user).send(datacenter);
    expect(res.status).toBe(403);
    expect(res.body.error.message).toBe('not allowed: maestro.inventory.create');
    await request(server).get('/api/maestro/records').set('Authorization', user).expect(403);
    await request(server).get('/api/maestro/changes').set('Authorization', user).expect(403);
  });

  it('holds a long-poll on the change feed until a change arrives', async () => {
    const server = await startMaestro();
    const poll = request(server).get('/api/maestro/changes?after=0&wait=30').set('Authorization', user);
    setTimeout(() => {
      request(server)
        .post('/api/maestro/records')
        .set('Authorization', user)
        .send(datacenter)
        .then(() => {});
    }, 700);
    const res = await poll;
    expect(res.status).toBe(200);
    expect(res.body.changes.map((c: any) => [c.name, c.position])).toEqual([['aws-prod', 1]]);
    expect(res.body.cursor).toBe(1);
  });

  it('documents every route it serves in the OpenAPI document, and nothing more', async () => {
    const router = await createRouter({
      logger: mockServices.logger.mock(),
      httpAuth: mockServices.httpAuth.mock(),
      permissions: mockServices.permissions.mock(),
      auditor: mockServices.auditor.mock(),
      store: {} as any,
      settings: {} as any,
      reports: {} as any,
      graphs: {} as any,
      discovery: { drivers: () => [], connections: {} } as any,
      graphShares: {} as any,
      rules: {} as any,
      subscriptions: {} as any,
    });
    const served = (router.stack as any[])
      .filter(layer => layer.route)
      .flatMap(layer =>
        Object.keys(layer.route.methods).map(
          method => `${method.toUpperCase()} ${String(layer.route.path).replace(/:(\w+)/g, '{$1}')}`,
        ),
      )
      .filter(route => route !== 'GET /openapi.json')
      .sort();
    const documented = Object.entries(openApiSpec.paths)
      .flatMap(([path, ops]) => Object.keys(ops).map(method => `${method.toUpperCase()} ${path}`))
      .sort();
    expect(served).toEqual(documented);
  });

  it('accepts a duplicate hostname or private IP within one owner, with a warning', async () => {
    const server = await startMaestro();
    const web = (name: string, owner = 'group:default/platform') => ({
      kind: 'Server',
      name,
      owner,
      spec: { hostname: 'web.example.com', ipv4Private: '10.0.0.5' },
    });
    const first = await request(server)
      .post('/api/maestro/records')
      .set('Authorization', user)
      .send(web('web-a'))
      .expect(201);
    expect(first.body.warnings).toEqual([]);
    const second = await request(server)
      .post('/api/maestro/records')
      .set('Authorization', user)
      .send(web('web-b'))
      .expect(201);
    expect(second.body.warnings).toEqual([
      {
        field: 'spec.hostname',
        message: 'hostname web.example.com is also used by web-a (same owner group:default/platform)',
      },
      {
        field: 'spec.ipv4Private',
        message: 'private IP 10.0.0.5 is also used by web-a (same owner group:default/platform)',
      },
    ]);
    // another owner's servers are not duplicates
    const other = await request(server)
      .post('/api/maestro/records')
      .set('Authorization', user)
      .send(web('web-c', 'group:default/other'))
      .expect(201);
    expect(other.body.warnings).toEqual([]);
    // an update that removes the clash has no warning
    const fixed = await request(server)
      .put(`/api/maestro/records/${second.body.id}`)
      .set('Authorization', user)
      .send({ version: 1, spec: { hostname: 'web-b.example.com', ipv4Private: '10.0.0.6' } })
      .expect(200);
    expect(fixed.body.warnings).toEqual([]);
  });

  it('serves the global history, a record as of a time, diffs, and reverts to an earlier version', async () => {
    const server = await startMaestro();
    const created = await request(server)
      .post('/api/maestro/records')
      .set('Authorization', user)
      .send(datacenter)
      .expect(201);
    const id = created.body.id;
    const t1 = created.body.createdAt;
    await new Promise(r => setTimeout(r, 5));
    await request(server)
      .put(`/api/maestro/records/${id}`)
      .set('Authorization', user)
      .send({ version: 1, spec: { provider: 'aws', regions: ['eu-west-1', 'us-east-1'] }, reason: 'new region' })
      .expect(200);

    const feed = await request(server)
      .get('/api/maestro/history?kind=datacenter')
      .set('Authorization', user)
      .expect(200);
    expect(feed.body.items.map((c: any) => [c.action, c.actor])).toEqual([
      ['update', 'user:default/alice'],
      ['create', 'user:default/alice'],
    ]);
    const creates = await request(server)
      .get(`/api/maestro/history?action=create&to=${encodeURIComponent(t1)}`)
      .set('Authorization', user);
    expect(creates.body.items).toHaveLength(1);

    const asOf = await request(server)
      .get(`/api/maestro/records/${id}/as-of?at=${encodeURIComponent(t1)}`)
      .set('Authorization', user)
      .expect(200);
    expect(asOf.body.spec.regions).toEqual(['eu-west-1']);
    await request(server)
      .get(`/api/maestro/records/${id}/as-of?at=2000-01-01T00:00:00Z`)
      .set('Authorization', user)
      .expect(404);

    const diff = await request(server)
      .get(`/api/maestro/records/${id}/diff?from=${encodeURIComponent(t1)}`)
      .set('Authorization', user)
      .expect(200);
    expect(diff.body.changes).toEqual([
      { path: 'spec.regions', before: ['eu-west-1'], after: ['eu-west-1', 'us-east-1'] },
    ]);

    const createSeq = feed.body.items[1].seq;
    const reverted = await request(server)
      .post(`/api/maestro/records/${id}/revert`)
      .set('Authorization', user)
      .send({ seq: createSeq, version: 2 })
      .expect(200);
    expect(reverted.body).toMatchObject({ version: 3, spec: { regions: ['eu-west-1'] } });
    const history = await request(server).get(`/api/maestro/records/${id}/history`).set('Authorization', user);
    expect(history.body.items[0]).toMatchObject({ action: 'update', reason: `revert to version 1 (seq ${createSeq})` });

    // stale version on revert: 409; a seq of another record: 404
    await request(server)
      .post(`/api/maestro/records/${id}/revert`)
      .set('Authorization', user)
      .send({ seq: createSeq, version: 2 })
      .expect(409);
    await request(server)
      .post(`/api/maestro/records/${id}/revert`)
      .set('Authorization', user)
      .send({ seq: 9999, version: 3 })
      .expect(404);
  });

  it('names the bad parameter of history queries', async () => {
    const server = await startMaestro();
    const bad = await request(server).get('/api/maestro/history?from=yesterday').set('Authorization', user).expect(400);
    expect(bad.body.error.message).toBe(
      "from: must be an ISO-8601 time such as 2026-01-31T12:00:00Z (got 'yesterday')",
    );
    const action = await request(server)
      .get('/api/maestro/history?action=explode')
      .set('Authorization', user)
      .expect(400);
    expect(action.body.error.message).toMatch(/^action: must be one of create, update, delete, restore/);
    const created = await request(server)
      .post('/api/maestro/records')
      .set('Authorization', user)
      .send(datacenter)
      .expect(201);
    const missing = await request(server)
      .get(`/api/maestro/records/${created.body.id}/as-of`)
      .set('Authorization', user)
      .expect(400);
    expect(missing.body.error.message).toBe('at: is required (ISO-8601 time)');
    const revert = await request(server)
      .post(`/api/maestro/records/${created.body.id}/revert`)
      .set('Authorization', user)
      .send({ version: 1 })
      .expect(400);
    expect(revert.body.error.message).toMatch(/^seq: is required/);
  });

  it('filters on spec fields and sorts numeric fields as numbers through the API', async () => {
    const server = await startMaestro();
    for (const [name, environment, cpu] of [
      ['a', 'production', 4],
      ['b', 'staging', 16],
      ['c', 'production', 2],
    ] as const) {
      await request(server)
        .post('/api/maestro/records')
        .set('Authorization', user)
        .send({ kind: 'Server', name, owner: 'group:default/x', spec: { hostname: name, environment, cpu } })
        .expect(201);
    }
    const prod = await request(server)
      .get('/api/maestro/records?kind=server&spec.environment=production&orderBy=spec.cpu')
      .set('Authorization', user)
      .expect(200);
    expect(prod.body.items.map((r: any) => r.name)).toEqual(['c', 'a']);
    expect(prod.body.totalCount).toBe(2);
    const byCpu = await request(server)
      .get('/api/maestro/records?kind=server&orderBy=spec.cpu&order=desc')
      .set('Authorization', user)
      .expect(200);
    expect(byCpu.body.items.map((r: any) => r.name)).toEqual(['b', 'a', 'c']);
    const bad = await request(server)
      .get('/api/maestro/records?orderBy=spec.a-b')
      .set('Authorization', user)
      .expect(400);
    expect(bad.body.error.message).toMatch(/^orderBy: must be one of name, kind, updatedAt, createdAt or spec.<field>/);
    const badFilter = await request(server)
      .get('/api/maestro/records?spec.a%20b=1')
      .set('Authorization', user)
      .expect(400);
    expect(badFilter.body.error.message).toMatch(/^spec.a b: filter on a top-level spec field/);
  });

  it('serves settings with defaults, saves them with optimistic concurrency and validation', async () => {
    const server = await startMaestro();
    const all = await request(server).get('/api/maestro/settings').set('Authorization', user).expect(200);
    expect(all.body.items.map((s: any) => [s.key, s.version])).toEqual([
      ['services', 0],
      ['options', 0],
      ['regions', 0],
    ]);
    const options = await request(server).get('/api/maestro/settings/options').set('Authorization', user).expect(200);
    expect(options.body.value.environments).toContain('production');

    const value = { ...options.body.value, environments: [...options.body.value.environments, 'dr'] };
    const saved = await request(server)
      .put('/api/maestro/settings/options')
      .set('Authorization', user)
      .send({ value, version: 0 })
      .expect(200);
    expect(saved.body).toMatchObject({ key: 'options', version: 1, updatedBy: 'user:default/alice' });
    expect(
      (await request(server).get('/api/maestro/settings/options').set('Authorization', user)).body.value.environments,
    ).toContain('dr');

    await request(server)
      .put('/api/maestro/settings/options')
      .set('Authorization', user)
      .send({ value, version: 0 })
      .expect(409);
    const invalid = await request(server)
      .put('/api/maestro/settings/services')
      .set('Authorization', user)
      .send({ value: [{ families: ['db'] }], version: 0 })
      .expect(400);
    expect(invalid.body.error.message).toBe("value.0: must have required property 'name'");
    const badKey = await request(server).get('/api/maestro/settings/colors').set('Authorization', user).expect(400);
    expect(badKey.body.error.message).toBe("key: must be one of services, options, regions (got 'colors')");

    // Every saved version stays readable, newest first, with its author; rejected saves leave no trace.
    const second = { ...value, environments: [...value.environments, 'qa'] };
    await request(server)
      .put('/api/maestro/settings/options')
      .set('Authorization', user)
      .send({ value: second, version: 1 })
      .expect(200);
    const history = await request(server)
      .get('/api/maestro/settings/options/history')
      .set('Authorization', user)
      .expect(200);
    expect(history.body.items.map((h: any) => [h.version, h.updatedBy])).toEqual([
      [2, 'user:default/alice'],
      [1, 'user:default/alice'],
    ]);
    expect(history.body.items[0].value.environments).toContain('qa');
    expect(history.body.items[1].value.environments).not.toContain('qa');
    const none = await request(server)
      .get('/api/maestro/settings/services/history')
      .set('Authorization', user)
      .expect(200);
    expect(none.body.items).toEqual([]);
    await request(server).get('/api/maestro/settings/options/history?limit=0').set('Authorization', user).expect(400);
  });
});
