import { InputError } from '@backstage/errors';
import type { PivotHop, ReportChart, ReportFilter, ReportSort, SavedReport } from '@maestro/plugin-maestro-common';
import type { InventoryStore } from '../records/InventoryStore';
import { asOfRecordSource } from './asOfSource';
import { ReportCatalog, withCatalogEntities } from './catalogRecordSource';
import { collectPivotRows, pivotCharts } from './pivotReport';
import { collectSingleReport, RecordSource, SingleReportQuery, storeRecordSource } from './singleReport';

/** A run's whole result: single (`rows` with `id`) or pivot (`ids`). */
export type ReportResult = {
  columns: string[];
  rows: Array<{ id?: string; ids?: string[]; values: unknown[] }>;
  charts?: ReportChart[];
  durationMs: number;
  kind?: string;
  scanned?: number;
};

/** What a run adds to a saved report: its own sort and filters (added to the report's), the page, the charts. */
export interface SavedReportRunOptions {
  sort?: ReportSort;
  filters: ReportFilter[];
  offset: number;
  limit: number;
  charts: boolean;
}

/**
 * Where a run reads its records: the history for a past time (the catalog keeps none, so only the store's records
 * then), the store and the catalog's own entities (read as the caller) now.
 */
export async function reportSourceAt(
  store: InventoryStore,
  asOf: string | undefined,
  catalog?: () => Promise<ReportCatalog>,
): Promise<RecordSource> {
  if (asOf) return asOfRecordSource(store, asOf);
  const now = storeRecordSource(store);
  return catalog ? withCatalogEntities(now, await catalog()) : now;
}

/** The single-report query of a saved report (a 400 naming `id` for a pivot report). */
export function singleQuery(report: SavedReport): SingleReportQuery {
  const definition = report.definition;
  if (definition.type !== 'single') throw new InputError(`id: report ${report.id} is a pivot report`);
  return { kind: definition.kind, filters: definition.filters, columns: definition.columns, sort: definition.sort };
}

/** A pivot's hops with the extra filters (`Kind.field`) added to the first hop of that kind. */
function hopsWithFilters(hops: PivotHop[], filters: ReportFilter[]): PivotHop[] {
  const added = hops.map(hop => [...hop.filters]);
  filters.forEach((filter, i) => {
    const field = typeof filter?.field === 'string' ? filter.field : '';
    const hop = hops.findIndex(h => field.startsWith(`${h.kind}.`));
    if (hop < 0) throw new InputError(`filters[${i}].field: must start with one of the report's kinds (Server.name)`);
    added[hop].push({ ...filter, field: field.slice(hops[hop].kind.length + 1) });
  });
  return hops.map((hop, i) => ({ ...hop, filters: added[i] }));
}

/**
 * Runs a saved report over `source` with a run's own sort and filters: the whole result of a single report (the
 * caller pages it), the rows up to the page's end of a pivot report. What `GET /reports/:id/results` and the
 * `run-report` action both answer from. A 400 naming the field for a bad filter or sort.
 */
export async function runSavedReport(
  report: SavedReport,
  source: RecordSource,
  options: SavedReportRunOptions,
): Promise<ReportResult> {
  const { definition } = report;
  if (definition.type === 'pivot') {
    if (options.sort) throw new InputError('sort: a pivot report is sorted by its columns, hop by hop');
    const started = Date.now();
    const hops = hopsWithFilters(definition.hops, options.filters);
    const pivot = await collectPivotRows(source, hops, { offset: options.offset, limit: options.limit });
    const drawn = options.charts ? pivotCharts(pivot, hops[hops.length - 1].kind) : undefined;
    return { columns: pivot.columns, rows: pivot.rows, charts: drawn, durationMs: Date.now() - started };
  }
  const query = singleQuery(report);
  return collectSingleReport(source, {
    ...query,
    filters: [...(query.filters ?? []), ...options.filters],
    sort: options.sort ?? query.sort,
    offset: options.offset,
    limit: options.limit,
    charts: options.charts,
  });
}
