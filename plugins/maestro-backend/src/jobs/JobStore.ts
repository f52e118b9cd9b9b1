import type { JobChainLink, JobSchedule, JobType } from '@maestro/plugin-maestro-common';
import type { Knex } from 'knex';

export const JOBS = 'maestro_jobs';
export const JOB_RUNS = 'maestro_job_runs';

/** A row of `maestro_jobs` as stored (booleans are 0/1 on SQLite; JSON as text, decision 0005). */
export interface JobRow {
  id: string;
  name: string;
  type: string;
  enabled: boolean | number;
  built_in: boolean | number;
  owner: string;
  description: string | null;
  schedule: string;
  config: string;
  max_executions: number;
  disable_after_failures: number;
  on_success: string | null;
  on_failure: string | null;
  total_runs: number;
  consecutive_failures: number;
  failing_notified: boolean | number;
  disabled_reason: string | null;
  next_run_at: string | null;
  last_run_id: string | null;
  created_at: string;
  created_by: string;
  updated_at: string;
  updated_by: string;
}

/** A job as the code reads it: JSON parsed, booleans as booleans, the configuration as stored (secrets sealed). */
export interface StoredJob {
  id: string;
  name: string;
  type: JobType;
  enabled: boolean;
  builtIn: boolean;
  owner: string;
  description?: string;
  schedule: JobSchedule;
  config: unknown;
  maxExecutions: number;
  disableAfterFailures: number;
  onSuccess?: JobChainLink;
  onFailure?: JobChainLink;
  totalRuns: number;
  consecutiveFailures: number;
  failingNotified: boolean;
  disabledReason?: string;
  nextRunAt?: string;
  lastRunId?: string;
  createdAt: string;
  createdBy: string;
  updatedAt: string;
  updatedBy: string;
}

/** What a save writes: the definition (counters, next run and the rest are the store's). */
export interface JobDefinitionValues {
  name: string;
  type: JobType;
  enabled: boolean;
  owner: string;
  description?: string;
  schedule: JobSchedule;
  config: unknown;
  maxExecutions: number;
  disableAfterFailures: number;
  onSuccess?: JobChainLink;
  onFailure?: JobChainLink;
}

export const iso = (ms: number) => new Date(ms).toISOString();
const json = <T>(text: string | null): T | undefined => (text ? (JSON.parse(text) as T) : undefined);

/** A stored row read into a job. */
export function toStoredJob(row: JobRow): StoredJob {
  const job: StoredJob = {
    id: row.id,
    name: row.name,
    type: row.type as JobType,
    enabled: !!row.enabled,
    builtIn: !!row.built_in,
    owner: row.owner,
    schedule: JSON.parse(row.schedule),
    config: JSON.parse(row.config),
    maxExecutions: Number(row.max_executions),
    disableAfterFailures: Number(row.disable_after_failures),
    totalRuns: Number(row.total_runs),
    consecutiveFailures: Number(row.consecutive_failures),
    failingNotified: !!row.failing_notified,
    createdAt: row.created_at,
    createdBy: row.created_by,
    updatedAt: row.updated_at,
    updatedBy: row.updated_by,
  };
  const onSuccess = json<JobChainLink>(row.on_success);
  const onFailure = json<JobChainLink>(row.on_failure);
  if (row.description) job.description = row.description;
  if (onSuccess) job.onSuccess = onSuccess;
  if (onFailure) job.onFailure = onFailure;
  if (row.disabled_reason) job.disabledReason = row.disabled_reason;
  if (row.next_run_at) job.nextRunAt = row.next_run_at;
  if (row.last_run_id) job.lastRunId = row.last_run_id;
  return job;
}

function definitionColumns(values: JobDefinitionValues) {
  return {
    name: values.name,
    type: values.type,
    enabled: values.enabled,
    owner: values.owner,
    description: values.description ?? null,
    schedule: JSON.stringify(values.schedule),
    config: JSON.stringify(values.config),
    max_executions: values.maxExecutions,
    disable_after_failures: values.disableAfterFailures,
    on_success: values.onSuccess ? JSON.stringify(values.onSuccess) : null,
    on_failure: values.onFailure ? JSON.stringify(values.onFailure) : null,
  };
}

/**
 * The jobs (`maestro_jobs`): user-defined jobs and the built-in history retention. Saving writes a job's
 * definition only: its counters (total runs, consecutive failures) and its next run belong to the dispatcher and
 * the runs ({@link JobRunStore}), which change them with conditional updates, so a save never undoes a run's count.
 */
export class JobStore {
  readonly #db: Knex;

  constructor(db: Knex) {
    this.#db = db;
  }

  async get(id: string, db: Knex = this.#db): Promise<StoredJob | undefined> {
    const row = await db<JobRow>(JOBS).where({ id }).first();
    return row ? toStoredJob(row) : undefined;
  }

