import { CustomErrorBase } from '@backstage/errors';

/** A time before the history retention deleted the changes that would answer it: 410 Gone. */
export class HistoryPrunedError extends CustomErrorBase {
  name = 'HistoryPrunedError' as const;
  readonly statusCode = 410;
}
