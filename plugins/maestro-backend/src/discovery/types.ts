import type { JsonObject } from '@backstage/types';

/** A resource as a crawler translated it into the inventory model. */
export interface DiscoveredRecord {
  kind: string;
  /** The provider's id (instance id, ARN, uuid…): one record per provider id, however many crawls see it. */
  providerId: string;
  /** Stable, scoped entity name (see scopedName); used when the record is created. */
  name: string;
  title?: string;
  /** Only the fields the crawler knows; `providerId` included. */
  spec: JsonObject;
  /**
   * Fields the crawler owns but could not read this time (a failed enrichment): left as stored, neither removed
   * nor replaced, and still the crawler's.
   */
  keepFields?: string[];
  /**
   * The provider answered only part of the resource (a Nova server in a cell that is down): `spec` holds just the
   * fields it did answer, every other field and the title keep their stored values, and the record counts as seen
   * (never deactivated because of it). A partial record never creates a record.
   */
  partial?: boolean;
}

/** What one crawl of one (connection, list, region) returned. */
export interface Listing {
  records: DiscoveredRecord[];
  /**
   * True only when every page of every call behind the list was read. A listing that failed, was cut short by
   * throttling or denied, is incomplete: nothing is marked inactive from it.
   */
  complete: boolean;
}

/** Counts of one reconciliation (summed over regions for a task's status). */
export interface ReconcileCounts {
  seen: number;
  created: number;
  changed: number;
  unchanged: number;
  deactivated: number;
  reactivated: number;
  invalid: number;
}

/** A removal the mass-removal guard held back, for the status and the operator. */
export interface HeldRemoval {
  region: string;
  wouldDeactivate: number;
  of: number;
  threshold: number;
}

export const emptyCounts = (): ReconcileCounts => ({
  seen: 0,
  created: 0,
  changed: 0,
  unchanged: 0,
  deactivated: 0,
  reactivated: 0,
  invalid: 0,
});

export function addCounts(a: ReconcileCounts, b: ReconcileCounts): ReconcileCounts {
  return {
    seen: a.seen + b.seen,
    created: a.created + b.created,
    changed: a.changed + b.changed,
    unchanged: a.unchanged + b.unchanged,
    deactivated: a.deactivated + b.deactivated,
    reactivated: a.reactivated + b.reactivated,
    invalid: a.invalid + b.invalid,
  };
}
