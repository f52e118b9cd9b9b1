import { randomUUID } from 'node:crypto';
import { NotFoundError } from '@backstage/errors';
import type { ReportDefinition, ReportExportFormat, ReportRun, SavedReport } from '@maestro/plugin-maestro-common';
import type { Knex } from 'knex';
import { shownName } from '../input/forbiddenKeys';

const RUNS = 'maestro_report_runs';
const CHUNKS = 'maestro_report_run_chunks';
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A run's row as stored. */
export interface ReportRunRow {
  id: string;
  report_id: string;
  report_name: string;
  definition: string;
  format: string;
  as_of: string | null;
  requested_by: string;
  requested_at: string;
  status: ReportRun['status'];
  claimed_by: string | null;
  heartbeat_at: string | null;
  started_at: string | null;
  finished_at: string | null;
  records_read: number | string;
  rows: number | string | null;
  bytes: number | string;
  chunks: number;
  error: string | null;
  expires_at: string | null;
  expired_at: string | null;
}

/** A claimed run, as the replica running it sees it. */
export interface ClaimedRun {
  id: string;
  claim: string;
  reportId: string;
  reportName: string;
  definition: ReportDefinition;
  format: ReportExportFormat;
  asOf?: string;
  requestedBy: string;
}

/** The run was taken from this replica (failed as stale, or expired): it must stop writing. */
export class ReportRunLostError extends Error {
  constructor(id: string) {
    super(`report run ${id} is no longer claimed by this replica`);
    this.name = 'ReportRunLostError';
  }
}

const iso = (ms: number) => new Date(ms).toISOString();
const num = (value: number | string | null) => (value === null ? undefined : Number(value));

/** The file name of a run's result: the report's name (safe characters only) and the format's extension. */
export function runFileName(reportName: string, extension: string): string {
  return `${reportName.replace(/[^A-Za-z0-9._-]+/g, '-')}.${extension}`;
}

/**
 * The runs of saved reports (`maestro_report_runs`) and their files (`maestro_report_run_chunks`), shared by every
 * backend replica through the plugin's database. A run is claimed by exactly one replica with an atomic
 * `UPDATE … WHERE status = 'queued'`; every later write of the run (progress, chunks, the outcome) is fenced by
 * that claim, so a replica whose run was taken away (stale heartbeat) cannot write into it any more.
 */
export class ReportRunStore {
  readonly #db: Knex;

  constructor(db: Knex) {
    this.#db = db;
  }

  /** Records a queued run of a report as it is now (its definition is copied: later edits do not change it). */
  async create(options: {
    report: SavedReport;
    format: ReportExportFormat;
    asOf?: string;
    requestedBy: string;
    now: number;
  }): Promise<ReportRunRow> {
    const row: ReportRunRow = {
      id: randomUUID(),
      report_id: options.report.id,
      report_name: options.report.name,
      definition: JSON.stringify(options.report.definition),
      format: options.format,
      as_of: options.asOf ?? null,
      requested_by: options.requestedBy,
      requested_at: iso(options.now),
      status: 'queued',
      claimed_by: null,
      heartbeat_at: null,
      started_at: null,
      finished_at: null,
      records_read: 0,
      rows: null,
      bytes: 0,
      chunks: 0,
      error: null,
      expires_at: null,
      expired_at: null,
    };
    await this.#db(RUNS).insert(row);
    return row;
  }

  /** A run; 404 naming the id otherwise. */
  async get(id: string): Promise<ReportRunRow> {
    const row = UUID.test(id) ? await this.#db<ReportRunRow>(RUNS).where({ id }).first() : undefined;
    if (!row) throw new NotFoundError(`no report run with id ${shownName(id)}`);
    return row;
  }

  /** A report's runs, newest first (only those of `requestedBy` when given), a page at a time. */
  async list(options: {
    reportId: string;
    requestedBy?: string;
    offset: number;
    limit: number;
  }): Promise<{ items: ReportRunRow[]; totalCount: number }> {
    const where = () => {
      const query = this.#db<ReportRunRow>(RUNS).where({ report_id: options.reportId });
      return options.requestedBy === undefined ? query : query.andWhere({ requested_by: options.requestedBy });
    };
    const [items, [{ count }]] = await Promise.all([
      where()
        .orderBy([
          { column: 'requested_at', order: 'desc' },
          { column: 'id', order: 'desc' },
        ])
        .offset(options.offset)
        .limit(options.limit),
      where().count({ count: '*' }),
    ]);
    return { items, totalCount: Number(count) };
  }

