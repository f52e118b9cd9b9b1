import { InputError } from '@backstage/errors';
import type { InventoryRecord } from '@maestro/plugin-maestro-common';
import { HistoryPrunedError } from '../history/HistoryPrunedError';
import type { InventoryStore } from '../records/InventoryStore';
import { ISO_DATE } from './reportFilters';
import type { RecordSource } from './singleReport';

const PAGE = 2000;

/**
 * The records of a kind as they were at a time, for running a report "as of" that time: read from the change
 * history a keyset page at a time. `asOf` is checked first: an ISO date (400 naming `asOf` otherwise), not before
 * the history retention's watermark (410: the state then is unknown). A time in the future is now.
 */
export async function asOfRecordSource(
  store: Pick<InventoryStore, 'recordsAsOf' | 'prunedBefore'>,
  asOf: unknown,
  options: { now?: number; pageSize?: number } = {},
): Promise<RecordSource> {
  const time = typeof asOf === 'string' && ISO_DATE.test(asOf) ? Date.parse(asOf) : NaN;
  if (Number.isNaN(time)) throw new InputError('asOf: must be an ISO date (2026-11-05 or 2026-11-05T10:00:00Z)');
  const at = new Date(Math.min(time, options.now ?? Date.now())).toISOString();
  const prunedBefore = await store.prunedBefore();
  if (prunedBefore && at < prunedBefore) {
    throw new HistoryPrunedError(
      `asOf: history is pruned before ${prunedBefore} (maestro.history.retentionDays); the inventory at ${at} is unknown`,
    );
  }
  const pageSize = options.pageSize ?? PAGE;
  return async function* read(kind, { active }) {
    let afterId: string | undefined = '';
    while (afterId !== undefined) {
      const page: { records: InventoryRecord[]; next?: string } = await store.recordsAsOf(kind, at, {
        afterId,
        limit: pageSize,
      });
      const { records, next } = page;
      const kept = active === undefined ? records : records.filter(r => r.active === active);
      if (kept.length) yield kept;
      afterId = next;
    }
  };
}
