export { EntityMaestroContent, changedFields } from './EntityMaestroContent';
