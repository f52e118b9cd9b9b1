import { randomUUID } from 'node:crypto';
import type { DatabaseService } from '@backstage/backend-plugin-api';
import { ConflictError, NotFoundError } from '@backstage/errors';
import type { ReportDefinition, SavedReport } from '@maestro/plugin-maestro-common';
import type { Knex } from 'knex';
import { shownName } from '../input/forbiddenKeys';
import { MAX_REPORT_NAME } from './reportDefinition';

type Row = {
  id: string;
  name: string;
  type: string;
  definition: string;
  owner: string;
  created_by: string;
  updated_by: string;
  created_at: string;
  updated_at: string;
  version: number;
  deleted_at: string | null;
};

const TABLE = 'maestro_reports';
const COPY_SUFFIX = ' (copy)';
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Saved report definitions (`maestro_reports`): validated definitions (see reportDefinition.ts) with their owner,
 * authors, times and an optimistic-concurrency version. Deletes are soft: a deleted report is not found any more.
 * Uses the plugin's database; its table comes from the plugin's migrations (applyMigrations).
 */
export class ReportStore {
  readonly #db: Knex;

  static async create(options: { database: DatabaseService }): Promise<ReportStore> {
    return new ReportStore(await options.database.getClient());
  }

  static fromKnex(db: Knex): ReportStore {
    return new ReportStore(db);
  }

  private constructor(db: Knex) {
    this.#db = db;
  }

  /** Reports not deleted, newest first (then by id, for a stable order), a page at a time. */
  async list(options: { offset: number; limit: number }): Promise<{ items: SavedReport[]; totalCount: number }> {
    const live = () => this.#db<Row>(TABLE).whereNull('deleted_at');
    const [rows, [{ count }]] = await Promise.all([
      live()
        .orderBy([
          { column: 'created_at', order: 'desc' },
          { column: 'id', order: 'desc' },
        ])
        .offset(options.offset)
        .limit(options.limit),
      live().count({ count: '*' }),
    ]);
    return { items: rows.map(toReport), totalCount: Number(count) };
  }

  /** A report not deleted; 404 naming the id otherwise. */
  async get(id: string): Promise<SavedReport> {
    return toReport(await this.#liveRow(this.#db, id));
  }

  /** Saves a new report (version 1) owned by its creator. */
  async create(definition: ReportDefinition, actor: string): Promise<SavedReport> {
    const now = new Date().toISOString();
    const row: Row = {
      id: randomUUID(),
      name: definition.name,
      type: definition.type,
      definition: JSON.stringify(definition),
      owner: actor,
      created_by: actor,
      updated_by: actor,
      created_at: now,
      updated_at: now,
      version: 1,
      deleted_at: null,
    };
    await this.#db(TABLE).insert(row);
    return toReport(row);
  }

  /** Replaces a report's definition, given the version read (409 on a stale one). */
  async update(id: string, definition: ReportDefinition, version: number, actor: string): Promise<SavedReport> {
    return this.#db.transaction(async tx => {
      const current = await this.#liveRow(tx, id);
      assertVersion(current, version);
      const changes = {
        name: definition.name,
        type: definition.type,
        definition: JSON.stringify(definition),
        updated_by: actor,
        updated_at: new Date().toISOString(),
        version: version + 1,
      };
      const count = await tx(TABLE).where({ id, version }).whereNull('deleted_at').update(changes);
      if (count !== 1) throw new ConflictError(`version: report ${id} was changed concurrently; reload it`);
      return toReport({ ...current, ...changes });
    });
  }

  /** Soft-deletes a report (given the version read, when the caller gives one); 404 afterwards. */
  async delete(id: string, actor: string, version?: number): Promise<SavedReport> {
    return this.#db.transaction(async tx => {
      const current = await this.#liveRow(tx, id);
      if (version !== undefined) assertVersion(current, version);
      const now = new Date().toISOString();
      const changes = { deleted_at: now, updated_at: now, updated_by: actor, version: current.version + 1 };
      const count = await tx(TABLE).where({ id, version: current.version }).whereNull('deleted_at').update(changes);
      if (count !== 1) throw new ConflictError(`version: report ${id} was changed concurrently; reload it`);
      return toReport({ ...current, ...changes });
    });
  }

  /** A copy of a report, named `<name> (copy)` and owned by the caller. */
  async duplicate(id: string, actor: string): Promise<SavedReport> {
    const source = toReport(await this.#liveRow(this.#db, id));
    const name = `${source.name.slice(0, MAX_REPORT_NAME - COPY_SUFFIX.length)}${COPY_SUFFIX}`;
    return this.create({ ...source.definition, name }, actor);
  }

  async #liveRow(db: Knex, id: string): Promise<Row> {
    // ids are uuids: anything else is no report (and never reaches the database)
    const row = UUID.test(id) ? await db<Row>(TABLE).where({ id }).whereNull('deleted_at').first() : undefined;
    if (!row) throw new NotFoundError(`no report with id ${shownName(id)}`);
    return row;
  }
}

function assertVersion(current: Row, version: number) {
  if (Number(current.version) !== version) {
    throw new ConflictError(
      `version: report ${current.id} is at version ${current.version}, not ${version}; reload it`,
    );
  }
}

function toReport(row: Row): SavedReport {
  return {
    id: row.id,
    name: row.name,
    type: row.type as SavedReport['type'],
    definition: JSON.parse(row.definition),
    owner: row.owner,
    createdBy: row.created_by,
    createdAt: row.created_at,
    updatedBy: row.updated_by,
    updatedAt: row.updated_at,
    version: Number(row.version),
  };
}
