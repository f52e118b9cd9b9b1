import { mockServices } from '@backstage/backend-test-utils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import type { Knex } from 'knex';
import request from 'supertest';
import { describeEachDatabase } from '../__testUtils__/databases';
import { startMaestro, startMaestroDenying, userHeader } from '../__testUtils__/startMaestro';

jest.setTimeout(120_000);

const alice = userHeader('user:default/alice');
const SIGNING_SECRET = 'signing-secret-never-shown';
const HEADER_SECRET = 'Bearer header-secret-never-shown';
const config = {
  maestro: {
    egress: { allow: ['127.0.0.1'] },
    discovery: { encryptionKey: Buffer.alloc(32, 3).toString('base64') },
  },
};

/** A webhook job's body (a URL nothing listens on: these tests do not run it). */
const webhookJob = (overrides: Record<string, unknown> = {}) => ({
  name: 'Ping',
  type: 'webhook',
  schedule: { type: 'cron', expression: '*/5 * * * *', timeZone: 'Europe/Paris' },
  config: {
    webhook: {
      method: 'POST',
      url: 'http://127.0.0.1:9/hook',
      headers: [
        { name: 'X-Team', value: 'ops' },
        { name: 'Authorization', value: HEADER_SECRET, secret: true },
      ],
      bodyTemplate: '{"job": {{ job.name | json }}, "run": {{ run.id | json }}}',
      signature: { secret: SIGNING_SECRET },
    },
  },
  ...overrides,
});

