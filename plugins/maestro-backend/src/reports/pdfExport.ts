import type { Writable } from 'node:stream';
import type { ReportChart, ReportDefinition, ReportFilter } from '@maestro/plugin-maestro-common';
import PDFDocument from 'pdfkit';
import { cellText, ExportTable, ExportWriter } from './exportTypes';
import { drawChart, fitText, label, pdfSafe } from './pdfCharts';

/**
 * The most rows a PDF shows: a PDF is for reading, and 10,000 rows are ~250 pages already. The document says
 * "the first 10,000 rows of N" when there are more (N counted to the end); CSV, XLSX and the others carry every row.
 */
export const PDF_MAX_ROWS = 10_000;
/** The most charts drawn (four to a page). */
export const PDF_MAX_CHARTS = 8;
const MARGIN = 36;
const ROW_HEIGHT = 12;
const MIN_COLUMN_WIDTH = 70;
const FONT_SIZE = 7.5;

type Doc = PDFKit.PDFDocument;

const filterText = (f: ReportFilter) =>
  `${f.field} ${f.op}${f.value === undefined ? '' : ` ${JSON.stringify(f.value)}`}`;

/** The definition as lines of text: the kind or the pivot's path, and the filters (of every hop). */
function definitionLines(definition: ReportDefinition): string[] {
  if (definition.type === 'single') {
    return [
      `Single report over ${definition.kind}`,
      `Filters: ${definition.filters.length ? definition.filters.map(filterText).join('; ') : 'none'}`,
      ...(definition.sort ? [`Sorted by ${definition.sort.field} ${definition.sort.direction ?? 'asc'}`] : []),
    ];
  }
  return [
    `Pivot report: ${definition.hops.map(h => h.kind).join(' > ')}`,
    ...definition.hops
      .filter(h => h.filters.length)
      .map(h => `Filters on ${h.kind}: ${h.filters.map(filterText).join('; ')}`),
  ];
}

/**
 * The charts worth a page, at most {@link PDF_MAX_CHARTS}: those of spec fields and the weekly line with more than one
 * value first (a chart of one slice says little), in the report's order otherwise.
 */
function chartsToDraw(charts: ReportChart[]): ReportChart[] {
  const rank = (chart: ReportChart) =>
    (chart.points.length > 1 ? 0 : 2) + (chart.field.startsWith('spec.') || chart.type === 'line' ? 0 : 1);
  return charts
    .map((chart, i) => ({ chart, i }))
    .sort((a, b) => rank(a.chart) - rank(b.chart) || a.i - b.i)
    .slice(0, PDF_MAX_CHARTS)
    .map(({ chart }) => chart);
}

/**
 * A paginated PDF (pdfkit, A4 landscape): the title, the definition (kind or path, filters, sort), the time it was
 * generated and the as-of time, the number of rows; then the table (the columns that fit the page width, a header
 * repeated on every page, long cells cut with an ellipsis; at most {@link PDF_MAX_ROWS} rows), then the report's
 * automatic charts drawn as vector graphics (bars, pies, histograms, lines with their labels), and page numbers.
 */
