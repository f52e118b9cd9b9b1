export { CreateRecord } from './CreateRecord';
