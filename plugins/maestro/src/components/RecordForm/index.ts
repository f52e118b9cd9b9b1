export { RecordForm, DEFAULT_OWNER } from './RecordForm';
export type { RecordFormProps } from './RecordForm';
export { describeApiError, failureTitle, isStaleVersion, parseFieldProblems } from './apiErrors';
export type { ApiFailure, FieldProblem } from './apiErrors';
