import { InputError } from '@backstage/errors';
import {
  DEPENDENCY_PROTOCOLS,
  MAX_DEPENDENCY_COMMIT_CHANGES,
  MAX_DEPENDENCY_COMMIT_REASON,
} from '@maestro/plugin-maestro-common';
import { requireObject } from '../input/requestFields';

/** At most this many dependencies (or entry applications) in one record's new list. */
export const MAX_TARGETS_PER_RECORD = 1000;

/** A target of a change as given: its ref, its protocol, and its index in the list (for error messages). */
export interface GivenTarget {
  ref: string;
  protocol?: string;
  index: number;
}

/** One change of a commit, checked for shape only (the records and targets are looked up later). */
export interface GivenChange {
  /** Index in `changes`, for error messages (`changes[2]…`). */
  index: number;
  id: string;
  version: number;
  dependencies?: GivenTarget[];
  entryApplications?: GivenTarget[];
}

/** A commit of the dependency maker, checked for shape. */
export interface GivenCommit {
  reason: string;
  changes: GivenChange[];
  allowCycles: boolean;
}

const COMMIT_KEYS = new Set(['reason', 'changes', 'allowCycles']);
const CHANGE_KEYS = new Set(['id', 'version', 'dependencies', 'entryApplications']);
const TARGET_KEYS = new Set(['ref', 'protocol']);
const PROTOCOLS = new Set<string>(DEPENDENCY_PROTOCOLS);
const MAX_REF = 255;

function assertKnownKeys(value: Record<string, unknown>, known: Set<string>, at: string) {
  const unknown = Object.keys(value).find(key => !known.has(key));
  if (unknown !== undefined) {
    const where = at ? `${at}.` : '';
    throw new InputError(`${where}${unknown.slice(0, 64)}: is not a field of this request`);
  }
}

function refOf(value: unknown, at: string): string {
  if (typeof value !== 'string' || value.trim() === '' || value.length > MAX_REF) {
    throw new InputError(`${at}: must be an entity ref of at most ${MAX_REF} characters`);
  }
  return value.trim();
}

function listOf(value: unknown, at: string): unknown[] {
  if (!Array.isArray(value) || value.length > MAX_TARGETS_PER_RECORD) {
    throw new InputError(`${at}: must be a list of at most ${MAX_TARGETS_PER_RECORD} items`);
  }
  return value;
}

function dependenciesOf(value: unknown, at: string): GivenTarget[] {
  return listOf(value, at).map((item, index) => {
    const here = `${at}[${index}]`;
    if (typeof item !== 'object' || item === null || Array.isArray(item)) {
      throw new InputError(`${here}: must be an object { ref, protocol? }`);
    }
    const target = item as Record<string, unknown>;
    assertKnownKeys(target, TARGET_KEYS, here);
    const ref = refOf(target.ref, `${here}.ref`);
    if (target.protocol === undefined || target.protocol === null || target.protocol === '') return { ref, index };
    if (typeof target.protocol !== 'string' || !PROTOCOLS.has(target.protocol)) {
      throw new InputError(`${here}.protocol: must be one of ${DEPENDENCY_PROTOCOLS.join(', ')}`);
    }
    return { ref, protocol: target.protocol, index };
  });
}

function changeOf(value: unknown, index: number): GivenChange {
  const at = `changes[${index}]`;
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new InputError(`${at}: must be an object { id, version, dependencies?, entryApplications? }`);
  }
  const change = value as Record<string, unknown>;
  assertKnownKeys(change, CHANGE_KEYS, at);
  if (typeof change.id !== 'string' || change.id === '' || change.id.length > 64) {
    throw new InputError(`${at}.id: must be the id of an inventory record`);
  }
  if (!Number.isSafeInteger(change.version) || (change.version as number) < 1) {
    throw new InputError(`${at}.version: is required and must be the positive integer version you read`);
  }
  if (change.dependencies === undefined && change.entryApplications === undefined) {
    throw new InputError(`${at}: give dependencies (an application) or entryApplications (a system)`);
  }
  return {
    index,
    id: change.id,
    version: change.version as number,
    ...(change.dependencies === undefined
      ? {}
      : { dependencies: dependenciesOf(change.dependencies, `${at}.dependencies`) }),
    ...(change.entryApplications === undefined
      ? {}
      : {
          entryApplications: listOf(change.entryApplications, `${at}.entryApplications`).map((ref, i) => ({
            ref: refOf(ref, `${at}.entryApplications[${i}]`),
            index: i,
          })),
        }),
  };
}

/**
 * The body of `POST /dependencies/commit`, checked for shape: a reason (required, at most
 * {@link MAX_DEPENDENCY_COMMIT_REASON} characters), 1 to {@link MAX_DEPENDENCY_COMMIT_CHANGES} changes (each an id
 * once, a version, and the new dependency or entry application list), `allowCycles`. Every refusal is a 400
 * naming the field (`changes[2].dependencies[0].protocol: …`); unknown fields are refused, not ignored.
 */
export function readDependencyCommit(body: unknown): GivenCommit {
  const commit = requireObject(body);
  assertKnownKeys(commit, COMMIT_KEYS, '');
  const reason = typeof commit.reason === 'string' ? commit.reason.trim() : '';
  if (reason === '' || reason.length > MAX_DEPENDENCY_COMMIT_REASON) {
    throw new InputError(`reason: is required, at most ${MAX_DEPENDENCY_COMMIT_REASON} characters`);
  }
  if (commit.allowCycles !== undefined && typeof commit.allowCycles !== 'boolean') {
    throw new InputError('allowCycles: must be true or false');
  }
  const given = commit.changes;
  if (!Array.isArray(given) || given.length === 0 || given.length > MAX_DEPENDENCY_COMMIT_CHANGES) {
    throw new InputError(`changes: must be a list of 1 to ${MAX_DEPENDENCY_COMMIT_CHANGES} changes`);
  }
  const changes = given.map(changeOf);
  const firstOf = new Map<string, number>();
  for (const change of changes) {
    const first = firstOf.get(change.id);
    if (first !== undefined) {
      throw new InputError(`changes[${change.index}].id: record ${change.id} is already changed by changes[${first}]`);
    }
    firstOf.set(change.id, change.index);
  }
  return { reason, changes, allowCycles: commit.allowCycles === true };
}
