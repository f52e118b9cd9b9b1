import { Knex } from 'knex';
import { InputError } from '@backstage/errors';
import type { KindCount } from '@maestro/plugin-maestro-common';
import type { ListRecordsOptions, LookupKey } from './InventoryStore';
import { chunks, RecordRow, toRecord } from './rows';
import { normaliseOwnerRef } from './writeInput';
import { searchPatterns } from './searchText';

const SORT_COLUMNS = {
  name: 'name',
  kind: 'kind',
  updatedAt: 'updated_at',
  createdAt: 'created_at',
} as const;

/** The read side of the record store: lists, counts and lookups (one place where SQL differs between engines). */
export class KnexRecordQueries {
  readonly #db: Knex;
  readonly #isPostgres: boolean;

  constructor(db: Knex) {
    this.#db = db;
    this.#isPostgres = db.client.config.client === 'pg';
  }

  async listRecords(options: ListRecordsOptions) {
    const query = this.#db<RecordRow>('maestro_records');
    if (options.kind) query.where('kind', options.kind);
    if (options.active !== undefined) query.where('active', options.active);
    if (options.owner) query.where('owner', normaliseOwnerRef(options.owner));
    if (options.ids) query.whereIn('id', options.ids);
    for (const [field, value] of Object.entries(options.specEquals ?? {})) {
      query.whereRaw(`${this.#specField(field)} = ?`, [value]);
    }
    const patterns = options.search ? searchPatterns(options.search) : undefined;
    if (patterns) query.whereRaw(`search_text like ? escape '\\'`, [patterns.contains]);
    if (options.afterId !== undefined && options.count === false) {
      const rows = await query.where('id', '>', options.afterId).select('*').orderBy('id', 'asc').limit(options.limit);
      return { items: rows.map(toRecord), totalCount: -1 };
    }
    const [{ count }] = await query.clone().count({ count: '*' });
    if (options.afterId !== undefined) {
      const rows = await query.where('id', '>', options.afterId).select('*').orderBy('id', 'asc').limit(options.limit);
      return { items: rows.map(toRecord), totalCount: Number(count) };
    }
    // an exact match on an identifier (IP, provider id, hostname, name) first, then the asked order
    if (patterns) query.orderByRaw(`case when search_text like ? escape '\\' then 0 else 1 end`, [patterns.exact]);
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
    query
      .orderBy('name', 'asc')
      .orderBy('id', 'asc')
      .offset(options.offset ?? 0)
      .limit(options.limit);
    if (!patterns) return { items: (await query.select('*')).map(toRecord), totalCount: Number(count) };
    // a search may match most records: the sort carries their ids, not their specs, and the page is read after
    const ids: string[] = (await query.select('id')).map(r => r.id);
    const byId = new Map<string, RecordRow>();
    for (const row of await this.#db<RecordRow>('maestro_records').whereIn('id', ids).select('*'))
      byId.set(row.id, row);
    const rows = ids.map(id => byId.get(id)).filter((row): row is RecordRow => !!row);
    return { items: rows.map(toRecord), totalCount: Number(count) };
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

  async findByKey(options: { kind: string; key: LookupKey; value: string; owner?: string }) {
    const q = this.#db('maestro_record_keys as k')
      .join('maestro_records as r', 'r.id', 'k.record_id')
      .where({ 'k.kind': options.kind, 'k.key': options.key, 'k.value': options.value, 'k.active': true });
    if (options.owner) q.where('k.owner', normaliseOwnerRef(options.owner));
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
      for (const row of rows)
        found.push({ id: row.id, name: row.name, value: row.value, active: row.active === true || row.active === 1 });
    }
    return found;
  }
}
