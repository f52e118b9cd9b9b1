export { MaestroPage } from './MaestroPage';