describeEachDatabase('job routes', (databases, databaseId) => {
  let knex: Knex;
  let server: Awaited<ReturnType<typeof startMaestro>>;

  beforeAll(async () => {
    knex = await databases.init(databaseId);
    server = await startMaestro(AuthorizeResult.ALLOW, { config, knex });
  });

  const api = () => request(server);
  const create = (body: object) => api().post('/api/maestro/jobs').set('Authorization', alice).send(body);

  it('creates, lists, reads, updates and deletes a webhook job, never answering its secrets', async () => {
    const created = await create(webhookJob()).expect(201);
    expect(created.body).toMatchObject({
      name: 'Ping',
      type: 'webhook',
      enabled: true,
      builtIn: false,
      owner: 'user:default/alice',
      maxExecutions: 0,
      disableAfterFailures: 3,
      totalRuns: 0,
      createdBy: 'user:default/alice',
    });
    expect(Date.parse(created.body.nextRunAt)).toBeGreaterThan(Date.now());
    expect(Date.parse(created.body.nextRunAt) % (5 * 60_000)).toBe(0);
    expect(created.body.config.webhook.headers).toEqual([
      { name: 'X-Team', value: 'ops' },
      { name: 'Authorization', secret: true, hasValue: true },
    ]);
    expect(created.body.config.webhook.signature).toEqual({ header: 'X-Maestro-Signature-256', hasSecret: true });
    const id = created.body.id;

    const listed = await api().get('/api/maestro/jobs').set('Authorization', alice).expect(200);
    expect(listed.body.jobs.map((j: any) => j.id)).toEqual(expect.arrayContaining([id, 'history-retention']));
    const retention = listed.body.jobs.find((j: any) => j.id === 'history-retention');
    expect(retention).toMatchObject({ builtIn: true, type: 'history-retention', enabled: false });
    const names = listed.body.jobs.map((j: any) => j.name);
    expect(names).toEqual([...names].sort((a, b) => a.localeCompare(b)));

    const got = await api().get(`/api/maestro/jobs/${id}`).set('Authorization', alice).expect(200);
    expect(got.body).toEqual(created.body);
    // stored sealed: the database holds neither secret in clear
    const row = await knex('maestro_jobs').where({ id }).first();
    expect(row.config).not.toContain(SIGNING_SECRET);
    expect(row.config).not.toContain('header-secret-never-shown');

    // an update without the secrets keeps them
    const body = webhookJob({ name: 'Ping 2', schedule: { type: 'manual' } });
    (body.config as any).webhook.headers[1] = { name: 'Authorization', secret: true };
    (body.config as any).webhook.signature = {};
    const updated = await api().put(`/api/maestro/jobs/${id}`).set('Authorization', alice).send(body).expect(200);
    expect(updated.body).toMatchObject({ name: 'Ping 2', schedule: { type: 'manual' } });
    expect(updated.body.nextRunAt).toBeUndefined();
    expect(updated.body.config.webhook.signature).toEqual({ header: 'X-Maestro-Signature-256', hasSecret: true });
    const kept = await knex('maestro_jobs').where({ id }).first();
    expect(JSON.parse(kept.config).webhook.signature.sealed).toBe(JSON.parse(row.config).webhook.signature.sealed);
    for (const answer of [created, listed, got, updated]) {
      expect(JSON.stringify(answer.body)).not.toMatch(/never-shown/);
    }

    await api().delete(`/api/maestro/jobs/${id}`).set('Authorization', alice).expect(204);
    await api().get(`/api/maestro/jobs/${id}`).set('Authorization', alice).expect(404);
  });

  it.each([
    [{ schedule: { type: 'cron', expression: '* * 32 * *' } }, /^schedule\.expression: /],
    [{ schedule: { type: 'cron', expression: '0 9 * * *', timeZone: 'Nowhere/City' } }, /^schedule\.timeZone: /],
    [{ type: 'ftp' }, /^type: unknown job type 'ftp' \(webhook, discovery, report\)$/],
    [{ type: 'history-retention' }, /^type: history-retention is built in$/],
    [{ colour: 'red' }, /^colour: is not a field of a job/],
    [{ maxExecutions: -1 }, /^maxExecutions: /],
    [{ onSuccess: { jobId: 'no-such-job' } }, /^onSuccess\.jobId: no job 'no-such-job'$/],
    [{ onFailure: { jobId: 'discovery:aws:server-list' } }, /^onFailure\.jobId: .* built-in job/],
    [{ owner: 'not a ref!' }, /^owner: /],
  ])('refuses %j with a 400 naming the field', async (overrides, message) => {
    const res = await create(webhookJob(overrides)).expect(400);
    expect(res.body.error.message).toMatch(message);
  });

  it('refuses webhooks the egress policy refuses, and malformed templates, naming the field and every problem', async () => {
    const job = webhookJob();
    (job.config as any).webhook.url = 'http://169.254.169.254/latest/meta-data';
    (job.config as any).webhook.bodyTemplate = '{"x": {{ job.__proto__ }}}';
    const res = await create({ ...job, schedule: { type: 'interval', minutes: 0 } }).expect(400);
    const problems: string[] = res.body.error.message.split('; ');
    expect(problems).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^schedule\.minutes: /),
        expect.stringMatching(/^config\.webhook\.url: .*169\.254\.169\.254/),
        expect.stringMatching(/^config\.webhook\.bodyTemplate: .*__proto__/),
      ]),
    );
    const proto = await api()
      .post('/api/maestro/jobs')
      .set('Authorization', alice)
      .set('Content-Type', 'application/json')
      .send('{"name":"x","type":"webhook","schedule":{"type":"manual"},"config":{"__proto__":{"webhook":1}}}')
      .expect(400);
    expect(proto.body.error.message).toMatch(/^config\.__proto__: /);
    expect(await knex('maestro_jobs').where({ name: 'x' })).toEqual([]);
  });

  it('refuses chains to itself and chains forming a cycle, and deleting a job another chains to', async () => {
    const a = (await create(webhookJob({ name: 'A', schedule: { type: 'manual' } })).expect(201)).body;
    const b = (
      await create(
        webhookJob({ name: 'B', schedule: { type: 'manual' }, onSuccess: { jobId: a.id, delaySeconds: 60 } }),
      ).expect(201)
    ).body;
    expect(b.onSuccess).toEqual({ jobId: a.id, delaySeconds: 60 });
    const self = await api()
      .put(`/api/maestro/jobs/${a.id}`)
      .set('Authorization', alice)
      .send(webhookJob({ name: 'A', onSuccess: { jobId: a.id } }))
      .expect(400);
    expect(self.body.error.message).toBe('onSuccess.jobId: a job cannot chain to itself');
    const cycle = await api()
      .put(`/api/maestro/jobs/${a.id}`)
      .set('Authorization', alice)
      .send(webhookJob({ name: 'A', onFailure: { jobId: b.id } }))
      .expect(400);
    expect(cycle.body.error.message).toBe(
      `onFailure.jobId: chaining to '${b.id}' forms a cycle (${a.id} → ${b.id} → ${a.id})`,
    );

    const conflict = await api().delete(`/api/maestro/jobs/${a.id}`).set('Authorization', alice).expect(409);
    expect(conflict.body.error.message).toBe(`id: 'B' (${b.id}) chains to this job: change it first`);
    await api().delete(`/api/maestro/jobs/${b.id}`).set('Authorization', alice).expect(204);
    await api().delete(`/api/maestro/jobs/${a.id}`).set('Authorization', alice).expect(204);
  });

  it('answers 404 for unknown jobs and runs, and 409 to "run now" once the max executions are used', async () => {
    for (const path of ['/jobs/nope', '/jobs/nope/runs', '/jobs/discovery:none:server-list']) {
      const res = await api().get(`/api/maestro${path}`).set('Authorization', alice).expect(404);
      expect(res.body.error.message).toMatch(/^id: no job '(nope|discovery:none:server-list)'$/);
    }
    await api().post('/api/maestro/jobs/nope/run').set('Authorization', alice).expect(404);
    const once = (await create(webhookJob({ name: 'Once', maxExecutions: 1 })).expect(201)).body;
    const run = await api().post(`/api/maestro/jobs/${once.id}/run`).set('Authorization', alice).expect(202);
    expect(run.body).toMatchObject({
      jobId: once.id,
      trigger: 'manual',
      status: 'queued',
      startedBy: 'user:default/alice',
    });
    const again = await api().post(`/api/maestro/jobs/${once.id}/run`).set('Authorization', alice).expect(409);
    expect(again.body.error.message).toMatch(/reached its max executions \(1\)/);
    const job = (await api().get(`/api/maestro/jobs/${once.id}`).set('Authorization', alice).expect(200)).body;
    expect(job).toMatchObject({ enabled: false, totalRuns: 1, disabledReason: 'max executions reached (1)' });
    // turning it on again with the same limit is refused, naming the field
    const reenable = await api()
      .put(`/api/maestro/jobs/${once.id}`)
      .set('Authorization', alice)
      .send(webhookJob({ name: 'Once', maxExecutions: 1, enabled: true }))
      .expect(400);
    expect(reenable.body.error.message).toMatch(/^maxExecutions: the job already ran 1 times/);
    const unknownRun = await api()
      .get(`/api/maestro/jobs/${once.id}/runs/00000000-0000-4000-8000-000000000000`)
      .set('Authorization', alice)
      .expect(404);
    expect(unknownRun.body.error.message).toMatch(/^runId: /);
  });

  it('lets people turn built-in jobs on and off only, and never delete them', async () => {
    const retention = await api()
      .put('/api/maestro/jobs/history-retention')
      .set('Authorization', alice)
      .send({ enabled: true })
      .expect(400);
    expect(retention.body.error.message).toMatch(/^enabled: maestro\.history\.retentionDays is not set/);
    const renamed = await api()
      .put('/api/maestro/jobs/history-retention')
      .set('Authorization', alice)
      .send({ enabled: false, name: 'Mine' })
      .expect(400);
    expect(renamed.body.error.message).toBe("type: built-in job: only 'enabled' may change (not name)");
    const deleted = await api().delete('/api/maestro/jobs/history-retention').set('Authorization', alice).expect(400);
    expect(deleted.body.error.message).toMatch(/^id: 'history-retention' is a built-in job/);
  });
});

