import type { SchedulerService } from '@backstage/backend-plugin-api';
import { mockServices } from '@backstage/backend-test-utils';
import type { JobSchedule } from '@maestro/plugin-maestro-common';
import type { Knex } from 'knex';
import { describeEachDatabase, migrateTestDatabase } from '../__testUtils__/databases';
import { JobRunner } from './JobRunner';
import { JobScheduler } from './JobScheduler';
import { DEFAULT_JOBS_OPTIONS } from './jobsOptions';
import type { JobDefinitionValues } from './JobStore';
import { JobRunFailure, type JobTypeRunner, type RunnableJob } from './jobTypes';

jest.setTimeout(120_000);

const alice = 'user:default/alice';
const MINUTE = 60_000;

/** What the fake job type does for a job, by its name: succeed, fail, or wait until released. */
type Behaviour = 'succeed' | 'fail' | { until: Promise<void> };

/** A job type that records every run it executes and behaves as told per job name. */
function recordingType(behaviours: Map<string, Behaviour>) {
  const executed: Array<{ jobId: string; runId: string; replica: string }> = [];
  const make = (replica: string): JobTypeRunner => ({
    type: 'webhook',
    readConfig: async value => value,
    redactConfig: stored => stored as any,
    run: async (job: RunnableJob, run, { signal }) => {
      executed.push({ jobId: job.id, runId: run.id, replica });
      const behaviour = behaviours.get(job.name) ?? 'succeed';
      if (behaviour === 'fail') throw new JobRunFailure(`${job.name} failed`, { summary: 'went wrong' });
      if (typeof behaviour === 'object') {
        await Promise.race([
          behaviour.until,
          new Promise((_, reject) => signal.addEventListener('abort', () => reject(signal.reason))),
        ]);
      }
      return { summary: `ran ${job.name}` };
    },
  });
  return { executed, make };
}

