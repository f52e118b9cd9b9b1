import type http from 'node:http';
import { mockCredentials, mockServices, startTestBackend } from '@backstage/backend-test-utils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import request from 'supertest';
import { openPost } from '../__testUtils__/openPost';
import { maestroPlugin } from '../plugin';
import { startMaestro, userHeader } from '../__testUtils__/startMaestro';

jest.setTimeout(60_000);

const alice = userHeader('user:default/alice');
const servers = {
  name: 'Ubuntu servers',
  type: 'single',
  kind: 'Server',
  filters: [{ field: 'spec.os.distro', op: 'contains', value: 'ubuntu' }],
  columns: ['name', 'owner', 'spec.hostname'],
  sort: { field: 'name', direction: 'desc' },
};

/** A backend whose policy denies only the given permission. */
async function startDenying(denied: string): Promise<http.Server> {
  const { server } = await startTestBackend({
    features: [
      maestroPlugin,
      mockServices.permissions.mock({
        authorize: async requests =>
          requests.map(r => ({
            result: r.permission.name === denied ? AuthorizeResult.DENY : AuthorizeResult.ALLOW,
          })),
      }).factory,
      mockServices.httpAuth.factory({ defaultCredentials: mockCredentials.none() }),
    ],
  });
  return server;
}

describe('report routes', () => {
  it('saves, lists, reads, changes, duplicates and deletes a report', async () => {
    const server = await startMaestro();
    const api = () => request(server);
    const created = await api().post('/api/maestro/reports').set('Authorization', alice).send(servers).expect(201);
    expect(created.body).toMatchObject({
      name: 'Ubuntu servers',
      type: 'single',
      owner: 'user:default/alice',
      createdBy: 'user:default/alice',
      version: 1,
      definition: servers,
    });
    const id = created.body.id;

    const got = await api().get(`/api/maestro/reports/${id}`).set('Authorization', alice).expect(200);
    expect(got.body).toEqual(created.body);
    expect(got.headers.etag).toBe('"1"');
    const list = await api().get('/api/maestro/reports?limit=10').set('Authorization', alice).expect(200);
    expect(list.body).toEqual({ items: [created.body], totalCount: 1 });

    const pivot = {
      name: 'Servers and their datacenters',
      type: 'pivot',
      hops: [{ kind: 'server', columns: ['name'] }, { kind: 'Datacenter' }],
      version: 1,
    };
    const updated = await api()
      .put(`/api/maestro/reports/${id}`)
      .set('Authorization', userHeader('user:default/bob'))
      .send(pivot)
      .expect(200);
    expect(updated.body).toMatchObject({
      type: 'pivot',
      version: 2,
      owner: 'user:default/alice',
      updatedBy: 'user:default/bob',
      definition: {
        hops: [
          { kind: 'Server', columns: ['name'], filters: [] },
          { kind: 'Datacenter', links: [{ kind: 'Server', field: 'spec.datacenter' }] },
        ],
      },
    });

    // a stale version: 409 naming version, nothing overwritten
    const stale = await api()
      .put(`/api/maestro/reports/${id}`)
      .set('Authorization', alice)
      .send({ ...servers, version: 1 });
    expect(stale.status).toBe(409);
    expect(stale.body.error.message).toMatch(/^version: report .* is at version 2, not 1; reload it$/);

    const copy = await api()
      .post(`/api/maestro/reports/${id}/duplicate`)
      .set('Authorization', userHeader('user:default/carol'))
      .expect(201);
    expect(copy.body).toMatchObject({ name: 'Servers and their datacenters (copy)', owner: 'user:default/carol' });

    await api().delete(`/api/maestro/reports/${id}`).set('Authorization', alice).expect(204);
    for (const res of [
      await api().get(`/api/maestro/reports/${id}`).set('Authorization', alice),
      await api()
        .put(`/api/maestro/reports/${id}`)
        .set('Authorization', alice)
        .send({ ...servers, version: 3 }),
      await api().post(`/api/maestro/reports/${id}/duplicate`).set('Authorization', alice),
      await api().delete(`/api/maestro/reports/${id}`).set('Authorization', alice),
    ]) {
      expect(res.status).toBe(404);
      expect(res.body.error.message).toBe(`no report with id ${id}`);
    }
    const after = await api().get('/api/maestro/reports').set('Authorization', alice).expect(200);
    expect(after.body.items.map((r: { id: string }) => r.id)).toEqual([copy.body.id]);
  });

  it('answers a bad definition with one 400 naming every bad field', async () => {
    const server = await startMaestro();
    const res = await request(server)
      .post('/api/maestro/reports')
      .set('Authorization', alice)
      .send({
        name: '',
        type: 'single',
        kind: 'Server',
        filters: [{ field: 'spec.nope', op: 'eq', value: 1 }],
        columns: ['name', 'spec.nope'],
        sort: { field: 'name', direction: 'up' },
        extra: true,
      });
    expect(res.status).toBe(400);
    expect(res.body.error.message).toBe(
      [
        'name: must not be blank',
        'extra: is not a field of a report',
        "sort.direction: must be 'asc' or 'desc'",
        "filters[0].field: 'spec.nope' is not a field of Server",
        "columns[1]: 'spec.nope' is not a field of Server",
      ].join('; '),
    );

    const pivot = await request(server)
      .post('/api/maestro/reports')
      .set('Authorization', alice)
      .send({
        name: 'unrelated',
        type: 'pivot',
        hops: [
          { kind: 'Server', filters: [{ field: 'name', op: 'between', value: 1 }] },
          { kind: 'Datacenter' },
          { kind: 'Client' },
        ],
      });
    expect(pivot.status).toBe(400);
    expect(pivot.body.error.message).toMatch(
      /^hops\[0\]\.filters\[0\]\.op: must be one of .*; hops\[2\]\.kind: Client is not related to Datacenter \(hops\[1\]\) by any Maestro field$/,
    );

    const untyped = await request(server).post('/api/maestro/reports').set('Authorization', alice).send({ name: 'x' });
    expect(untyped.status).toBe(400);
    expect(untyped.body.error.message).toBe("type: must be 'single' or 'pivot'");

    const created = await request(server).post('/api/maestro/reports').set('Authorization', alice).send(servers);
    const noVersion = await request(server)
      .put(`/api/maestro/reports/${created.body.id}`)
      .set('Authorization', alice)
      .send(servers);
    expect(noVersion.status).toBe(400);
    expect(noVersion.body.error.message).toMatch(/^version: /);
  });

  it.each([
    ['maestro.report.read', 'get', '/reports'],
    ['maestro.report.read', 'get', '/reports/00000000-0000-4000-8000-000000000000'],
    ['maestro.report.update', 'put', '/reports/00000000-0000-4000-8000-000000000000'],
    ['maestro.report.create', 'post', '/reports/00000000-0000-4000-8000-000000000000/duplicate'],
    ['maestro.report.delete', 'delete', '/reports/00000000-0000-4000-8000-000000000000'],
  ] as const)('answers 403 naming %s when it is denied (%s %s)', async (permission, method, path) => {
    const server = await startDenying(permission);
    const res = await request(server)[method](`/api/maestro${path}`).set('Authorization', alice).send({ version: 1 });
    expect(res.status).toBe(403);
    expect(res.body.error.message).toBe(`not allowed: ${permission}`);
  });

  it('refuses a save without maestro.report.create before reading the body', async () => {
    const server = await startDenying('maestro.report.create');
    const { req, answer } = openPost(server, '/reports', {
      Authorization: alice,
      'Content-Type': 'application/json',
      'Content-Length': String(4 * 1024 * 1024),
    });
    req.write('{"name": "half a body", "type": "single", "kind": "Ser');
    const res = await answer;
    expect(res.status).toBe(403);
    expect(res.body.error.message).toBe('not allowed: maestro.report.create');
    expect(res.headers.connection).toBe('close');
    expect(req.writableEnded).toBe(false);
    req.destroy();
  });

  it('answers 401 without credentials, and still refuses a body with __proto__', async () => {
    const server = await startMaestro();
    await request(server).get('/api/maestro/reports').expect(401);
    await request(server).post('/api/maestro/reports').send(servers).expect(401);
    const res = await request(server)
      .post('/api/maestro/reports')
      .set('Authorization', mockCredentials.user.header('user:default/alice'))
      .set('Content-Type', 'application/json')
      .send('{"name":"x","type":"single","kind":"Server","__proto__":{"polluted":true}}');
    expect(res.status).toBe(400);
    expect(res.body.error.message).toMatch(/^__proto__: /);
    expect(({} as any).polluted).toBeUndefined();
  });
});
