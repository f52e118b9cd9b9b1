import { randomUUID } from 'node:crypto';
import type { Knex } from 'knex';
import { ConflictError } from '@backstage/errors';
import type { ChangeAction, InventoryRecord } from '@maestro/plugin-maestro-common';
import { LOOKUP_KEYS, NewRecord, WriteContext } from './InventoryStore';
import type { RecordRow } from './rows';
import type { JsonObject } from '@backstage/types';
import { searchTextOf } from './searchText';

/** Rows per multi-row INSERT: under SQLite's 500-term compound SELECT limit and both engines' parameter limits. */
export const INSERT_CHUNK = 400;

/** Changes a record row only while it is at `version`: a concurrent writer that got there first makes this a 409. */
export async function conditionalUpdate(
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

/** The row of a record being created (version 1, active). */
export function newRecordRow(record: NewRecord, ctx: WriteContext, now: string): RecordRow {
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
    search_text: searchTextOf(record),
  };
}

/**
 * The column changes of a patch to a record (version, time, author, and the fields it sets), with the search text
 * of the record it makes.
 */
export function patchedRow(
  before: InventoryRecord,
  patch: { title?: string | null; owner?: string; spec?: JsonObject },
  ctx: WriteContext,
  now: string,
): Partial<RecordRow> {
  const changes: Partial<RecordRow> = { version: before.version + 1, updated_at: now, updated_by: ctx.actor };
  if (patch.title !== undefined) changes.title = patch.title;
  if (patch.owner !== undefined) changes.owner = patch.owner;
  if (patch.spec !== undefined) changes.spec = JSON.stringify(patch.spec);
  if (ctx.source) changes.source = ctx.source;
  changes.search_text = searchTextOf({
    name: before.name,
    title: patch.title !== undefined ? patch.title : before.title,
    spec: patch.spec ?? before.spec,
  });
  return changes;
}

/** The history row of a change (its `after` is not stored: see KnexChangeHistory). */
export function changeRow(
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

/** The lookup-key rows of a record (hostname, private IP, provider id). */
export function keyRowsOf(record: InventoryRecord) {
  return LOOKUP_KEYS.flatMap(key => {
    const value = record.spec[key];
    return typeof value === 'string' && value
      ? [{ record_id: record.id, kind: record.kind, key, value, owner: record.owner, active: record.active }]
      : [];
  });
}

/** Whether a database error says another transaction created a record of the same kind and name first. */
function isSameNameCreated(e: { code?: string; constraint?: string; message?: string }): boolean {
  return (
    (e.code === '23505' && e.constraint === 'maestro_records_kind_name_uq') ||
    (e.code === 'SQLITE_CONSTRAINT_UNIQUE' && /maestro_records\.kind, maestro_records\.name/.test(e.message ?? ''))
  );
}

/**
 * Whether a bulk upsert that failed with this error may simply run again: another transaction created one of its
 * names first (the next attempt reads that record and updates it) or PostgreSQL chose it as a deadlock victim.
 */
export function isRetryableUpsertError(error: unknown): boolean {
  const e = (error ?? {}) as { code?: string; constraint?: string; message?: string };
  return isSameNameCreated(e) || e.code === '40P01';
}

/** A database error that means "someone else wrote the same thing at the same time", as a 409. */
export function asConflict(error: unknown): ConflictError | undefined {
  const e = error as { code?: string; constraint?: string; message?: string };
  if (isSameNameCreated(e)) {
    return new ConflictError('name: a record of this kind and name was created at the same time; reload and try again');
  }
  if (e.code === '40P01' || e.code === '40001') {
    return new ConflictError('version: a record of this write was changed at the same time; reload and try again');
  }
  return undefined;
}

/** A record of a multi-record write that is not at the version the caller read. */
export interface StaleRecord {
  id: string;
  kind: string;
  name: string;
  /** The version stored now. */
  version: number;
  /** The version the caller read. */
  expected: number;
}

/**
 * A 409 for a multi-record write some of whose records changed since the caller read them: names each of them
 * (kind, name, id, both versions) and says that nothing was written.
 */
export class StaleRecordsError extends ConflictError {
  readonly records: StaleRecord[];

  constructor(records: StaleRecord[]) {
    const list = records
      .map(r => `${r.kind} ${r.name} (id ${r.id}) is at version ${r.version}, not ${r.expected}`)
      .join('; ');
    super(
      `version: ${records.length} record(s) changed since you read them, nothing was written: ${list}; reload them and apply your changes again`,
    );
    this.records = records;
  }
}
