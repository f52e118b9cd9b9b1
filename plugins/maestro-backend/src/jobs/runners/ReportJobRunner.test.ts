import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mockCredentials, mockServices } from '@backstage/backend-test-utils';
import type { Knex } from 'knex';
import { describeEachDatabase, migrateTestDatabase } from '../../__testUtils__/databases';
import { SecretBox } from '../../discovery/SecretBox';
import { EgressPolicy } from '../../egress/EgressPolicy';
import { KnexInventoryStore } from '../../records/KnexInventoryStore';
import { validateReportDefinition } from '../../reports/reportDefinition';
import { ReportRuns } from '../../reports/ReportRuns';
import { ReportStore } from '../../reports/ReportStore';
import { WebhookSender } from '../../webhooks';
import { JobRunner } from '../JobRunner';
import { JobScheduler } from '../JobScheduler';
import { JobService } from '../JobService';
import { DEFAULT_JOBS_OPTIONS } from '../jobsOptions';
import { ReportJobRunner } from './ReportJobRunner';

jest.setTimeout(60_000);

const alice = 'user:default/alice';
const credentials = mockCredentials.user(alice);

/** A receiver on 127.0.0.1 keeping every call's headers and body. */
async function startReceiver() {
  const calls: Array<{ headers: IncomingHttpHeaders; body: string }> = [];
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', chunk => chunks.push(chunk));
    req.on('end', () => {
      calls.push({ headers: req.headers, body: Buffer.concat(chunks).toString('utf8') });
      res.writeHead(202).end();
    });
  });
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/reports`, calls, server };
}

describeEachDatabase('report jobs', (databases, databaseId) => {
  let knex: Knex;
  let receiver: Awaited<ReturnType<typeof startReceiver>>;
  let reportId: string;

  beforeAll(async () => {
    knex = await migrateTestDatabase(await databases.init(databaseId));
    receiver = await startReceiver();
    const inventory = await KnexInventoryStore.create({ database: mockServices.database({ knex }) });
    await inventory.upsertRecords(
      ['a', 'b', 'c'].map(name => ({
        kind: 'Server',
        name: `srv-${name}`,
        owner: 'group:default/platform',
        spec: { hostname: `${name}.example.com` },
      })),
      { actor: alice },
    );
    const report = await ReportStore.fromKnex(knex).create(
      validateReportDefinition({ name: 'Servers', type: 'single', kind: 'Server', columns: ['name', 'spec.hostname'] }),
      alice,
    );
    reportId = report.id;
  });

  afterAll(() => new Promise(resolve => receiver.server.close(resolve)));

  async function setup(options: { maxDeliveredBytes?: number } = {}) {
    const logger = mockServices.logger.mock();
    const runner = new JobRunner({
      scheduler: { scheduleTask: async () => {}, triggerTask: async () => {} } as any,
      logger,
    });
    const inventory = await KnexInventoryStore.create({ database: mockServices.database({ knex }) });
    const runs = new ReportRuns({ db: knex, inventory, jobs: runner, logger, options: { retentionMs: 3600_000 } });
    const notifications = { send: jest.fn(async (_n: any) => {}) };
    const policy = new EgressPolicy({ allow: ['127.0.0.1'] });
    const scheduler = new JobScheduler({
      db: knex,
      runner,
      types: [
        new ReportJobRunner({
          reports: ReportStore.fromKnex(knex),
          runs,
          caller: new WebhookSender({ policy }),
          policy,
          box: new SecretBox(Buffer.alloc(32, 9).toString('base64')),
          notifications: notifications as any,
          now: () => Date.now(),
          pollMs: 20,
          ...options,
        }),
      ],
      logger,
      options: { ...DEFAULT_JOBS_OPTIONS, replica: 'test' },
    });
    const jobs = new JobService({ scheduler });
    const runOf = async (jobId: string) => {
      await scheduler.idle();
      return knex('maestro_job_runs').where({ job_id: jobId }).orderBy('queued_at', 'desc').first();
    };
    return { jobs, notifications, runOf };
  }

  const reportJob = (delivery: object, format = 'csv') => ({
    name: 'Servers export',
    type: 'report',
    schedule: { type: 'manual' },
    config: { reportId, format, delivery },
  });

  it('runs the report as its owner and POSTs the file to the webhook, with its content type', async () => {
    const { jobs, runOf } = await setup();
    const job = await jobs.create(
      reportJob({ type: 'webhook', webhook: { method: 'POST', url: receiver.url } }),
      credentials,
      alice,
    );
    const run = await jobs.runNow(job.id, alice);
    const done = await runOf(job.id);
    expect(done).toMatchObject({ id: run.id, status: 'succeeded' });
    expect(done.summary).toMatch(/^report run [0-9a-f-]{36}: 3 rows, \d+ bytes \(csv\); delivered: 202 in \d+ ms$/);
    const call = receiver.calls[receiver.calls.length - 1];
    expect(call.headers['content-type']).toMatch(/^text\/csv/);
    expect(call.headers['x-maestro-delivery']).toBe(run.id);
    const [header, ...rows] = call.body.split(/\r?\n/).filter(Boolean);
    expect(header).toBe('name,spec.hostname');
    expect(rows.sort()).toEqual(['srv-a,a.example.com', 'srv-b,b.example.com', 'srv-c,c.example.com']);
    const reportRun = await knex('maestro_report_runs').orderBy('requested_at', 'desc').first();
    expect(reportRun).toMatchObject({ requested_by: alice, status: 'succeeded' });
  });

  it('announces the file to the recipients by a notification', async () => {
    const { jobs, runOf, notifications } = await setup();
    const job = await jobs.create(
      reportJob({ type: 'notification', recipients: ['group:default/ops', 'user:default/bob'] }, 'json'),
      credentials,
      alice,
    );
    expect(job.config).toEqual({
      reportId,
      format: 'json',
      delivery: { type: 'notification', recipients: ['group:default/ops', 'user:default/bob'] },
    });
    await jobs.runNow(job.id, alice);
    expect((await runOf(job.id)).status).toBe('succeeded');
    expect(notifications.send).toHaveBeenCalledTimes(1);
    expect(notifications.send.mock.calls[0][0]).toMatchObject({
      recipients: { type: 'entity', entityRef: ['group:default/ops', 'user:default/bob'] },
      payload: { title: 'Report ready: Servers', link: expect.stringContaining(`/maestro/reports/${reportId}?run=`) },
    });
  });

  it('fails a webhook delivery larger than the cap, with a clear error', async () => {
    const { jobs, runOf } = await setup({ maxDeliveredBytes: 10 });
    const calls = receiver.calls.length;
    const job = await jobs.create(
      reportJob({ type: 'webhook', webhook: { method: 'POST', url: receiver.url } }),
      credentials,
      alice,
    );
    await jobs.runNow(job.id, alice);
    const failed = await runOf(job.id);
    expect(failed.status).toBe('failed');
    expect(failed.error).toMatch(/bytes \(csv\): more than the 10 bytes a webhook delivery sends/);
    expect(receiver.calls.length).toBe(calls);
  });

  it('refuses an unknown report, format or delivery, naming the field', async () => {
    const { jobs } = await setup();
    const problems = async (body: object) => {
      try {
        await jobs.create(body, credentials, alice);
      } catch (error) {
        return (error as Error).message;
      }
      throw new Error('accepted');
    };
    expect(
      await problems({
        ...reportJob({ type: 'notification', recipients: [alice] }),
        config: { reportId: 'nope', format: 'csv', delivery: { type: 'notification', recipients: [alice] } },
      }),
    ).toBe("config.reportId: no report 'nope'");
    expect(await problems(reportJob({ type: 'notification', recipients: [alice] }, 'docx'))).toMatch(
      /^config\.format: must be one of csv, /,
    );
    expect(await problems(reportJob({ type: 'email' }))).toBe(
      "config.delivery.type: must be 'webhook' or 'notification' (got email)",
    );
    expect(await problems(reportJob({ type: 'notification', recipients: ['component:default/x'] }))).toBe(
      'config.delivery.recipients[0]: must be a user or group ref such as group:default/platform',
    );
    expect(
      await problems(reportJob({ type: 'webhook', webhook: { method: 'POST', url: 'http://10.1.2.3/x' } })),
    ).toMatch(/^config\.delivery\.webhook\.url: /);
  });
});
