import type { DiscoveredRecord } from '@maestro/plugin-maestro-node';

export type { DiscoveredRecord } from '@maestro/plugin-maestro-node';

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
