/**
 * Jobs on the wire: user-defined scheduled work (webhook calls, discovery runs, report runs) and the built-in jobs
 * (each discovery list, history retention), their schedules, chains and run logs. Shared by the backend's jobs
 * feature (`/api/maestro/jobs…`) and the Jobs page.
 */
import type { ReportExportFormat } from './reports';
import type { WebhookExchange, WebhookTarget } from './webhooks';

/** Job types. @public */
export const JOB_TYPES = ['webhook', 'discovery', 'report', 'history-retention'] as const;
/** @public */
export type JobType = (typeof JOB_TYPES)[number];

/**
 * When a job runs: every `minutes` (at least 1), on a cron expression (5 fields, or 6 with seconds) in an IANA
 * time zone (default UTC), or only when started (run now, a chain, an event rule).
 * @public
 */
export type JobSchedule =
  | { type: 'interval'; minutes: number }
  | { type: 'cron'; expression: string; timeZone?: string }
  | { type: 'manual' };

/** A job to start after a run ends, optionally after a delay. @public */
export interface JobChainLink {
  jobId: string;
  /** Seconds to wait before the chained run (0–86400, default 0). */
  delaySeconds?: number;
}

/** Calls a webhook; its body template sees `job`, `run` and `now`. @public */
export interface WebhookJobConfig {
  webhook: WebhookTarget;
}

/** Runs lists of a discovery connection (every enabled list when `lists` is absent). @public */
export interface DiscoveryJobConfig {
  connectionId: string;
  lists?: string[];
}

/** Where a report job delivers its export. @public */
export type ReportDelivery =
  | { type: 'webhook'; webhook: WebhookTarget }
  | { type: 'notification'; recipients: string[] };

/** Runs a saved report into an export file and delivers it. @public */
export interface ReportJobConfig {
  reportId: string;
  format: ReportExportFormat;
  delivery: ReportDelivery;
}

/** History retention takes its age from `maestro.history.retentionDays`. @public */
export type HistoryRetentionJobConfig = Record<string, never>;

/** @public */
export type JobConfig = WebhookJobConfig | DiscoveryJobConfig | ReportJobConfig | HistoryRetentionJobConfig;

/** How a run was started. @public */
export type JobRunTrigger = 'schedule' | 'manual' | 'chain' | 'rule';

/** @public */
export type JobRunStatus = 'queued' | 'running' | 'succeeded' | 'failed';

/** One run of a job, as its log shows it. @public */
export interface JobRun {
  id: string;
  jobId: string;
  trigger: JobRunTrigger;
  status: JobRunStatus;
  /** When it was due (a scheduled run) or asked for. */
  queuedAt: string;
  /** Not started before this time (a chain's delay). */
  notBefore?: string;
  startedAt?: string;
  finishedAt?: string;
  durationMs?: number;
  error?: string;
  /** The run that chained this one, or the rule delivery that started it. */
  startedBy?: string;
  /** Webhook jobs (and report jobs delivering to a webhook): the call made. */
  webhook?: WebhookExchange;
  /** What the run did, in a line (discovery: records seen; report: rows and bytes; retention: changes pruned). */
  summary?: string;
}

/** A job as the API answers it. @public */
export interface MaestroJob {
  id: string;
  name: string;
  type: JobType;
  enabled: boolean;
  /** Built-in jobs (a discovery list, history retention) are listed and run here; they are changed elsewhere. */
  builtIn: boolean;
  /** User or group ref notified when the job is disabled for its failures and when it recovers. */
  owner: string;
  description?: string;
  schedule: JobSchedule;
  /** Runs allowed in all (0 = no limit); the job disables itself after the last one. */
  maxExecutions: number;
  /** Consecutive failed runs that disable the job (0 = never). */
  disableAfterFailures: number;
  onSuccess?: JobChainLink;
  onFailure?: JobChainLink;
  config: JobConfig;
  totalRuns: number;
  consecutiveFailures: number;
  lastRun?: Pick<JobRun, 'id' | 'status' | 'startedAt' | 'finishedAt' | 'durationMs' | 'error'>;
  nextRunAt?: string;
  /** Why the job was disabled by itself (max executions reached, consecutive failures). */
  disabledReason?: string;
  createdAt?: string;
  createdBy?: string;
  updatedAt?: string;
  updatedBy?: string;
}

/** The body of `POST /jobs` and `PUT /jobs/{id}` (secrets write-only: see WebhookHeader). @public */
export interface JobInput {
  name: string;
  type: Exclude<JobType, 'history-retention'>;
  enabled?: boolean;
  owner?: string;
  description?: string;
  schedule: JobSchedule;
  maxExecutions?: number;
  disableAfterFailures?: number;
  onSuccess?: JobChainLink | null;
  onFailure?: JobChainLink | null;
  config: JobConfig;
}

/** @public */
export interface JobListResponse {
  jobs: MaestroJob[];
}

/** @public */
export interface JobRunListResponse {
  runs: JobRun[];
  /** Pass as `before` for older runs. */
  nextBefore?: string;
}
