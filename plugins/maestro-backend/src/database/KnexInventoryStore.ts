import { randomUUID } from 'node:crypto';
import { Knex } from 'knex';
import {
  DatabaseService,
  resolvePackagePath,
} from '@backstage/backend-plugin-api';
import { ConflictError, InputError, NotFoundError } from '@backstage/errors';
import type {
  ChangeAction,
  ChangeEntry,
  InventoryRecord,
  KindCount,
} from '@maestro/plugin-maestro-common';
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

const migrationsDir = resolvePackagePath(
  '@maestro/plugin-maestro-backend',
  'migrations',
);

/** Any constant: serialises writers on PostgreSQL so change seqs commit in order (see writeTx). */
const WRITE_LOCK_KEY = 0x6d61657374726f; // "maestro"

const RECORD_COLUMNS = [
  'id',
  'kind',
  'name',
  'title',
  'owner',
  'spec',
  'version',
  'active',
  'source',
  'created_at',
  'updated_at',
  'created_by',
  'updated_by',
] as const;

/** Rows per multi-row INSERT: under SQLite's 500-term compound SELECT limit and both engines' parameter limits. */
const INSERT_CHUNK = 400;

type RecordRow = {
  id: string;
  kind: string;
  name: string;
  title: string | null;
  owner: string;
  spec: string;
  version: number;
  active: boolean | number;
  source: string;
  created_at: string;
  updated_at: string;
  created_by: string;
  updated_by: string;
};

type ChangeRow = {
  seq: number | string;
  record_id: string;
  kind: string;
  name: string;
  action: ChangeAction;
  actor: string;
  at: string;
  reason: string | null;
  before: string | null;
  after: string | null;
};

const SORT_COLUMNS = {
  name: 'name',
  kind: 'kind',
  updatedAt: 'updated_at',
  createdAt: 'created_at',
} as const;

/** Knex implementation of the inventory store, for SQLite (better-sqlite3) and PostgreSQL. */
export class KnexInventoryStore implements InventoryStore {
  readonly #db: Knex;
  readonly #isPostgres: boolean;

  static async create(options: {
    database: DatabaseService;
    skipMigrations?: boolean;
  }): Promise<KnexInventoryStore> {
    const client = await options.database.getClient();
    if (!options.skipMigrations && !options.database.migrations?.skip) {
      await client.migrate.latest({ directory: migrationsDir });
    }
    return new KnexInventoryStore(client);
  }

  private constructor(db: Knex) {
    this.#db = db;
    this.#isPostgres = db.client.config.client === 'pg';
  }

  async listRecords(options: ListRecordsOptions) {
    const query = this.#db<RecordRow>('maestro_records');
    if (options.kind) query.where('kind', options.kind);
    if (options.active !== undefined) query.where('active', options.active);
    if (options.owner) query.where('owner', options.owner);
    if (options.ids) query.whereIn('id', options.ids);
    for (const [field, value] of Object.entries(options.specEquals ?? {})) {
      query.whereRaw(`${this.#specField(field)} = ?`, [value]);
    }
    if (options.search) {
      const term = `%${options.search.toLocaleLowerCase('en-US').replace(/[\\%_]/g, c => `\\${c}`)}%`;
      query.where(q =>
        q
          .whereRaw(`lower(name) like ? escape '\\'`, [term])
          .orWhereRaw(`lower(coalesce(title, '')) like ? escape '\\'`, [term]),
      );
    }
    const [{ count }] = await query.clone().count({ count: '*' });
    const orderBy = options.orderBy ?? 'name';
    const order = options.order === 'desc' ? 'desc' : 'asc';
    if (orderBy.startsWith('spec.')) {
      // records without the field sort last either way
      const field = orderBy.slice('spec.'.length);
      const expr = options.orderNumeric ? this.#specNumber(field) : this.#specField(field);
      query.orderByRaw(`case when ${expr} is null then 1 else 0 end, ${expr} ${order}`);
    } else {
      query.orderBy(SORT_COLUMNS[orderBy as keyof typeof SORT_COLUMNS], order);
    }
    const rows = await query
      .select('*')
      .orderBy('name', 'asc')
      .orderBy('id', 'asc')
      .offset(options.offset ?? 0)
      .limit(options.limit);
    return { items: rows.map(toRecord), totalCount: Number(count) };
  }