  /** Every job in the table, by name. */
  async list(): Promise<StoredJob[]> {
    const rows = await this.#db<JobRow>(JOBS).orderBy([
      { column: 'name', order: 'asc' },
      { column: 'id', order: 'asc' },
    ]);
    return rows.map(toStoredJob);
  }

  /** Records a new job with its first run time (none when manual or disabled). */
  async insert(
    id: string,
    values: JobDefinitionValues,
    meta: { actor: string; now: number; nextRunAt?: number; builtIn?: boolean },
  ): Promise<StoredJob> {
    const at = iso(meta.now);
    await this.#db(JOBS).insert({
      id,
      ...definitionColumns(values),
      built_in: meta.builtIn ?? false,
      total_runs: 0,
      consecutive_failures: 0,
      failing_notified: false,
      disabled_reason: null,
      next_run_at: meta.nextRunAt === undefined ? null : iso(meta.nextRunAt),
      last_run_id: null,
      created_at: at,
      created_by: meta.actor,
      updated_at: at,
      updated_by: meta.actor,
    });
    return (await this.get(id))!;
  }

  /**
   * Inserts a built-in job unless it exists (every replica does at start-up: the first one wins, the others leave
   * it as it is, with the changes people made to it).
   */
  async ensure(
    id: string,
    values: JobDefinitionValues,
    meta: { now: number; nextRunAt?: number; disabledReason?: string },
  ): Promise<void> {
    const at = iso(meta.now);
    await this.#db(JOBS)
      .insert({
        id,
        ...definitionColumns(values),
        built_in: true,
        total_runs: 0,
        consecutive_failures: 0,
        failing_notified: false,
        disabled_reason: meta.disabledReason ?? null,
        next_run_at: meta.nextRunAt === undefined ? null : iso(meta.nextRunAt),
        created_at: at,
        created_by: 'maestro',
        updated_at: at,
        updated_by: 'maestro',
      })
      .onConflict('id')
      .ignore();
  }

  /**
   * Writes a job's new definition. `nextRunAt` replaces the next run when given (null: none); `reenabled` clears
   * why the job disabled itself and its count of consecutive failures. Answers the job as it is now, or
   * undefined when it is gone.
   */
  async update(
    id: string,
    values: JobDefinitionValues,
    meta: { actor: string; now: number; nextRunAt?: number | null; reenabled?: boolean },
  ): Promise<StoredJob | undefined> {
    const count = await this.#db(JOBS)
      .where({ id })
      .update({
        ...definitionColumns(values),
        ...(meta.nextRunAt !== undefined ? { next_run_at: meta.nextRunAt === null ? null : iso(meta.nextRunAt) } : {}),
        ...(meta.reenabled ? { disabled_reason: null, consecutive_failures: 0 } : {}),
        ...(!values.enabled ? { next_run_at: null } : {}),
        updated_at: iso(meta.now),
        updated_by: meta.actor,
      });
    return count === 1 ? this.get(id) : undefined;
  }

  /**
   * Turns a job on or off (built-in jobs: the one change people make to them). Turning it on clears why it
   * disabled itself and its consecutive failures; `disabledReason` says why Maestro turns it off.
   */
  async setEnabled(
    id: string,
    enabled: boolean,
    meta: { actor: string; now: number; nextRunAt?: number; disabledReason?: string },
  ): Promise<StoredJob | undefined> {
    await this.#db(JOBS)
      .where({ id })
      .update({
        enabled,
        next_run_at: enabled && meta.nextRunAt !== undefined ? iso(meta.nextRunAt) : null,
        ...(enabled ? { disabled_reason: null, consecutive_failures: 0 } : {}),
        ...(!enabled && meta.disabledReason ? { disabled_reason: meta.disabledReason } : {}),
        updated_at: iso(meta.now),
        updated_by: meta.actor,
      });
    return this.get(id);
  }

  /** Deletes a job with its whole log (a run going on ends without writing: its row is gone). */
  async delete(id: string): Promise<boolean> {
    return this.#db.transaction(async tx => {
      await tx(JOB_RUNS).where({ job_id: id }).delete();
      return (await tx(JOBS).where({ id }).delete()) === 1;
    });
  }

  /** The jobs that chain to `id` (on success or on failure), other than itself. */
  async chainingTo(id: string): Promise<StoredJob[]> {
    const rows = await this.#db<JobRow>(JOBS)
      .whereNot({ id })
      .andWhere(q => q.whereNotNull('on_success').orWhereNotNull('on_failure'));
    return rows.map(toStoredJob).filter(job => job.onSuccess?.jobId === id || job.onFailure?.jobId === id);
  }

  /** The chain links of every job: id → the jobs it starts (for cycle checks). */
  async chainGraph(): Promise<Map<string, string[]>> {
    const rows = await this.#db<JobRow>(JOBS).select('id', 'on_success', 'on_failure');
    return new Map(
      rows.map(row => [
        row.id,
        [json<JobChainLink>(row.on_success)?.jobId, json<JobChainLink>(row.on_failure)?.jobId].filter(
          (target): target is string => !!target,
        ),
      ]),
    );
  }
}
