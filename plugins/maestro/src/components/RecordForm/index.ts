export { RecordForm } from './RecordForm';
export type { RecordFormProps } from './RecordForm';
