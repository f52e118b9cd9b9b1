import type { Writable } from 'node:stream';
import ExcelJS from 'exceljs';
import { cellText, drained, ExportRow, ExportTable, ExportWriter, xmlSafe } from './exportTypes';

/** Excel's limit on the text of one cell. */
const MAX_CELL = 32_767;
const DATE_FORMAT = 'yyyy-mm-dd hh:mm:ss';

/**
 * A value as an XLSX cell: numbers and booleans as such, dates of a date column as dates, everything else as text
 * (lists joined with "; ", objects as JSON). Text is always a text cell, never a formula, whatever it starts with.
 */
function cellValue(value: unknown, type: string | undefined): ExcelJS.CellValue {
  if (value === undefined || value === null || value === '') return null;
  if (typeof value === 'number' || typeof value === 'boolean') return value;
  if (type === 'date' && typeof value === 'string') {
    const time = Date.parse(value);
    if (!Number.isNaN(time)) return new Date(time);
  }
  return xmlSafe(cellText(value)).slice(0, MAX_CELL);
}

/** A column's width: its header, and the longest value of the first rows (bounded), in characters. */
function widths(table: ExportTable, rows: ExportRow[]): number[] {
  return table.columns.map((column, i) => {
    if (table.columnTypes[i] === 'date') return 20;
    let longest = column.length;
    for (const row of rows.slice(0, 200)) longest = Math.max(longest, cellText(row.values[i]).length);
    return Math.min(60, Math.max(8, longest + 2));
  });
}

/**
 * XLSX through exceljs's streaming writer (each row committed as it comes, memory flat): one sheet named after the
 * report, a bold, frozen header row of the column paths, column widths from the header and the first rows, then a
 * row per result row.
 */
export function xlsxWriter(table: ExportTable, out: Writable): ExportWriter {
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useStyles: true, useSharedStrings: false });
  workbook.creator = 'Maestro';
  workbook.created = new Date(table.generatedAt);
  const sheetName =
    xmlSafe(table.name)
      .replace(/[[\]:*?/\\']/g, ' ')
      .trim()
      .slice(0, 31) || 'Report';
  const sheet = workbook.addWorksheet(sheetName, { views: [{ state: 'frozen', ySplit: 1 }] });
  // one style object per column, shared by its cells: exceljs caches a style's id per object (a fresh object per
  // cell cost a style lookup each, 7 % of an export's time)
  const styles: Array<Partial<ExcelJS.Style>> = table.columnTypes.map(type =>
    type === 'date' ? { numFmt: DATE_FORMAT } : {},
  );
  let started = false;
  const start = (rows: ExportRow[]) => {
    started = true;
    const width = widths(table, rows);
    sheet.columns = table.columns.map((column, i) => ({
      header: xmlSafe(column),
      key: `c${i}`,
      width: width[i],
    }));
    const header = sheet.getRow(1);
    header.font = { bold: true };
    header.commit();
  };
  return {
    async rows(rows) {
      if (!started) start(rows);
      for (const { values } of rows) {
        const row = sheet.addRow(values.map((value, i) => cellValue(value, table.columnTypes[i])));
        for (let i = 0; i < styles.length; i++) row.getCell(i + 1).style = styles[i];
        row.commit();
      }
      await drained(out);
    },
    async end() {
      if (!started) start([]);
      sheet.commit();
      // exceljs resolves when the stream finishes: a stream closed before that (a client gone) ends the export
      await Promise.race([
        workbook.commit(),
        new Promise<void>((resolve, reject) =>
          out.once('close', () =>
            out.writableFinished ? resolve() : reject(new Error('export: the output stream closed')),
          ),
        ),
      ]);
    },
  };
}