  async getRecord(id: string) {
    const row = await this.#db<RecordRow>('maestro_records').where({ id }).first();
    return row ? toRecord(row) : undefined;
  }

  async createRecord(record: NewRecord, ctx: WriteContext) {
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

  async updateRecord(id: string, patch: RecordPatch, ctx: WriteContext) {
    return this.#writeTx(async tx => {
      const before = await this.#lockedRecord(tx, id, patch.version);
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
    options: { version?: number },
    ctx: WriteContext,
  ) {
    return this.#writeTx(async tx => {
      const before = await this.#lockedRecord(tx, id, options.version);
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
    const now = new Date().toISOString();
    return this.#writeTx(async tx => {
      const changed: string[] = [];
      for (const chunk of chunks(ids, 500)) {
        const rows = await tx<RecordRow>('maestro_records').whereIn('id', chunk);
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

  async upsertRecords(rows: UpsertRow[], ctx: WriteContext, options: UpsertOptions = {}): Promise<UpsertResult> {
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
      const written = [...inserts, ...updates.map(u => u.row)].map(toRecord);
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

  /**
   * SQL for a top-level spec field as text (the one place SQL differs between the engines). The field name is
   * checked against a strict pattern before it is written into SQL.
   */
  #specField(field: string): string {
    if (!/^[A-Za-z][A-Za-z0-9]{0,63}$/.test(field)) {
      throw new InputError(`spec field names are letters and digits (got '${field}')`);
    }
    return this.#isPostgres
      ? `(spec::json->>'${field}')`
      : `(case when json_type(spec, '$.${field}') in ('true', 'false') then json_type(spec, '$.${field}') else cast(json_extract(spec, '$.${field}') as text) end)`;
  }

  /** SQL for a numeric top-level spec field (null when absent or not a number). */
  #specNumber(field: string): string {
    this.#specField(field); // validates the name
    return this.#isPostgres
      ? `(case when json_typeof(spec::json->'${field}') = 'number' then (spec::json->>'${field}')::numeric end)`
      : `(case when json_type(spec, '$.${field}') in ('integer', 'real') then json_extract(spec, '$.${field}') end)`;
  }

  async countBySpecField(kind: string, field: string, limit: number) {
    const expr = this.#specField(field);
    const rows = await this.#db('maestro_records')
      .where({ kind, active: true })
      .select(this.#db.raw(`${expr} as value`))
      .count({ count: '*' })
      .groupByRaw(expr)
      .orderBy('count', 'desc')
      .limit(limit);
    return rows
      .map((r: any) => ({ value: String(r.value ?? '(none)'), count: Number(r.count) }))
      .sort((a, b) => b.count - a.count || a.value.localeCompare(b.value, 'en-US'));
  }

  async topServices(limit: number) {
    const sql = this.#isPostgres
      ? `select s->>'name' as value, count(*) as count
         from maestro_records r, json_array_elements(case when json_typeof(r.spec::json->'services') = 'array' then r.spec::json->'services' else '[]'::json end) s
         where r.kind = 'Server' and r.active = true
         group by 1 order by 2 desc, 1 asc limit ?`
      : `select json_extract(s.value, '$.name') as value, count(*) as count
         from maestro_records r, json_each(r.spec, '$.services') s
         where r.kind = 'Server' and r.active = 1
         group by 1 order by 2 desc, 1 asc limit ?`;
    const result = await this.#db.raw(sql, [limit]);
    const rows = this.#isPostgres ? result.rows : result;
    return rows.map((r: any) => ({ value: String(r.value), count: Number(r.count) }));
  }

  async findByNames(kind: string, names: string[]) {
    const found: Array<{ id: string; name: string; owner: string }> = [];
    for (const chunk of chunks(names, 500)) {
      found.push(
        ...(await this.#db('maestro_records').where('kind', kind).whereIn('name', chunk).select('id', 'name', 'owner')),
      );
    }
    return found;
  }

  async countByKind(): Promise<KindCount[]> {
    const rows = await this.#db('maestro_records')
      .select('kind', 'active')
      .count({ count: '*' })
      .groupBy('kind', 'active');
    const byKind = new Map<string, KindCount>();
    for (const row of rows as Array<{ kind: string; active: boolean | number; count: number | string }>) {
      const entry = byKind.get(row.kind) ?? { kind: row.kind, active: 0, inactive: 0 };
      if (row.active === true || row.active === 1) entry.active += Number(row.count);
      else entry.inactive += Number(row.count);
      byKind.set(row.kind, entry);
    }
    return [...byKind.values()].sort((a, b) => a.kind.localeCompare(b.kind));
  }

  /**
   * Changes with the record as it was after each one. Only `before` is stored (decision 0006): the state after a
   * change is the next change's `before`, or the current record for its latest change. Rows written with a
   * stored `after` (earlier versions) keep using it.
   */
  #changeRows() {
    return this.#db('maestro_changes as c')
      .leftJoin('maestro_records as r', 'r.id', 'c.record_id')
      .select(
        'c.*',
        this.#db.raw(
          '(select n."before" from maestro_changes n where n.record_id = c.record_id and n.seq > c.seq order by n.seq asc limit 1) as next_before',
        ),
        ...RECORD_COLUMNS.map(column => `r.${column} as r_${column}`),
      );
  }

  async history(recordId: string, options: { limit: number; beforeSeq?: number }) {
    const query = this.#changeRows().where('c.record_id', recordId);
    if (options.beforeSeq !== undefined) query.where('c.seq', '<', options.beforeSeq);
    const rows = await query.orderBy('c.seq', 'desc').limit(options.limit);
    return rows.map(toChange);
  }

  async searchHistory(query: HistoryQuery) {
    const q = this.#changeRows();
    if (query.kind) q.where('c.kind', query.kind);
    if (query.actor) q.where('c.actor', query.actor);
    if (query.action) q.where('c.action', query.action);
    if (query.recordId) q.where('c.record_id', query.recordId);
    if (query.from) q.where('c.at', '>=', query.from);
    if (query.to) q.where('c.at', '<=', query.to);
    if (query.beforeSeq !== undefined) q.where('c.seq', '<', query.beforeSeq);
    const rows = await q.orderBy('c.seq', 'desc').limit(query.limit);
    return rows.map(toChange);
  }

  async recordAsOf(recordId: string, at: string) {
    const row = await this.#changeRows()
      .where('c.record_id', recordId)
      .where('c.at', '<=', at)
      .orderBy('c.seq', 'desc')
      .first();
    return row ? toChange(row).after : undefined;
  }

  async getChange(seq: number) {
    const row = await this.#changeRows().where('c.seq', seq).first();
    return row ? toChange(row) : undefined;
  }

  async pruneHistory(before: string) {
    const latestPerRecord = this.#db('maestro_changes').max('seq').groupBy('record_id');
    return this.#db('maestro_changes')
      .where('at', '<', before)
      .whereNotIn('seq', latestPerRecord)
      .delete();
  }

  async findByKey(options: { kind: string; key: LookupKey; value: string; owner?: string }) {
    const q = this.#db('maestro_record_keys as k')
      .join('maestro_records as r', 'r.id', 'k.record_id')
      .where({ 'k.kind': options.kind, 'k.key': options.key, 'k.value': options.value, 'k.active': true });
    if (options.owner) q.where('k.owner', options.owner);
    return q.select('r.id as id', 'r.name as name').orderBy('r.name');
  }

  async findByKeyValues(options: { kind: string; key: LookupKey; values: string[] }) {
    const found: Array<{ id: string; name: string; value: string; active: boolean }> = [];
    for (const chunk of chunks([...new Set(options.values)], 500)) {
      const rows = await this.#db('maestro_record_keys as k')
        .join('maestro_records as r', 'r.id', 'k.record_id')
        .where({ 'k.kind': options.kind, 'k.key': options.key })
        .whereIn('k.value', chunk)
        .select('r.id as id', 'r.name as name', 'k.value as value', 'r.active as active');
      for (const row of rows) found.push({ id: row.id, name: row.name, value: row.value, active: row.active === true || row.active === 1 });
    }
    return found;
  }

  async changes(options: { after: number; limit: number }) {
    const rows = await this.#changeRows()
      .where('c.seq', '>', options.after)
      .orderBy('c.seq', 'asc')
      .limit(options.limit);
    return rows.map(toChange);
  }

  async headSeq() {
    const row = await this.#db('maestro_changes').max({ max: 'seq' }).first();
    return Number(row?.max ?? 0);
  }

  /**
   * Runs a write in a transaction. On PostgreSQL an advisory transaction lock makes writers commit one after the
   * other, so a change-feed reader that has seen seq N can never later find a smaller seq committed behind it.
   * SQLite serialises writers by itself.
   */
  async #writeTx<T>(fn: (tx: Knex.Transaction) => Promise<T>): Promise<T> {
    return this.#db.transaction(async tx => {
      if (this.#isPostgres) {
        await tx.raw('select pg_advisory_xact_lock(?)', [WRITE_LOCK_KEY]);
      }
      return fn(tx);
    });
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

