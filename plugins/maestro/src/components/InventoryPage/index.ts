export { KindInventoryPage } from './KindInventoryPage';
