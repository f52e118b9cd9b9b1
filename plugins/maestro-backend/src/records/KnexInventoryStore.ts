import { Knex } from 'knex';
import type { DatabaseService } from '@backstage/backend-plugin-api';
import { ConflictError, InputError, NotFoundError } from '@backstage/errors';
import type { InventoryRecord } from '@maestro/plugin-maestro-common';
import {
  HistoryQuery,
  InventoryStore,
  ListRecordsOptions,
  LookupKey,
  NewRecord,
  RecordPatch,
  RecordPatchOf,
  UpdateTogetherOptions,
  UpsertOptions,
  UpsertResult,
  UpsertRow,
  WriteContext,
} from './InventoryStore';
import { shownName } from '../input/forbiddenKeys';
import { KnexChangeHistory } from '../history/KnexChangeHistory';
import { KnexRecordQueries } from './KnexRecordQueries';
import {
  asConflict,
  changeRow,
  conditionalUpdate,
  INSERT_CHUNK,
  isRetryableUpsertError,
  keyRowsOf,
  newRecordRow,
  patchedRow,
  StaleRecord,
  StaleRecordsError,
} from './recordWrites';
import { upsertInTransaction } from './recordUpsert';
import { chunks, RecordRow, toRecord } from './rows';
import { assertWritableContext, writablePatch, writableRecord } from './writeInput';

/** How many times a bulk upsert that lost a race to a concurrent writer runs again before it answers 409. */
const UPSERT_RETRIES = 3;

/** A bulk upsert of this many records or more refreshes PostgreSQL's statistics of the records table. */
const ANALYZE_AFTER = 10_000;

/** Knex implementation of the inventory store, for SQLite (better-sqlite3) and PostgreSQL. */
export class KnexInventoryStore implements InventoryStore {
  readonly #db: Knex;
  readonly #history: KnexChangeHistory;
  readonly #queries: KnexRecordQueries;
  readonly #writeListeners = new Set<() => void>();

  /** A store on the plugin's database, whose migrations plugin.ts applied (applyMigrations). */
  static async create(options: { database: DatabaseService }): Promise<KnexInventoryStore> {
    return new KnexInventoryStore(await options.database.getClient());
  }

  private constructor(db: Knex) {
    this.#db = db;
    this.#history = new KnexChangeHistory(db);
    this.#queries = new KnexRecordQueries(db);
  }

  listRecords(options: ListRecordsOptions) {
    return this.#queries.listRecords(options);
  }

  async getRecord(id: string) {
    const row = await this.#db<RecordRow>('maestro_records').where({ id }).first();
    return row ? toRecord(row) : undefined;
  }

