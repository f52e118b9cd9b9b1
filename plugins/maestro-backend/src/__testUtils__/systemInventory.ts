import { mockServices } from '@backstage/backend-test-utils';
import { InventoryService } from '../records/InventoryService';
import type { InventoryStore } from '../records/InventoryStore';

/**
 * The inventory service over a test store, as `plugin.ts` builds it, for tests of Maestro's own writers (discovery):
 * their writes go through the same validation, history and auditing as in the backend. Its permissions allow
 * everything; system writes are not authorized anyway.
 */
export function systemInventory(store: InventoryStore): InventoryService {
  return InventoryService.create({
    store,
    permissions: mockServices.permissions(),
    auditor: mockServices.auditor.mock(),
  });
}
