import { once } from 'node:events';
import type { Writable } from 'node:stream';
import { InputError } from '@backstage/errors';
import type { ReportDefinition } from '@maestro/plugin-maestro-common';
import { stringify } from 'csv-stringify/sync';
import { MatchedRow, prepareSingleReport, PreparedSingleReport, RecordSource } from './singleReport';

/** The export formats, with the media type each is served as. */
export const EXPORT_FORMATS = {
  csv: { type: 'text/csv; charset=utf-8', extension: 'csv' },
  json: { type: 'application/json; charset=utf-8', extension: 'json' },
  ndjson: { type: 'application/x-ndjson; charset=utf-8', extension: 'ndjson' },
} as const;

export type ExportFormat = keyof typeof EXPORT_FORMATS;

/** Rows per write to the stream. */
const WRITE_BATCH = 1000;

/** A cell a spreadsheet would run as a formula (`=`, `+`, `-`, `@`, tab, CR) is written with a leading quote. */
const FORMULA = /^[=+\-@\t\r]/;

/** A value as one CSV cell: lists joined with "; ", objects as JSON, formulas defused. */
function csvCell(value: unknown): string {
  let text: string;
  if (value === undefined || value === null) text = '';
  else if (Array.isArray(value))
    text = value.map(v => (typeof v === 'object' ? JSON.stringify(v) : String(v))).join('; ');
  else if (typeof value === 'object') text = JSON.stringify(value);
  else text = String(value);
  return FORMULA.test(text) ? `'${text}` : text;
}

/** A row as an object keyed by column path (built without the prototype, so no column can reach it). */
function rowObject(columns: string[], row: MatchedRow): Record<string, unknown> {
  const object: Record<string, unknown> = Object.create(null);
  object.id = row.id;
  columns.forEach((column, i) => {
    if (column !== 'id') object[column] = row.values[i] ?? null;
  });
  return object;
}

async function write(out: Writable, text: string) {
  if (!out.write(text)) await once(out, 'drain');
}

/**
 * Streams a prepared single report to `out` in a format, every row of the result (no cap): in the order the store
 * reads them, page by page, when no sort was asked for (memory stays flat however many rows); sorted in memory
 * otherwise. Waits for the stream to drain; answers the number of rows written.
 */
export async function exportSingleReport(
  source: RecordSource,
  report: PreparedSingleReport,
  format: ExportFormat,
  out: Writable,
): Promise<number> {
  const { columns } = report;
  let count = 0;
  if (format === 'csv') await write(out, stringify([columns]));
  if (format === 'json') await write(out, '[');
  const writeRows = async (rows: MatchedRow[]) => {
    let text = '';
    for (const row of rows) {
      if (format === 'csv') text += stringify([row.values.map(csvCell)]);
      else if (format === 'ndjson') text += `${JSON.stringify(rowObject(columns, row))}\n`;
      else text += `${count > 0 ? ',' : ''}\n${JSON.stringify(rowObject(columns, row))}`;
      count += 1;
    }
    await write(out, text);
  };
  if (report.sorted) {
    const all: MatchedRow[] = [];
    for await (const rows of report.scan(source)) all.push(...rows);
    report.sort(all);
    for (let i = 0; i < all.length; i += WRITE_BATCH) await writeRows(all.slice(i, i + WRITE_BATCH));
  } else {
    for await (const rows of report.scan(source)) await writeRows(rows);
  }
  if (format === 'json') await write(out, '\n]\n');
  return count;
}

/**
 * Exports a saved report's whole result to `out` in a format (the one entry point for the export route and the
 * asynchronous runs); a report is checked before anything is written. Answers the number of rows written.
 */
export async function exportReport(
  definition: ReportDefinition,
  source: RecordSource,
  format: ExportFormat,
  out: Writable,
): Promise<number> {
  if (definition.type !== 'single') throw new InputError('format: pivot reports cannot be exported yet');
  const prepared = prepareSingleReport({
    kind: definition.kind,
    filters: definition.filters,
    columns: definition.columns,
    sort: definition.sort,
  });
  return exportSingleReport(source, prepared, format, out);
}