  /** Ids of queued runs, oldest first. */
  async queued(limit: number): Promise<string[]> {
    const rows = await this.#db<ReportRunRow>(RUNS)
      .where({ status: 'queued' })
      .orderBy([
        { column: 'requested_at', order: 'asc' },
        { column: 'id', order: 'asc' },
      ])
      .limit(limit)
      .select('id');
    return rows.map(r => r.id);
  }

  /**
   * Claims a queued run for `replica`: one atomic update that only one replica can win. Answers the claimed run,
   * or undefined when it is not (or no longer) queued.
   */
  async claim(id: string, replica: string, now: number): Promise<ClaimedRun | undefined> {
    const claim = `${replica}/${randomUUID()}`;
    const at = iso(now);
    const count = await this.#db(RUNS)
      .where({ id, status: 'queued' })
      .update({ status: 'running', claimed_by: claim, started_at: at, heartbeat_at: at });
    if (count !== 1) return undefined;
    const row = await this.get(id);
    return {
      id,
      claim,
      reportId: row.report_id,
      reportName: row.report_name,
      definition: JSON.parse(row.definition),
      format: row.format as ReportExportFormat,
      asOf: row.as_of ?? undefined,
      requestedBy: row.requested_by,
    };
  }

  /** Records a claimed run's progress and that its replica is alive; throws when the run is no longer its own. */
  async heartbeat(run: ClaimedRun, now: number, progress: { recordsRead: number }): Promise<void> {
    const count = await this.#owned(this.#db, run).update({
      heartbeat_at: iso(now),
      records_read: progress.recordsRead,
    });
    if (count !== 1) throw new ReportRunLostError(run.id);
  }

  /** Appends the next chunk of a claimed run's file (with the size so far); throws when the run is lost. */
  async appendChunk(run: ClaimedRun, seq: number, data: Buffer, bytes: number, now: number): Promise<void> {
    await this.#db.transaction(async tx => {
      const count = await this.#owned(tx, run).update({ chunks: seq + 1, bytes, heartbeat_at: iso(now) });
      if (count !== 1) throw new ReportRunLostError(run.id);
      await tx(CHUNKS).insert({ run_id: run.id, seq, data });
    });
  }

  /** Ends a claimed run that wrote its whole file. */
  async succeed(
    run: ClaimedRun,
    result: { rows: number; bytes: number; recordsRead: number; now: number; expiresAt: number },
  ): Promise<void> {
    const count = await this.#owned(this.#db, run).update({
      status: 'succeeded',
      rows: result.rows,
      bytes: result.bytes,
      records_read: result.recordsRead,
      finished_at: iso(result.now),
      heartbeat_at: iso(result.now),
      expires_at: iso(result.expiresAt),
    });
    if (count !== 1) throw new ReportRunLostError(run.id);
  }

  /** Ends a claimed run as failed with its error; its partial file is deleted. False when the run was lost. */
  async fail(run: ClaimedRun, error: string, now: number, expiresAt: number): Promise<boolean> {
    return this.#db.transaction(async tx => {
      const count = await this.#owned(tx, run).update(failure(error, now, expiresAt));
      if (count === 1) await tx(CHUNKS).where({ run_id: run.id }).delete();
      return count === 1;
    });
  }

  /** Puts a claimed run back in the queue (its replica stops: another one runs it from the start). */
  async requeue(run: ClaimedRun): Promise<void> {
    await this.#db.transaction(async tx => {
      const count = await this.#owned(tx, run).update({
        status: 'queued',
        claimed_by: null,
        heartbeat_at: null,
        started_at: null,
        records_read: 0,
        bytes: 0,
        chunks: 0,
      });
      if (count === 1) await tx(CHUNKS).where({ run_id: run.id }).delete();
    });
  }

  /**
   * Fails the running runs whose replica gave no sign of life since `before` (it died or lost the database), and
   * deletes their partial files. Answers the runs failed, as they are now.
   */
  async failStale(before: number, now: number, expiresAt: number): Promise<ReportRunRow[]> {
    const stale = await this.#db<ReportRunRow>(RUNS)
      .where({ status: 'running' })
      .andWhere('heartbeat_at', '<', iso(before));
    const failed: ReportRunRow[] = [];
    for (const row of stale) {
      const error = `the backend replica running it stopped (no sign of life since ${row.heartbeat_at})`;
      const done = await this.#db.transaction(async tx => {
        const count = await tx(RUNS)
          .where({ id: row.id, status: 'running', claimed_by: row.claimed_by })
          .update(failure(error, now, expiresAt));
        if (count === 1) await tx(CHUNKS).where({ run_id: row.id }).delete();
        return count === 1;
      });
      if (done) failed.push(await this.get(row.id));
    }
    return failed;
  }

  /**
   * Applies the retention: deletes the files of runs that ended before their `expires_at` (now past), marking them
   * expired (their file then answers 410), and deletes the rows of runs expired before `forgetBefore`. Answers
   * the counts.
   */
  async expire(now: number, forgetBefore: number): Promise<{ expired: number; forgotten: number }> {
    const due = await this.#db<ReportRunRow>(RUNS)
      .whereNull('expired_at')
      .andWhere('expires_at', '<=', iso(now))
      .select('id');
    for (const { id } of due) {
      await this.#db.transaction(async tx => {
        await tx(CHUNKS).where({ run_id: id }).delete();
        await tx(RUNS)
          .where({ id })
          .update({ expired_at: iso(now) });
      });
    }
    const old = await this.#db<ReportRunRow>(RUNS).where('expired_at', '<', iso(forgetBefore)).select('id');
    for (const { id } of old) {
      await this.#db.transaction(async tx => {
        await tx(CHUNKS).where({ run_id: id }).delete();
        await tx(RUNS).where({ id }).delete();
      });
    }
    return { expired: due.length, forgotten: old.length };
  }

  /** The chunks of a run's file, in order, one at a time (memory holds one chunk). */
  async *chunks(row: ReportRunRow): AsyncGenerator<Buffer> {
    for (let seq = 0; seq < row.chunks; seq += 1) {
      const chunk = await this.#db(CHUNKS).where({ run_id: row.id, seq }).first('data');
      if (!chunk) throw new NotFoundError(`report run ${row.id}: chunk ${seq} of its file is missing`);
      yield Buffer.from(chunk.data);
    }
  }

  /** How many chunk rows a run has (for tests and checks). */
  async chunkCount(id: string): Promise<number> {
    const [{ count }] = await this.#db(CHUNKS).where({ run_id: id }).count({ count: '*' });
    return Number(count);
  }

  #owned(db: Knex, run: ClaimedRun) {
    return db(RUNS).where({ id: run.id, status: 'running', claimed_by: run.claim });
  }
}

