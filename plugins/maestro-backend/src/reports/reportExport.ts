import type { Writable } from 'node:stream';
import { InputError } from '@backstage/errors';
import {
  InventoryRecord,
  REPORT_EXPORT_FORMATS,
  ReportDefinition,
  ReportExportFormat,
} from '@maestro/plugin-maestro-common';
import { ansibleWriter, serverHop } from './ansibleExport';
import { ExportRow, ExportTable, ExportWriter } from './exportTypes';
import { pdfWriter } from './pdfExport';
import { collectPivotRows, preparePivotHops } from './pivotReport';
import { ReportCharts } from './reportCharts';
import { reportFields } from './reportFields';
import { prepareSingleReport, RecordSource } from './singleReport';
import { csvWriter, jsonWriter, ndjsonWriter, xmlWriter } from './textExports';
import { xlsxWriter } from './xlsxExport';

export type ExportFormat = ReportExportFormat;

type OpenWriter = (table: ExportTable, out: Writable) => ExportWriter;

/** Every export format (`REPORT_EXPORT_FORMATS`): the media type it is served as, its file extension, its writer. */
export const EXPORT_FORMATS: Record<ExportFormat, { type: string; extension: string; open: OpenWriter }> = {
  csv: { type: 'text/csv; charset=utf-8', extension: 'csv', open: csvWriter },
  json: { type: 'application/json; charset=utf-8', extension: 'json', open: jsonWriter },
  ndjson: { type: 'application/x-ndjson; charset=utf-8', extension: 'ndjson', open: ndjsonWriter },
  xml: { type: 'application/xml; charset=utf-8', extension: 'xml', open: xmlWriter },
  xlsx: {
    type: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    extension: 'xlsx',
    open: xlsxWriter,
  },
  pdf: { type: 'application/pdf', extension: 'pdf', open: pdfWriter },
  ansible: { type: 'application/yaml; charset=utf-8', extension: 'yml', open: ansibleWriter },
};

/** Options of an export: progress (rows written so far, once per batch), the as-of time shown in the file. */
export interface ExportOptions {
  onProgress?(rows: number): void;
  asOf?: string;
  now?: number;
}

/** Rows per batch handed to a writer once sorted in memory. */
const WRITE_BATCH = 1000;

/** The single-report query of a definition. */
const singleQuery = (definition: ReportDefinition & { type: 'single' }) => ({
  kind: definition.kind,
  filters: definition.filters,
  columns: definition.columns,
  sort: definition.sort,
});

/** Whether a format is one of {@link EXPORT_FORMATS}. */
export function isExportFormat(format: unknown): format is ExportFormat {
  return typeof format === 'string' && (REPORT_EXPORT_FORMATS as readonly string[]).includes(format);
}

/**
 * Checks that a report can be exported in a format before anything is written (a 400 otherwise): a known format,
 * a valid definition, and for Ansible a report over servers (a pivot starting or ending at servers).
 */
export function checkExport(
  definition: ReportDefinition,
  format: unknown,
  options: { now?: number } = {},
): asserts format is ExportFormat {
  if (!isExportFormat(format)) throw new InputError(`format: must be one of ${REPORT_EXPORT_FORMATS.join(', ')}`);
  if (definition.type === 'pivot') preparePivotHops(definition.hops, {}, options);
  else prepareSingleReport(singleQuery(definition), options);
  if (format === 'ansible' && serverHop(definition) === undefined) {
    throw new InputError('format: ansible exports need a Server report (or a pivot starting or ending at servers)');
  }
}

/** The type of every column of a report, from its kind's fields (`Kind.field` for a pivot). */
function columnTypes(definition: ReportDefinition, columns: string[]) {
  const typeOf = (kind: string, path: string) => reportFields(kind)?.find(f => f.path === path)?.type;
  if (definition.type === 'single') return columns.map(c => typeOf(definition.kind, c));
  return columns.map(column => {
    const hop = definition.hops.find(h => column.startsWith(`${h.kind}.`));
    return hop ? typeOf(hop.kind, column.slice(hop.kind.length + 1)) : undefined;
  });
}

