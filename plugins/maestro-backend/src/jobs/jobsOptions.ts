import { hostname } from 'node:os';
import { randomUUID } from 'node:crypto';
import type { Config } from '@backstage/config';

/** How the scheduler of user-defined jobs runs, from `maestro.jobs.*` (see config.d.ts). */
export interface JobsOptions {
  /** This replica's name in a run's `claimed_by` (default: host name, process id and a random suffix). */
  replica: string;
  /** Seconds between two dispatches of due jobs (the global `maestro-jobs-dispatch` task). Default 5. */
  dispatchSeconds: number;
  /** Milliseconds between two looks for queued runs on each replica. Default 1000. */
  pollMilliseconds: number;
  /** Runs one replica executes at once. Default 10. */
  concurrency: number;
  /** Seconds between two heartbeats of a running run. Default 10. */
  heartbeatSeconds: number;
  /** A running run without a heartbeat for this long is failed (its replica stopped). Default 60. */
  staleAfterSeconds: number;
  /**
   * Whether this replica runs job runs (default true). Off, it still dispatches and serves the API, and its runs
   * are queued for the replicas whose workers are on.
   */
  workers: boolean;
}

export const DEFAULT_JOBS_OPTIONS: Omit<JobsOptions, 'replica'> = {
  dispatchSeconds: 5,
  pollMilliseconds: 1000,
  concurrency: 10,
  heartbeatSeconds: 10,
  staleAfterSeconds: 60,
  workers: true,
};

/** A new replica name: host, process and a random suffix (two processes on one host differ). */
export const replicaName = () => `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;

function wholeNumber(config: Config, key: string, fallback: number, min: number, max: number): number {
  const value = config.getOptionalNumber(key) ?? fallback;
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new Error(`${key}: must be a whole number from ${min} to ${max} (got ${value})`);
  }
  return value;
}

/**
 * The scheduler's options from `maestro.jobs` (`dispatchSeconds`, `pollMilliseconds`, `concurrency`,
 * `heartbeatSeconds`, `staleAfterSeconds`, `workers`), with the defaults of {@link DEFAULT_JOBS_OPTIONS}; a value out of its
 * range stops the start-up with a message naming the key. The stale threshold must exceed the heartbeat, or live
 * runs would be failed.
 */
export function jobsOptionsFromConfig(config: Config): JobsOptions {
  const d = DEFAULT_JOBS_OPTIONS;
  const options: JobsOptions = {
    replica: replicaName(),
    dispatchSeconds: wholeNumber(config, 'maestro.jobs.dispatchSeconds', d.dispatchSeconds, 1, 300),
    pollMilliseconds: wholeNumber(config, 'maestro.jobs.pollMilliseconds', d.pollMilliseconds, 50, 60_000),
    concurrency: wholeNumber(config, 'maestro.jobs.concurrency', d.concurrency, 1, 200),
    heartbeatSeconds: wholeNumber(config, 'maestro.jobs.heartbeatSeconds', d.heartbeatSeconds, 1, 300),
    staleAfterSeconds: wholeNumber(config, 'maestro.jobs.staleAfterSeconds', d.staleAfterSeconds, 2, 3600),
    workers: config.getOptionalBoolean('maestro.jobs.workers') ?? d.workers,
  };
  if (options.staleAfterSeconds <= options.heartbeatSeconds) {
    throw new Error(
      `maestro.jobs.staleAfterSeconds (${options.staleAfterSeconds}) must be longer than maestro.jobs.heartbeatSeconds (${options.heartbeatSeconds})`,
    );
  }
  return options;
}
