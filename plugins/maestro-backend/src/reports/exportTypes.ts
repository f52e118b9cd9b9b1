import type { Writable } from 'node:stream';
import type { InventoryRecord, ReportChart, ReportDefinition, ReportFieldType } from '@maestro/plugin-maestro-common';

/** One row of an exported report: the record ids along it (one for a single report) and a value per column. */
export interface ExportRow {
  ids: string[];
  values: unknown[];
  /** The row's Server record, for the Ansible inventory only. */
  server?: InventoryRecord;
}

/** What every format writer knows of the report before the first row. */
export interface ExportTable {
  name: string;
  definition: ReportDefinition;
  /** Field paths (single report) or `Kind.field` paths (pivot report). */
  columns: string[];
  /** The type of each column, from the kind's schema (dates and numbers written as such where a format can). */
  columnTypes: Array<ReportFieldType | undefined>;
  generatedAt: string;
  /** The time the report was run as of (the inventory now when absent). */
  asOf?: string;
  /** The automatic charts of the whole result, known once every row was written (drawn by the PDF only). */
  charts?: () => ReportChart[];
}

/** Writes one format: rows in batches (in order), then the end with the number of rows in the result. */
export interface ExportWriter {
  rows(rows: ExportRow[]): Promise<void>;
  end(count: number): Promise<void>;
}

/** Waits for a stream's `drain`; fails when it closes or fails first (a client that went away ends the export). */
function drainOrClose(out: Writable): Promise<void> {
  return new Promise((resolve, reject) => {
    const listeners = {
      drain: () => settle(),
      close: () => settle(new Error('export: the output stream closed before the export ended')),
      error: (error: Error) => settle(error),
    };
    function settle(error?: Error) {
      for (const [event, listener] of Object.entries(listeners)) out.off(event, listener);
      if (error) reject(error);
      else resolve();
    }
    for (const [event, listener] of Object.entries(listeners)) out.on(event, listener);
  });
}

/** Writes text to a stream, waiting for it to drain when its buffer is full; fails once the stream is closed. */
export async function write(out: Writable, text: string) {
  if (out.destroyed) throw new Error('export: the output stream closed before the export ended');
  if (!out.write(text)) await drainOrClose(out);
}

/** Waits until a stream someone else writes to (a zip, a PDF) has drained; fails once the stream is closed. */
export async function drained(out: Writable) {
  if (out.destroyed) throw new Error('export: the output stream closed before the export ended');
  if (out.writableNeedDrain) await drainOrClose(out);
}

/** Characters XML 1.0 forbids (control characters, lone surrogates, U+FFFE/U+FFFF): stripped from every text. */
// eslint-disable-next-line no-control-regex -- the control characters XML allows are the point of this pattern
const NOT_XML = /[^\x09\x0A\x0D\x20-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu;

/** A text with the characters XML 1.0 forbids removed (XLSX files are XML too). */
export const xmlSafe = (text: string) => text.replace(NOT_XML, '');

/** A value as text in one cell: lists joined with "; " (objects in them as JSON), objects as JSON. */
export function cellText(value: unknown): string {
  if (value === undefined || value === null) return '';
  if (typeof value === 'string') return value;
  if (Array.isArray(value)) return value.map(v => (typeof v === 'object' ? JSON.stringify(v) : String(v))).join('; ');
  if (typeof value === 'object') return JSON.stringify(value);
  return String(value);
}
