import type { InventoryService } from '../records/InventoryService';

/**
 * What discovery writes and reads the inventory with: the reconciler's records and removals, each run's Datacenter,
 * the lookups by provider id it adopts records with, the names already taken, and the count of a Datacenter's
 * servers. It is the inventory service
 * (`plugin.ts` passes it; tests use `__testUtils__/systemInventory.ts`), so discovery writes through the one write
 * path: validated, recorded in history and audited like every other writer.
 */
export type DiscoveryRecordWriter = Pick<
  InventoryService,
  'upsertRecords' | 'setActiveMany' | 'findByKeyValues' | 'findByNames' | 'countActiveRecords'
>;
