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
// the discovery extension point and the driver interface live in @maestro/plugin-maestro-node (import them from
// there); re-exported so that existing modules keep working
export {
  maestroDiscoveryExtensionPoint,
  type MaestroDiscoveryExtensionPoint,
  type DiscoveryDriver,
  type DriverList,
  type DriverSession,
  type DiscoveredRecord,
  type ResolvedConnection,
} from '@maestro/plugin-maestro-node';
