/**
 * Search module of Maestro for Backstage: indexes the Maestro inventory (hostnames, IPs, provider ids, tags) so
 * that the portal's search finds a machine by its address or cloud id.
 *
 * @packageDocumentation
 */
export { searchModuleMaestroCollator as default } from './module';
export { MaestroCollatorFactory } from './MaestroCollatorFactory';
export { DEFAULT_LOCATION_TEMPLATE, isIndexedForSearch, recordToDocument } from './recordToDocument';
export type { MaestroSearchDocument } from './recordToDocument';