export function pdfWriter(table: ExportTable, out: Writable): ExportWriter {
  const doc: Doc = new PDFDocument({
    size: 'A4',
    layout: 'landscape',
    margin: MARGIN,
    bufferPages: true,
    info: { Title: table.name, Creator: 'Maestro', CreationDate: new Date(table.generatedAt) },
  });
  // the document is written when the stream finishes; a stream closed or failed before that ends the export
  const finished = new Promise<void>((resolve, reject) => {
    out.on('finish', resolve);
    out.on('error', reject);
    out.on('close', () => (out.writableFinished ? resolve() : reject(new Error('export: the output stream closed'))));
  });
  finished.catch(() => undefined); // awaited at the end; not an unhandled rejection meanwhile
  doc.pipe(out);
  const pageWidth = doc.page.width - 2 * MARGIN;
  const bottom = () => doc.page.height - MARGIN - ROW_HEIGHT;
  const fit = Math.max(1, Math.floor(pageWidth / MIN_COLUMN_WIDTH));
  const shown = table.columns.slice(0, fit);
  const width = pageWidth / shown.length;

  doc.font('Helvetica-Bold').fontSize(18).text(pdfSafe(table.name), { width: pageWidth });
  doc.font('Helvetica').fontSize(10).moveDown(0.3);
  for (const text of definitionLines(table.definition)) doc.text(pdfSafe(text), { width: pageWidth });
  doc.text(`Generated ${table.generatedAt}; inventory as of ${table.asOf ?? table.generatedAt}`, { width: pageWidth });
  const countY = doc.y;
  doc.moveDown(1);
  if (shown.length < table.columns.length) {
    doc.text(`Columns: the first ${shown.length} of ${table.columns.length} fit the page (the CSV and XLSX have all)`);
  }
  doc.moveDown(0.5);
  let y = doc.y;

  const header = () => {
    doc.rect(MARGIN, y - 2, pageWidth, ROW_HEIGHT).fill('#e8e8e8');
    doc.fillColor('#000000').font('Helvetica-Bold').fontSize(FONT_SIZE);
    shown.forEach((column, i) => label(doc, column, MARGIN + i * width + 2, y, width - 4));
    doc.font('Helvetica');
    y += ROW_HEIGHT;
  };
  let drawn = 0;
  return {
    async rows(rows) {
      if (out.destroyed) throw new Error('export: the output stream closed before the export ended');
      for (const { values } of rows) {
        if (drawn >= PDF_MAX_ROWS) return;
        if (drawn === 0) header();
        if (y > bottom()) {
          doc.addPage();
          y = MARGIN;
          header();
        }
        doc.fontSize(FONT_SIZE);
        for (let i = 0; i < shown.length; i++) {
          const text = cellText(values[i]).replace(/\s+/g, ' ');
          if (text) doc.text(fitText(doc, text, width - 4), MARGIN + i * width + 2, y, { lineBreak: false });
        }
        y += ROW_HEIGHT;
        drawn += 1;
      }
    },
    async end(count) {
      if (count === 0) doc.fontSize(10).text('No rows.', MARGIN, y);
      const charts = chartsToDraw(table.charts?.() ?? []);
      const boxWidth = (pageWidth - 24) / 2;
      const boxHeight = (doc.page.height - 2 * MARGIN - 60) / 2;
      charts.forEach((chart, i) => {
        if (i % 4 === 0) {
          doc.addPage();
          doc.fillColor('#000000').font('Helvetica-Bold').fontSize(14).text('Charts', MARGIN, MARGIN);
        }
        const x = MARGIN + (i % 2) * (boxWidth + 24);
        const top = MARGIN + 30 + (Math.floor(i / 2) % 2) * (boxHeight + 12);
        drawChart(doc, chart, { x, y: top, width: boxWidth, height: boxHeight });
      });
      const pages = doc.bufferedPageRange();
      doc.switchToPage(pages.start);
      doc.fillColor('#000000').font('Helvetica-Bold').fontSize(10);
      const rowsText =
        count > drawn
          ? `Rows: the first ${drawn.toLocaleString('en-US')} of ${count.toLocaleString('en-US')} (a PDF stops at ` +
            `${PDF_MAX_ROWS.toLocaleString('en-US')} rows; the other formats carry every row)`
          : `Rows: ${count.toLocaleString('en-US')}`;
      doc.text(rowsText, MARGIN, countY, { width: pageWidth, lineBreak: false });
      doc.font('Helvetica').fontSize(8).fillColor('#555555');
      for (let i = 0; i < pages.count; i++) {
        doc.switchToPage(pages.start + i);
        doc.page.margins.bottom = 0;
        const footer = `${fitText(doc, table.name, pageWidth / 2)}, page ${i + 1} of ${pages.count}`;
        doc.text(footer, MARGIN, doc.page.height - MARGIN + 10, { width: pageWidth, align: 'right', lineBreak: false });
      }
      doc.end();
      await finished;
    },
  };
}
