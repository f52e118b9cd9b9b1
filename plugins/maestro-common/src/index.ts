/**
 * Shared kinds, JSON schemas, relations, annotations, permissions and API types of Maestro for Backstage.
 *
 * @packageDocumentation
 */
export * from './annotations';
export * from './relations';
export * from './permissions';
export * from './kinds';
export * from './api';
export * from './history';
export * from './settings';
export * from './catalogProjection';
export * from './search';
