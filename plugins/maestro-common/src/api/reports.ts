import type { ReportFilter } from './reportFilters';

/** How a single-kind report is sorted. @public */
export interface ReportSort {
  field: string;
  direction: 'asc' | 'desc';
}

/** A report over the records of one kind: filtered, shown in the given columns, sorted. @public */
export interface SingleReportDefinition {
  name: string;
  description?: string;
  type: 'single';
  /** The kind's name as Maestro spells it (`Server`; `Application` is saved as `Component`). */
  kind: string;
  filters: ReportFilter[];
  /** Field paths of the kind (see the report fields): the given ones, or a default set. */
  columns: string[];
  sort?: ReportSort;
}

/**
 * How a pivot hop is reached from the hop before it: the reference field (`spec.datacenter`, `spec.storage.volume`)
 * of `kind`, which is either the previous hop's kind (it points at this hop's kind) or this hop's kind (it points
 * back at the previous one).
 * @public
 */
export interface PivotHopLink {
  kind: string;
  field: string;
}

/** One step of a pivot report: a kind, its filters and columns, and (from the second hop) how it is reached. @public */
export interface PivotHop {
  kind: string;
  filters: ReportFilter[];
  columns: string[];
  /** Every Maestro reference between this hop's kind and the previous hop's: the runner follows them all. */
  links?: PivotHopLink[];
}

/** A report that follows Maestro relations across 2–6 kinds (Server → Datacenter, Database → Server → Image…). @public */
export interface PivotReportDefinition {
  name: string;
  description?: string;
  type: 'pivot';
  hops: PivotHop[];
}

/** A saved report's definition, as validated by the backend. @public */
export type ReportDefinition = SingleReportDefinition | PivotReportDefinition;

/** A saved report, as the API answers it. @public */
export interface SavedReport {
  id: string;
  name: string;
  type: ReportDefinition['type'];
  definition: ReportDefinition;
  /** Entity ref of the user (or service) who created it. */
  owner: string;
  createdBy: string;
  createdAt: string;
  updatedBy: string;
  updatedAt: string;
  version: number;
}

/** One automatic chart of a report's result (or of the overview). @public */
export interface ReportChart {
  field: string;
  type: 'pie' | 'bar' | 'histogram' | 'line';
  /** Label and count per bar / slice / bin / week; the largest first for pie and bar, with "other" last. */
  points: Array<{ label: string; count: number }>;
  /** Records with no value for the field. */
  missing: number;
}

/**
 * The formats a report exports to (`GET /reports/:id/export?format=`): CSV, a JSON array, NDJSON, XML, XLSX, a PDF
 * with the table and charts, and an Ansible inventory (YAML).
 * @public
 */
export const REPORT_EXPORT_FORMATS = ['csv', 'json', 'ndjson', 'xml', 'xlsx', 'pdf', 'ansible'] as const;

/** @public */
export type ReportExportFormat = (typeof REPORT_EXPORT_FORMATS)[number];

/** The states of an asynchronous report run (`POST /reports/:id/runs`). @public */
export const REPORT_RUN_STATUSES = ['queued', 'running', 'succeeded', 'failed'] as const;

/** @public */
export type ReportRunStatus = (typeof REPORT_RUN_STATUSES)[number];

/**
 * An asynchronous run of a saved report into a file (`GET /reports/runs/:runId`): queued, claimed and run by one
 * backend replica, its file kept until `expiresAt` (then `expired`, and the file answers 410).
 * @public
 */
export interface ReportRun {
  id: string;
  reportId: string;
  reportName: string;
  format: ReportExportFormat;
  asOf?: string;
  status: ReportRunStatus;
  requestedBy: string;
  requestedAt: string;
  startedAt?: string;
  finishedAt?: string;
  durationMs?: number;
  /** How far it got: inventory records read and bytes of the file written so far. */
  progress: { recordsRead: number; bytes: number };
  /** Rows in the file, once succeeded. */
  rows?: number;
  /** Size of the file in bytes (so far, while running). */
  bytes: number;
  /** Why it failed. */
  error?: string;
  /** When its file is deleted (set when the run ends). */
  expiresAt?: string;
  /** The retention deleted its file. */
  expired: boolean;
  /** The file's name when downloaded. */
  fileName: string;
}

/**
 * The colours of a report's charts, in turn (bars, slices, lines), and the one of "other": the same in the UI and in
 * the PDF export.
 * @public
 */
export const REPORT_CHART_COLOURS = {
  series: [
    '#1f77b4',
    '#ff7f0e',
    '#2ca02c',
    '#d62728',
    '#9467bd',
    '#8c564b',
    '#e377c2',
    '#17becf',
    '#bcbd22',
    '#7f7f7f',
  ],
  other: '#b0b0b0',
} as const;

/** How a report's result differs between two times (`GET /reports/:id/compare`). @public */
export interface ReportDifference {
  columns: string[];
  /** Rows in the later result only, in the earlier only, and in both with other column values. */
  added: Array<{ id: string; values: unknown[] }>;
  removed: Array<{ id: string; values: unknown[] }>;
  changed: Array<{ id: string; values: unknown[]; before: unknown[]; changedColumns: string[] }>;
  counts: { before: number; after: number; added: number; removed: number; changed: number; unchanged: number };
}
