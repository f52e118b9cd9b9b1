import { InputError } from '@backstage/errors';
import type { InventoryRecord, ReportFilter } from '@maestro/plugin-maestro-common';
import { HistoryPrunedError } from '../history/HistoryPrunedError';
import type { InventoryStore } from '../records/InventoryStore';
import { reportFields, valueAt } from './reportFields';
import { compileFilters } from './reportFilters';

/** One point of a trend: the report's row count at a time, and per value of the grouping field. */
export interface TrendPoint {
  at: string;
  total: number;
  groups?: Record<string, number>;
}

export const MIN_TREND_WEEKS = 1;
export const MAX_TREND_WEEKS = 52;
export const DEFAULT_TREND_WEEKS = 12;
/** Field types a trend can be grouped by. */
const GROUPABLE = new Set(['enum', 'string', 'boolean']);
/** Distinct group values kept; the rest count under "other". */
const MAX_GROUPS = 50;
const OTHER = 'other';
const NONE = '(none)';
const WEEK = 7 * 24 * 3_600_000;
/** 1970-01-05, a Monday: weeks start on Mondays (ISO weeks), 00:00 UTC. */
const MONDAY = 4 * 24 * 3_600_000;
const PAGE = 2000;

/**
 * The times of a trend over `weeks` weeks: the end of each of the last `weeks - 1` complete weeks (Monday 00:00
 * UTC), oldest first, and `now` for the week under way.
 */
export function trendTimes(weeks: number, now: number): string[] {
  const thisMonday = Math.floor((now - MONDAY) / WEEK) * WEEK + MONDAY;
  const times: string[] = [];
  for (let k = weeks - 2; k >= 0; k--) times.push(new Date(thisMonday - k * WEEK).toISOString());
  times.push(new Date(now).toISOString());
  return times;
}

/** A single report's row count over time (what a trend needs of it). */
export interface TrendQuery {
  kind: string;
  filters?: ReportFilter[];
  includeInactive?: boolean;
}

/**
 * The trend of a single report's row count (`GET /reports/:id/trend`): its count at the end of each of the last
 * `weeks` weeks, as of the history, optionally per value of one enum, text or boolean field (servers per
 * environment). One pass: each page of the kind's records is read with its state at every time
 * (`recordStatesAt`: the page's changes since the first time, then only the records they hold that are needed), not
 * one as-of run per week. Relative date filters ("last 7
 * days") are relative to each point's time. 410 when the history is pruned after the first time.
 */
export async function reportTrend(
  store: Pick<InventoryStore, 'recordStatesAt' | 'prunedBefore'>,
  query: TrendQuery,
  options: { weeks: number; groupBy?: string; now?: number; pageSize?: number },
): Promise<{ points: TrendPoint[] }> {
  const { weeks, groupBy } = options;
  if (!Number.isInteger(weeks) || weeks < MIN_TREND_WEEKS || weeks > MAX_TREND_WEEKS) {
    throw new InputError(`weeks: must be a whole number from ${MIN_TREND_WEEKS} to ${MAX_TREND_WEEKS}`);
  }
  if (groupBy !== undefined) {
    const field = (reportFields(query.kind) ?? []).find(f => f.path === groupBy);
    if (!field || !GROUPABLE.has(field.type)) {
      throw new InputError(
        `groupBy: '${String(groupBy).slice(0, 128)}' is not an enum, text or boolean field of ${query.kind}`,
      );
    }
  }
  const now = options.now ?? Date.now();
  const times = trendTimes(weeks, now);
  const matchers = times.map(t => compileFilters(query.kind, query.filters, { now: Date.parse(t), prefix: 'filters' }));
  const prunedBefore = await store.prunedBefore();
  if (prunedBefore && times[0] < prunedBefore) {
    throw new HistoryPrunedError(
      `weeks: history is pruned before ${prunedBefore} (maestro.history.retentionDays); ` +
        `the inventory at ${times[0]} is unknown`,
    );
  }
  const onActive = (query.filters ?? []).some(f => f.field === 'active');
  const activeOnly = !query.includeInactive && !onActive;
  const totals = times.map(() => 0);
  const groups = times.map(() => new Map<string, number>());
  const known = new Set<string>();
  const count = (i: number, record: InventoryRecord) => {
    totals[i] += 1;
    if (groupBy === undefined) return;
    const value = valueAt(record, groupBy);
    let label = value === undefined || value === null || value === '' ? NONE : String(value);
    if (!known.has(label)) {
      if (known.size >= MAX_GROUPS) label = OTHER;
      else known.add(label);
    }
    groups[i].set(label, (groups[i].get(label) ?? 0) + 1);
  };

  let afterId: string | undefined = '';
  while (afterId !== undefined) {
    const page: Awaited<ReturnType<InventoryStore['recordStatesAt']>> = await store.recordStatesAt(query.kind, times, {
      afterId,
      limit: options.pageSize ?? PAGE,
    });
    for (const { states } of page.records) {
      states.forEach((state, i) => {
        if (!state || (activeOnly && !state.active) || !matchers[i](state)) return;
        count(i, state);
      });
    }
    afterId = page.next;
  }
  return {
    points: times.map((at, i) => ({
      at,
      total: totals[i],
      ...(groupBy !== undefined ? { groups: Object.fromEntries([...groups[i]].sort((a, b) => b[1] - a[1])) } : {}),
    })),
  };
}
