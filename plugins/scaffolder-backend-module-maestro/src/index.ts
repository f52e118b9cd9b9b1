/**
 * The scaffolder module of Maestro for Backstage: software template actions that create and read inventory records
 * and link applications to the servers, databases, load balancers and volumes they use.
 *
 * ```ts
 * backend.add(import('@backstage/plugin-scaffolder-backend'));
 * backend.add(import('@maestro/plugin-scaffolder-backend-module-maestro'));
 * ```
 *
 * @packageDocumentation
 */
export { scaffolderModuleMaestro as default } from './module';
export { scaffolderModuleMaestro } from './module';
export { MaestroInventoryClient } from './MaestroInventoryClient';
export type { CallOptions, WrittenRecord } from './MaestroInventoryClient';
export { createMaestroRecordCreateAction } from './actions/createRecordAction';
export { createMaestroLinkAction } from './actions/linkAction';
export { createMaestroRecordGetAction } from './actions/getRecordAction';
