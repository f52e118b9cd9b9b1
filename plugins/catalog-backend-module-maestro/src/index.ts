/**
 * The catalog module of Maestro for Backstage: validates the Maestro kinds, emits their relations, and projects the
 * Maestro inventory into the software catalog through an entity provider that reads the `maestro` plugin's REST API.
 *
 * ```ts
 * backend.add(import('@maestro/plugin-maestro-backend'));
 * backend.add(import('@maestro/plugin-catalog-backend-module-maestro'));
 * ```
 *
 * @packageDocumentation
 */
export { catalogModuleMaestro as default } from './module';
export { catalogModuleMaestro } from './module';
export { MaestroEntityProcessor } from './MaestroEntityProcessor';
export { MaestroEntityProvider } from './MaestroEntityProvider';
export { recordToEntity } from './recordToEntity';
