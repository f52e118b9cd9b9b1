import type { Knex } from 'knex';
import { ConflictError } from '@backstage/errors';
import type { JobRunTrigger } from '@maestro/plugin-maestro-common';
import { nextRunAt } from './jobSchedule';
import { iso, JOB_RUNS, JOBS, JobRow, StoredJob, toStoredJob } from './JobStore';
import {
  claimOf,
  ClaimedJobRun,
  cut,
  DISCOVERY_JOB_PREFIX,
  JobRunRow,
  maxReached,
  newRun,
  QueueOutcome,
  RunEnd,
  RunOutcome,
  toClaimed,
} from './jobRunRows';

export {
  DISCOVERY_JOB_PREFIX,
  toJobRun,
  type ClaimedJobRun,
  type JobRunRow,
  type QueueOutcome,
  type QueueRefusal,
  type RunEnd,
  type RunOutcome,
} from './jobRunRows';

/**
 * The runs of jobs (`maestro_job_runs`) and the counters they move on their job, shared by every backend replica
 * through the plugin's database. Exactly once comes from conditional updates: a scheduled run is queued only by
 * the replica whose `UPDATE … WHERE next_run_at = <the due time>` won, in the same transaction as its insert; any
 * other run only by the update that moved `total_runs` from the value read; a queued run is claimed by one
 * `UPDATE … WHERE status = 'queued'`; every later write of a run is fenced by its claim.
 */
export class JobRunStore {
  readonly #db: Knex;
  /** PostgreSQL locks a job's row while a run's end is applied to it; SQLite runs one transaction at a time. */
  readonly #lockRows: boolean;

  constructor(db: Knex) {
    this.#db = db;
    this.#lockRows = db.client.config.client === 'pg';
  }

  async get(id: string): Promise<JobRunRow | undefined> {
    return this.#db<JobRunRow>(JOB_RUNS).where({ id }).first();
  }

  /** A job's runs, newest first, `limit` at a time; `before` is the last run id of the previous page. */
  async list(
    jobId: string,
    options: { limit: number; before?: string },
  ): Promise<{ rows: JobRunRow[]; nextBefore?: string }> {
    let query = this.#db<JobRunRow>(JOB_RUNS).where({ job_id: jobId });
    if (options.before) {
      const anchor = await this.#db<JobRunRow>(JOB_RUNS).where({ id: options.before, job_id: jobId }).first();
      if (!anchor) return { rows: [] };
      query = query.andWhere(q =>
        q
          .where('queued_at', '<', anchor.queued_at)
          .orWhere(inner => inner.where('queued_at', anchor.queued_at).andWhere('id', '<', anchor.id)),
      );
    }
    const rows = await query
      .orderBy([
        { column: 'queued_at', order: 'desc' },
        { column: 'id', order: 'desc' },
      ])
      .limit(options.limit + 1);
    const more = rows.length > options.limit;
    const page = rows.slice(0, options.limit);
    return { rows: page, ...(more ? { nextBefore: page[page.length - 1].id } : {}) };
  }