  async #lockedRecord(tx: Knex.Transaction, id: string, expectedVersion?: number) {
    const record = await this.#read(tx, id);
    if (!record) {
      throw new NotFoundError(`no inventory record with id ${shownName(id)}`);
    }
    if (expectedVersion !== undefined && record.version !== expectedVersion) {
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

function* chunks<T>(items: T[], size: number): Generator<T[]> {
  for (let i = 0; i < items.length; i += size) yield items.slice(i, i + size);
}

/** JSON with object keys sorted, so that the same content compares equal whatever its key order. */
function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_key, v) =>
    v && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(Object.keys(v).sort().map(k => [k, v[k]]))
      : v,
  );
}

function toRecord(row: RecordRow): InventoryRecord {
  return {
    id: row.id,
    kind: row.kind,
    name: row.name,
    ...(row.title ? { title: row.title } : {}),
    owner: row.owner,
    spec: JSON.parse(row.spec),
    version: Number(row.version),
    active: row.active === true || row.active === 1,
    source: row.source,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    createdBy: row.created_by,
    updatedBy: row.updated_by,
  };
}



type ChangeWithState = ChangeRow & { next_before?: string | null } & {
  [K in (typeof RECORD_COLUMNS)[number] as `r_${K}`]?: RecordRow[K] | null;
};

/** The record after a change: stored, or the next change's `before`, or the current record. */
function afterOf(row: ChangeWithState): InventoryRecord | undefined {
  if (row.after) return JSON.parse(row.after);
  if (row.next_before) return JSON.parse(row.next_before);
  if (!row.r_id) return undefined;
  const current = Object.fromEntries(RECORD_COLUMNS.map(c => [c, row[`r_${c}`]])) as unknown as RecordRow;
  return toRecord(current);
}

function toChange(row: ChangeWithState): ChangeEntry {
  const after = afterOf(row);
  return {
    seq: Number(row.seq),
    recordId: row.record_id,
    kind: row.kind,
    name: row.name,
    action: row.action,
    actor: row.actor,
    at: row.at,
    ...(row.reason ? { reason: row.reason } : {}),
    ...(row.before ? { before: JSON.parse(row.before) } : {}),
    ...(after ? { after } : {}),
  };
}
