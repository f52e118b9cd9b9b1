import type { Writable } from 'node:stream';
import { cellText, ExportRow, ExportTable, ExportWriter, write, xmlSafe } from './exportTypes';

/** A cell a spreadsheet would run as a formula (`=`, `+`, `-`, `@`, tab, CR) is written with a leading quote. */
const FORMULA = /^[=+\-@\t\r]/;
const NEEDS_QUOTES = /[",\r\n]/;
const QUOTE = /"/g;

/** One CSV field (RFC 4180): quoted when it holds a comma, a quote or a line break; formulas defused. */
function csvField(value: unknown): string {
  let text = cellText(value);
  if (FORMULA.test(text)) text = `'${text}`;
  return NEEDS_QUOTES.test(text) ? `"${text.replace(QUOTE, '""')}"` : text;
}

/** CSV: a header of the column paths, then a line per row (built here: one string per batch, no per-row parser). */
export function csvWriter(table: ExportTable, out: Writable): ExportWriter {
  let started = false;
  return {
    async rows(rows) {
      let text = started ? '' : `${table.columns.map(csvField).join(',')}\n`;
      started = true;
      for (const { values } of rows) {
        let line = '';
        for (let i = 0; i < values.length; i++) line += i ? `,${csvField(values[i])}` : csvField(values[i]);
        text += `${line}\n`;
      }
      await write(out, text);
    },
    async end() {
      if (!started) await write(out, `${table.columns.map(csvField).join(',')}\n`);
    },
  };
}

/** A row as an object keyed by column path (built without the prototype, so no column can reach it). */
function rowObject(table: ExportTable, row: ExportRow): Record<string, unknown> {
  const object: Record<string, unknown> = Object.create(null);
  if (row.ids.length === 1) object.id = row.ids[0];
  else object.ids = row.ids;
  table.columns.forEach((column, i) => {
    if (column !== 'id') object[column] = row.values[i] ?? null;
  });
  return object;
}

/** JSON: one array of row objects (`id`, or `ids` along a pivot's path, and a key per column). */
export function jsonWriter(table: ExportTable, out: Writable): ExportWriter {
  let count = 0;
  return {
    async rows(rows) {
      let text = count === 0 ? '[' : '';
      for (const row of rows) text += `${count++ > 0 ? ',' : ''}\n${JSON.stringify(rowObject(table, row))}`;
      await write(out, text);
    },
    async end() {
      await write(out, count === 0 ? '[]\n' : '\n]\n');
    },
  };
}

/** NDJSON: one row object per line. */
export function ndjsonWriter(table: ExportTable, out: Writable): ExportWriter {
  return {
    async rows(rows) {
      let text = '';
      for (const row of rows) text += `${JSON.stringify(rowObject(table, row))}\n`;
      await write(out, text);
    },
    async end() {},
  };
}

const XML_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' };
/** Text as XML character data or an attribute value: escaped, characters XML 1.0 forbids removed. */
const xml = (value: unknown) => xmlSafe(String(value)).replace(/[&<>"']/g, c => XML_ESCAPES[c]);

function xmlField(path: string, value: unknown): string {
  if (value === undefined || value === null) return `<field path="${xml(path)}" missing="true"/>`;
  if (Array.isArray(value)) {
    const items = value.map(v => `<item>${xml(typeof v === 'object' ? JSON.stringify(v) : v)}</item>`).join('');
    return `<field path="${xml(path)}" list="true">${items}</field>`;
  }
  return `<field path="${xml(path)}">${xml(typeof value === 'object' ? JSON.stringify(value) : value)}</field>`;
}

/**
 * XML: `<report>` with the definition's name, kind and times, `<columns>`, then `<row id="…">` (or `ids="…"` along a
 * pivot's path) with a `<field path="spec.os.distro">` per column, so any column path is safe (element names are
 * fixed); lists as `<item>`s, objects as JSON text, missing values as `missing="true"`.
 */
export function xmlWriter(table: ExportTable, out: Writable): ExportWriter {
  const { definition } = table;
  const kind = definition.type === 'single' ? definition.kind : definition.hops.map(h => h.kind).join(' > ');
  const head =
    `<?xml version="1.0" encoding="UTF-8"?>\n<report name="${xml(table.name)}" type="${definition.type}" ` +
    `kind="${xml(kind)}" generatedAt="${table.generatedAt}"${table.asOf ? ` asOf="${xml(table.asOf)}"` : ''}>\n` +
    `<columns>${table.columns
      .map((c, i) => `<column path="${xml(c)}" type="${table.columnTypes[i] ?? ''}"/>`)
      .join('')}</columns>\n<rows>\n`;
  let started = false;
  return {
    async rows(rows) {
      let text = started ? '' : head;
      started = true;
      for (const row of rows) {
        const id = row.ids.length === 1 ? `id="${xml(row.ids[0])}"` : `ids="${xml(row.ids.join(' '))}"`;
        text += `<row ${id}>${row.values.map((v, i) => xmlField(table.columns[i], v)).join('')}</row>\n`;
      }
      await write(out, text);
    },
    async end(count) {
      await write(out, `${started ? '' : head}</rows>\n<count>${count}</count>\n</report>\n`);
    },
  };
}
