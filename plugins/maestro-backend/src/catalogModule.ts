/**
 * The Maestro catalog module as a default export, for `backend.add(import('@maestro/plugin-maestro-backend/catalog'))`.
 *
 * @packageDocumentation
 */
export { catalogModuleMaestro as default } from './catalog/module';
