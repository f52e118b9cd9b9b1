import type http from 'node:http';
import { TestDatabases } from '@backstage/backend-test-utils';
import { parse } from 'csv-parse/sync';
import request from 'supertest';
import { eventually } from '../__testUtils__/eventually';
import { openPost } from '../__testUtils__/openPost';
import { startMaestro, startMaestroDenying, userHeader } from '../__testUtils__/startMaestro';

jest.setTimeout(60_000);

const alice = userHeader('user:default/alice');
const bob = userHeader('user:default/bob');
const servers = {
  name: 'All servers',
  type: 'single',
  kind: 'Server',
  columns: ['name', 'owner', 'spec.hostname'],
  sort: { field: 'name', direction: 'desc' },
};

const startDenying = startMaestroDenying;

async function seed(server: http.Server) {
  const api = () => request(server);
  for (let i = 0; i < 12; i += 1) {
    await api()
      .post('/api/maestro/records')
      .set('Authorization', alice)
      .send({
        kind: 'Server',
        name: `srv-${i}`,
        owner: 'group:default/platform',
        spec: { hostname: `srv-${i}.example.com` },
      })
      .expect(201);
  }
  const report = await api().post('/api/maestro/reports').set('Authorization', alice).send(servers).expect(201);
  return report.body.id as string;
}

const binary = (res: request.Response, callback: (error: Error | null, body: Buffer) => void) => {
  const parts: Buffer[] = [];
  res.on('data', (part: Buffer) => parts.push(part));
  res.on('end', () => callback(null, Buffer.concat(parts)));
};

