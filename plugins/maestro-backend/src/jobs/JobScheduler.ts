import type { AuditorService, LoggerService } from '@backstage/backend-plugin-api';
import type { NotificationService } from '@backstage/plugin-notifications-node';
import type { SignalsService } from '@backstage/plugin-signals-node';
import type { JobRunTrigger } from '@maestro/plugin-maestro-common';
import type { Knex } from 'knex';
import { JobNotices } from './JobNotices';
import type { JobRunner } from './JobRunner';
import { ClaimedJobRun, JobRunRow, JobRunStore, QueueOutcome, RunEnd, RunOutcome } from './JobRunStore';
import type { JobsOptions } from './jobsOptions';
import { JobStore } from './JobStore';
import { JobRunFailure, type JobTypeRunner } from './jobTypes';

/** The job type of the dispatcher task on the {@link JobRunner}. */
export const JOB_DISPATCH_JOB_TYPE = 'job-dispatch';
/** The signals channel of job runs (to the job's owner): `{ jobId, runId, status }`. */
export const JOB_SIGNAL_CHANNEL = 'maestro:jobs';
/** How long a shutdown waits for the runs of this replica before it puts them back in the queue. */
const SHUTDOWN_GRACE_MS = 10_000;

const messageOf = (error: unknown) => ((error as Error)?.message ?? String(error)).slice(0, 2000);

/**
 * Runs the jobs of `maestro_jobs` once across backend replicas sharing one database.
 *
 * - **Dispatch** (`maestro-jobs-dispatch`, a global task every `dispatchSeconds`): queues a run of every enabled job
 *   whose next run is due, moving the job's next run on with a conditional update in the same transaction
 *   ({@link JobRunStore.dispatchDue}), so two replicas never both queue it.
 * - **Workers**, on every replica (unless `workers` is off there): every `pollMilliseconds` (and at once after a run is queued or ends here), claim
 *   queued runs whose `not_before` passed, one atomic update each, up to `concurrency` at once, and run them with
 *   their type's {@link JobTypeRunner}, with a heartbeat every `heartbeatSeconds`.
 * - **Stale runs**: a run whose heartbeat is older than `staleAfterSeconds` (its replica was killed) is failed by
 *   the next worker that looks, and counts as a failure like any other (chains on failure, disabling). A run
 *   stopped by a clean shutdown goes back to the queue instead.
 * - **The end of a run** is one transaction ({@link JobRunStore.end}); then the owner is notified when the job was
 *   disabled for its failures and when it recovers, a signal tells the Jobs page, and an auditor event
 *   `job-run` records it.
 */
export class JobScheduler {
  readonly #jobs: JobStore;
  readonly #runs: JobRunStore;
  readonly #runner: JobRunner;
  readonly #types: Map<string, JobTypeRunner>;
  readonly #logger: LoggerService;
  readonly #auditor?: AuditorService;
  readonly #notices: JobNotices;
  readonly #options: JobsOptions;
  readonly #active = new Map<string, { claimed: ClaimedJobRun; done: Promise<void> }>();
  readonly #shutdown = new AbortController();
  #timer?: NodeJS.Timeout;
  #polling?: Promise<void>;
  #pollAgain = false;
  #lastSweep = 0;

  constructor(options: {
    db: Knex;
    runner: JobRunner;
    types: JobTypeRunner[];
    logger: LoggerService;
    auditor?: AuditorService;
    notifications?: NotificationService;
    signals?: SignalsService;
    options: JobsOptions;
  }) {
    this.#jobs = new JobStore(options.db);
    this.#runs = new JobRunStore(options.db);
    this.#runner = options.runner;
    this.#types = new Map(options.types.map(t => [t.type, t]));
    this.#logger = options.logger;
    this.#auditor = options.auditor;
    this.#notices = new JobNotices({ ...options, channel: JOB_SIGNAL_CHANNEL, recipients: [] });
    this.#options = options.options;
  }

  get jobs(): JobStore {
    return this.#jobs;
  }

  get runs(): JobRunStore {
    return this.#runs;
  }

  /** The job types this backend runs, by type. */
  get types(): ReadonlyMap<string, JobTypeRunner> {
    return this.#types;
  }

  /** The type runner of a job type (undefined for a type this backend does not run). */
  typeOf(type: string): JobTypeRunner | undefined {
    return this.#types.get(type);
  }

  /** The scheduler's clock (the job runner's), in ms. */
  now(): number {
    return this.#runner.now();
  }