function failure(error: string, now: number, expiresAt: number) {
  return {
    status: 'failed',
    error: error.slice(0, 2000),
    finished_at: iso(now),
    heartbeat_at: iso(now),
    expires_at: iso(expiresAt),
    bytes: 0,
    chunks: 0,
  };
}

/** A run as the API shows it. */
export function toReportRun(row: ReportRunRow, extension: string): ReportRun {
  const started = row.started_at ? Date.parse(row.started_at) : undefined;
  const finished = row.finished_at ? Date.parse(row.finished_at) : undefined;
  const run: ReportRun = {
    id: row.id,
    reportId: row.report_id,
    reportName: row.report_name,
    format: row.format as ReportExportFormat,
    status: row.status,
    requestedBy: row.requested_by,
    requestedAt: row.requested_at,
    progress: { recordsRead: Number(row.records_read), bytes: Number(row.bytes) },
    bytes: Number(row.bytes),
    expired: row.expired_at !== null,
    fileName: runFileName(row.report_name, extension),
  };
  if (row.as_of) run.asOf = row.as_of;
  if (row.started_at) run.startedAt = row.started_at;
  if (row.finished_at) run.finishedAt = row.finished_at;
  if (started !== undefined && finished !== undefined) run.durationMs = finished - started;
  const rows = num(row.rows);
  if (rows !== undefined) run.rows = rows;
  if (row.error) run.error = row.error;
  if (row.expires_at) run.expiresAt = row.expires_at;
  return run;
}
