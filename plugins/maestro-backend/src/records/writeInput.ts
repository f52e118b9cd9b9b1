import { parseEntityRef, stringifyEntityRef } from '@backstage/catalog-model';
import { InputError } from '@backstage/errors';
import type { NewRecord, RecordPatch, WriteContext } from './InventoryStore';

/**
 * The longest value each stored text field takes, in characters (PostgreSQL's `varchar(n)` counts characters,
 * i.e. code points; SQLite does not check). Longer values are refused with a 400 naming the field instead of
 * failing in the database (a 500 on PostgreSQL, silently stored on SQLite).
 */
export const FIELD_LIMITS = {
  kind: 64,
  name: 63,
  title: 255,
  owner: 255,
  actor: 255,
  source: 255,
  reason: 2000,
} as const;

type LimitedField = keyof typeof FIELD_LIMITS;

/** Length in characters (code points), as PostgreSQL counts them: an emoji is one. */
export function charLength(value: string): number {
  let count = 0;
  for (const _ of value) count += 1;
  return count;
}

/** The problem with a value for a limited field, or undefined when it fits. */
export function lengthProblem(field: LimitedField, value: string): string | undefined {
  const limit = FIELD_LIMITS[field];
  return charLength(value) > limit ? `must be at most ${limit} characters` : undefined;
}

function assertFits(field: LimitedField, value: string | null | undefined, label: string = field) {
  if (typeof value !== 'string') return;
  const problem = lengthProblem(field, value);
  if (problem) throw new InputError(`${label}: ${problem}`);
}

/**
 * An owner entity ref in the catalog's form: kind and namespace default to `group` and `default` (`platform` →
 * `group:default/platform`) and the ref is lower-cased as the catalog's `stringifyEntityRef` writes it, so it
 * compares equal to a user's `ownershipEntityRefs`. A value that is not an entity ref is returned as it is (the
 * validator refuses it before a write).
 */
export function normaliseOwnerRef(owner: string): string {
  try {
    return stringifyEntityRef(parseEntityRef(owner, { defaultKind: 'group', defaultNamespace: 'default' }));
  } catch {
    return owner;
  }
}

/** Refuses a write context whose actor, source or reason would not fit its column. */
export function assertWritableContext(ctx: WriteContext): void {
  assertFits('actor', ctx.actor);
  assertFits('source', ctx.source);
  assertFits('reason', ctx.reason);
}

/** A new record as it is stored: owner normalised, every limited field checked (400 naming the field). */
export function writableRecord<T extends NewRecord>(record: T): T {
  assertFits('kind', record.kind);
  assertFits('name', record.name);
  assertFits('title', record.title);
  const owner = normaliseOwnerRef(record.owner);
  assertFits('owner', owner);
  return owner === record.owner ? record : { ...record, owner };
}

/** A patch as it is stored: owner normalised, title and owner checked. */
export function writablePatch(patch: RecordPatch): RecordPatch {
  assertFits('title', patch.title);
  if (patch.owner === undefined) return patch;
  const owner = normaliseOwnerRef(patch.owner);
  assertFits('owner', owner);
  return { ...patch, owner };
}
