import { hostname } from 'node:os';
import { randomUUID } from 'node:crypto';
import { finished } from 'node:stream/promises';
import type { LoggerService } from '@backstage/backend-plugin-api';
import { Config, readDurationFromConfig } from '@backstage/config';
import { durationToMilliseconds } from '@backstage/types';
import type { NotificationService } from '@backstage/plugin-notifications-node';
import type { SignalsService } from '@backstage/plugin-signals-node';
import type { ReportExportFormat, ReportRun, SavedReport } from '@maestro/plugin-maestro-common';
import type { Knex } from 'knex';
import { JobAbortedError, JobRunner, throwIfAborted } from '../jobs';
import type { InventoryStore } from '../records/InventoryStore';
import { asOfRecordSource } from './asOfSource';
import { ExportFormat, exportReport } from './reportExport';
import { ReportRunNotices } from './ReportRunNotices';
import {
  ClaimedRun,
  ReportRunLostError,
  ReportRunRow,
  ReportRunStore,
  runFileName,
  toReportRun,
} from './ReportRunStore';
import { RunFileWriter } from './RunFileWriter';
import { runFormat } from './runFormats';
import { RecordSource, storeRecordSource } from './singleReport';

/** The job type of the poll that picks queued runs up, and of the retention of their files. */
export const REPORT_RUN_JOB_TYPE = 'report-run';
export const REPORT_RUN_RETENTION_JOB_TYPE = 'report-run-retention';

/** Default retention of a run's file: 7 days. */
export const DEFAULT_RUN_RETENTION_MS = 7 * 24 * 3600 * 1000;

/** A running run updates its heartbeat this often; one silent for {@link STALE_AFTER_MS} is failed. */
const HEARTBEAT_MS = 15_000;
const STALE_AFTER_MS = 2 * 60_000;
/** Runs one replica executes at once (more wait in the queue for this or another replica). */
const CONCURRENT_RUNS = 2;
/** A progress signal (and progress row update) at most this often, in records read. */
const PROGRESS_RECORDS = 5000;

const messageOf = (error: unknown) => ((error as Error)?.message ?? String(error)).slice(0, 2000);

/** The retention of run files from `maestro.reports.runs.retention` (a duration; default 7 days, at least a minute). */
export function runRetentionFromConfig(config: Config): number {
  const key = 'maestro.reports.runs.retention';
  if (!config.has(key)) return DEFAULT_RUN_RETENTION_MS;
  let ms: number;
  try {
    ms = durationToMilliseconds(readDurationFromConfig(config, { key }));
  } catch (error) {
    throw new Error(`${key}: must be a duration such as '7d', 'P7D' or { days: 7 } (${messageOf(error)})`);
  }
  if (!Number.isFinite(ms) || ms < 60_000) throw new Error(`${key}: must be at least one minute`);
  return ms;
}

export interface ReportRunsOptions {
  /** How long a run's file is kept after it ends (`maestro.reports.runs.retention`). */
  retentionMs: number;
  /** This replica's name in `claimed_by` (default: host name, process id and a random suffix). */
  replica?: string;
  /** Records read between two progress signals (default 5000). */
  progressRecords?: number;
}

/**
 * Asynchronous runs of saved reports into files, once across backend replicas sharing one database. A request
 * queues a run (a row) and the replica that received it starts it at once when it has room; a `report-run` job
 * (global scope: one replica at a time) polls every 5 s, fails runs whose replica went silent (heartbeat older than
 * 2 minutes: the replica died — they are failed, not re-queued, so a run that kills its replica is not retried
 * forever) and claims queued runs. Claiming is one atomic update, so a run executes exactly once. The file is
 * written to the database as it streams ({@link RunFileWriter}) so any replica can serve it, and kept for the
 * retention (the `report-run-retention` job deletes it later). The requester gets progress signals and a
 * notification at the end ({@link ReportRunNotices}). A run stopped by a shutdown goes back to the queue.
 */
