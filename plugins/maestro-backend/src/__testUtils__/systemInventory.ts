import type { AuditorService, PermissionsService } from '@backstage/backend-plugin-api';
import { InventoryService } from '../records/InventoryService';
import type { InventoryStore } from '../records/InventoryStore';
import type { RecordValidator } from '../records/RecordValidator';

/** An auditor that records nothing (the harness also runs in benchmarks, outside Jest). */
const silentAuditor: AuditorService = {
  async createEvent() {
    return { async success() {}, async fail() {} };
  },
};

/** Maestro's own writes are never authorized: a principal's write through this service is a test's mistake. */
const noPermissions: PermissionsService = {
  async authorize() {
    throw new Error('systemInventory: only system writes (no principal) are expected');
  },
  async authorizeConditional() {
    throw new Error('systemInventory: only system writes (no principal) are expected');
  },
};

/**
 * The inventory service over a test store, as `plugin.ts` builds it, for tests and benchmarks of Maestro's own
 * writers (discovery): their writes go through the same validation, history and auditing as in the backend.
 */
export function systemInventory(store: InventoryStore, validator?: RecordValidator): InventoryService {
  return InventoryService.create({ store, permissions: noPermissions, auditor: silentAuditor, validator });
}
