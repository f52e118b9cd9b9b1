import { randomUUID } from 'node:crypto';
import { Knex } from 'knex';
import type { DatabaseService } from '@backstage/backend-plugin-api';
import { ConflictError, NotFoundError } from '@backstage/errors';
import type { ChangeAction, InventoryRecord } from '@maestro/plugin-maestro-common';
import {
  HistoryQuery,
  InventoryStore,
  ListRecordsOptions,
  LOOKUP_KEYS,
  LookupKey,
  NewRecord,
  RecordPatch,
  UpsertOptions,
  UpsertResult,
  UpsertRow,
  WriteContext,
} from './InventoryStore';
import type { JsonObject } from '@backstage/types';
import { shownName } from '../input/forbiddenKeys';
import { KnexChangeHistory } from '../history/KnexChangeHistory';
import { KnexRecordQueries } from './KnexRecordQueries';
import { chunks, RecordRow, toRecord } from './rows';
import { assertWritableContext, writablePatch, writableRecord } from './writeInput';

/** Rows per multi-row INSERT: under SQLite's 500-term compound SELECT limit and both engines' parameter limits. */
const INSERT_CHUNK = 400;
/**
 * Rows a bulk write prepares before it lets the process's other requests run: preparing 100,000 rows is seconds of
 * JavaScript, which would otherwise stall every other request of this backend (an edit during an import).
 */
