import type { Config } from '@backstage/config';

/** Tick lengths that divide a minute: every whole-minute interval is then a whole number of ticks. */
export const TICK_SECONDS = [5, 6, 10, 12, 15, 20, 30, 60];

/**
 * A job's tick length from config (`key`, default `fallback`): one of {@link TICK_SECONDS}, else the start-up is
 * refused with a message naming the key.
 */
export function tickSecondsFromConfig(config: Config, key: string, fallback: number): number {
  const tickSeconds = config.getOptionalNumber(key) ?? fallback;
  if (!TICK_SECONDS.includes(tickSeconds)) {
    throw new Error(`${key} must divide a minute: one of ${TICK_SECONDS.join(', ')} (got ${tickSeconds})`);
  }
  return tickSeconds;
}

/**
 * Whether a ticking job is due at `now`. Intervals count from the last run's **start** (a long run does not push
 * the next one back), and a job only looks every `tickMs`: it runs at the tick nearest its due time, never a whole
 * tick late. Whole-minute intervals are whole numbers of ticks (ticks divide a minute), so a 5-minute job runs
 * every 5 minutes, give or take the scheduler's few seconds of polling.
 */
export function isDue(options: {
  now: number;
  /** Start of the last run (ms), undefined when it never ran. */
  lastStartedAt?: number;
  intervalMs: number;
  tickMs: number;
  /** A "run now" is pending. */
  requested?: boolean;
}): boolean {
  if (options.requested || options.lastStartedAt === undefined || Number.isNaN(options.lastStartedAt)) return true;
  return options.now + options.tickMs / 2 >= options.lastStartedAt + options.intervalMs;
}

/** The error a run ends with when its task was aborted (the scheduler's timeout, or the backend shutting down). */
export class JobAbortedError extends Error {
  constructor() {
    super('run aborted (task timeout or shutdown)');
    this.name = 'JobAbortedError';
  }
}

/** Throws {@link JobAbortedError} when the run's signal was aborted: call it between the steps of a long run. */
export function throwIfAborted(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw new JobAbortedError();
}