describe('report run routes', () => {
  const databases = TestDatabases.create({ ids: ['SQLITE_3'] });

  it('queues a run (202), reports it succeeded, and serves its file again and again, as the export writes it', async () => {
    const server = await startMaestro();
    const api = () => request(server);
    const id = await seed(server);

    const started = await api()
      .post(`/api/maestro/reports/${id}/runs`)
      .set('Authorization', alice)
      .send({ format: 'csv' })
      .expect(202);
    expect(started.body).toEqual({
      id: expect.stringMatching(/^[0-9a-f-]{36}$/),
      reportId: id,
      status: 'queued',
      format: 'csv',
      requestedBy: 'user:default/alice',
      requestedAt: expect.any(String),
    });
    const runId = started.body.id;

    const run = await eventually(async () => {
      const res = await api().get(`/api/maestro/reports/runs/${runId}`).set('Authorization', alice).expect(200);
      expect(res.body.status).toBe('succeeded');
      return res.body;
    });
    expect(run).toMatchObject({ rows: 12, progress: { recordsRead: 12 }, fileName: 'All-servers.csv', expired: false });

    const download = () =>
      api()
        .get(`/api/maestro/reports/runs/${runId}/file`)
        .set('Authorization', alice)
        .buffer(true)
        .parse(binary)
        .expect(200);
    const first = await download();
    expect(first.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(first.headers['content-disposition']).toBe('attachment; filename="All-servers.csv"');
    expect(first.body.length).toBe(run.bytes);
    expect((await download()).body.equals(first.body)).toBe(true);
    const exported = await api()
      .get(`/api/maestro/reports/${id}/export?format=csv`)
      .set('Authorization', alice)
      .buffer(true)
      .parse(binary)
      .expect(200);
    expect(first.body.equals(exported.body)).toBe(true);
    const rows: string[][] = parse(first.body.toString('utf8'));
    expect(rows[0]).toEqual(['name', 'owner', 'spec.hostname']);
    expect(rows.slice(1).map(r => r[0])).toEqual(
      Array.from({ length: 12 }, (_, i) => `srv-${i}`).sort((a, b) => b.localeCompare(a)),
    );

    const listed = await api().get(`/api/maestro/reports/${id}/runs`).set('Authorization', alice).expect(200);
    expect(listed.body).toMatchObject({ totalCount: 1, items: [{ id: runId, status: 'succeeded' }] });
  });

  it('refuses a bad body with a 400 naming the field, and an unknown report or run with a 404', async () => {
    const server = await startMaestro();
    const api = () => request(server);
    const id = await seed(server);
    const refused = async (body: unknown) => {
      const res = await api()
        .post(`/api/maestro/reports/${id}/runs`)
        .set('Authorization', alice)
        .send(body as any);
      expect(res.status).toBe(400);
      return res.body.error.message;
    };
    expect(await refused({})).toBe('format: is required, one of csv, json, ndjson, xml, xlsx, pdf, ansible');
    expect(await refused({ format: 'docx' })).toBe(
      'format: is required, one of csv, json, ndjson, xml, xlsx, pdf, ansible',
    );
    expect(await refused({ format: 'csv', extra: 1 })).toBe(
      "body: 'extra' is not a field of a report run (format, asOf)",
    );
    expect(await refused({ format: 'csv', asOf: 'last week' })).toMatch(/^asOf: must be an ISO date/);
    expect(await refused({ format: 'csv', asOf: 5 })).toMatch(/^asOf: must be an ISO date/);
    expect(await refused([1])).toMatch(/^body: must be a JSON object/);
    const proto = await api()
      .post(`/api/maestro/reports/${id}/runs`)
      .set('Authorization', alice)
      .set('Content-Type', 'application/json')
      .send('{"format":"csv","__proto__":{"polluted":true}}');
    expect(proto.status).toBe(400);
    expect(proto.body.error.message).toBe('__proto__: "__proto__" is not allowed as a field name');
    expect(({} as any).polluted).toBeUndefined();
    const none = await api().get(`/api/maestro/reports/${id}/runs`).set('Authorization', alice).expect(200);
    expect(none.body).toEqual({ items: [], totalCount: 0 });

    const unknownReport = '00000000-0000-4000-8000-000000000000';
    await api()
      .post(`/api/maestro/reports/${unknownReport}/runs`)
      .set('Authorization', alice)
      .send({ format: 'csv' })
      .expect(404);
    const unknownRun = await api().get(`/api/maestro/reports/runs/${unknownReport}`).set('Authorization', alice);
    expect(unknownRun.status).toBe(404);
    expect(unknownRun.body.error.message).toBe(`no report run with id ${unknownReport}`);
    await api().get(`/api/maestro/reports/runs/${unknownReport}/file`).set('Authorization', alice).expect(404);
    await api().get('/api/maestro/reports/runs/not-a-uuid').set('Authorization', alice).expect(404);
  });

  it('refuses a run without maestro.report.export before reading the body', async () => {
    const server = await startDenying(['maestro.report.export']);
    const { req, answer } = openPost(server, '/reports/00000000-0000-4000-8000-000000000000/runs', {
      Authorization: alice,
      'Content-Type': 'application/json',
      'Content-Length': String(4 * 1024 * 1024),
    });
    req.write('{"format": "cs');
    const res = await answer;
    expect(res.status).toBe(403);
    expect(res.body.error.message).toBe('not allowed: maestro.report.export');
    expect(res.headers.connection).toBe('close');
    expect(req.writableEnded).toBe(false);
    req.destroy();
    const status = await request(server).get('/api/maestro/reports/runs/00000000-0000-4000-8000-000000000000');
    expect(status.status).toBe(401);
    const denied = await request(server)
      .get('/api/maestro/reports/runs/00000000-0000-4000-8000-000000000000')
      .set('Authorization', alice);
    expect(denied.status).toBe(403);
  });

  it('shows a run to its requester only (without maestro.report.update), and answers 410 once its file expired', async () => {
    const knex = await databases.init('SQLITE_3');
    const server = await startDenying(['maestro.report.update'], knex);
    const api = () => request(server);
    const id = await seed(server);
    const started = await api()
      .post(`/api/maestro/reports/${id}/runs`)
      .set('Authorization', alice)
      .send({ format: 'ndjson' })
      .expect(202);
    const runId = started.body.id;
    await eventually(async () => {
      const res = await api().get(`/api/maestro/reports/runs/${runId}`).set('Authorization', alice).expect(200);
      expect(res.body.status).toBe('succeeded');
    });
    const file = await api().get(`/api/maestro/reports/runs/${runId}/file`).set('Authorization', alice).expect(200);
    expect(file.headers['content-type']).toBe('application/x-ndjson; charset=utf-8');

    for (const path of [`/reports/runs/${runId}`, `/reports/runs/${runId}/file`]) {
      const other = await api().get(`/api/maestro${path}`).set('Authorization', bob);
      expect(other.status).toBe(404);
      expect(other.body.error.message).toBe(`no report run with id ${runId}`);
    }
    const bobs = await api().get(`/api/maestro/reports/${id}/runs`).set('Authorization', bob).expect(200);
    expect(bobs.body).toEqual({ items: [], totalCount: 0 });

    await knex('maestro_report_runs').where({ id: runId }).update({ expires_at: '2020-01-01T00:00:00.000Z' });
    const gone = await api().get(`/api/maestro/reports/runs/${runId}/file`).set('Authorization', alice);
    expect(gone.status).toBe(410);
    expect(gone.body.error.message).toBe(
      `report run ${runId}: its file expired at 2020-01-01T00:00:00.000Z (retention)`,
    );
  });
});