describeEachDatabase('JobScheduler', (databases, databaseId) => {
  let knex: Knex;
  const behaviours = new Map<string, Behaviour>();
  const recording = recordingType(behaviours);

  beforeAll(async () => {
    knex = await migrateTestDatabase(await databases.init(databaseId));
  });

  beforeEach(async () => {
    await knex('maestro_job_runs').delete();
    await knex('maestro_jobs').delete();
    behaviours.clear();
    recording.executed.length = 0;
  });

  /** A replica: its own runner (test scheduler and clock), scheduler and notification recorder. */
  function replica(name: string, clock = { now: Date.now() }) {
    const scheduler = mockServices.scheduler() as SchedulerService;
    const runner = new JobRunner({ scheduler, logger: mockServices.logger.mock(), now: () => clock.now });
    const notifications = { send: jest.fn(async (_n: any) => {}) };
    const auditor = mockServices.auditor.mock({
      createEvent: jest.fn(async () => ({ success: async () => {}, fail: async () => {} })),
    });
    const jobs = new JobScheduler({
      db: knex,
      runner,
      types: [recording.make(name)],
      logger: mockServices.logger.mock(),
      auditor,
      notifications: notifications as any,
      options: { ...DEFAULT_JOBS_OPTIONS, replica: name, heartbeatSeconds: 1, staleAfterSeconds: 60 },
    });
    return { jobs, clock, notifications, auditor };
  }

  function definition(name: string, overrides: Partial<JobDefinitionValues> = {}): JobDefinitionValues {
    return {
      name,
      type: 'webhook',
      enabled: true,
      owner: alice,
      schedule: { type: 'interval', minutes: 1 } as JobSchedule,
      config: {},
      maxExecutions: 0,
      disableAfterFailures: 3,
      ...overrides,
    };
  }

  async function createJob(
    scheduler: JobScheduler,
    name: string,
    overrides: Partial<JobDefinitionValues> = {},
    nextRunAt?: number,
  ) {
    return scheduler.jobs.insert(`job-${name}`, definition(name, overrides), {
      actor: alice,
      now: scheduler.now(),
      nextRunAt,
    });
  }

  async function runsOf(jobId: string) {
    return knex('maestro_job_runs').where({ job_id: jobId }).orderBy('queued_at');
  }

  it('dispatches each due job exactly once when two replicas dispatch and run at the same time', async () => {
    const clock = { now: Date.now() };
    const a = replica('replica-a', clock);
    const b = replica('replica-b', clock);
    const due = clock.now - 1000;
    const count = 300;
    for (let i = 0; i < count; i += 1) await createJob(a.jobs, `j${String(i).padStart(3, '0')}`, {}, due);

    const dispatched = await Promise.all([a.jobs.dispatch(), b.jobs.dispatch(), a.jobs.dispatch(), b.jobs.dispatch()]);
    expect(dispatched.reduce((n, runs) => n + runs.length, 0)).toBe(count);
    const runs = await knex('maestro_job_runs');
    expect(runs).toHaveLength(count);
    expect(new Set(runs.map(r => r.job_id)).size).toBe(count);
    expect(runs.every(r => r.trigger === 'schedule' && r.queued_at === new Date(due).toISOString())).toBe(true);
    const jobs = await knex('maestro_jobs');
    expect(jobs.every(j => Number(j.total_runs) === 1)).toBe(true);
    // the interval keeps its cadence from the due time
    expect(new Set(jobs.map(j => j.next_run_at))).toEqual(new Set([new Date(due + MINUTE).toISOString()]));

    // both replicas' workers claim and run: every run executes once, on one replica or the other
    await Promise.all([a.jobs.poll(), b.jobs.poll()]);
    for (let round = 0; round < 100 && recording.executed.length < count; round += 1) {
      await Promise.all([a.jobs.poll(), b.jobs.poll()]);
      await Promise.all([a.jobs.idle(), b.jobs.idle()]);
    }
    await Promise.all([a.jobs.idle(), b.jobs.idle()]);
    expect(recording.executed).toHaveLength(count);
    expect(new Set(recording.executed.map(e => e.runId)).size).toBe(count);
    expect(new Set(recording.executed.map(e => e.replica))).toEqual(new Set(['replica-a', 'replica-b']));
    const ended = await knex('maestro_job_runs').where({ status: 'succeeded' });
    expect(ended).toHaveLength(count);

    // nothing is due again before the next minute
    expect(await a.jobs.dispatch()).toEqual([]);
    clock.now += MINUTE;
    expect(await b.jobs.dispatch()).toHaveLength(count);
  });

  it('runs a job behind schedule once, then resumes from now', async () => {
    const a = replica('replica-a');
    const now = a.clock.now;
    await createJob(a.jobs, 'late', { schedule: { type: 'interval', minutes: 5 } }, now - 60 * MINUTE);
    await createJob(a.jobs, 'cron', { schedule: { type: 'cron', expression: '0 * * * *' } }, now - 3 * 60 * MINUTE);
    expect(await a.jobs.dispatch()).toHaveLength(2);
    expect(await a.jobs.dispatch()).toHaveLength(0);
    const late = (await a.jobs.jobs.get('job-late'))!;
    expect(Date.parse(late.nextRunAt!)).toBe(now + 5 * MINUTE);
    const cron = (await a.jobs.jobs.get('job-cron'))!;
    expect(Date.parse(cron.nextRunAt!)).toBeGreaterThan(now);
    expect(Date.parse(cron.nextRunAt!) % (60 * MINUTE)).toBe(0);
  });

  it('disables a job once it ran its max executions, and refuses more runs', async () => {
    const a = replica('replica-a');
    await createJob(a.jobs, 'twice', { maxExecutions: 2 }, a.clock.now);
    expect(await a.jobs.dispatch()).toHaveLength(1);
    expect((await a.jobs.queue('job-twice', { trigger: 'manual', startedBy: alice })).hasOwnProperty('run')).toBe(true);
    const job = (await a.jobs.jobs.get('job-twice'))!;
    expect(job).toMatchObject({ enabled: false, totalRuns: 2, disabledReason: 'max executions reached (2)' });
    expect(job.nextRunAt).toBeUndefined();
    expect(await a.jobs.queue('job-twice', { trigger: 'manual' })).toMatchObject({ refused: 'max-executions' });
    a.clock.now += 10 * MINUTE;
    expect(await a.jobs.dispatch()).toEqual([]);
    expect(await runsOf('job-twice')).toHaveLength(2);
  });

  it('chains on success after the delay, and on failure to the failure job', async () => {
    const a = replica('replica-a');
    await createJob(a.jobs, 'next', { schedule: { type: 'manual' } });
    await createJob(a.jobs, 'cleanup', { schedule: { type: 'manual' } });
    await createJob(a.jobs, 'first', {
      schedule: { type: 'manual' },
      onSuccess: { jobId: 'job-next', delaySeconds: 30 },
      onFailure: { jobId: 'job-cleanup' },
    });
    const started = await a.jobs.queue('job-first', { trigger: 'manual', startedBy: alice });
    await a.jobs.idle();
    const [first] = await runsOf('job-first');
    expect(first).toMatchObject({ status: 'succeeded', summary: 'ran first', started_by: alice });
    expect('run' in started && started.run.id).toBe(first.id);
    const [chained] = await runsOf('job-next');
    expect(chained).toMatchObject({ status: 'queued', trigger: 'chain', started_by: first.id });
    expect(Date.parse(chained.not_before) - Date.parse(first.finished_at)).toBe(30_000);

    // not before its delay
    expect(await a.jobs.poll()).toEqual([]);
    a.clock.now += 31_000;
    expect(await a.jobs.poll()).toEqual([chained.id]);
    await a.jobs.idle();
    expect((await runsOf('job-next'))[0].status).toBe('succeeded');
    expect(await runsOf('job-cleanup')).toEqual([]);

    behaviours.set('first', 'fail');
    await a.jobs.queue('job-first', { trigger: 'manual' });
    await a.jobs.idle();
    await a.jobs.poll();
    await a.jobs.idle();
    const failed = (await runsOf('job-first'))[1];
    expect(failed).toMatchObject({ status: 'failed', error: 'first failed', summary: 'went wrong' });
    const cleanup = await runsOf('job-cleanup');
    expect(cleanup).toHaveLength(1);
    expect(cleanup[0]).toMatchObject({ status: 'succeeded', trigger: 'chain', started_by: failed.id });

    // a chain to a disabled job is skipped, with a note in the run's summary
    await knex('maestro_jobs').where({ id: 'job-cleanup' }).update({ enabled: false });
    await a.jobs.queue('job-first', { trigger: 'manual' });
    await a.jobs.idle();
    const third = (await runsOf('job-first'))[2];
    expect(third.summary).toBe('went wrong; chain on failure to job job-cleanup not started: it is disabled');
    expect(await runsOf('job-cleanup')).toHaveLength(1);
  });

  it('disables a job after N consecutive failures, tells its owner, and tells again when it recovers', async () => {
    const a = replica('replica-a');
    await createJob(a.jobs, 'flaky', { disableAfterFailures: 2, schedule: { type: 'manual' } });
    behaviours.set('flaky', 'fail');
    await a.jobs.queue('job-flaky', { trigger: 'manual' });
    await a.jobs.idle();
    expect((await a.jobs.jobs.get('job-flaky'))!).toMatchObject({ enabled: true, consecutiveFailures: 1 });
    expect(a.notifications.send).not.toHaveBeenCalled();

    await a.jobs.queue('job-flaky', { trigger: 'manual' });
    await a.jobs.idle();
    const disabled = (await a.jobs.jobs.get('job-flaky'))!;
    expect(disabled).toMatchObject({
      enabled: false,
      consecutiveFailures: 2,
      disabledReason: 'disabled after 2 consecutive failures',
      failingNotified: true,
    });
    expect(a.notifications.send).toHaveBeenCalledTimes(1);
    expect(a.notifications.send.mock.calls[0][0]).toMatchObject({
      recipients: { type: 'entity', entityRef: alice },
      payload: { title: 'Job disabled: flaky', severity: 'high', link: '/maestro/jobs/job-flaky' },
    });
    expect(a.notifications.send.mock.calls[0][0].payload.description).toContain('flaky failed');

    // a manual run of the disabled job that fails again tells nobody again
    await a.jobs.queue('job-flaky', { trigger: 'manual' });
    await a.jobs.idle();
    expect(a.notifications.send).toHaveBeenCalledTimes(1);

    // re-enabled (as the API does), then a success: recovered
    await a.jobs.jobs.setEnabled('job-flaky', true, { actor: alice, now: a.clock.now });
    behaviours.set('flaky', 'succeed');
    await a.jobs.queue('job-flaky', { trigger: 'manual' });
    await a.jobs.idle();
    expect((await a.jobs.jobs.get('job-flaky'))!).toMatchObject({
      enabled: true,
      consecutiveFailures: 0,
      failingNotified: false,
    });
    expect(a.notifications.send).toHaveBeenCalledTimes(2);
    expect(a.notifications.send.mock.calls[1][0].payload).toMatchObject({
      title: 'Job recovered: flaky',
      severity: 'normal',
    });
    // every run got its auditor event
    const events = (a.auditor.createEvent as jest.Mock).mock.calls.map(([e]) => e);
    expect(events).toHaveLength(4);
    expect(events.every(e => e.eventId === 'job-run' && e.severityLevel === 'low')).toBe(true);
    expect(events[3].meta).toMatchObject({ jobId: 'job-flaky', trigger: 'manual', outcome: 'succeeded' });
  });

  it('fails the run of a replica that stopped (stale heartbeat) as a failure, and chains on failure', async () => {
    const clock = { now: Date.now() };
    const survivor = replica('replica-b', clock);
    await createJob(survivor.jobs, 'alert', { schedule: { type: 'manual' } });
    await createJob(survivor.jobs, 'hangs', {
      schedule: { type: 'manual' },
      disableAfterFailures: 1,
      onFailure: { jobId: 'job-alert' },
    });
    const queued = await survivor.jobs.runs.queue('job-hangs', { trigger: 'manual', now: clock.now });
    const runId = 'run' in queued ? queued.run.id : '';
    // replica-a claims it, then is killed (no heartbeat any more)
    expect(await survivor.jobs.runs.claim(runId, 'replica-a', clock.now)).toBeDefined();

    clock.now += 30_000;
    expect(await survivor.jobs.sweepStale()).toEqual([]);
    clock.now += 31_000;
    const [end] = await survivor.jobs.sweepStale();
    expect(end.run).toMatchObject({
      id: runId,
      status: 'failed',
      error: 'the backend replica running it stopped (no heartbeat for 60 s)',
    });
    expect(end.disabledForFailures).toBe(true);
    expect(await survivor.jobs.sweepStale()).toEqual([]); // once
    const [alert] = await runsOf('job-alert');
    expect(alert).toMatchObject({ trigger: 'chain', started_by: runId });
    expect(survivor.notifications.send).toHaveBeenCalledTimes(1);
  });

  it('puts the runs of a replica shutting down back in the queue, for another replica to run', async () => {
    const a = replica('replica-a');
    const b = replica('replica-b', a.clock);
    let release = () => {};
    behaviours.set('slow', { until: new Promise<void>(r => (release = r)) });
    await createJob(a.jobs, 'slow', { schedule: { type: 'manual' } });
    await a.jobs.queue('job-slow', { trigger: 'manual' });
    for (let i = 0; i < 50 && recording.executed.length === 0; i += 1) await new Promise(r => setTimeout(r, 20));
    expect((await runsOf('job-slow'))[0]).toMatchObject({ status: 'running' });
    await a.jobs.stop();
    const [requeued] = await runsOf('job-slow');
    expect(requeued).toMatchObject({ status: 'queued', claimed_by: null });

    behaviours.set('slow', 'succeed');
    release();
    expect(await b.jobs.poll()).toEqual([requeued.id]);
    await b.jobs.idle();
    expect((await runsOf('job-slow'))[0]).toMatchObject({ status: 'succeeded' });
    expect((await a.jobs.jobs.get('job-slow'))!.totalRuns).toBe(1);
  });
});
