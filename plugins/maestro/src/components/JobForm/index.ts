export { JobForm } from './JobForm';
