/**
 * Maestro for Backstage backend: the `maestro` plugin (inventory store, REST API, history, permissions) and the
 * catalog module that projects the inventory into the software catalog.
 *
 * ```ts
 * backend.add(import('@maestro/plugin-maestro-backend'));
 * backend.add(import('@maestro/plugin-maestro-backend/catalog')); // or: catalogModuleMaestro
 * ```
 *
 * @packageDocumentation
 */
export { maestroPlugin as default } from './plugin';
export { catalogModuleMaestro } from './catalog/module';
export { MaestroEntityProcessor } from './catalog/MaestroEntityProcessor';
export { MaestroEntityProvider } from './catalog/MaestroEntityProvider';
export { recordToEntity } from './catalog/recordToEntity';
export {
  maestroRecordResourceRef,
  maestroRecordConditions,
  createMaestroRecordConditionalDecision,
  isRecordOwner,
} from './permissions/rules';
export {
  maestroDiscoveryExtensionPoint,
  type MaestroDiscoveryExtensionPoint,
} from './discovery/extensionPoint';
export type { DiscoveryDriver, DriverList, DriverSession } from './discovery/driver';
export type { DiscoveredRecord } from './discovery/types';
export type { ResolvedConnection } from './discovery/ConnectionStore';