/** The rows of a single report, page by page in store order (flat memory) or sorted in memory when it sorts. */
async function* singleRows(
  definition: ReportDefinition & { type: 'single' },
  source: RecordSource,
  want: { server: boolean; charts?: ReportCharts },
  now?: number,
): AsyncGenerator<ExportRow[]> {
  const report = prepareSingleReport(singleQuery(definition), { now });
  const records = new Map<string, InventoryRecord>();
  const onMatch = (record: InventoryRecord) => {
    want.charts?.add(record);
    if (want.server) records.set(record.id, record);
  };
  const toRows = (rows: Array<{ id: string; values: unknown[] }>) =>
    rows.map(({ id, values }) =>
      want.server ? { ids: [id], values, server: records.get(id) } : { ids: [id], values },
    );
  const scan = report.scan(source, want.server || want.charts ? onMatch : undefined);
  if (!report.sorted) {
    for await (const rows of scan) {
      yield toRows(rows);
      records.clear();
    }
    return;
  }
  const all = [];
  for await (const rows of scan) all.push(...rows);
  report.sort(all);
  for (let i = 0; i < all.length; i += WRITE_BATCH) yield toRows(all.slice(i, i + WRITE_BATCH));
}

/** The rows of a pivot report (all collected and sorted first, as the pivot links every hop). */
async function* pivotRows(
  definition: ReportDefinition & { type: 'pivot' },
  source: RecordSource,
  want: { server: boolean; charts?: ReportCharts },
  now?: number,
): AsyncGenerator<ExportRow[]> {
  const pivot = await collectPivotRows(source, definition.hops, {}, { now });
  const server = want.server ? serverHop(definition) : undefined;
  const last = definition.hops.length - 1;
  const charted = new Set<string>();
  for (let i = 0; i < pivot.rows.length; i += WRITE_BATCH) {
    yield pivot.rows.slice(i, i + WRITE_BATCH).map(({ ids, values }) => {
      if (want.charts && !charted.has(ids[last])) {
        charted.add(ids[last]);
        const record = pivot.recordOf(last, ids[last]);
        if (record) want.charts.add(record);
      }
      return server === undefined ? { ids, values } : { ids, values, server: pivot.recordOf(server, ids[server]) };
    });
  }
}

/** The columns a report shows (`Kind.field` for a pivot). */
function columnsOf(definition: ReportDefinition, now?: number): string[] {
  if (definition.type === 'single') return prepareSingleReport(singleQuery(definition), { now }).columns;
  return preparePivotHops(definition.hops, {}, { now }).flatMap((report, i) =>
    report.columns.map(column => `${definition.hops[i].kind}.${column}`),
  );
}

/**
 * Exports a saved report's whole result (single or pivot) to `out` in a format: the one entry point for the export
 * route and the asynchronous runs. The report and format are checked before anything is written (400 otherwise);
 * rows stream page by page when the format and report allow it. Waits for `out` to drain (XLSX and PDF end it);
 * answers the number of rows in the result.
 */
export async function exportReport(
  definition: ReportDefinition,
  source: RecordSource,
  format: ExportFormat,
  out: Writable,
  options: ExportOptions = {},
): Promise<number> {
  checkExport(definition, format, options);
  const kind = definition.type === 'single' ? definition.kind : definition.hops[definition.hops.length - 1].kind;
  const charts = format === 'pdf' ? new ReportCharts(kind) : undefined;
  const columns = columnsOf(definition, options.now);
  const table: ExportTable = {
    name: definition.name,
    definition,
    columns,
    columnTypes: columnTypes(definition, columns),
    generatedAt: new Date(options.now ?? Date.now()).toISOString(),
    ...(options.asOf ? { asOf: options.asOf } : {}),
    ...(charts ? { charts: () => charts.charts() } : {}),
  };
  const writer = EXPORT_FORMATS[format].open(table, out);
  const want = { server: format === 'ansible', charts };
  const rows =
    definition.type === 'single'
      ? singleRows(definition, source, want, options.now)
      : pivotRows(definition, source, want, options.now);
  let count = 0;
  for await (const batch of rows) {
    await writer.rows(batch);
    count += batch.length;
    options.onProgress?.(count);
  }
  await writer.end(count);
  return count;
}
