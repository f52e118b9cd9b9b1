import { InputError } from '@backstage/errors';
import type { InventoryRecord, ReportFilter } from '@maestro/plugin-maestro-common';
import type { InventoryStore } from '../records/InventoryStore';
import { reportFields, valueReader } from './reportFields';
import { ReportChart, ReportCharts } from './reportCharts';
import { compileFilters } from './reportFilters';

/** Pages of the records of one kind, in a stable order, read as the report goes (never the whole kind at once). */
export type RecordSource = (
  kind: string,
  options: {
    active?: boolean;
    /**
     * Exact matches on top-level spec fields the report's filters require: a source may use them to read fewer
     * records (the filters are applied to every record read anyway).
     */
    specEquals?: Record<string, string>;
  },
) => AsyncIterable<InventoryRecord[]>;

/** A single report over one kind (Maestro's "general" report), as run. */
export interface SingleReportQuery {
  kind: string;
  filters?: ReportFilter[];
  /** Field paths shown, in order (default: {@link defaultColumns}). */
  columns?: string[];
  sort?: { field: string; direction?: 'asc' | 'desc' };
  /** Inactive (deleted) records too; without it, only active ones unless a filter is on `active`. */
  includeInactive?: boolean;
  offset?: number;
  limit?: number;
  /** Also draw the automatic charts of the whole result (not only the page). */
  charts?: boolean;
}

export interface SingleReportPage {
  kind: string;
  columns: string[];
  /** One row per record of the page: its id and the value of each column (lists and objects as they are). */
  rows: Array<{ id: string; values: unknown[] }>;
  totalCount: number;
  charts?: ReportChart[];
  /** Records read from the store, and the time the run took. */
  scanned: number;
  durationMs: number;
}

const MAX_COLUMNS = 100;
const MAX_LIMIT = 1000;
const PAGE = 2000;

/** The columns of a report that names none: the record's name and owner, then the kind's first scalar spec fields. */
export function defaultColumns(kind: string): string[] {
  const spec = (reportFields(kind) ?? []).filter(f => f.path.startsWith('spec.') && f.type !== 'tags');
  return ['name', 'owner', ...spec.slice(0, 6).map(f => f.path)];
}

/** Reads the records of a kind from the store in id order, page by page (keyset paging). */
export function storeRecordSource(store: Pick<InventoryStore, 'listRecords'>, pageSize = PAGE): RecordSource {
  return async function* read(kind, { active, specEquals }) {
    let afterId = ''; // every id sorts after '': keyset (id) order from the first page on
    for (;;) {
      const { items } = await store.listRecords({ kind, active, specEquals, afterId, count: false, limit: pageSize });
      if (items.length) yield items;
      if (items.length < pageSize) return;
      afterId = items[items.length - 1].id;
    }
  };
}

const isMissing = (value: unknown) => value === undefined || value === null || value === '';

/** Sort order of two values: missing values last in either direction, numbers as numbers, the rest as text. */
function compare(a: unknown, b: unknown, direction: 1 | -1): number {
  if (isMissing(a) || isMissing(b)) return Number(isMissing(a)) - Number(isMissing(b));
  if (typeof a === 'number' && typeof b === 'number') return direction * (a - b);
  return direction * String(a).localeCompare(String(b));
}

/**
 * The filters a store can apply itself: `eq` on a top-level text or enum spec field (`spec.environment`), as exact
 * matches. Undefined when there are none.
 */
function pushedDown(query: SingleReportQuery): Record<string, string> | undefined {
  const fields = new Map((reportFields(query.kind) ?? []).map(f => [f.path, f]));
  const equals: Record<string, string> = Object.create(null);
  let any = false;
  for (const filter of query.filters ?? []) {
    const field = fields.get(filter.field);
    const top = /^spec\.([A-Za-z][A-Za-z0-9]{0,63})$/.exec(filter.field);
    if (filter.op !== 'eq' || !top || !field || (field.type !== 'string' && field.type !== 'enum')) continue;
    if (typeof filter.value !== 'string') continue;
    equals[top[1]] = filter.value;
    any = true;
  }
  return any ? { ...equals } : undefined;
}

/** Checks the query's columns, sort and paging against the kind; every problem in one 400. */
function checkQuery(query: SingleReportQuery, prefix: string) {
  const fields = new Set((reportFields(query.kind) ?? []).map(f => f.path));
  const problems: string[] = [];
  if (query.columns !== undefined) {
    if (!Array.isArray(query.columns) || query.columns.length === 0 || query.columns.length > MAX_COLUMNS) {
      problems.push(`${prefix}columns: must be a list of 1 to ${MAX_COLUMNS} field paths`);
    } else {
      query.columns.forEach((column, i) => {
        if (!fields.has(column))
          problems.push(`${prefix}columns[${i}]: '${String(column).slice(0, 128)}' is not a field of ${query.kind}`);
      });
    }
  }
  if (query.sort !== undefined) {
    if (!fields.has(query.sort?.field))
      problems.push(
        `${prefix}sort.field: '${String(query.sort?.field).slice(0, 128)}' is not a field of ${query.kind}`,
      );
    if (query.sort?.direction !== undefined && !['asc', 'desc'].includes(query.sort.direction)) {
      problems.push(`${prefix}sort.direction: must be 'asc' or 'desc'`);
    }
  }
  const offset = query.offset ?? 0;
  const limit = query.limit ?? 50;
  if (!Number.isInteger(offset) || offset < 0) problems.push('offset: must be a whole number ≥ 0');
  if (!Number.isInteger(limit) || limit < 1 || limit > MAX_LIMIT)
    problems.push(`limit: must be a whole number from 1 to ${MAX_LIMIT}`);
  if (problems.length) throw new InputError(problems.join('; '));
  return { offset, limit };
}