  /** The runs with these ids, by id (the last run of each job in a list). */
  async byIds(ids: string[]): Promise<Map<string, JobRunRow>> {
    const rows: JobRunRow[] = [];
    for (let i = 0; i < ids.length; i += 500) {
      rows.push(...(await this.#db<JobRunRow>(JOB_RUNS).whereIn('id', ids.slice(i, i + 500))));
    }
    return new Map(rows.map(row => [row.id, row]));
  }

  /**
   * Queues a run of a job (run now, a chain, a rule) and counts it on the job, in one transaction (the caller's
   * when given). The count moves only from the value read, so two callers racing count two runs; the run that
   * reaches `maxExecutions` disables the job. Refused when the job is gone, has run its maximum, or is disabled
   * and `requireEnabled`.
   */
  async queue(
    jobId: string,
    options: { trigger: JobRunTrigger; startedBy?: string; now: number; notBefore?: number; requireEnabled?: boolean },
    db?: Knex.Transaction,
  ): Promise<QueueOutcome> {
    const work = async (tx: Knex.Transaction): Promise<QueueOutcome> => {
      for (let attempt = 0; attempt < 10; attempt += 1) {
        const row = await tx<JobRow>(JOBS).where({ id: jobId }).first();
        if (!row) return { refused: 'gone' };
        const job = toStoredJob(row);
        if (job.maxExecutions > 0 && job.totalRuns >= job.maxExecutions) return { refused: 'max-executions', job };
        if (options.requireEnabled && !job.enabled) return { refused: 'disabled', job };
        const last = job.maxExecutions > 0 && job.totalRuns + 1 >= job.maxExecutions;
        const count = await tx(JOBS)
          .where({ id: jobId, total_runs: row.total_runs })
          .update({ total_runs: job.totalRuns + 1, ...(last ? maxReached(job.maxExecutions) : {}) });
        if (count !== 1) continue; // counted by someone else meanwhile: read again
        const run = newRun(jobId, {
          trigger: options.trigger,
          startedBy: options.startedBy,
          queuedAt: iso(options.now),
          notBefore: iso(options.notBefore ?? options.now),
        });
        await tx(JOB_RUNS).insert(run);
        return { run, job: toStoredJob((await tx<JobRow>(JOBS).where({ id: jobId }).first())!) };
      }
      throw new ConflictError(`job ${jobId} is being started by others at this moment: try again`);
    };
    return db ? work(db) : this.#db.transaction(work);
  }

  /**
   * Queues the scheduled runs of the jobs due at `now`: for each, one conditional update moves its next run on
   * (from the due time read) and counts the run, and only the replica whose update won inserts the run, in the
   * same transaction. Jobs are taken `batch` at a time, in transactions of `chunk` jobs locked in id order (two
   * dispatchers never wait on each other in a cycle), until none is due or `deadline` (ms) passed. Answers the
   * runs queued.
   */
  async dispatchDue(now: number, options: { batch: number; chunk: number; deadline: number }): Promise<JobRunRow[]> {
    const queued: JobRunRow[] = [];
    for (let round = 0; round < 1000 && Date.now() < options.deadline; round += 1) {
      const due = await this.#db<JobRow>(JOBS)
        .where({ enabled: true })
        .whereNotNull('next_run_at')
        .andWhere('next_run_at', '<=', iso(now))
        .orderBy([
          { column: 'next_run_at', order: 'asc' },
          { column: 'id', order: 'asc' },
        ])
        .limit(options.batch);
      for (let i = 0; i < due.length; i += options.chunk) {
        const chunk = due.slice(i, i + options.chunk).sort((a, b) => (a.id < b.id ? -1 : 1));
        queued.push(...(await this.#db.transaction(tx => this.#dispatchChunk(tx, chunk, now))));
      }
      if (due.length < options.batch) break;
    }
    return queued;
  }

  async #dispatchChunk(tx: Knex.Transaction, rows: JobRow[], now: number): Promise<JobRunRow[]> {
    const queued: JobRunRow[] = [];
    for (const row of rows) {
      const job = toStoredJob(row);
      const dueAt = row.next_run_at!;
      const owned = tx(JOBS).where({ id: row.id, next_run_at: dueAt, total_runs: row.total_runs, enabled: true });
      if (job.maxExecutions > 0 && job.totalRuns >= job.maxExecutions) {
        await owned.update(maxReached(job.maxExecutions)); // saved so before the limit existed: stop here
        continue;
      }
      const last = job.maxExecutions > 0 && job.totalRuns + 1 >= job.maxExecutions;
      const next = last ? undefined : nextRunAt(job.schedule, now, Date.parse(dueAt));
      const count = await owned.update({
        total_runs: job.totalRuns + 1,
        next_run_at: next === undefined ? null : iso(next),
        ...(last ? maxReached(job.maxExecutions) : {}),
      });
      if (count !== 1) continue; // another replica dispatched it, or it was changed meanwhile
      const run = newRun(row.id, { trigger: 'schedule', queuedAt: dueAt, notBefore: dueAt });
      await tx(JOB_RUNS).insert(run);
      queued.push(run);
    }
    return queued;
  }

  /** Ids of queued runs a worker may claim at `now` (oldest first), built-in discovery runs excepted. */
  async claimable(now: number, limit: number): Promise<string[]> {
    const rows = await this.#db<JobRunRow>(JOB_RUNS)
      .where({ status: 'queued' })
      .andWhere('not_before', '<=', iso(now))
      .andWhereNot('job_id', 'like', `${DISCOVERY_JOB_PREFIX}%`)
      .orderBy([
        { column: 'not_before', order: 'asc' },
        { column: 'id', order: 'asc' },
      ])
      .limit(limit)
      .select('id');
    return rows.map(r => r.id);
  }

  /** Claims a queued run for `replica`: one atomic update only one replica wins. Undefined when it lost. */
  async claim(id: string, replica: string, now: number): Promise<ClaimedJobRun | undefined> {
    const claim = claimOf(replica);
    const at = iso(now);
    const [row] = await this.#db<JobRunRow>(JOB_RUNS)
      .where({ id, status: 'queued' })
      .andWhere('not_before', '<=', at)
      .update({ status: 'running', claimed_by: claim, started_at: at, heartbeat_at: at })
      .returning('*');
    return row ? toClaimed(row as JobRunRow) : undefined;
  }

  /**
   * Claims up to `limit` queued runs whose `not_before` passed, oldest first, for `replica`. On PostgreSQL one
   * statement takes them (`FOR UPDATE SKIP LOCKED` in a materialized CTE): replicas claiming at once take different
   * runs instead of racing for the same ones. On SQLite (one writer at a time) each is claimed in turn.
   */
  async claimNext(replica: string, now: number, limit: number): Promise<ClaimedJobRun[]> {
    if (limit <= 0) return [];
    const at = iso(now);
    if (!this.#lockRows) {
      const claimed: ClaimedJobRun[] = [];
      for (const id of await this.claimable(now, limit)) {
        const run = await this.claim(id, replica, now);
        if (run) claimed.push(run);
      }
      return claimed;
    }
    const result = await this.#db.raw(
      `with picked as materialized (
         select id from ${JOB_RUNS}
         where status = 'queued' and not_before <= ? and job_id not like ?
         order by not_before, id
         limit ?
         for update skip locked
       )
       update ${JOB_RUNS} as runs
       set status = 'running', claimed_by = ?, started_at = ?, heartbeat_at = ?
       from picked
       where runs.id = picked.id and runs.status = 'queued'
       returning runs.*`,
      [at, `${DISCOVERY_JOB_PREFIX}%`, limit, claimOf(replica), at, at],
    );
    return (result.rows as JobRunRow[]).map(toClaimed);
  }

  /** Records that a claimed run's replica is alive; false when the run is no longer its own. */
  async heartbeat(run: ClaimedJobRun, now: number): Promise<boolean> {
    return (await this.#owned(this.#db, run).update({ heartbeat_at: iso(now) })) === 1;
  }

  /** Puts a claimed run back in the queue (its replica shuts down: another one runs it from the start). */
  async requeue(run: ClaimedJobRun): Promise<boolean> {
    const count = await this.#owned(this.#db, run).update({
      status: 'queued',
      claimed_by: null,
      heartbeat_at: null,
      started_at: null,
    });
    return count === 1;
  }

  /**
   * Ends a claimed run and applies it to its job, in one transaction: the run's outcome; the job's last run and
   * consecutive failures; the job disabled at its `disableAfterFailures`-th failure in a row; the chained run
   * queued (its delay as `not_before`) or, when its job is gone, disabled or out of runs, a note in the summary.
   * Undefined when the run is no longer this replica's (nothing written).
   */
  async end(run: ClaimedJobRun, outcome: RunOutcome, now: number): Promise<RunEnd | undefined> {
    return this.#db.transaction(async tx => {
      const ended = {
        status: outcome.status,
        finished_at: iso(now),
        heartbeat_at: iso(now),
        duration_ms: Math.max(0, now - Date.parse(run.startedAt)),
        error: outcome.status === 'failed' ? cut(outcome.error ?? 'failed') : null,
        summary: cut(outcome.summary),
        webhook: outcome.webhook ? JSON.stringify(outcome.webhook) : null,
      };
      const [row] = await this.#owned(tx, run).update(ended).returning('*');
      return row ? this.#applyToJob(tx, row as JobRunRow, now) : undefined;
    });
  }

  /**
   * Fails the running runs whose replica gave no sign of life since `before` (it was killed, or lost the
   * database) with `error`, each applied to its job like any failure (failure count, chain on failure). A run is
   * failed by one replica only (conditional on the claim and heartbeat read). Answers what each end changed.
   */
  async failStale(before: number, now: number, error: string): Promise<RunEnd[]> {
    const stale = await this.#db<JobRunRow>(JOB_RUNS)
      .where({ status: 'running' })
      .andWhere('heartbeat_at', '<', iso(before))
      .andWhereNot('job_id', 'like', `${DISCOVERY_JOB_PREFIX}%`)
      .limit(500);
    const ends: RunEnd[] = [];
    for (const row of stale) {
      const end = await this.#db.transaction(async tx => {
        const count = await tx(JOB_RUNS)
          .where({ id: row.id, status: 'running', claimed_by: row.claimed_by, heartbeat_at: row.heartbeat_at })
          .update({
            status: 'failed',
            error: cut(error),
            finished_at: iso(now),
            duration_ms: row.started_at ? Math.max(0, now - Date.parse(row.started_at)) : null,
          });
        if (count !== 1) return undefined;
        return this.#applyToJob(tx, (await tx<JobRunRow>(JOB_RUNS).where({ id: row.id }).first())!, now);
      });
      if (end) ends.push(end);
    }
    return ends;
  }

  async #applyToJob(tx: Knex.Transaction, ended: JobRunRow, now: number): Promise<RunEnd> {
    let run = ended;
    const query = tx<JobRow>(JOBS).where({ id: run.job_id });
    const row = await (this.#lockRows ? query.forUpdate() : query).first();
    if (!row) return { run, disabledForFailures: false, recovered: false };
    const job = toStoredJob(row);
    const failed = run.status === 'failed';
    const failures = failed ? job.consecutiveFailures + 1 : 0;
    const disabledForFailures =
      failed && job.enabled && job.disableAfterFailures > 0 && failures >= job.disableAfterFailures;
    const recovered = !failed && job.failingNotified;
    const reason = `disabled after ${failures} consecutive failures`;
    await tx(JOBS)
      .where({ id: job.id })
      .update({
        last_run_id: run.id,
        consecutive_failures: failures,
        ...(disabledForFailures
          ? { enabled: false, next_run_at: null, failing_notified: true, disabled_reason: reason }
          : {}),
        ...(recovered ? { failing_notified: false } : {}),
      });
    let chained: JobRunRow | undefined;
    const link = failed ? job.onFailure : job.onSuccess;
    if (link) {
      const queued = await this.queue(
        link.jobId,
        {
          trigger: 'chain',
          startedBy: run.id,
          now,
          notBefore: now + (link.delaySeconds ?? 0) * 1000,
          requireEnabled: true,
        },
        tx,
      );
      if ('run' in queued) {
        chained = queued.run;
      } else {
        const why = {
          gone: 'does not exist any more',
          disabled: 'is disabled',
          'max-executions': 'reached its max executions',
        }[queued.refused];
        const note = `chain ${failed ? 'on failure' : 'on success'} to job ${link.jobId} not started: it ${why}`;
        run = { ...run, summary: cut(run.summary ? `${run.summary}; ${note}` : note) };
        await tx(JOB_RUNS).where({ id: run.id }).update({ summary: run.summary });
      }
    }
    const after: StoredJob = { ...job, lastRunId: run.id, consecutiveFailures: failures };
    if (disabledForFailures) {
      Object.assign(after, { enabled: false, failingNotified: true, disabledReason: reason });
      delete after.nextRunAt;
    }
    if (recovered) after.failingNotified = false;
    return { run, job: after, disabledForFailures, recovered, ...(chained ? { chained } : {}) };
  }

  #owned(db: Knex, run: ClaimedJobRun) {
    return db(JOB_RUNS).where({ id: run.id, status: 'running', claimed_by: run.claim });
  }
}
