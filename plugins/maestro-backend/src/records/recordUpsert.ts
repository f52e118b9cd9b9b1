import type { Knex } from 'knex';
import { ConflictError } from '@backstage/errors';
import type { InventoryRecord } from '@maestro/plugin-maestro-common';
import type { JsonObject } from '@backstage/types';
import type { NewRecord, UpsertOptions, UpsertResult, UpsertRow, WriteContext } from './InventoryStore';
import { changeRow, conditionalUpdate, INSERT_CHUNK, keyRowsOf, newRecordRow } from './recordWrites';
import { chunks, RecordRow, toRecord } from './rows';
import { searchTextOf } from './searchText';

/**
 * Rows a bulk write prepares before it lets the process's other requests run: preparing 100,000 rows is seconds of
 * JavaScript, which would otherwise stall every other request of this backend (an edit during an import).
 */
const YIELD_EVERY = 2000;

/**
 * The bulk upsert of {@link KnexInventoryStore.upsertRecords}, inside its transaction: reads the existing records
 * the rows name (per kind, in chunks), lets `options.authorizeExisting` refuse them, then inserts the new records,
 * updates the changed ones (at the version read, else a 409), replaces their lookup keys and appends one change
 * per written record. `rows` are writable (owner normalised, lengths checked) and `ctx` is checked.
 */
export async function upsertInTransaction(
  tx: Knex.Transaction,
  rows: UpsertRow[],
  ctx: WriteContext,
  options: UpsertOptions,
): Promise<UpsertResult> {
  const now = new Date().toISOString();
  const result: UpsertResult = { created: 0, updated: 0, unchanged: 0, rows: [], reactivated: 0 };
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
      search_text: searchTextOf({ name: before.name, title: target.title, spec: target.spec }),
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
    await conditionalUpdate(tx, row.id, before.version, {
      title: row.title,
      owner: row.owner,
      spec: row.spec,
      version: row.version,
      active: row.active,
      source: row.source,
      updated_at: row.updated_at,
      updated_by: row.updated_by,
      search_text: row.search_text,
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

/** What an upsert row makes of an existing record: itself, or (with mergeFields) a merge keeping hand-entered data. */
function mergedInput(
  before: InventoryRecord,
  input: NewRecord,
): { title: string | null; owner: string; spec: JsonObject } {
  if (!input.mergeFields) return { title: input.title ?? null, owner: input.owner, spec: input.spec };
  const owned = new Set(input.mergeFields);
  const kept = Object.fromEntries(Object.entries(before.spec).filter(([field]) => !owned.has(field)));
  return {
    title: input.title ?? before.title ?? null,
    owner: before.owner,
    spec: { ...kept, ...input.spec } as JsonObject,
  };
}

/** JSON with object keys sorted, so that the same content compares equal whatever its key order. */
function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_key, v) =>
    v && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(
          Object.keys(v)
            .sort()
            .map(k => [k, v[k]]),
        )
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
