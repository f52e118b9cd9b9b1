/**
 * Maestro for Backstage backend: the `maestro` plugin (inventory store, REST API, history, permissions). The catalog
 * module that projects the inventory into the software catalog is its own package,
 * `@maestro/plugin-catalog-backend-module-maestro`.
 *
 * ```ts
 * backend.add(import('@maestro/plugin-maestro-backend'));
 * backend.add(import('@maestro/plugin-catalog-backend-module-maestro'));
 * ```
 *
 * @packageDocumentation
 */
export { maestroPlugin as default } from './plugin';
export {
  /** @deprecated Import from `@maestro/plugin-catalog-backend-module-maestro`; removed in the next release. */
  catalogModuleMaestro,
  /** @deprecated Import from `@maestro/plugin-catalog-backend-module-maestro`; removed in the next release. */
  MaestroEntityProcessor,
  /** @deprecated Import from `@maestro/plugin-catalog-backend-module-maestro`; removed in the next release. */
  MaestroEntityProvider,
  /** @deprecated Import from `@maestro/plugin-catalog-backend-module-maestro`; removed in the next release. */
  recordToEntity,
} from '@maestro/plugin-catalog-backend-module-maestro';
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
