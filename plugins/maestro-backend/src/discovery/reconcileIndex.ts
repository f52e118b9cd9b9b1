import { createHash } from 'node:crypto';
import { DiscoveredRecord, HeldRemoval, ReconcileCounts } from './types';

/*
 * The reconciliation index and the reconciler's contract: what a listing covers (scope), how it is reconciled
 * (options), what came of it (outcome), the index rows it keeps per scope and the checksums it compares.
 */

/** The reconciliation index: one row per (connection, list, region, provider id). */
export const INDEX_TABLE = 'maestro_discovery_scope_index';

/** The scope one listing covers: records not seen in a complete listing of it become inactive. */
export interface ReconcileScope {
  connectionId: string;
  /** The connection's incarnation (see incarnation.ts): index rows of an earlier connection with its id are ignored. */
  incarnation: string;
  list: string;
  /** An AWS/OpenStack region, or `global` for global services (S3, CloudFront). */
  region: string;
  /** Owner of records the crawler creates (existing records keep theirs). */
  owner: string;
  /** The task run, written into each history entry's reason. */
  runId: string;
}

export interface ReconcileOptions {
  /** Share of a scope's active records one listing may deactivate before it is held back (default 0.3). */
  massRemovalThreshold: number;
  /** Removals of fewer records than this are never held (default 10). */
  massRemovalMinimum: number;
  /** An operator confirmed the removal held in this scope, of at most this many records: a bigger one stays held. */
  confirmedRemovals?: number;
}

export interface ReconcileOutcome {
  counts: ReconcileCounts;
  held?: HeldRemoval;
  /** Records the crawler produced that the kind's schema rejects: reported, not written, never deactivated. */
  invalid: Array<{ providerId: string; problems: string }>;
}

/**
 * Spec fields that say where a scope saw a resource. A record several scopes hold (an image shared by two regions,
 * a public image two accounts see) gets them from one scope only, the first by (connection, list, region): the
 * others leave them alone, so the record does not flip between regions.
 */
export const PLACEMENT_FIELDS = ['datacenter', 'region', 'zone'];

export interface IndexRow {
  connection_id: string;
  list: string;
  region: string;
  provider_id: string;
  incarnation: string;
  kind: string;
  record_id: string;
  record_name: string;
  checksum: string;
  fields: string;
  active: boolean | number;
  seen_at: string;
}

/** An index row with the state of its record now (undefined columns when the record no longer exists). */
export interface ScopeRow extends IndexRow {
  current_id: string | null;
  current_name: string | null;
  current_active: boolean | number | null;
  current_updated_by: string | null;
}

export interface Pending {
  record: DiscoveredRecord;
  checksum: string;
  previous?: ScopeRow;
  /** The record written: the indexed one, one adopted by provider id, or a new name. */
  target?: { name: string; id?: string };
}

export const isTrue = (value: boolean | number | null | undefined) => value === true || value === 1;

/** sha256 over the translated record with sorted keys: equal content, equal checksum. */
export function checksumOf(record: DiscoveredRecord): string {
  return createHash('sha256')
    .update(canonical({ kind: record.kind, name: record.name, title: record.title ?? null, spec: record.spec }))
    .digest('hex');
}

function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value && typeof value === 'object') {
    return `{${Object.keys(value as object)
      .sort()
      .map(k => `${JSON.stringify(k)}:${canonical((value as any)[k])}`)
      .join(',')}}`;
  }
  return JSON.stringify(value ?? null);
}

export const chunks = <T>(items: T[], size: number): T[][] =>
  Array.from({ length: Math.ceil(items.length / size) }, (_, i) => items.slice(i * size, (i + 1) * size));

export const scopeKey = (connectionId: string, list: string, region: string) =>
  `${connectionId}\u0000${list}\u0000${region}`;

/** A record deactivated by discovery (not by a person) is made active again by any scope that still sees it. */
export const deactivatedByDiscovery = (row: ScopeRow) =>
  !isTrue(row.current_active) && String(row.current_updated_by ?? '').startsWith('maestro:discovery/');
