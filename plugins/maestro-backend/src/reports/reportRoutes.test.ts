import { mockCredentials } from '@backstage/backend-test-utils';
import { parse } from 'csv-parse/sync';
import request from 'supertest';
import { openPost } from '../__testUtils__/openPost';
import { createRecords, startMaestro, startMaestroDenying, userHeader } from '../__testUtils__/startMaestro';

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
const startDenying = (denied: string) => startMaestroDenying([denied]);

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
    ['maestro.inventory.read', 'get', '/reports/00000000-0000-4000-8000-000000000000/trend'],
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

  it('refuses a body over the JSON limit with 413 naming the body, and saves nothing', async () => {
    const server = await startMaestro();
    const huge = { ...servers, description: 'x'.repeat(6 * 1024 * 1024) };
    const res = await request(server).post('/api/maestro/reports').set('Authorization', alice).send(huge);
    expect(res.status).toBe(413);
    expect(res.body.error.message).toMatch(/^body: is larger than the limit/);
    const { body: created } = await request(server)
      .post('/api/maestro/reports')
      .set('Authorization', alice)
      .send(servers)
      .expect(201);
    const run = await request(server)
      .post(`/api/maestro/reports/${created.id}/runs`)
      .set('Authorization', alice)
      .send({ format: 'csv', asOf: 'x'.repeat(6 * 1024 * 1024) });
    expect(run.status).toBe(413);
    const list = await request(server).get('/api/maestro/reports').set('Authorization', alice).expect(200);
    expect(list.body.totalCount).toBe(1);
    const runs = await request(server)
      .get(`/api/maestro/reports/${created.id}/runs`)
      .set('Authorization', alice)
      .expect(200);
    expect(runs.body.totalCount).toBe(0);
  });
});

