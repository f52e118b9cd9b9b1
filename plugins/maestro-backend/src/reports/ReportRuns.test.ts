import type { SchedulerService } from '@backstage/backend-plugin-api';
import { mockServices } from '@backstage/backend-test-utils';
import { parse } from 'csv-parse/sync';
import type { Knex } from 'knex';
import { describeEachDatabase, migrateTestDatabase } from '../__testUtils__/databases';
import { JobRunner } from '../jobs';
import { KnexInventoryStore } from '../records/KnexInventoryStore';
import { validateReportDefinition } from './reportDefinition';
import { ReportRunLostError, ReportRunStore } from './ReportRunStore';
import { ReportRuns } from './ReportRuns';
import { ReportStore } from './ReportStore';

jest.setTimeout(60_000);

const alice = 'user:default/alice';
const DAY = 24 * 3600 * 1000;
const SERVERS = 23;

/** The signals and notifications services, recording what they were asked to send. */
function noticeMocks() {
  return {
    signals: { publish: jest.fn(async (_signal: any) => {}) },
    notifications: { send: jest.fn(async (_notification: any) => {}) },
  };
}

describeEachDatabase('ReportRuns', (databases, databaseId) => {
  let knex: Knex;
  let inventory: KnexInventoryStore;
  let reports: ReportStore;

  beforeAll(async () => {
    knex = await migrateTestDatabase(await databases.init(databaseId));
    inventory = await KnexInventoryStore.create({ database: mockServices.database({ knex }) });
    await inventory.upsertRecords(
      Array.from({ length: SERVERS }, (_, i) => ({
        kind: 'Server',
        name: `srv-${String(i).padStart(2, '0')}`,
        owner: 'group:default/platform',
        spec: { hostname: `srv-${i}.example.com`, environment: i % 2 ? 'staging' : 'production, "eu"' },
      })),
      { actor: alice },
    );
    reports = ReportStore.fromKnex(knex);
  });

  /** A replica: its own runner (test scheduler, clock) and ReportRuns over the shared database. */
  function replica(name: string, clock = { now: Date.now() }, mocks = noticeMocks()) {
    const scheduler = mockServices.scheduler() as SchedulerService & { triggerTask(id: string): Promise<void> };
    const jobs = new JobRunner({ scheduler, logger: mockServices.logger.mock(), now: () => clock.now });
    const runs = new ReportRuns({
      db: knex,
      inventory,
      jobs,
      logger: mockServices.logger.mock(),
      signals: mocks.signals as any,
      notifications: mocks.notifications as any,
      options: { retentionMs: DAY, replica: name, progressRecords: 5 },
    });
    return { runs, scheduler, clock, ...mocks };
  }

  const serverReport = (name = 'Servers') =>
    reports.create(
      validateReportDefinition({
        name,
        type: 'single',
        kind: 'Server',
        columns: ['name', 'spec.hostname', 'spec.environment'],
      }),
      alice,
    );

  async function fileOf(store: ReportRunStore, id: string): Promise<Buffer> {
    const parts: Buffer[] = [];
    for await (const chunk of store.chunks(await store.get(id))) parts.push(chunk);
    return Buffer.concat(parts);
  }

  it('runs a queued report in the background: queued -> running -> succeeded, file kept, requester told', async () => {
    const { runs, signals, notifications } = replica('replica-a');
    const report = await serverReport();
    const queued = await runs.request({ report, format: 'csv', requestedBy: alice });
    expect(queued).toMatchObject({ status: 'queued', reportId: report.id, format: 'csv', requestedBy: alice });
    await runs.idle();

    const row = await runs.store.get(queued.id);
    const run = runs.toApi(row);
    expect(run).toMatchObject({
      status: 'succeeded',
      rows: SERVERS,
      progress: { recordsRead: SERVERS },
      expired: false,
      fileName: 'Servers.csv',
    });
    expect(row.claimed_by).toMatch(/^replica-a\//);
    expect(run.durationMs).toBeGreaterThanOrEqual(0);
    expect(Date.parse(run.expiresAt!) - Date.parse(run.finishedAt!)).toBe(DAY);

    const file = await fileOf(runs.store, run.id);
    expect(file.length).toBe(run.bytes);
    expect(await fileOf(runs.store, run.id)).toEqual(file); // re-downloads byte-identical
    const parsed: string[][] = parse(file.toString('utf8'));
    expect(parsed[0]).toEqual(['name', 'spec.hostname', 'spec.environment']);
    expect(parsed).toHaveLength(SERVERS + 1);
    expect(parsed).toContainEqual(['srv-04', 'srv-4.example.com', 'production, "eu"']);

    // progress signals (every 5 records read), then the end, only to the requester on the run channel
    const messages = signals.publish.mock.calls.map(([s]) => s);
    expect(messages.every(s => s.channel === 'maestro:report-run')).toBe(true);
    expect(
      messages.every(s => JSON.stringify(s.recipients) === JSON.stringify({ type: 'user', entityRef: [alice] })),
    ).toBe(true);
    const progress = messages.filter(s => s.message.status === 'running').map(s => s.message.recordsRead);
    expect(progress[0]).toBe(0);
    expect(progress.length).toBeGreaterThan(1);
    // rows written so far ride along, never more than the result, never going back
    const written = messages.filter(s => s.message.status === 'running' && s.message.rows !== undefined);
    const rows = written.map(s => s.message.rows as number);
    expect(rows.length).toBeGreaterThan(0);
    expect(rows.every((r, i) => r <= SERVERS && (i === 0 || r >= rows[i - 1]))).toBe(true);
    expect(messages[messages.length - 1].message).toMatchObject({
      runId: run.id,
      reportId: report.id,
      status: 'succeeded',
      rows: SERVERS,
      bytes: run.bytes,
    });
    expect(notifications.send).toHaveBeenCalledTimes(1);
    expect(notifications.send.mock.calls[0][0]).toMatchObject({
      recipients: { type: 'entity', entityRef: alice },
      payload: { title: 'Report ready: Servers', severity: 'normal', link: expect.stringContaining(report.id) },
    });

    const listed = await runs.store.list({ reportId: report.id, offset: 0, limit: 10 });
    expect(listed.items.map(r => r.id)).toEqual([run.id]);
  });

  it('ends failed, with a notification, when the run cannot be made (history pruned before its asOf)', async () => {
    const { runs, signals, notifications } = replica('replica-a');
    const report = await serverReport('Pruned');
    await inventory.pruneHistory(new Date(Date.now() - 1000).toISOString());
    const queued = await runs.request({ report, format: 'csv', asOf: '2020-01-01', requestedBy: alice });
    await runs.idle();
    const run = runs.toApi(await runs.store.get(queued.id));
    expect(run).toMatchObject({ status: 'failed', asOf: '2020-01-01', bytes: 0 });
    expect(run.error).toMatch(/^asOf: history is pruned before /);
    expect(await runs.store.chunkCount(run.id)).toBe(0);
    expect(signals.publish.mock.calls.map(([s]) => s.message.status)).toEqual(['running', 'failed']);
    expect(notifications.send).toHaveBeenCalledTimes(1);
    expect(notifications.send.mock.calls[0][0].payload).toMatchObject({
      title: 'Report failed: Pruned',
      severity: 'high',
      description: run.error,
    });
  });

  it('runs a queued run exactly once when two replicas race for it', async () => {
    const mocks = noticeMocks();
    const a = replica('replica-a', undefined, mocks);
    const b = replica('replica-b', undefined, mocks);
    const report = await serverReport('Raced');
    for (let round = 0; round < 5; round += 1) {
      const row = await a.runs.store.create({ report, format: 'ndjson', requestedBy: alice, now: Date.now() });
      const claims: string[] = [];
      for (const r of [a, b]) {
        const claim = r.runs.store.claim.bind(r.runs.store);
        jest.spyOn(r.runs.store, 'claim').mockImplementation(async (...args) => {
          const claimed = await claim(...args);
          if (claimed) claims.push(claimed.claim);
          return claimed;
        });
      }
      const outcomes = await Promise.all([
        a.runs.execute(row.id),
        b.runs.execute(row.id),
        a.runs.poll(),
        b.runs.poll(),
      ]);
      await Promise.all([a.runs.idle(), b.runs.idle()]);
      jest.restoreAllMocks();

      expect(claims).toHaveLength(1);
      expect(outcomes.slice(0, 2).filter(Boolean).length).toBeLessThanOrEqual(1);
      const done = await a.runs.store.get(row.id);
      expect(done).toMatchObject({ status: 'succeeded', claimed_by: claims[0] });
      const lines = (await fileOf(b.runs.store, row.id)).toString('utf8').trim().split('\n');
      expect(lines).toHaveLength(SERVERS);
      expect(new Set(lines).size).toBe(SERVERS);
      expect(await a.runs.store.chunkCount(row.id)).toBe(1);
    }
    expect(mocks.notifications.send).toHaveBeenCalledTimes(5);
    expect(mocks.signals.publish.mock.calls.filter(([s]) => s.message.status === 'succeeded')).toHaveLength(5);
  });

  it("fails a run whose replica went silent, tells the requester, and fences the silent replica's writes", async () => {
    const clock = { now: Date.now() };
    const survivor = replica('replica-b', clock);
    const report = await serverReport('Orphaned');
    const row = await survivor.runs.store.create({ report, format: 'csv', requestedBy: alice, now: clock.now });
    // replica-a claims it and dies before running it
    const dead = await survivor.runs.store.claim(row.id, 'replica-a', clock.now);
    expect(dead).toBeDefined();
    clock.now += 60_000;
    expect(await survivor.runs.poll()).toEqual([]);
    expect((await survivor.runs.store.get(row.id)).status).toBe('running');

    clock.now += 90_000; // more than 2 minutes without a heartbeat
    await survivor.runs.poll();
    const failed = survivor.runs.toApi(await survivor.runs.store.get(row.id));
    expect(failed.status).toBe('failed');
    expect(failed.error).toMatch(/^the backend replica running it stopped \(no sign of life since /);
    expect(survivor.notifications.send).toHaveBeenCalledTimes(1);
    expect(survivor.notifications.send.mock.calls[0][0].payload.title).toBe('Report failed: Orphaned');

    // the silent replica comes back: every write of its run is refused
    await expect(survivor.runs.store.heartbeat(dead!, clock.now, { recordsRead: 1 })).rejects.toThrow(
      ReportRunLostError,
    );
    await expect(survivor.runs.store.appendChunk(dead!, 0, Buffer.from('late'), 4, clock.now)).rejects.toThrow(
      ReportRunLostError,
    );
    expect(await survivor.runs.store.chunkCount(row.id)).toBe(0);
  });

  it('deletes the files of expired runs (then 410-able), and forgets the runs a retention later', async () => {
    const clock = { now: Date.now() };
    const { runs } = replica('replica-a', clock);
    const report = await serverReport('Kept a day');
    const queued = await runs.request({ report, format: 'json', requestedBy: alice });
    await runs.idle();
    expect(await runs.store.chunkCount(queued.id)).toBe(1);
    const other = await runs.request({ report, format: 'csv', requestedBy: alice });
    await runs.idle();

    clock.now += DAY / 2;
    expect(await runs.expire()).toEqual({ expired: 0, forgotten: 0 });
    clock.now += DAY / 2 + 1000;
    const { expired } = await runs.expire();
    expect(expired).toBeGreaterThanOrEqual(2);
    for (const id of [queued.id, other.id]) {
      expect(runs.toApi(await runs.store.get(id))).toMatchObject({ status: 'succeeded', expired: true });
      expect(await runs.store.chunkCount(id)).toBe(0);
    }
    clock.now += DAY + 1000;
    expect((await runs.expire()).forgotten).toBeGreaterThanOrEqual(2);
    await expect(runs.store.get(queued.id)).rejects.toThrow(`no report run with id ${queued.id}`);
  });

  it('registers the poll and the retention as global jobs of their types', async () => {
    const { runs, scheduler } = replica('replica-a');
    await runs.start();
    expect(await scheduler.getScheduledTasks()).toEqual([
      expect.objectContaining({ id: 'maestro-report-runs', scope: 'global' }),
      expect.objectContaining({ id: 'maestro-report-run-retention', scope: 'global' }),
    ]);
    const report = await serverReport('Polled');
    const row = await runs.store.create({ report, format: 'csv', requestedBy: alice, now: Date.now() });
    await scheduler.triggerTask('maestro-report-runs');
    await runs.idle();
    expect((await runs.store.get(row.id)).status).toBe('succeeded');
  });
});
