import { createHmac } from 'node:crypto';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import request from 'supertest';
import { describeEachDatabase } from '../__testUtils__/databases';
import { eventually } from '../__testUtils__/eventually';
import { startMaestro, userHeader } from '../__testUtils__/startMaestro';

jest.setTimeout(120_000);

const alice = userHeader('user:default/alice');
const SECRET = 'a shared signing secret';
const TOKEN = 'Bearer sink-token-never-shown';

interface Call {
  path: string;
  headers: IncomingHttpHeaders;
  body: string;
  signatureValid: boolean;
}

/**
 * A receiver on 127.0.0.1 that checks each call's signature as docs/jobs.md tells receivers to (HMAC-SHA256 of the
 * raw body with the shared secret): 200 when it is valid, 401 otherwise; `/fail` answers 500.
 */
async function startReceiver(): Promise<{ url: string; calls: Call[]; server: Server }> {
  const calls: Call[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', chunk => chunks.push(chunk));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      const expected = `sha256=${createHmac('sha256', SECRET).update(body).digest('hex')}`;
      const signatureValid = req.headers['x-maestro-signature-256'] === expected;
      calls.push({ path: req.url ?? '', headers: req.headers, body: body.toString('utf8'), signatureValid });
      let status = signatureValid ? 200 : 401;
      if (req.url === '/fail') status = 500;
      res.writeHead(status, { 'Content-Type': 'text/plain' }).end(status === 200 ? 'received' : 'no');
    });
  });
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, calls, server };
}

const webhookJob = (name: string, url: string, extra: Record<string, unknown> = {}) => ({
  name,
  type: 'webhook',
  schedule: { type: 'manual' },
  config: {
    webhook: {
      method: 'POST',
      url,
      headers: [{ name: 'Authorization', value: TOKEN, secret: true }],
      bodyTemplate: '{"job": {{ job.name | json }}, "run": {{ run.id | json }}, "trigger": {{ run.trigger | json }}}',
      signature: { secret: SECRET },
    },
  },
  ...extra,
});