const YIELD_EVERY = 2000;

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
        throw new ConflictError(
          `name: a ${record.kind} named '${record.name}' already exists (id ${existing.id})`,
        );
      }
      await tx('maestro_records').insert(row);
      const after = toRecord(row);
      await this.#writeKeys(tx, after);
      await this.#appendChange(tx, 'create', undefined, after, ctx, now);
      return after;
    });
  }

  async updateRecord(id: string, input: RecordPatch, ctx: WriteContext) {
    const patch = writablePatch(input);
    assertWritableContext(ctx);
    return this.#writeTx(async tx => {
      const before = await this.#recordAtVersion(tx, id, patch.version);
      const now = new Date().toISOString();
      const changes: Partial<RecordRow> = {
        version: before.version + 1,
        updated_at: now,
        updated_by: ctx.actor,
      };
      if (patch.title !== undefined) changes.title = patch.title;
      if (patch.owner !== undefined) changes.owner = patch.owner;
      if (patch.spec !== undefined) changes.spec = JSON.stringify(patch.spec);
      if (ctx.source) changes.source = ctx.source;
      await this.#conditionalUpdate(tx, id, before.version, changes);
      const after = (await this.#read(tx, id))!;
      await this.#writeKeys(tx, after);
      await this.#appendChange(tx, 'update', before, after, ctx, now);
      return after;
    });
  }

  async setActive(
    id: string,
    active: boolean,
    options: { version: number },
    ctx: WriteContext,
  ) {
    assertWritableContext(ctx);
    return this.#writeTx(async tx => {
      const before = await this.#recordAtVersion(tx, id, options.version);
      if (before.active === active) {
        throw new ConflictError(`id: record ${id} is already ${active ? 'active' : 'inactive'}`);
      }
      const now = new Date().toISOString();
      await this.#conditionalUpdate(tx, id, before.version, {
        active,
        version: before.version + 1,
        updated_at: now,
        updated_by: ctx.actor,
      });
      const after = (await this.#read(tx, id))!;
      await tx('maestro_record_keys').where({ record_id: id }).update({ active });
      await this.#appendChange(tx, active ? 'restore' : 'delete', before, after, ctx, now);
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
          await this.#conditionalUpdate(tx, before.id, before.version, {
            active,
            version: before.version + 1,
            updated_at: now,
            updated_by: ctx.actor,
          });
          const after: InventoryRecord = { ...before, active, version: before.version + 1, updatedAt: now, updatedBy: ctx.actor };
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
    const now = new Date().toISOString();
    const result: UpsertResult = { created: 0, updated: 0, unchanged: 0, rows: [], reactivated: 0 };
    return this.#writeTx(async tx => {
      // existing records, looked up per kind in chunks
      const existing = new Map<string, RecordRow>();
      const byKind = new Map<string, string[]>();
      for (const row of rows) {
        const names = byKind.get(row.kind);
        if (names) names.push(row.name);
        else byKind.set(row.kind, [row.name]);
      }
      for (const [kind, names] of byKind) {
        for (const chunk of chunks(names, 500)) {
          const found = await tx<RecordRow>('maestro_records').where('kind', kind).whereIn('name', chunk);
          for (const r of found) existing.set(`${r.kind}/${r.name}`, r);
        }
      }
      await options.authorizeExisting?.([...existing.values()].map(toRecord));
      const inserts: RecordRow[] = [];
      const updates: Array<{ before: InventoryRecord; row: RecordRow }> = [];
      const changes: Array<Record<string, unknown>> = [];
      const seen = new Set<string>();
      for (const [index, input] of rows.entries()) {
        if (index > 0 && index % YIELD_EVERY === 0) await yieldToEventLoop();
        const key = `${input.kind}/${input.name}`;
        if (seen.has(key)) {
          throw new ConflictError(`name: ${input.kind} '${input.name}' appears more than once in the import`);
        }
        seen.add(key);
        const current = existing.get(key);
        assertExpectedVersion(input, index, current);
        if (!current) {
          const { mergeFields: _mergeFields, expectedVersion: _expectedVersion, ...fresh } = input;
          const row = newRecordRow(fresh, ctx, now);
          inserts.push(row);
          changes.push(changeRow('create', undefined, toRecord(row), ctx, now));
          result.created += 1;
          result.rows.push({ id: row.id, kind: row.kind, name: row.name, outcome: 'created' });
          continue;
        }
        const before = toRecord(current);
        const target = mergedInput(before, input);
        const reactivate = !!options.reactivate && !before.active;
        const same =
          !reactivate &&
          (before.title ?? null) === target.title &&
          before.owner === target.owner &&
          canonicalJson(before.spec) === canonicalJson(target.spec);
        if (same) {
          result.unchanged += 1;
          result.rows.push({ id: before.id, kind: before.kind, name: before.name, outcome: 'unchanged' });
          continue;
        }
        const row: RecordRow = {
          ...current,
          title: target.title,
          owner: target.owner,
          spec: JSON.stringify(target.spec),
          version: before.version + 1,
          active: reactivate ? true : current.active,
          source: ctx.source ?? current.source,
          updated_at: now,
          updated_by: ctx.actor,
        };
        updates.push({ before, row });
        changes.push(changeRow(reactivate ? 'restore' : 'update', before, toRecord(row), ctx, now));
        if (reactivate) result.reactivated! += 1;
        result.updated += 1;
        result.rows.push({ id: before.id, kind: before.kind, name: before.name, outcome: 'updated' });
      }
      // rows are written in one order by every bulk writer (new names, then ids), so two of them never wait for
      // each other in a cycle
      inserts.sort((a, b) => compare(a.kind, b.kind) || compare(a.name, b.name));
      updates.sort((a, b) => compare(a.row.id, b.row.id));
      // knex writes a multi-row insert on SQLite as a compound SELECT, limited to 500 terms: 400 rows a statement
      for (const chunk of chunks(inserts, INSERT_CHUNK)) {
        await tx('maestro_records').insert(chunk);
      }
      for (const { before, row } of updates) {
        await this.#conditionalUpdate(tx, row.id, before.version, {
          title: row.title,
          owner: row.owner,
          spec: row.spec,
          version: row.version,
          active: row.active,
          source: row.source,
          updated_at: row.updated_at,
          updated_by: row.updated_by,
        });
      }
      const written = await mapYielding([...inserts, ...updates.map(u => u.row)], toRecord);
      const updatedIds = updates.map(u => u.row.id);
      for (const chunk of chunks(updatedIds, 1000)) {
        await tx('maestro_record_keys').whereIn('record_id', chunk).delete();
      }
      for (const chunk of chunks(written.flatMap(keyRowsOf), INSERT_CHUNK)) {
        await tx('maestro_record_keys').insert(chunk);
      }
      for (const chunk of chunks(changes, INSERT_CHUNK)) {
        await tx('maestro_changes').insert(chunk);
      }
      return result;
    });
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
  async #writeTx<T>(fn: (tx: Knex.Transaction) => Promise<T>): Promise<T> {
    let result: T;
    try {
      result = await this.#db.transaction(fn);
    } catch (error) {
      throw asConflict(error) ?? error;
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
   * that follows changes the row only while it is still at that version (#conditionalUpdate), so a concurrent
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

  async #conditionalUpdate(
    tx: Knex.Transaction,
    id: string,
    version: number,
    changes: Partial<RecordRow>,
  ) {
    const count = await tx('maestro_records').where({ id, version }).update(changes);
    if (count !== 1) {
      throw new ConflictError(`version: record ${id} was changed concurrently; reload it`);
    }
  }

  async #appendChange(
    tx: Knex.Transaction,
    action: ChangeAction,
    before: InventoryRecord | undefined,
    after: InventoryRecord,
    ctx: WriteContext,
    at: string,
  ) {
    await tx('maestro_changes').insert(changeRow(action, before, after, ctx, at));
  }
}