export class ReportRuns {
  readonly #runs: ReportRunStore;
  readonly #inventory: Pick<InventoryStore, 'listRecords' | 'recordsAsOf' | 'prunedBefore'>;
  readonly #jobs: JobRunner;
  readonly #logger: LoggerService;
  readonly #notices: ReportRunNotices;
  readonly #options: Required<ReportRunsOptions>;
  readonly #active = new Map<string, Promise<void>>();
  readonly #shutdown = new AbortController();

  constructor(options: {
    db: Knex;
    inventory: Pick<InventoryStore, 'listRecords' | 'recordsAsOf' | 'prunedBefore'>;
    jobs: JobRunner;
    logger: LoggerService;
    signals?: SignalsService;
    notifications?: NotificationService;
    options: ReportRunsOptions;
  }) {
    this.#runs = new ReportRunStore(options.db);
    this.#inventory = options.inventory;
    this.#jobs = options.jobs;
    this.#logger = options.logger;
    this.#notices = new ReportRunNotices(options);
    this.#options = {
      replica: `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`,
      progressRecords: PROGRESS_RECORDS,
      ...options.options,
    };
  }

  get store(): ReportRunStore {
    return this.#runs;
  }

  /** Registers the poll and the retention with the scheduler (global tasks). */
  async start(): Promise<void> {
    await this.#jobs.schedule({
      id: 'maestro-report-runs',
      type: REPORT_RUN_JOB_TYPE,
      frequency: { seconds: 5 },
      timeout: { minutes: 1 },
      initialDelay: { seconds: 5 },
      run: () => this.poll().then(() => undefined),
    });
    await this.#jobs.schedule({
      id: 'maestro-report-run-retention',
      type: REPORT_RUN_RETENTION_JOB_TYPE,
      frequency: { hours: 1 },
      timeout: { minutes: 30 },
      initialDelay: { minutes: 1 },
      run: async ({ logger }) => {
        const { expired, forgotten } = await this.expire();
        if (expired || forgotten)
          logger.info(`Report runs: deleted ${expired} expired files, forgot ${forgotten} runs`);
      },
    });
  }

  /** Stops the runs of this replica (they go back to the queue) and waits for them. */
  async stop(): Promise<void> {
    this.#shutdown.abort();
    await this.idle();
  }

  /** Resolves once no run executes in this process. */
  async idle(): Promise<void> {
    while (this.#active.size) await Promise.allSettled([...this.#active.values()]);
  }

  /** Queues a run of a report in a format (checked by the caller), and starts it here when this replica has room. */
  async request(options: {
    report: SavedReport;
    format: ReportExportFormat;
    asOf?: string;
    requestedBy: string;
  }): Promise<ReportRun> {
    const row = await this.#runs.create({ ...options, now: this.#jobs.now() });
    if (this.#active.size < CONCURRENT_RUNS) this.#launch(row.id);
    return this.toApi(row);
  }

  /**
   * One tick of the `report-run` job: fails the runs of silent replicas (notifying their requesters), then claims
   * queued runs while this replica has room, and starts them (without waiting for them). Answers the ids started.
   */
  async poll(): Promise<string[]> {
    const now = this.#jobs.now();
    for (const row of await this.#runs.failStale(now - STALE_AFTER_MS, now, now + this.#options.retentionMs)) {
      this.#logger.warn(`Report run ${row.id} failed: ${row.error}`);
      await this.#notices.failed(this.#subject(row), row.error ?? 'failed');
    }
    const room = CONCURRENT_RUNS - this.#active.size;
    const started: string[] = [];
    if (room <= 0) return started;
    for (const id of await this.#runs.queued(room)) {
      if (this.#launch(id)) started.push(id);
    }
    return started;
  }

  /** Claims and executes one queued run in this process; false when another replica (or call) has it. */
  async execute(id: string): Promise<boolean> {
    const run = await this.#runs.claim(id, this.#options.replica, this.#jobs.now());
    if (!run) return false;
    await this.#execute(run);
    return true;
  }

  /** The retention: deletes the files of runs past `expiresAt`, and forgets runs expired a retention ago. */
  expire(): Promise<{ expired: number; forgotten: number }> {
    const now = this.#jobs.now();
    return this.#runs.expire(now, now - this.#options.retentionMs);
  }

  /** A run as the API shows it. */
  toApi(row: ReportRunRow): ReportRun {
    return toReportRun(row, runFormat(row.format)?.extension ?? row.format);
  }

  /** Starts a claim-and-run in the background (tracked for idle/stop); false when it was already going on here. */
  #launch(id: string): boolean {
    if (this.#active.has(id)) return false;
    const running = this.execute(id)
      .then(() => undefined)
      .catch(error => this.#logger.error(`Report run ${id} could not run: ${messageOf(error)}`))
      .finally(() => this.#active.delete(id));
    this.#active.set(id, running);
    return true;
  }

  #subject(row: ReportRunRow | ClaimedRun) {
    return 'report_id' in row
      ? { id: row.id, reportId: row.report_id, reportName: row.report_name, requestedBy: row.requested_by }
      : row;
  }

  async #execute(run: ClaimedRun): Promise<void> {
    const now = () => this.#jobs.now();
    const signal = this.#shutdown.signal;
    let recordsRead = 0;
    let rowsWritten = 0;
    let lastProgress = 0;
    const out = new RunFileWriter({ store: this.#runs, run, now });
    const progress = (status: string, extra: { rows?: number } = {}) =>
      this.#notices.publish(run, {
        runId: run.id,
        reportId: run.reportId,
        status,
        recordsRead,
        bytes: out.bytes,
        ...extra,
      });
    let lost: Error | undefined;
    const beat = () =>
      this.#runs.heartbeat(run, now(), { recordsRead }).catch(error => {
        if (error instanceof ReportRunLostError) lost = error;
      });
    const heartbeat = setInterval(beat, HEARTBEAT_MS);
    heartbeat.unref?.();
    progress('running');
    try {
      const base: RecordSource = run.asOf
        ? await asOfRecordSource(this.#inventory, run.asOf)
        : storeRecordSource(this.#inventory);
      const source: RecordSource = (kind, options) =>
        (async function* counted(self: ReportRuns) {
          for await (const page of base(kind, options)) {
            throwIfAborted(signal);
            if (lost ?? out.failure) throw lost ?? out.failure;
            recordsRead += page.length;
            if (recordsRead - lastProgress >= self.#options.progressRecords) {
              lastProgress = recordsRead;
              await beat();
              progress('running', { rows: rowsWritten });
            }
            yield page;
          }
        })(this);
      const rows = await exportReport(run.definition, source, run.format as ExportFormat, out, {
        ...(run.asOf ? { asOf: run.asOf } : {}),
        onProgress: written => {
          rowsWritten = written;
        },
      });
      out.end();
      await finished(out);
      if (out.failure) throw out.failure;
      const bytes = out.bytes;
      await this.#runs.succeed(run, {
        rows,
        bytes,
        recordsRead,
        now: now(),
        expiresAt: now() + this.#options.retentionMs,
      });
      progress('succeeded', { rows });
      const fileName = runFileName(run.reportName, runFormat(run.format)?.extension ?? run.format);
      await this.#notices.succeeded(run, { rows, bytes, fileName });
    } catch (error) {
      out.destroy();
      await this.#ended(run, error, recordsRead);
    } finally {
      clearInterval(heartbeat);
    }
  }

  /** A run that threw: back to the queue on shutdown, nothing when it was taken away, failed otherwise. */
  async #ended(run: ClaimedRun, error: unknown, recordsRead: number) {
    if (error instanceof JobAbortedError) {
      await this.#runs.requeue(run);
      this.#logger.info(`Report run ${run.id} stopped by the shutdown: queued again`);
      return;
    }
    if (error instanceof ReportRunLostError) {
      this.#logger.warn(messageOf(error));
      return;
    }
    const message = messageOf(error);
    const now = this.#jobs.now();
    if (!(await this.#runs.fail(run, message, now, now + this.#options.retentionMs))) return;
    this.#notices.publish(run, { runId: run.id, reportId: run.reportId, status: 'failed', recordsRead, bytes: 0 });
    await this.#notices.failed(run, message);
  }
}
