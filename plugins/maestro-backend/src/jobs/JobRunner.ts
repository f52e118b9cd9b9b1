import type { LoggerService, SchedulerService } from '@backstage/backend-plugin-api';
import type { HumanDuration } from '@backstage/types';

/** What a run of a job gets. */
export interface JobContext {
  /** The job's id (its scheduler task id). */
  jobId: string;
  /** Aborted when the task times out or the backend shuts down: stop between steps ({@link throwIfAborted}). */
  signal: AbortSignal;
  /** A child logger naming the job (`task: <id>`). */
  logger: LoggerService;
}

/**
 * One job: a task of the Backstage scheduler with `scope: 'global'` (one replica runs it at a time, through the
 * scheduler's database lock).
 *
 * A job **without** `due` runs every `frequency` (history retention, the secret re-seal). A job **with** `due`
 * ticks (decision 0009): the scheduler starts it every `frequency` (a short tick) and it runs only when `due` says
 * so, read on each tick, so its interval can change, or the job go away, without a restart (the Backstage scheduler
 * cannot unschedule a task or change its frequency once registered).
 */
export interface JobDefinition {
  /** The scheduler task id, unique in the cluster (`maestro-discovery:<connection>:<list>`). */
  id: string;
  /** The job type (`discovery`, `history-retention`, `secret-reseal`); jobs of one type share their code. */
  type: string;
  /** The scheduler's frequency: the job's interval, or its tick when it has `due`. */
  frequency: HumanDuration;
  /** How long one run may take before its signal aborts it. */
  timeout: HumanDuration;
  initialDelay?: HumanDuration;
  /** A ticking job: whether it runs on this tick (`now` from the runner's clock). */
  due?(context: { now: number }): Promise<boolean>;
  run(context: JobContext): Promise<void>;
}

/** A job as the runner lists it. */
export interface ScheduledJob {
  id: string;
  type: string;
}

/**
 * Runs Maestro's scheduled work — discovery runs, history retention, the secret re-seal, and (next) user-defined
 * jobs — on `coreServices.scheduler`: registers each job once per process, decides on each tick whether a ticking
 * job is due, triggers a job now ("sync now": a busy task picks its request up on its next tick), and joins runs
 * of one job within the process. What a run records (status rows, signals, notifications) is the job type's, with
 * the {@link RunStatusTable} and {@link JobNotices} of this folder.
 */
export class JobRunner {
  readonly #scheduler: SchedulerService;
  readonly #logger: LoggerService;
  readonly #now: () => number;
  readonly #jobs = new Map<string, ScheduledJob>();
  readonly #running = new Map<string, Promise<unknown>>();

  constructor(options: {
    scheduler: SchedulerService;
    logger: LoggerService;
    /** The clock (ms since the epoch) due checks and runs read; tests inject one. */
    now?: () => number;
  }) {
    this.#scheduler = options.scheduler;
    this.#logger = options.logger;
    this.#now = options.now ?? Date.now;
  }

  /** The runner's clock, in ms since the epoch. */
  now(): number {
    return this.#now();
  }

  /** Registers a job with the scheduler, once per process; false when it already was. */
  async schedule(job: JobDefinition): Promise<boolean> {
    if (this.#jobs.has(job.id)) return false;
    this.#jobs.set(job.id, { id: job.id, type: job.type });
    await this.#scheduler.scheduleTask({
      id: job.id,
      scope: 'global',
      frequency: job.frequency,
      timeout: job.timeout,
      ...(job.initialDelay ? { initialDelay: job.initialDelay } : {}),
      fn: async signal => {
        if (job.due && !(await job.due({ now: this.#now() }))) return;
        await job.run({ jobId: job.id, signal, logger: this.#logger.child({ task: job.id }) });
      },
    });
    return true;
  }

  isScheduled(id: string): boolean {
    return this.#jobs.has(id);
  }

  /** The jobs this process registered, in registration order. */
  jobs(): ScheduledJob[] {
    return [...this.#jobs.values()];
  }

  /**
   * Asks the scheduler to start the job now, without waiting. A task already running answers 409 and a task not
   * yet claimable refuses too: a job that must not miss the request records it (a requested-at column) so that its
   * next tick runs it.
   */
  trigger(id: string): void {
    Promise.resolve()
      .then(() => this.#scheduler.triggerTask(id))
      .catch(() => undefined);
  }

  /**
   * Runs `start` for `key`, unless a run for that key is already going on in this process: that one is joined
   * (its result returned) rather than a second one started. Across replicas the scheduler's lock does the same.
   */
  join<T>(key: string, start: () => Promise<T>): Promise<T> {
    const running = this.#running.get(key);
    if (running) return running as Promise<T>;
    const run = start().finally(() => this.#running.delete(key));
    this.#running.set(key, run);
    return run;
  }
}
