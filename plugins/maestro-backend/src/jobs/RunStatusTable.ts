import type { Knex } from 'knex';
import { isDue } from './schedule';

/** The columns every run status row has (besides its key and the job type's own columns). */
export interface RunStatusColumns {
  /** `never` until the first run, `running`, then the job type's outcome (`success`, `error` …). */
  status: string;
  run_id: string | null;
  started_at: string | null;
  finished_at: string | null;
  duration_ms: number | null;
  /** Consecutive failed runs (0 after a run that did not fail). */
  failures: number;
  /** When a "run now" was asked and not yet served. */
  requested_at: string | null;
}

/**
 * The status rows of one job type's runs, one row per job, keyed by `key` columns (discovery: connection and list):
 * a "run now" request, the start of a run, its end with the count of consecutive failures. A row is created on
 * its first write (status `never` until a run starts). Writes may join the caller's transaction.
 */
export class RunStatusTable<Key extends Record<string, string>, Row extends RunStatusColumns> {
  readonly #db: Knex;
  readonly #table: string;
  readonly #keyColumns: Array<keyof Key & string>;

  constructor(options: { db: Knex; table: string; key: Array<keyof Key & string> }) {
    this.#db = options.db;
    this.#table = options.table;
    this.#keyColumns = options.key;
  }

  get(key: Key): Promise<(Row & Key) | undefined> {
    return this.#db<Row & Key>(this.#table)
      .where(key as any)
      .first() as Promise<(Row & Key) | undefined>;
  }

  /** The rows matching part of the key (a connection's lists). */
  list(where: Partial<Key>): Promise<Array<Row & Key>> {
    return this.#db<Row & Key>(this.#table).where(where as any) as unknown as Promise<Array<Row & Key>>;
  }

  /** Forgets the rows matching part of the key (a deleted connection's). */
  async remove(where: Partial<Key>): Promise<void> {
    await this.#db(this.#table).where(where).delete();
  }

  /**
   * Whether the job of this row is due at `now`: a pending request, no run yet, or its interval passed since the
   * last run started (see {@link isDue}).
   */
  static isDue(
    row: RunStatusColumns | undefined,
    options: { now: number; intervalMs: number; tickMs: number },
  ): boolean {
    return isDue({
      ...options,
      lastStartedAt: row?.started_at ? Date.parse(row.started_at) : undefined,
      requested: !!row?.requested_at,
    });
  }

  /** Failures in a row after a run: one more than before when it failed, none after one that did not. */
  static failuresAfter(previous: RunStatusColumns | undefined, failed: boolean): number {
    return failed ? (previous?.failures ?? 0) + 1 : 0;
  }

  /** Records a "run now" request (served by the next run: see {@link RunStatusTable.begin}). */
  async request(key: Key, at: string, values: Partial<Row> = {}): Promise<void> {
    await this.upsert(key, { requested_at: at, ...values } as Partial<Row>);
  }

  /** Records that a run starts: `running`, its id and start; the pending request is served. */
  async begin(key: Key, run: { runId: string; startedAt: string }, values: Partial<Row> = {}): Promise<void> {
    await this.upsert(key, {
      status: 'running',
      run_id: run.runId,
      started_at: run.startedAt,
      requested_at: null,
      ...values,
    } as Partial<Row>);
  }

  /** Writes columns of a job's row, creating it when missing (inside `db` when given: a transaction). */
  async upsert(key: Key, values: Partial<Row>, db: Knex = this.#db): Promise<void> {
    const updated = await db(this.#table).where(key).update(values);
    if (updated === 0) {
      await db(this.#table)
        .insert({ ...key, status: 'never', failures: 0, ...values })
        .onConflict(this.#keyColumns)
        .merge(values);
    }
  }
}
