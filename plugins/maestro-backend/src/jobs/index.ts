export { JobRunner, type JobContext, type JobDefinition, type ScheduledJob } from './JobRunner';
export { RunStatusTable, type RunStatusColumns } from './RunStatusTable';
export { JobNotices, type NoticePayload } from './JobNotices';
export { KeyedSemaphore } from './KeyedSemaphore';
export { normalizedRef, recipientsFromConfig } from './recipients';
export { isDue, JobAbortedError, throwIfAborted, tickSecondsFromConfig, TICK_SECONDS } from './schedule';
export type { JobStarter } from './JobService';