describeEachDatabase('job runs end to end', (databases, databaseId) => {
  let receiver: Awaited<ReturnType<typeof startReceiver>>;
  let server: Awaited<ReturnType<typeof startMaestro>>;

  beforeAll(async () => {
    receiver = await startReceiver();
    server = await startMaestro(AuthorizeResult.ALLOW, {
      knex: await databases.init(databaseId),
      config: {
        maestro: {
          egress: { allow: ['127.0.0.1'] },
          discovery: { encryptionKey: Buffer.alloc(32, 5).toString('base64') },
          history: { retentionDays: 30 },
          jobs: { pollMilliseconds: 100 },
        },
      },
    });
  });

  afterAll(() => new Promise(resolve => receiver.server.close(resolve)));

  const api = () => request(server);
  const create = async (body: object) =>
    (await api().post('/api/maestro/jobs').set('Authorization', alice).send(body).expect(201)).body;
  const runsOf = async (id: string) =>
    (await api().get(`/api/maestro/jobs/${id}/runs`).set('Authorization', alice).expect(200)).body.runs;
  const ended = (id: string, count = 1) =>
    eventually(async () => {
      const runs = await runsOf(id);
      const done = runs.filter((r: any) => r.status === 'succeeded' || r.status === 'failed');
      if (done.length < count) throw new Error(`${id}: ${done.length} of ${count} runs ended`);
      return runs;
    }, 30_000);

  it('runs a signed webhook job now, chains a second job after it, and logs both runs with their exchange', async () => {
    const second = await create(webhookJob('Second', `${receiver.url}/second`));
    const first = await create(webhookJob('First', `${receiver.url}/first`, { onSuccess: { jobId: second.id } }));
    const queued = await api().post(`/api/maestro/jobs/${first.id}/run`).set('Authorization', alice).expect(202);
    expect(queued.body).toMatchObject({ jobId: first.id, status: 'queued', trigger: 'manual' });

    const [firstRun] = await ended(first.id);
    const [secondRun] = await ended(second.id);
    expect(firstRun).toMatchObject({ id: queued.body.id, status: 'succeeded', startedBy: 'user:default/alice' });
    expect(secondRun).toMatchObject({ status: 'succeeded', trigger: 'chain', startedBy: firstRun.id });

    const calls = receiver.calls.filter(c => c.path === '/first' || c.path === '/second');
    expect(calls.map(c => c.path)).toEqual(['/first', '/second']);
    for (const [call, run, name] of [
      [calls[0], firstRun, 'First'],
      [calls[1], secondRun, 'Second'],
    ] as const) {
      expect(call.signatureValid).toBe(true);
      expect(call.headers['x-maestro-delivery']).toBe(run.id);
      expect(call.headers['x-maestro-event']).toBe('job.run');
      expect(call.headers['user-agent']).toBe('Maestro-for-Backstage');
      expect(call.headers.authorization).toBe(TOKEN);
      expect(JSON.parse(call.body)).toEqual({ job: name, run: run.id, trigger: run.trigger });
    }
    // the run log keeps the exchange, the secret header blanked
    expect(firstRun.webhook).toMatchObject({
      request: { method: 'POST', url: `${receiver.url}/first` },
      status: 200,
      responseBody: 'received',
    });
    expect(firstRun.webhook.request.headers.Authorization ?? firstRun.webhook.request.headers.authorization).toBe(
      '***',
    );
    expect(JSON.stringify(firstRun)).not.toContain('never-shown');
    expect(firstRun.durationMs).toBeGreaterThanOrEqual(0);

    const job = (await api().get(`/api/maestro/jobs/${first.id}`).set('Authorization', alice).expect(200)).body;
    expect(job).toMatchObject({
      totalRuns: 1,
      consecutiveFailures: 0,
      lastRun: { id: firstRun.id, status: 'succeeded' },
    });
    const chained = (await api().get(`/api/maestro/jobs/${second.id}`).set('Authorization', alice).expect(200)).body;
    expect(chained.totalRuns).toBe(1);
    const one = await api().get(`/api/maestro/jobs/${first.id}/runs/${firstRun.id}`).set('Authorization', alice);
    expect(one.body).toEqual(firstRun);
  });

  it('fails a run on an unexpected status, keeps the answer, and disables the job after its failures', async () => {
    const job = await create(webhookJob('Failing', `${receiver.url}/fail`, { disableAfterFailures: 2 }));
    await api().post(`/api/maestro/jobs/${job.id}/run`).set('Authorization', alice).expect(202);
    const [failed] = await ended(job.id);
    expect(failed).toMatchObject({ status: 'failed', webhook: { status: 500, responseBody: 'no' } });
    expect(failed.error).toMatch(/unexpected status 500/);
    await api().post(`/api/maestro/jobs/${job.id}/run`).set('Authorization', alice).expect(202);
    await ended(job.id, 2);
    const disabled = (await api().get(`/api/maestro/jobs/${job.id}`).set('Authorization', alice).expect(200)).body;
    expect(disabled).toMatchObject({
      enabled: false,
      consecutiveFailures: 2,
      disabledReason: 'disabled after 2 consecutive failures',
    });
    // turned on again: reason and failures cleared
    const body = webhookJob('Failing', `${receiver.url}/fail`, { disableAfterFailures: 2, enabled: true });
    (body.config.webhook.headers[0] as any) = { name: 'Authorization', secret: true };
    (body.config.webhook as any).signature = {};
    const on = await api().put(`/api/maestro/jobs/${job.id}`).set('Authorization', alice).send(body).expect(200);
    expect(on.body).toMatchObject({ enabled: true, consecutiveFailures: 0, totalRuns: 2 });
    expect(on.body.disabledReason).toBeUndefined();
  });

  it('runs the built-in history retention through the jobs, and lets people turn it off and on', async () => {
    const retention = (await api().get('/api/maestro/jobs/history-retention').set('Authorization', alice)).body;
    expect(retention).toMatchObject({
      builtIn: true,
      enabled: true,
      schedule: { type: 'interval', minutes: 1440 },
    });
    expect(Date.parse(retention.nextRunAt)).toBeGreaterThan(Date.now());
    await api().post('/api/maestro/jobs/history-retention/run').set('Authorization', alice).expect(202);
    const [run] = await ended('history-retention');
    expect(run).toMatchObject({ status: 'succeeded', trigger: 'manual' });
    expect(run.summary).toMatch(/^deleted 0 changes older than \d{4}-/);

    const off = await api()
      .put('/api/maestro/jobs/history-retention')
      .set('Authorization', alice)
      .send({ enabled: false })
      .expect(200);
    expect(off.body).toMatchObject({ enabled: false, totalRuns: 1 });
    expect(off.body.nextRunAt).toBeUndefined();
    const on = await api()
      .put('/api/maestro/jobs/history-retention')
      .set('Authorization', alice)
      .send({ enabled: true })
      .expect(200);
    expect(Date.parse(on.body.nextRunAt) - Date.now()).toBeGreaterThan(23 * 3600_000);
  });
});
