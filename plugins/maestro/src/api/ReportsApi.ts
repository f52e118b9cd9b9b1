import type {
  PivotReportDefinition,
  ReportChart,
  ReportDefinition,
  ReportDifference,
  ReportExportFormat,
  ReportFilter,
  ReportKindFields,
  ReportRun,
  SavedReport,
  SingleReportDefinition,
} from '@maestro/plugin-maestro-common';
import type { RequestOptions } from './MaestroApi';

/** Body of `PUT /reports/:id`: the whole definition and the version read (409 when stale). @public */
export type ReportUpdateRequest = ReportDefinition & { version: number };

/**
 * The table's view of a saved report's result (`GET /reports/:id/results`): a page, the table's own sort
 * (`spec.cpu` or `-spec.cpu`; refused for a pivot) and column filters (added to the report's; a pivot's name the
 * hop's kind: `Server.spec.environment`), the charts of the whole result, and a time to run it as of.
 * @public
 */
export interface ReportResultsQuery {
  offset?: number;
  /** At most 1,000. */
  limit?: number;
  charts?: boolean;
  /** ISO-8601 time: the inventory as it was then. */
  asOf?: string;
  sort?: string;
  filters?: ReportFilter[];
}

/** The saved report a result belongs to. @public */
export interface ReportRef {
  id: string;
  name: string;
  type: ReportDefinition['type'];
  version: number;
}

/** A page of a single report's result. @public */
export interface SingleReportResults {
  report: ReportRef;
  asOf?: string;
  kind: string;
  columns: string[];
  rows: Array<{ id: string; values: unknown[] }>;
  totalCount: number;
  charts?: ReportChart[];
  scanned: number;
  durationMs: number;
}

/** A page of a pivot report's result: columns `Kind.field`, one row per path with the record ids along it. @public */
export interface PivotReportResults {
  report: ReportRef;
  asOf?: string;
  columns: string[];
  rows: Array<{ ids: string[]; values: unknown[] }>;
  totalCount: number;
  durationMs: number;
  charts?: ReportChart[];
  scanned?: number;
}

/** @public */
export type ReportResults = SingleReportResults | PivotReportResults;

/** A report run at two times (`GET /reports/:id/compare`): rows added, removed and changed. @public */
export interface ReportComparison extends ReportDifference {
  report: { id: string; name: string };
  from: string;
  /** An ISO time, or `now`. */
  to: string;
}

/** A downloaded export: the file's content and the name the backend gave it. @public */
export interface ReportExportFile {
  blob: Blob;
  fileName: string;
}

/** One of the overview's charts of the whole inventory (`GET /overview/charts`). @public */
export interface OverviewChart {
  id: string;
  title: string;
  chart: ReportChart;
}

/** The overview charts, how long they took and when they were drawn (kept a minute per caller). @public */
export interface OverviewCharts {
  charts: OverviewChart[];
  durationMs: number;
  /** ISO time the charts were drawn. */
  computedAt: string;
}

/** The trend of a single report's row count (`GET /reports/:id/trend`): one point per week, the last one now. @public */
export interface ReportTrend {
  report?: { id: string; name: string };
  weeks?: number;
  groupBy?: string;
  points: Array<{ at: string; total: number; groups?: Record<string, number> }>;
}

/** A page of a report's background runs, newest first (`GET /reports/:id/runs`). @public */
export interface ReportRunList {
  items: ReportRun[];
  totalCount: number;
}

/** The report routes of the Maestro backend (part of {@link MaestroApi}). @public */
export interface ReportsApi {
  /** Every kind's report fields and the kinds a pivot can go to next (`GET /reports/fields`). */
  getReportFields(): Promise<{ kinds: ReportKindFields[] }>;
  /** Saved reports, newest first (`GET /reports`). */
  listReports(query?: { offset?: number; limit?: number }): Promise<{ items: SavedReport[]; totalCount: number }>;
  getReport(id: string): Promise<SavedReport>;
  /** Saves a new report (`POST /reports`); 400 naming each bad field. */
  createReport(definition: SingleReportDefinition | PivotReportDefinition): Promise<SavedReport>;
  /** Replaces a report's definition (`PUT /reports/:id`) with the version read; 409 when stale. */
  updateReport(id: string, request: ReportUpdateRequest): Promise<SavedReport>;
  /** Soft-deletes a report (`DELETE /reports/:id`), at the version shown when given. */
  deleteReport(id: string, options?: { version?: number }): Promise<void>;
  /** Saves a copy of a report (`POST /reports/:id/duplicate`). */
  duplicateReport(id: string): Promise<SavedReport>;
  /** A page of a report's result (`GET /reports/:id/results`). */
  getReportResults(id: string, query?: ReportResultsQuery, options?: RequestOptions): Promise<ReportResults>;
  /** A report at `from` against `to` (default now) (`GET /reports/:id/compare`). */
  compareReport(id: string, query: { from: string; to?: string }): Promise<ReportComparison>;
  /** Downloads an export of a report (`GET /reports/:id/export`) with the user's token. */
  exportReport(id: string, query: { format: ReportExportFormat; asOf?: string }): Promise<ReportExportFile>;
  /** The charts of the whole inventory (`GET /overview/charts`); `refresh` draws them again. */
  getOverviewCharts(options?: { refresh?: boolean }): Promise<OverviewCharts>;
  /** A single report's row count per week (`GET /reports/:id/trend`); 400 for a pivot, 410 when history is pruned. */
  getReportTrend(id: string, query?: { weeks?: number; groupBy?: string }): Promise<ReportTrend>;
  /** Queues a background run of a report into a file (`POST /reports/:id/runs`, 202). */
  startReportRun(id: string, request: { format: ReportExportFormat; asOf?: string }): Promise<ReportRun>;
  /** The caller's runs of a report, newest first (`GET /reports/:id/runs`). */
  listReportRuns(id: string, query?: { offset?: number; limit?: number }): Promise<ReportRunList>;
  /** A run's state and progress (`GET /reports/runs/:runId`). */
  getReportRun(runId: string): Promise<ReportRun>;
  /** Downloads a succeeded run's file (`GET /reports/runs/:runId/file`) with the user's token; 410 once expired. */
  downloadReportRun(runId: string): Promise<ReportExportFile>;
}