/** A 409 naming the row and `version` when an upsert row's expected version is not the stored one. */
function assertExpectedVersion(input: UpsertRow, index: number, current: RecordRow | undefined) {
  if (input.expectedVersion === undefined) return;
  const row = `${input.kind} '${input.name}' (row ${index + 1})`;
  if (!current) {
    throw new ConflictError(`version: ${row} does not exist, so it is not at version ${input.expectedVersion}`);
  }
  if (Number(current.version) !== input.expectedVersion) {
    throw new ConflictError(
      `version: ${row} is at version ${current.version}, not ${input.expectedVersion}; reload it and import again`,
    );
  }
}

/** The row of a record being created (version 1, active). */
function newRecordRow(record: NewRecord, ctx: WriteContext, now: string): RecordRow {
  return {
    id: randomUUID(),
    kind: record.kind,
    name: record.name,
    title: record.title ?? null,
    owner: record.owner,
    spec: JSON.stringify(record.spec),
    version: 1,
    active: true,
    source: ctx.source ?? 'manual',
    created_at: now,
    updated_at: now,
    created_by: ctx.actor,
    updated_by: ctx.actor,
  };
}

/** What an upsert row makes of an existing record: itself, or (with mergeFields) a merge keeping hand-entered data. */
function mergedInput(before: InventoryRecord, input: NewRecord): { title: string | null; owner: string; spec: JsonObject } {
  if (!input.mergeFields) return { title: input.title ?? null, owner: input.owner, spec: input.spec };
  const owned = new Set(input.mergeFields);
  const kept = Object.fromEntries(Object.entries(before.spec).filter(([field]) => !owned.has(field)));
  return { title: input.title ?? before.title ?? null, owner: before.owner, spec: { ...kept, ...input.spec } as JsonObject };
}

function changeRow(
  action: ChangeAction,
  before: InventoryRecord | undefined,
  after: InventoryRecord,
  ctx: WriteContext,
  at: string,
) {
  return {
    record_id: after.id,
    kind: after.kind,
    name: after.name,
    action,
    actor: ctx.actor,
    at,
    reason: ctx.reason ?? null,
    before: before ? JSON.stringify(before) : null,
    // not stored: the next change's `before`, or the record itself (see #changeRows)
    after: null,
  };
}

function keyRowsOf(record: InventoryRecord) {
  return LOOKUP_KEYS.flatMap(key => {
    const value = record.spec[key];
    return typeof value === 'string' && value
      ? [{ record_id: record.id, kind: record.kind, key, value, owner: record.owner, active: record.active }]
      : [];
  });
}

/** JSON with object keys sorted, so that the same content compares equal whatever its key order. */
function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_key, v) =>
    v && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(Object.keys(v).sort().map(k => [k, v[k]]))
      : v,
  );
}

function yieldToEventLoop(): Promise<void> {
  return new Promise(resolve => setImmediate(resolve));
}

/** `items.map(fn)`, letting other requests run every {@link YIELD_EVERY} items. */
async function mapYielding<T, U>(items: T[], fn: (item: T) => U): Promise<U[]> {
  const mapped: U[] = [];
  for (const [index, item] of items.entries()) {
    if (index > 0 && index % YIELD_EVERY === 0) await yieldToEventLoop();
    mapped.push(fn(item));
  }
  return mapped;
}

function compare(a: string, b: string): number {
  if (a < b) return -1;
  return a > b ? 1 : 0;
}

/** A database error that means "someone else wrote the same thing at the same time", as a 409. */
function asConflict(error: unknown): ConflictError | undefined {
  const e = error as { code?: string; constraint?: string; message?: string };
  const uniqueName =
    (e.code === '23505' && e.constraint === 'maestro_records_kind_name_uq') ||
    (e.code === 'SQLITE_CONSTRAINT_UNIQUE' && /maestro_records\.kind, maestro_records\.name/.test(e.message ?? ''));
  if (uniqueName) {
    return new ConflictError('name: a record of this kind and name was created at the same time; reload and try again');
  }
  if (e.code === '40P01' || e.code === '40001') {
    return new ConflictError('version: a record of this write was changed at the same time; reload and try again');
  }
  return undefined;
}
