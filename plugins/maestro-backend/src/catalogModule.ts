/**
 * Deprecated: the catalog module is its own package now. Replace
 * `backend.add(import('@maestro/plugin-maestro-backend/catalog'))` with
 * `backend.add(import('@maestro/plugin-catalog-backend-module-maestro'))`; this subpath is removed in the next release.
 *
 * @packageDocumentation
 */
export { default } from '@maestro/plugin-catalog-backend-module-maestro';
