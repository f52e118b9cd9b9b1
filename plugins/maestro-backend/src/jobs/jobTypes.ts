import type { BackstageCredentials, LoggerService } from '@backstage/backend-plugin-api';
import type { JobConfig, JobRunTrigger, JobType, WebhookExchange } from '@maestro/plugin-maestro-common';

/** A job as its type runs it (the parts a run reads). */
export interface RunnableJob {
  id: string;
  name: string;
  type: JobType;
  owner: string;
  /** The type's stored configuration (webhook secrets sealed). */
  config: unknown;
}

/** The run being executed. */
export interface ExecutingRun {
  id: string;
  trigger: JobRunTrigger;
  queuedAt: string;
  startedAt: string;
  startedBy?: string;
}

/** What a run that succeeded answers: a line for the log, and the webhook call it made. */
export interface JobRunResult {
  summary?: string;
  webhook?: WebhookExchange;
}

/**
 * How a run fails with more than a message: the webhook call it made (kept in the run's log) and a summary. Any
 * other error fails the run with its message.
 */
export class JobRunFailure extends Error {
  readonly webhook?: WebhookExchange;
  readonly summary?: string;

  constructor(message: string, details: JobRunResult = {}) {
    super(message);
    this.name = 'JobRunFailure';
    this.webhook = details.webhook;
    this.summary = details.summary;
  }
}

/** What checking a configuration sees: where it is, the job it belongs to, and what was stored before. */
export interface ConfigContext {
  /** The field path of the configuration in the body (`config`). */
  field: string;
  /** The job's id (new jobs get theirs before the check: secrets are sealed bound to it). */
  jobId: string;
  /** The configuration stored before (an update): secrets sent without a value keep these. */
  previous?: unknown;
  /** Who saves the job (a type may check what they may do with what the job names). */
  credentials?: BackstageCredentials;
}

/**
 * One job type: how its configuration is checked when a job is saved (every problem pushed to `problems`, each
 * starting with its field), how it is answered (secrets never), and how a run executes it. A run answers its
 * result or throws (a {@link JobRunFailure} to keep the webhook call); it stops when `signal` aborts (the
 * backend shutting down: the run goes back to the queue).
 */
export interface JobTypeRunner {
  readonly type: JobType;
  /** The configuration to store, or undefined when `problems` got some. */
  readConfig(value: unknown, context: ConfigContext, problems: string[]): Promise<unknown | undefined>;
  /** The stored configuration as the API answers it. */
  redactConfig(stored: unknown): JobConfig;
  /** Executes one run: its result, or a throw (the run fails with the error's message). */
  run(
    job: RunnableJob,
    run: ExecutingRun,
    options: { signal: AbortSignal; logger: LoggerService },
  ): Promise<JobRunResult>;
}
