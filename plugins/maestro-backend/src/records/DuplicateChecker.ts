import type { InventoryRecord, WriteWarning } from '@maestro/plugin-maestro-common';
import type { InventoryStore, LookupKey } from './InventoryStore';

/** Per kind, the spec fields that should be unique within one owner (a warning, not an error, as in the seed). */
const UNIQUE_PER_OWNER: Record<string, Array<{ key: LookupKey; label: string }>> = {
  Server: [
    { key: 'hostname', label: 'hostname' },
    { key: 'ipv4Private', label: 'private IP' },
  ],
};

/**
 * Finds other active records of the same kind and owner that share a hostname or private IP with a record just
 * written. The write is kept: duplicates are reported as warnings in the response and shown in the UI.
 */
export class DuplicateChecker {
  readonly #store: InventoryStore;

  constructor(store: InventoryStore) {
    this.#store = store;
  }

  async warningsFor(record: InventoryRecord): Promise<WriteWarning[]> {
    const warnings: WriteWarning[] = [];
    for (const { key, label } of UNIQUE_PER_OWNER[record.kind] ?? []) {
      const value = record.spec[key];
      if (typeof value !== 'string' || !value) continue;
      const others = (await this.#store.findByKey({ kind: record.kind, key, value, owner: record.owner })).filter(
        o => o.id !== record.id,
      );
      if (others.length > 0) {
        warnings.push({
          field: `spec.${key}`,
          message: `${label} ${value} is also used by ${others.map(o => o.name).join(', ')} (same owner ${
            record.owner
          })`,
        });
      }
    }
    return warnings;
  }
}