/** A record the report keeps: its id and name, its sort value and its column values. */
export interface MatchedRow {
  id: string;
  name: string;
  key: unknown;
  values: unknown[];
}

/** A single report checked and ready to scan: every problem was refused before this exists. */
export interface PreparedSingleReport {
  kind: string;
  columns: string[];
  offset: number;
  limit: number;
  /** Whether the rows must be sorted (a sort was asked for); pages are always sorted, by name without one. */
  sorted: boolean;
  scan(source: RecordSource, onMatch?: (record: InventoryRecord) => void): AsyncGenerator<MatchedRow[]>;
  sort(rows: MatchedRow[]): MatchedRow[];
  /** Records read by the scans so far. */
  readonly scanned: number;
}

/**
 * Checks a single report (kind, filters, columns, sort, paging) and prepares its scan (`prefix` names where the
 * report is in the request, e.g. `hops[1].`); a query with a bad kind,
 * filter, column or sort is refused whole (one 400 naming every problem), before any read.
 */
export function prepareSingleReport(
  query: SingleReportQuery,
  options: { now?: number; prefix?: string } = {},
): PreparedSingleReport {
  const prefix = options.prefix ?? '';
  if (!reportFields(query.kind))
    throw new InputError(`${prefix}kind: unknown kind '${String(query.kind).slice(0, 64)}'`);
  const matches = compileFilters(query.kind, query.filters, { now: options.now, prefix: `${prefix}filters` });
  const { offset, limit } = checkQuery(query, prefix);
  const columns = query.columns ?? defaultColumns(query.kind);
  const filtersActive = (query.filters ?? []).some(f => f.field === 'active');
  const active = query.includeInactive || filtersActive ? undefined : true;
  const sortField = query.sort?.field ?? 'name';
  const direction = query.sort?.direction === 'desc' ? -1 : 1;
  const readSortKey = valueReader(sortField);
  const readColumns = columns.map(valueReader);
  let scanned = 0;
  return {
    kind: query.kind,
    columns,
    offset,
    limit,
    sorted: query.sort !== undefined,
    get scanned() {
      return scanned;
    },
    async *scan(source, onMatch) {
      for await (const page of source(query.kind, { active, specEquals: pushedDown(query) })) {
        scanned += page.length;
        const kept: MatchedRow[] = [];
        for (const record of page) {
          if (!matches(record)) continue;
          onMatch?.(record);
          kept.push({
            id: record.id,
            name: record.name,
            key: readSortKey(record),
            values: readColumns.map(read => read(record)),
          });
        }
        if (kept.length) yield kept;
      }
    },
    sort: rows => rows.sort((a, b) => compare(a.key, b.key, direction) || a.name.localeCompare(b.name)),
  };
}

/** A single report's whole result: every row kept, sorted, with the charts when asked. */
export interface SingleReportResult {
  kind: string;
  columns: string[];
  rows: Array<{ id: string; values: unknown[] }>;
  charts?: ReportChart[];
  scanned: number;
  durationMs: number;
}

/**
 * Collects a single report's whole result: reads the kind's records page by page, keeps those every filter holds
 * for (only their columns and sort value are kept in memory), sorts them (missing values last, then by name), and
 * draws the charts of the whole result when asked.
 */
export async function collectSingleReport(
  source: RecordSource,
  query: SingleReportQuery,
  options: { now?: number } = {},
): Promise<SingleReportResult> {
  const started = Date.now();
  const report = prepareSingleReport(query, options);
  const charts = query.charts ? new ReportCharts(query.kind) : undefined;
  const kept: MatchedRow[] = [];
  for await (const rows of report.scan(source, charts && (record => charts.add(record)))) kept.push(...rows);
  report.sort(kept);
  return {
    kind: query.kind,
    columns: report.columns,
    rows: kept.map(({ id, values }) => ({ id, values })),
    ...(charts ? { charts: charts.charts() } : {}),
    scanned: report.scanned,
    durationMs: Date.now() - started,
  };
}

/** Runs a single report: its whole result ({@link collectSingleReport}), answered as one page and the total count. */
export async function runSingleReport(
  source: RecordSource,
  query: SingleReportQuery,
  options: { now?: number } = {},
): Promise<SingleReportPage> {
  const { rows, ...result } = await collectSingleReport(source, query, options);
  const offset = query.offset ?? 0;
  return { ...result, rows: rows.slice(offset, offset + (query.limit ?? 50)), totalCount: rows.length };
}
