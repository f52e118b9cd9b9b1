import type { ChangeEntry, InventoryRecord } from '@maestro/plugin-maestro-common';
import { isProjectedToCatalog } from '@maestro/plugin-maestro-common';

/**
 * Sorts one batch of change-feed entries (read page by page, in feed order) into the catalog delta they make: the
 * records to emit (`added`) and the records whose entities to drop (`removed`), one entry per record, from its
 * latest state in the batch.
 *
 * - A record active and projected (`isProjectedToCatalog`: everything but network ports) at the end is added.
 * - A record projected but inactive at the end (deleted; also created and deleted within the batch) is removed.
 * - A record not projected at the end (a port) is removed only if one of its changes in the batch shows it projected
 *   before (edited into a port); otherwise it never was in the catalog and is left out.
 *
 * No I/O: the entity provider feeds it each page, then applies the result as one delta mutation.
 */
export class CatalogDelta {
  readonly #latest = new Map<string, InventoryRecord>();
  /** Records of this batch that were in the catalog before one of its changes (a subnet edited into a port…). */
  readonly #wasProjected = new Set<string>();

  /** Adds the next changes of the batch, in feed order. */
  addChanges(changes: Iterable<ChangeEntry>): void {
    for (const change of changes) {
      if (change.after) this.#latest.set(change.recordId, change.after);
      if (change.before && isProjectedToCatalog(change.before)) this.#wasProjected.add(change.recordId);
    }
  }

  /** The records to emit and to drop, each in the order its record first changed in the batch. */
  sort(): { added: InventoryRecord[]; removed: InventoryRecord[] } {
    const added: InventoryRecord[] = [];
    const removed: InventoryRecord[] = [];
    for (const record of this.#latest.values()) {
      const projected = isProjectedToCatalog(record);
      if (record.active && projected) added.push(record);
      else if (projected || this.#wasProjected.has(record.id)) removed.push(record);
    }
    return { added, removed };
  }
}

/** The catalog delta of a whole batch of changes at once (see {@link CatalogDelta}). */
export function catalogDeltaOf(changes: Iterable<ChangeEntry>): {
  added: InventoryRecord[];
  removed: InventoryRecord[];
} {
  const delta = new CatalogDelta();
  delta.addChanges(changes);
  return delta.sort();
}