describe('job routes permissions', () => {
  const knexless = (denied: string[]) =>
    startMaestroDenying(denied, undefined, [mockServices.rootConfig.factory({ data: config })]);

  it.each([
    ['maestro.job.read', 'get', '/jobs'],
    ['maestro.job.read', 'get', '/jobs/history-retention'],
    ['maestro.job.read', 'get', '/jobs/history-retention/runs'],
    ['maestro.job.create', 'post', '/jobs'],
    ['maestro.job.update', 'put', '/jobs/history-retention'],
    ['maestro.job.delete', 'delete', '/jobs/history-retention'],
    ['maestro.job.run', 'post', '/jobs/history-retention/run'],
  ] as const)('answers 403 naming %s on %s %s', async (permission, method, path) => {
    const server = await knexless([permission]);
    const res = await request(server)[method](`/api/maestro${path}`).set('Authorization', alice).send(webhookJob());
    expect(res.status).toBe(403);
    expect(res.body.error.message).toBe(`not allowed: ${permission}`);
  });

  it('asks a discovery job’s creator for maestro.discovery.manage, a report job’s for maestro.report.export', async () => {
    const server = await knexless(['maestro.discovery.manage', 'maestro.report.export']);
    const discovery = await request(server)
      .post('/api/maestro/jobs')
      .set('Authorization', alice)
      .send({ name: 'Crawl', type: 'discovery', schedule: { type: 'manual' }, config: { connectionId: 'x' } })
      .expect(403);
    expect(discovery.body.error.message).toBe('not allowed: maestro.discovery.manage');
    const report = await request(server)
      .post('/api/maestro/jobs')
      .set('Authorization', alice)
      .send({ name: 'Export', type: 'report', schedule: { type: 'manual' }, config: { reportId: 'x' } })
      .expect(403);
    expect(report.body.error.message).toBe('not allowed: maestro.report.export');
    // a webhook job needs neither
    await request(server).post('/api/maestro/jobs').set('Authorization', alice).send(webhookJob()).expect(201);
  });

  it.each([
    ['maestro.job.create', '/jobs'],
    ['maestro.rule.create', '/rules'],
  ])(
    'answers a 6 MB body on %s %s with 403 before reading it when denied, 413 when allowed',
    async (permission, path) => {
      const huge = `{"name": "${'x'.repeat(6 * 1024 * 1024)}"}`;
      const post = (server: any) =>
        request(server)
          .post(`/api/maestro${path}`)
          .set('Authorization', alice)
          .set('Content-Type', 'application/json')
          .send(huge);
      const denied = await post(await knexless([permission]));
      expect(denied.status).toBe(403);
      expect(denied.body.error.message).toBe(`not allowed: ${permission}`);
      const allowed = await post(await knexless([]));
      expect(allowed.status).toBe(413);
      expect(allowed.body.error.message).toBe('body: is larger than the limit of 5 MiB');
    },
  );

  it('answers 401 without credentials', async () => {
    const server = await knexless([]);
    const res = await request(server).get('/api/maestro/jobs');
    expect(res.status).toBe(401);
  });
});