  async createRecord(input: NewRecord, ctx: WriteContext) {
    const record = writableRecord(input);
    assertWritableContext(ctx);
    const now = new Date().toISOString();
    const row = newRecordRow(record, ctx, now);
    return this.#writeTx(async tx => {
      const existing = await tx<RecordRow>('maestro_records')
        .where({ kind: record.kind, name: record.name })
        .first('id');
      if (existing) {
        throw new ConflictError(`name: a ${record.kind} named '${record.name}' already exists (id ${existing.id})`);
      }
      await tx('maestro_records').insert(row);
      const after = toRecord(row);
      await this.#writeKeys(tx, after);
      await tx('maestro_changes').insert(changeRow('create', undefined, after, ctx, now));
      return after;
    }, ctx);
  }

  async updateRecord(id: string, input: RecordPatch, ctx: WriteContext) {
    const patch = writablePatch(input);
    assertWritableContext(ctx);
    return this.#writeTx(async tx => {
      const before = await this.#recordAtVersion(tx, id, patch.version);
      const now = new Date().toISOString();
      await conditionalUpdate(tx, id, before.version, patchedRow(before, patch, ctx, now));
      const after = (await this.#read(tx, id))!;
      await this.#writeKeys(tx, after);
      await tx('maestro_changes').insert(changeRow('update', before, after, ctx, now));
      return after;
    }, ctx);
  }

  async updateRecordsTogether(
    given: RecordPatchOf[],
    ctx: WriteContext,
    options: UpdateTogetherOptions = {},
  ): Promise<InventoryRecord[]> {
    const patches = given.map(p => ({ ...writablePatch(p), id: p.id }));
    assertWritableContext(ctx);
    if (new Set(patches.map(p => p.id)).size !== patches.length) {
      throw new InputError('id: a record appears twice in one write');
    }
    return this.#writeTx(async tx => {
      // read (and later write) in id order, as every multi-record writer does, so two never wait in a cycle
      const byId = new Map<string, InventoryRecord>();
      for (const chunk of chunks(patches.map(p => p.id).sort(), 500)) {
        const rows = await tx<RecordRow>('maestro_records').whereIn('id', chunk).orderBy('id');
        for (const row of rows) byId.set(row.id, toRecord(row));
      }
      const missing = patches.filter(p => !byId.has(p.id)).map(p => shownName(p.id));
      if (missing.length) throw new NotFoundError(`id: no inventory record with id ${missing.join(', ')}`);
      const stale: StaleRecord[] = patches
        .map(p => ({ patch: p, record: byId.get(p.id)! }))
        .filter(({ patch, record }) => record.version !== patch.version)
        .map(({ patch, record }) => ({
          id: record.id,
          kind: record.kind,
          name: record.name,
          version: record.version,
          expected: patch.version,
        }));
      if (stale.length) throw new StaleRecordsError(stale);
      await options.checkExisting?.(patches.map(p => byId.get(p.id)!));
      const now = new Date().toISOString();
      const written = new Map<string, InventoryRecord>();
      for (const patch of [...patches].sort((a, b) => (a.id < b.id ? -1 : 1))) {
        const before = byId.get(patch.id)!;
        await conditionalUpdate(tx, before.id, before.version, patchedRow(before, patch, ctx, now));
        const after = (await this.#read(tx, before.id))!;
        await this.#writeKeys(tx, after);
        await tx('maestro_changes').insert(changeRow('update', before, after, ctx, now));
        written.set(after.id, after);
      }
      return patches.map(p => written.get(p.id)!);
    });
  }

  async setActive(id: string, active: boolean, options: { version: number }, ctx: WriteContext) {
    assertWritableContext(ctx);
    return this.#writeTx(async tx => {
      const before = await this.#recordAtVersion(tx, id, options.version);
      if (before.active === active) {
        throw new ConflictError(`id: record ${id} is already ${active ? 'active' : 'inactive'}`);
      }
      const now = new Date().toISOString();
      await conditionalUpdate(tx, id, before.version, {
        active,
        version: before.version + 1,
        updated_at: now,
        updated_by: ctx.actor,
      });
      const after = (await this.#read(tx, id))!;
      await tx('maestro_record_keys').where({ record_id: id }).update({ active });
      await tx('maestro_changes').insert(changeRow(active ? 'restore' : 'delete', before, after, ctx, now));
      return after;
    });
  }

  async setActiveMany(ids: string[], active: boolean, ctx: WriteContext): Promise<string[]> {
    assertWritableContext(ctx);
    const now = new Date().toISOString();
    return this.#writeTx(async tx => {
      const changed: string[] = [];
      // rows are locked in id order by every bulk writer, so two of them never wait for each other in a cycle
      for (const chunk of chunks([...ids].sort(), 500)) {
        const rows = await tx<RecordRow>('maestro_records').whereIn('id', chunk).orderBy('id');
        const changes: Array<Record<string, unknown>> = [];
        for (const current of rows) {
          const before = toRecord(current);
          if (before.active === active) continue;
          await conditionalUpdate(tx, before.id, before.version, {
            active,
            version: before.version + 1,
            updated_at: now,
            updated_by: ctx.actor,
          });
          const after: InventoryRecord = {
            ...before,
            active,
            version: before.version + 1,
            updatedAt: now,
            updatedBy: ctx.actor,
          };
          changes.push(changeRow(active ? 'restore' : 'delete', before, after, ctx, now));
          changed.push(before.id);
        }
        const changedHere = changes.map(c => c.record_id as string);
        if (changedHere.length) {
          await tx('maestro_record_keys').whereIn('record_id', changedHere).update({ active });
        }
        for (const part of chunks(changes, INSERT_CHUNK)) {
          await tx('maestro_changes').insert(part);
        }
      }
      return changed;
    });
  }

  async upsertRecords(given: UpsertRow[], ctx: WriteContext, options: UpsertOptions = {}): Promise<UpsertResult> {
    const rows = given.map(writableRecord);
    assertWritableContext(ctx);
    const result = await this.#writeTx(tx => upsertInTransaction(tx, rows, ctx, options), { retries: UPSERT_RETRIES });
    if (rows.length >= ANALYZE_AFTER && this.#db.client.config.client === 'pg') {
      // fresh planner statistics: with stale ones (until autovacuum analyzes), PostgreSQL answers report scans'
      // keyset pages by reading and sorting the whole kind for each page instead of walking the (kind, active, id) index
      await this.#db.raw('analyze maestro_records').catch(() => undefined);
    }
    return result;
  }

  countBySpecField(kind: string, field: string, limit: number) {
    return this.#queries.countBySpecField(kind, field, limit);
  }

  topServices(limit: number) {
    return this.#queries.topServices(limit);
  }

  findByNames(kind: string, names: string[]) {
    return this.#queries.findByNames(kind, names);
  }

  countByKind() {
    return this.#queries.countByKind();
  }

  history(recordId: string, options: { limit: number; beforeSeq?: number }) {
    return this.#history.history(recordId, options);
  }

  searchHistory(query: HistoryQuery) {
    return this.#history.searchHistory(query);
  }

  recordAsOf(recordId: string, at: string) {
    return this.#history.recordAsOf(recordId, at);
  }

  recordsAsOf(kind: string, at: string, page: { afterId: string; limit: number }) {
    return this.#history.recordsAsOf(kind, at, page);
  }

  recordStatesAt(kind: string, times: string[], page: { afterId: string; limit: number }) {
    return this.#history.recordStatesAt(kind, times, page);
  }

  getChange(seq: number) {
    return this.#history.getChange(seq);
  }

  pruneHistory(before: string, options?: { batchSize?: number }) {
    return this.#history.pruneHistory(before, options);
  }

  prunedBefore() {
    return this.#history.prunedBefore();
  }

  changes(options: { after: number; limit: number }) {
    return this.#history.changes(options);
  }

  feedHead() {
    return this.#history.feedHead();
  }

  onCommittedWrite(listener: () => void): () => void {
    this.#writeListeners.add(listener);
    return () => this.#writeListeners.delete(listener);
  }

  findByKey(options: { kind: string; key: LookupKey; value: string; owner?: string }) {
    return this.#queries.findByKey(options);
  }

  findByKeyValues(options: { kind: string; key: LookupKey; values: string[] }) {
    return this.#queries.findByKeyValues(options);
  }

  /**
   * Runs a write in a transaction, then tells the write listeners. Writers take no lock of their own: rows are
   * locked by the statements that change them (a stale version is a 409), and the change feed orders changes by
   * when they became visible, not by when they were written (decision 0012). A concurrent create of the same
   * (kind, name), or a deadlock between two writers, is a 409.
   */
  /**
   * Runs a write transaction, then tells the write listeners. With `retries`, a transaction that lost a race an
   * upsert can win on a second try ({@link isRetryableUpsertError}) runs again, from the start.
   */
  async #writeTx<T>(
    fn: (tx: Knex.Transaction) => Promise<T>,
    options: { retries?: number; dryRun?: boolean } = {},
  ): Promise<T> {
    if (options.dryRun) return this.#rolledBack(fn);
    let result: T;
    for (let attempt = 0; ; attempt++) {
      try {
        result = await this.#db.transaction(fn);
        break;
      } catch (error) {
        if (attempt < (options.retries ?? 0) && isRetryableUpsertError(error)) continue;
        throw asConflict(error) ?? error;
      }
    }
    for (const listener of this.#writeListeners) {
      try {
        listener();
      } catch {
        // a listener's failure is not the writer's
      }
    }
    return result;
  }

  /** A dry run: the write and all its checks in a transaction that is then rolled back; no listener is told. */
  async #rolledBack<T>(fn: (tx: Knex.Transaction) => Promise<T>): Promise<T> {
    const tx = await this.#db.transaction();
    try {
      return await fn(tx);
    } catch (error) {
      throw asConflict(error) ?? error;
    } finally {
      await tx.rollback();
    }
  }

  /** Replaces the record's lookup keys (same transaction as the record write). */
  async #writeKeys(tx: Knex.Transaction, record: InventoryRecord) {
    await tx('maestro_record_keys').where({ record_id: record.id }).delete();
    const rows = keyRowsOf(record);
    if (rows.length) await tx('maestro_record_keys').insert(rows);
  }

  async #read(tx: Knex.Transaction, id: string) {
    const row = await tx<RecordRow>('maestro_records').where({ id }).first();
    return row ? toRecord(row) : undefined;
  }

  /**
   * The record, inside the write's transaction, if it is at the version the caller read (else a 409). The write
   * that follows changes the row only while it is still at that version (conditionalUpdate), so a concurrent
   * writer that got there first makes this one a 409 too.
   */
  async #recordAtVersion(tx: Knex.Transaction, id: string, expectedVersion: number) {
    const record = await this.#read(tx, id);
    if (!record) {
      throw new NotFoundError(`no inventory record with id ${shownName(id)}`);
    }
    if (record.version !== expectedVersion) {
      throw new ConflictError(
        `version: record ${id} is at version ${record.version}, not ${expectedVersion}; reload it and apply your change again`,
      );
    }
    return record;
  }
}