describe('running saved reports', () => {
  async function withServers() {
    const server = await startMaestro();
    const api = () => request(server);
    await createRecords(
      server,
      (
        [
          ['web-1', 'Ubuntu', 4],
          ['web-2', 'ubuntu', 8],
          ['db-1', 'Debian', 16],
        ] as const
      ).map(([name, distro, cpu]) => ({
        kind: 'Server',
        name,
        owner: 'group:default/platform',
        spec: { hostname: `=${name}`, cpu, os: { distro } },
      })),
      alice,
    );
    const report = { ...servers, columns: ['name', 'spec.hostname', 'spec.cpu', 'spec.os.distro'] };
    const { body } = await api().post('/api/maestro/reports').set('Authorization', alice).send(report).expect(201);
    return { server, api, id: body.id as string };
  }

  it('answers a page of results with the charts, now and as of a time, and compares two times', async () => {
    const { api, id } = await withServers();
    const results = await api()
      .get(`/api/maestro/reports/${id}/results?charts=true`)
      .set('Authorization', alice)
      .expect(200);
    expect(results.body).toMatchObject({
      report: { id, name: 'Ubuntu servers', type: 'single', version: 1 },
      columns: ['name', 'spec.hostname', 'spec.cpu', 'spec.os.distro'],
      totalCount: 2,
    });
    expect(results.body.rows.map((r: any) => r.values)).toEqual([
      ['web-2', '=web-2', 8, 'ubuntu'],
      ['web-1', '=web-1', 4, 'Ubuntu'],
    ]);
    expect(results.body.charts.find((c: any) => c.field === 'spec.os.distro').points).toHaveLength(2);

    const before = await api()
      .get(`/api/maestro/reports/${id}/results?asOf=2020-01-01T00:00:00Z`)
      .set('Authorization', alice)
      .expect(200);
    expect(before.body).toMatchObject({ asOf: '2020-01-01T00:00:00.000Z', totalCount: 0, rows: [] });
    const diff = await api()
      .get(`/api/maestro/reports/${id}/compare?from=2020-01-01T00:00:00Z`)
      .set('Authorization', alice)
      .expect(200);
    expect(diff.body.counts).toEqual({ before: 0, after: 2, added: 2, removed: 0, changed: 0, unchanged: 0 });

    const bad = await api()
      .get(`/api/maestro/reports/${id}/results?asOf=yesterday&charts=maybe`)
      .set('Authorization', alice)
      .expect(400);
    expect(bad.body.error.message).toMatch(/^asOf: must be an ISO-8601 time/);
    await api().get(`/api/maestro/reports/${id}/compare`).set('Authorization', alice).expect(400);
    await api()
      .get('/api/maestro/reports/00000000-0000-4000-8000-000000000000/results')
      .set('Authorization', alice)
      .expect(404);
  });

  it("sorts and filters the table's page on the server, and describes every kind's fields for the form", async () => {
    const { api, id } = await withServers();
    const page = (query: string) =>
      api().get(`/api/maestro/reports/${id}/results?${query}`).set('Authorization', alice);
    const byCpu = await page('sort=-spec.cpu').expect(200);
    expect(byCpu.body.rows.map((r: any) => r.values[0])).toEqual(['web-2', 'web-1']);
    const filters = encodeURIComponent(JSON.stringify([{ field: 'spec.cpu', op: 'lt', value: 5 }]));
    const filtered = await page(`filters=${filters}`).expect(200);
    expect(filtered.body).toMatchObject({ totalCount: 1, rows: [{ values: ['web-1', '=web-1', 4, 'Ubuntu'] }] });
    const missingValue = encodeURIComponent('[{"field":"spec.cpu","op":"gt"}]');
    expect((await page(`filters=${missingValue}`).expect(400)).body.error.message).toBe(
      'filters[1].value: must be a number',
    );
    expect((await page('sort=-spec.nope').expect(400)).body.error.message).toBe(
      "sort.field: 'spec.nope' is not a field of Server",
    );
    expect((await page('filters=%7Bnot-json').expect(400)).body.error.message).toMatch(/^filters: must be a JSON list/);

    // the whole result is kept for the next pages, until the store changes
    const first = await page('limit=1').expect(200);
    const second = await page('limit=1&offset=1').expect(200);
    expect([first.body.cached, second.body.cached, second.body.computedAt]).toEqual([
      false,
      true,
      first.body.computedAt,
    ]);
    expect(second.body.rows.map((r: any) => r.values[0])).toEqual(['web-1']);
    await api()
      .post('/api/maestro/records')
      .set('Authorization', alice)
      .send({
        kind: 'Server',
        name: 'web-3',
        owner: 'group:default/platform',
        spec: { hostname: 'web-3', cpu: 2, os: { distro: 'ubuntu' } },
      })
      .expect(201);
    const after = await page('limit=1&offset=1').expect(200);
    expect([after.body.cached, after.body.totalCount, after.body.rows[0].values[0]]).toEqual([false, 3, 'web-2']);

    const fields = await api().get('/api/maestro/reports/fields').set('Authorization', alice).expect(200);
    const server = fields.body.kinds.find((k: any) => k.kind === 'Server');
    expect(server.fields).toEqual(expect.arrayContaining([{ path: 'spec.cpu', type: 'number' }]));
    expect(server.links).toEqual(
      expect.arrayContaining([{ kind: 'Datacenter', via: [{ kind: 'Server', field: 'spec.datacenter' }] }]),
    );
    const datacenter = fields.body.kinds.find((k: any) => k.kind === 'Datacenter');
    expect(datacenter.links).toEqual(
      expect.arrayContaining([
        { kind: 'Server', via: expect.arrayContaining([{ kind: 'Server', field: 'spec.datacenter' }]) },
      ]),
    );
  });

  it('streams every row as CSV, JSON or NDJSON, needing maestro.report.export', async () => {
    const { api, id } = await withServers();
    const csv = await api().get(`/api/maestro/reports/${id}/export?format=csv`).set('Authorization', alice).expect(200);
    expect(csv.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(csv.headers['content-disposition']).toBe('attachment; filename="Ubuntu-servers.csv"');
    expect(parse(csv.text)).toEqual([
      ['name', 'spec.hostname', 'spec.cpu', 'spec.os.distro'],
      ['web-2', "'=web-2", '8', 'ubuntu'],
      ['web-1', "'=web-1", '4', 'Ubuntu'],
    ]);
    const json = await api()
      .get(`/api/maestro/reports/${id}/export?format=json`)
      .set('Authorization', alice)
      .expect(200);
    expect(JSON.parse(json.text).map((r: any) => r.name)).toEqual(['web-2', 'web-1']);
    const ndjson = await api()
      .get(`/api/maestro/reports/${id}/export?format=ndjson`)
      .set('Authorization', alice)
      .expect(200);
    expect(ndjson.text.trim().split('\n')).toHaveLength(2);
    const bad = await api()
      .get(`/api/maestro/reports/${id}/export?format=docx`)
      .set('Authorization', alice)
      .expect(400);
    expect(bad.body.error.message).toBe('format: must be one of csv, json, ndjson, xml, xlsx, pdf, ansible');

    const denied = await startDenying('maestro.report.export');
    const refused = await request(denied)
      .get(`/api/maestro/reports/${id}/export`)
      .set('Authorization', alice)
      .expect(403);
    expect(refused.body.error.message).toContain('maestro.report.export');
  });
});
