/** The rows of `maestro_job_runs` and what the code reads of them: types, a new run, claims, the API answer. */
import { randomUUID } from 'node:crypto';
import type { JobRun, JobRunStatus, JobRunTrigger, WebhookExchange } from '@maestro/plugin-maestro-common';
import type { StoredJob } from './JobStore';

/** A row of `maestro_job_runs` as stored. */
export interface JobRunRow {
  id: string;
  job_id: string;
  trigger: JobRunTrigger;
  status: JobRunStatus;
  queued_at: string;
  not_before: string;
  claimed_by: string | null;
  heartbeat_at: string | null;
  started_at: string | null;
  finished_at: string | null;
  duration_ms: number | null;
  error: string | null;
  started_by: string | null;
  webhook: string | null;
  summary: string | null;
}

/** A run claimed by this replica: every later write is fenced by `claim`. */
export interface ClaimedJobRun {
  id: string;
  jobId: string;
  claim: string;
  trigger: JobRunTrigger;
  queuedAt: string;
  startedAt: string;
  startedBy?: string;
}

/** How a run ended. */
export interface RunOutcome {
  status: 'succeeded' | 'failed';
  error?: string;
  summary?: string;
  webhook?: WebhookExchange;
}

/** What ending a run changed: the run, its job after it, the transitions to tell the owner, the run it chained. */
export interface RunEnd {
  run: JobRunRow;
  job?: StoredJob;
  /** This failure disabled the job (its `disableAfterFailures`-th in a row). */
  disabledForFailures: boolean;
  /** The first success after the job was disabled for its failures. */
  recovered: boolean;
  chained?: JobRunRow;
}

/** Why a run was not queued: the job is gone, disabled (a chain or a rule needs it enabled), or ran its maximum. */
export type QueueRefusal = 'gone' | 'disabled' | 'max-executions';

export type QueueOutcome = { run: JobRunRow; job: StoredJob } | { refused: QueueRefusal; job?: StoredJob };

/** Runs of the built-in discovery jobs are logged here but run by discovery itself: workers never claim them. */
export const DISCOVERY_JOB_PREFIX = 'discovery:';

const MAX_TEXT = 2000;
/** Text cut to what a run row keeps. */
export const cut = (text: string | undefined) => (text === undefined ? null : text.slice(0, MAX_TEXT));

/** What a job that ran its last allowed run becomes. */
export const maxReached = (max: number) => ({
  enabled: false,
  next_run_at: null,
  disabled_reason: `max executions reached (${max})`,
});

/** A new queued run of a job. */
export function newRun(
  jobId: string,
  values: { trigger: JobRunTrigger; startedBy?: string; queuedAt: string; notBefore: string },
): JobRunRow {
  return {
    id: randomUUID(),
    job_id: jobId,
    trigger: values.trigger,
    status: 'queued',
    queued_at: values.queuedAt,
    not_before: values.notBefore,
    claimed_by: null,
    heartbeat_at: null,
    started_at: null,
    finished_at: null,
    duration_ms: null,
    error: null,
    started_by: values.startedBy ? values.startedBy.slice(0, 255) : null,
    webhook: null,
    summary: null,
  };
}

/** A claim token: the replica and a random suffix (every later write of the run is fenced by it). */
export const claimOf = (replica: string) => `${replica}/${randomUUID().slice(0, 8)}`.slice(-128);

/** The claim a claimed run's row stands for. */
export function toClaimed(row: JobRunRow): ClaimedJobRun {
  return {
    id: row.id,
    jobId: row.job_id,
    claim: row.claimed_by!,
    trigger: row.trigger,
    queuedAt: row.queued_at,
    startedAt: row.started_at!,
    ...(row.started_by ? { startedBy: row.started_by } : {}),
  };
}

/** A run as the API shows it. */
export function toJobRun(row: JobRunRow): JobRun {
  const run: JobRun = {
    id: row.id,
    jobId: row.job_id,
    trigger: row.trigger,
    status: row.status,
    queuedAt: row.queued_at,
  };
  if (row.not_before && row.not_before !== row.queued_at) run.notBefore = row.not_before;
  if (row.started_at) run.startedAt = row.started_at;
  if (row.finished_at) run.finishedAt = row.finished_at;
  if (row.duration_ms !== null && row.duration_ms !== undefined) run.durationMs = Number(row.duration_ms);
  if (row.error) run.error = row.error;
  if (row.started_by) run.startedBy = row.started_by;
  if (row.webhook) run.webhook = JSON.parse(row.webhook);
  if (row.summary) run.summary = row.summary;
  return run;
}
