import type { DiscoveryHeldRemoval } from '@maestro/plugin-maestro-common';
import type { Knex } from 'knex';
import { RunStatusColumns, RunStatusTable } from '../jobs';
import { holdIncarnation } from './incarnation';
import type { ResolvedConnection } from '@maestro/plugin-maestro-node';
import type { StoredTaskStatus } from './statusErrors';

/** The key of a discovery task's status row. */
export type TaskKey = { connection_id: string; list: string };

/** A row of `maestro_discovery_status`: the jobs' run columns and discovery's own. */
export interface StatusRow extends RunStatusColumns, TaskKey {
  /** The run's outcome as JSON (counts, regions, errors, warnings, held removals). */
  summary: string | null;
  /** JSON `{ region: atMost }`. */
  confirmed_removals: string | null;
  /** Runs started so far. */
  runs?: number;
}

/** The confirmations stored for a list's next run: region → at most this many records. */
export type Confirmations = Record<string, number>;

export const confirmationsOf = (row?: StatusRow): Confirmations =>
  row?.confirmed_removals ? JSON.parse(row.confirmed_removals) : {};
export const heldOf = (row?: StatusRow): DiscoveryHeldRemoval[] =>
  row?.summary ? JSON.parse(row.summary).held ?? [] : [];

/** The key of a task's row. */
export const taskKey = (connectionId: string, list: string): TaskKey => ({ connection_id: connectionId, list });

/**
 * The status of every (connection, list) task: the jobs' {@link RunStatusTable} over `maestro_discovery_status`,
 * with discovery's summary and confirmed removals, read into the API's task status.
 */
export class DiscoveryStatusRows extends RunStatusTable<TaskKey, StatusRow> {
  readonly #db: Knex;

  constructor(db: Knex) {
    super({ db, table: 'maestro_discovery_status', key: ['connection_id', 'list'] });
    this.#db = db;
  }

  /** Counts a run of the task (the Jobs page shows the count; the row exists: begin wrote it). */
  async countRun(key: TaskKey): Promise<void> {
    await this.#db('maestro_discovery_status').where(key).increment('runs', 1);
  }

  /** Writes the run's final status, unless the connection was deleted (or created again) meanwhile. */
  async finishUnlessGone(key: TaskKey, incarnation: string, values: Partial<StatusRow>): Promise<boolean> {
    return this.#db.transaction(async tx => {
      if (!(await holdIncarnation(tx, key.connection_id, incarnation))) return false;
      await this.upsert(key, values, tx);
      return true;
    });
  }
}

/** A task's status as stored (errors in full, with their reader descriptions: serve it through statusForViewer). */
export function toStatus(connectionId: string, list: string, row: StatusRow | undefined): StoredTaskStatus {
  if (!row) return { connectionId, list, status: 'never', failures: 0 };
  const summary = row.summary ? JSON.parse(row.summary) : {};
  const confirmed = Object.entries(confirmationsOf(row)).map(([region, atMost]) => ({ region, atMost }));
  return {
    connectionId,
    list,
    status: row.status as StoredTaskStatus['status'],
    ...(row.run_id ? { runId: row.run_id } : {}),
    ...(row.started_at ? { startedAt: row.started_at } : {}),
    ...(row.finished_at ? { finishedAt: row.finished_at } : {}),
    ...(row.duration_ms !== null && row.duration_ms !== undefined ? { durationMs: Number(row.duration_ms) } : {}),
    ...summary,
    failures: Number(row.failures ?? 0),
    ...(row.requested_at ? { requestedAt: row.requested_at } : {}),
    ...(confirmed.length ? { confirmedRemovals: confirmed } : {}),
  };
}

/** The status of each list of a connection, as stored. */
export async function statusesOf(
  rows: DiscoveryStatusRows,
  connection: ResolvedConnection,
): Promise<StoredTaskStatus[]> {
  const stored = await rows.list({ connection_id: connection.id });
  return connection.lists.map(list =>
    toStatus(
      connection.id,
      list.id,
      stored.find(r => r.list === list.id),
    ),
  );
}