  /** Registers the dispatcher (a global task) and starts this replica's workers. */
  async start(): Promise<void> {
    await this.#runner.schedule({
      id: 'maestro-jobs-dispatch',
      type: JOB_DISPATCH_JOB_TYPE,
      frequency: { seconds: this.#options.dispatchSeconds },
      timeout: { seconds: 30 },
      initialDelay: { seconds: 1 },
      run: async ({ logger }) => {
        const queued = await this.dispatch();
        if (queued.length) logger.debug(`Jobs: ${queued.length} scheduled runs queued`);
      },
    });
    if (!this.#options.workers) return; // this replica only queues runs
    this.#timer = setInterval(() => this.wake(), this.#options.pollMilliseconds);
    this.#timer.unref?.();
  }

  /**
   * Stops this replica's workers: runs going on are aborted and put back in the queue (another replica, or this
   * one after its restart, runs them from the start); waits for them a few seconds at most.
   */
  async stop(): Promise<void> {
    if (this.#timer) clearInterval(this.#timer);
    this.#shutdown.abort();
    let timeout: NodeJS.Timeout | undefined;
    await Promise.race([this.idle(), new Promise(r => (timeout = setTimeout(r, SHUTDOWN_GRACE_MS)))]);
    clearTimeout(timeout);
    for (const { claimed } of this.#active.values()) await this.#runs.requeue(claimed).catch(() => false);
  }

  /** Resolves once no run executes in this process. */
  async idle(): Promise<void> {
    while (this.#active.size || this.#polling) {
      await Promise.allSettled([...[...this.#active.values()].map(a => a.done), this.#polling]);
    }
  }

  /** One dispatch: queues the scheduled runs due now (see {@link JobRunStore.dispatchDue}) and wakes the workers. */
  async dispatch(): Promise<JobRunRow[]> {
    const queued = await this.#runs.dispatchDue(this.now(), {
      batch: 500,
      chunk: 50,
      deadline: Date.now() + 20_000,
    });
    if (queued.length) this.wake();
    return queued;
  }

  /**
   * Queues a run of a job now (or after `delaySeconds`), counted against its max executions; wakes the workers.
   * See {@link JobRunStore.queue} for the refusals.
   */
  async queue(
    jobId: string,
    options: { trigger: JobRunTrigger; startedBy?: string; requireEnabled?: boolean },
  ): Promise<QueueOutcome> {
    const outcome = await this.#runs.queue(jobId, { ...options, now: this.now() });
    if ('run' in outcome) this.wake();
    return outcome;
  }

  /** Looks for queued runs now (once at a time: a call during a look makes it look again after). */
  wake(): void {
    if (this.#shutdown.signal.aborted || !this.#options.workers) return;
    if (this.#polling) {
      this.#pollAgain = true;
      return;
    }
    this.#polling = (async () => {
      do {
        this.#pollAgain = false;
        try {
          await this.poll();
        } catch (error) {
          this.#logger.warn(`Jobs: could not look for queued runs: ${messageOf(error)}`);
        }
      } while (this.#pollAgain && !this.#shutdown.signal.aborted);
    })().finally(() => {
      this.#polling = undefined;
    });
  }

  /**
   * One look of this replica's workers: fails stale runs (at most every `dispatchSeconds`), then claims queued runs
   * while it has room and starts them (without waiting). Answers the ids of the runs started.
   */
  async poll(): Promise<string[]> {
    if (this.#shutdown.signal.aborted || !this.#options.workers) return [];
    const now = this.now();
    if (now - this.#lastSweep >= this.#options.dispatchSeconds * 1000) {
      this.#lastSweep = now;
      await this.sweepStale();
    }
    const started: string[] = [];
    const room = this.#options.concurrency - this.#active.size;
    if (room <= 0) return started;
    for (const claimed of await this.#runs.claimNext(this.#options.replica, now, room)) {
      this.#launch(claimed);
      started.push(claimed.id);
    }
    return started;
  }

  /** Fails the runs whose replica stopped (no heartbeat for `staleAfterSeconds`), each ended like a failure. */
  async sweepStale(): Promise<RunEnd[]> {
    const now = this.now();
    const seconds = this.#options.staleAfterSeconds;
    const ends = await this.#runs.failStale(
      now - seconds * 1000,
      now,
      `the backend replica running it stopped (no heartbeat for ${seconds} s)`,
    );
    for (const end of ends) {
      this.#logger.warn(`Job ${end.run.job_id}: run ${end.run.id} failed: ${end.run.error}`);
      await this.#ended(end);
    }
    return ends;
  }

  #launch(claimed: ClaimedJobRun): void {
    const done = this.#execute(claimed)
      .catch(error => this.#logger.error(`Job run ${claimed.id} could not run: ${messageOf(error)}`))
      .finally(() => {
        this.#active.delete(claimed.id);
        this.wake();
      });
    this.#active.set(claimed.id, { claimed, done });
  }

  async #execute(claimed: ClaimedJobRun): Promise<void> {
    const logger = this.#logger.child({ job: claimed.jobId, run: claimed.id });
    const controller = new AbortController();
    const onShutdown = () => controller.abort(new Error('the backend is shutting down'));
    this.#shutdown.signal.addEventListener('abort', onShutdown);
    let lost = false;
    const heartbeat = setInterval(() => {
      this.#runs
        .heartbeat(claimed, this.now())
        .then(owned => {
          if (!owned && !lost) {
            lost = true;
            controller.abort(new Error('the run was taken from this replica'));
          }
        })
        .catch(error => logger.warn(`Job run ${claimed.id}: heartbeat failed: ${messageOf(error)}`));
    }, this.#options.heartbeatSeconds * 1000);
    heartbeat.unref?.();
    let outcome: RunOutcome;
    try {
      const job = await this.#jobs.get(claimed.jobId);
      if (!job) throw new Error('the job was deleted');
      const type = this.#types.get(job.type);
      if (!type) throw new Error(`this backend cannot run jobs of type ${job.type}`);
      const result = await type.run(job, claimed, { signal: controller.signal, logger });
      outcome = { status: 'succeeded', ...result };
    } catch (error) {
      if (this.#shutdown.signal.aborted) {
        if (await this.#runs.requeue(claimed))
          logger.info(`Job run ${claimed.id} stopped by the shutdown: queued again`);
        return;
      }
      if (lost) {
        logger.warn(`Job run ${claimed.id} was taken from this replica (failed as stale): its outcome is dropped`);
        return;
      }
      outcome = {
        status: 'failed',
        error: messageOf(error),
        ...(error instanceof JobRunFailure ? { summary: error.summary, webhook: error.webhook } : {}),
      };
    } finally {
      clearInterval(heartbeat);
      this.#shutdown.signal.removeEventListener('abort', onShutdown);
    }
    const end = await this.#runs.end(claimed, outcome, this.now());
    if (!end) {
      logger.warn(`Job run ${claimed.id} was taken from this replica before it ended: its outcome is dropped`);
      return;
    }
    await this.#ended(end);
  }

  /** What follows the end of a run: the auditor event, the owner's notifications, the signal, the chained run. */
  async #ended(end: RunEnd): Promise<void> {
    const { run, job } = end;
    await this.#audit(run);
    if (job) {
      this.#notices.publish(job.owner, { jobId: job.id, runId: run.id, status: run.status });
      const link = `/maestro/jobs/${encodeURIComponent(job.id)}`;
      if (end.disabledForFailures) {
        await this.#notices.send(
          job.owner,
          {
            title: `Job disabled: ${job.name}`,
            description: `${job.name} failed ${job.consecutiveFailures} times in a row and was disabled. Last error: ${
              run.error ?? 'unknown'
            }`,
            severity: 'high',
            link,
            topic: 'maestro-jobs',
          },
          `job ${job.id}`,
        );
      } else if (end.recovered) {
        await this.#notices.send(
          job.owner,
          {
            title: `Job recovered: ${job.name}`,
            description: `${job.name} ran successfully again (run ${run.id}).`,
            severity: 'normal',
            link,
            topic: 'maestro-jobs',
          },
          `job ${job.id}`,
        );
      }
    }
    if (end.chained && Date.parse(end.chained.not_before) <= this.now()) this.wake();
  }

  async #audit(run: JobRunRow): Promise<void> {
    if (!this.#auditor) return;
    try {
      const event = await this.#auditor.createEvent({
        eventId: 'job-run',
        severityLevel: 'low',
        meta: { jobId: run.job_id, runId: run.id, trigger: run.trigger, outcome: run.status },
      });
      if (run.status === 'failed') await event.fail({ error: new Error(run.error ?? 'failed') });
      else await event.success({ meta: { outcome: run.status } });
    } catch (error) {
      this.#logger.warn(`Job run ${run.id}: auditor event failed: ${messageOf(error)}`);
    }
  }
}
