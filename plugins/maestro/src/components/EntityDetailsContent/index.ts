export { EntityDetailsContent } from './EntityDetailsContent';
