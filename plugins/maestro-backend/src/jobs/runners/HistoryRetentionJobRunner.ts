import type { HistoryRetention } from '../../history/HistoryRetention';
import type { JobStore } from '../JobStore';
import type { JobRunResult, JobTypeRunner } from '../jobTypes';

/** The id of the built-in history retention job. */
export const HISTORY_RETENTION_JOB_ID = 'history-retention';
/** Why the built-in history retention is disabled when the retention is not configured. */
export const RETENTION_NOT_CONFIGURED = 'maestro.history.retentionDays is not set: history is kept forever';
/** Once a day, the first run 5 minutes after the start-up that created the job (as the task it replaces). */
const DAILY_MINUTES = 24 * 60;
const FIRST_RUN_DELAY_MS = 5 * 60_000;

/**
 * The built-in `history-retention` job: applies `maestro.history.retentionDays` ({@link HistoryRetention}) once a
 * day through the jobs scheduler (once across replicas, with its run count and log). People can turn it off and on,
 * and run it now; they cannot create one (`type: history-retention is built in`).
 */
export class HistoryRetentionJobRunner implements JobTypeRunner {
  readonly type = 'history-retention' as const;
  readonly #retention?: HistoryRetention;
  readonly #now: () => number;

  constructor(options: { retention?: HistoryRetention; now: () => number }) {
    this.#retention = options.retention;
    this.#now = options.now;
  }

  /** Whether `maestro.history.retentionDays` is set (the job can do something). */
  get configured(): boolean {
    return !!this.#retention;
  }

  async readConfig(_value: unknown, _context: unknown, problems: string[]): Promise<undefined> {
    problems.push('type: history-retention is built in');
    return undefined;
  }

  redactConfig(): Record<string, never> {
    return {};
  }

  async run(): Promise<JobRunResult> {
    if (!this.#retention) throw new Error(RETENTION_NOT_CONFIGURED);
    const now = new Date(this.#now());
    const deleted = await this.#retention.run(now);
    return { summary: `deleted ${deleted} changes older than ${this.#retention.cutoff(now)}` };
  }

  /**
   * Creates the built-in job at start-up (once: the first replica wins), and follows the configuration: enabled
   * when the retention is configured and the job was only disabled for lack of it; disabled (with the reason)
   * when it is not configured.
   */
  async ensure(jobs: JobStore): Promise<void> {
    const now = this.#now();
    const configured = !!this.#retention;
    await jobs.ensure(
      HISTORY_RETENTION_JOB_ID,
      {
        name: 'History retention',
        type: 'history-retention',
        enabled: configured,
        owner: 'group:default/maestro-admins',
        description: this.#retention
          ? `Deletes history older than ${
              this.#retention.days
            } days (maestro.history.retentionDays), keeping each record's latest change.`
          : 'Deletes history older than maestro.history.retentionDays (not set: history is kept forever).',
        schedule: { type: 'interval', minutes: DAILY_MINUTES },
        config: {},
        maxExecutions: 0,
        disableAfterFailures: 0,
      },
      configured ? { now, nextRunAt: now + FIRST_RUN_DELAY_MS } : { now, disabledReason: RETENTION_NOT_CONFIGURED },
    );
    const job = await jobs.get(HISTORY_RETENTION_JOB_ID);
    if (!job) return;
    const meta = { actor: 'maestro', now };
    if (!configured && job.enabled) {
      await jobs.setEnabled(HISTORY_RETENTION_JOB_ID, false, { ...meta, disabledReason: RETENTION_NOT_CONFIGURED });
    } else if (configured && !job.enabled && job.disabledReason === RETENTION_NOT_CONFIGURED) {
      await jobs.setEnabled(HISTORY_RETENTION_JOB_ID, true, { ...meta, nextRunAt: now + FIRST_RUN_DELAY_MS });
    }
  }
}
