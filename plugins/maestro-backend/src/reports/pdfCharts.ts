import { REPORT_CHART_COLOURS, ReportChart } from '@maestro/plugin-maestro-common';

type Doc = PDFKit.PDFDocument;

/** Colours of bars, slices and lines (as the UI's charts). */
const COLOURS: readonly string[] = REPORT_CHART_COLOURS.series;
const GREY = '#555555';

/** The characters outside Latin-1 that the PDF standard fonts (WinAnsi) still have. */
const WIN_ANSI_EXTRA = '€‚ƒ„…†‡ˆ‰Š‹ŒŽ‘’“”•–—˜™š›œžŸ';

/**
 * A text the PDF standard fonts can show: characters they do not have (arrows, CJK, emoji…) become `?` rather than
 * garbage (no font is embedded, so the file stays small; the CSV/XLSX keep the text as it is).
 */
export const pdfSafe = (text: string) =>
  text.replace(/[^\x20-\x7E\xA0-\xFF]/gu, c => {
    if (c === '\t') return ' ';
    return WIN_ANSI_EXTRA.includes(c) ? c : '?';
  });

/** A text cut to a width at the current font size, with an ellipsis when it was longer. */
export function fitText(doc: Doc, raw: string, width: number): string {
  const text = pdfSafe(raw);
  const size = (doc as unknown as { _fontSize: number })._fontSize;
  if (text.length * size * 0.6 <= width || doc.widthOfString(text) <= width) return text;
  let low = 0;
  let high = text.length;
  while (low < high) {
    const mid = Math.ceil((low + high) / 2);
    if (doc.widthOfString(`${text.slice(0, mid)}…`) <= width) low = mid;
    else high = mid - 1;
  }
  return `${text.slice(0, low)}…`;
}

/** Writes one line of text at a place, never breaking it nor starting a page. */
export function label(
  doc: Doc,
  text: string,
  x: number,
  y: number,
  width: number,
  align: 'left' | 'right' | 'center' = 'left',
) {
  doc.text(fitText(doc, text, width), x, y, { width, align, lineBreak: false, height: 20 });
}

interface Box {
  x: number;
  y: number;
  width: number;
  height: number;
}

/** Horizontal bars, largest first, each with its label on the left and its count at its end. */
function bars(doc: Doc, chart: ReportChart, box: Box) {
  const max = Math.max(1, ...chart.points.map(p => p.count));
  const labelWidth = box.width * 0.35;
  const barArea = box.width - labelWidth - 40;
  const step = Math.min(16, box.height / Math.max(1, chart.points.length));
  chart.points.forEach((point, i) => {
    const y = box.y + i * step;
    doc.fillColor(GREY).fontSize(7);
    label(doc, point.label, box.x, y + 1, labelWidth - 4, 'right');
    const length = Math.max(1, (point.count / max) * barArea);
    doc.rect(box.x + labelWidth, y, length, step * 0.7).fill(COLOURS[i % COLOURS.length]);
    doc.fillColor(GREY);
    label(doc, String(point.count), box.x + labelWidth + length + 3, y + 1, 40);
  });
}

/** Vertical bins side by side (a histogram), each labelled with its range below and its count above. */
function histogram(doc: Doc, chart: ReportChart, box: Box) {
  const max = Math.max(1, ...chart.points.map(p => p.count));
  const plotHeight = box.height - 24;
  const width = box.width / Math.max(1, chart.points.length);
  chart.points.forEach((point, i) => {
    const height = (point.count / max) * (plotHeight - 10);
    const x = box.x + i * width;
    doc.rect(x + 1, box.y + plotHeight - height, width - 2, height).fill(COLOURS[0]);
    doc.fillColor(GREY).fontSize(6);
    label(doc, String(point.count), x, box.y + plotHeight - height - 8, width, 'center');
    label(doc, point.label, x, box.y + plotHeight + 3, width, 'center');
  });
  doc
    .moveTo(box.x, box.y + plotHeight)
    .lineTo(box.x + box.width, box.y + plotHeight)
    .strokeColor(GREY)
    .stroke();
}

/** A pie of slices (polygons along each arc) with a legend of label, count and share. */
function pie(doc: Doc, chart: ReportChart, box: Box) {
  const total = chart.points.reduce((sum, p) => sum + p.count, 0) || 1;
  const radius = Math.min(box.height, box.width * 0.45) / 2 - 4;
  const cx = box.x + radius + 4;
  const cy = box.y + box.height / 2;
  let angle = -Math.PI / 2;
  chart.points.forEach((point, i) => {
    const sweep = (point.count / total) * 2 * Math.PI;
    const points: Array<[number, number]> = [[cx, cy]];
    const steps = Math.max(2, Math.ceil(sweep / 0.05));
    for (let s = 0; s <= steps; s++) {
      const a = angle + (sweep * s) / steps;
      points.push([cx + radius * Math.cos(a), cy + radius * Math.sin(a)]);
    }
    doc.polygon(...points).fill(COLOURS[i % COLOURS.length]);
    angle += sweep;
  });
  const legendX = cx + radius + 16;
  chart.points.forEach((point, i) => {
    const y = box.y + 6 + i * 13;
    doc.rect(legendX, y, 8, 8).fill(COLOURS[i % COLOURS.length]);
    doc.fillColor(GREY).fontSize(7);
    const share = Math.round((point.count / total) * 100);
    label(doc, `${point.label}: ${point.count} (${share}%)`, legendX + 12, y, box.x + box.width - legendX - 12);
  });
}

/** A line through the weekly counts, with dots, the largest count and the first and last weeks labelled. */
function line(doc: Doc, chart: ReportChart, box: Box) {
  const max = Math.max(1, ...chart.points.map(p => p.count));
  const plotHeight = box.height - 20;
  const n = chart.points.length;
  const at = (i: number, count: number): [number, number] => [
    box.x + 30 + (n === 1 ? 0 : (i * (box.width - 40)) / (n - 1)),
    box.y + plotHeight - (count / max) * (plotHeight - 8),
  ];
  doc
    .strokeColor(GREY)
    .moveTo(box.x + 30, box.y)
    .lineTo(box.x + 30, box.y + plotHeight)
    .lineTo(box.x + box.width, box.y + plotHeight)
    .stroke();
  doc.fillColor(GREY).fontSize(6);
  label(doc, String(max), box.x, box.y + 4, 26, 'right');
  label(doc, '0', box.x, box.y + plotHeight - 6, 26, 'right');
  chart.points.forEach((point, i) => {
    const [x, y] = at(i, point.count);
    if (i === 0) doc.moveTo(x, y);
    else doc.lineTo(x, y);
  });
  doc.strokeColor(COLOURS[0]).lineWidth(1.5).stroke().lineWidth(1);
  chart.points.forEach((point, i) => {
    const [x, y] = at(i, point.count);
    doc.circle(x, y, 2).fill(COLOURS[0]);
  });
  doc.fillColor(GREY);
  label(doc, chart.points[0]?.label ?? '', box.x + 10, box.y + plotHeight + 4, 80);
  if (n > 1) label(doc, chart.points[n - 1].label, box.x + box.width - 80, box.y + plotHeight + 4, 80, 'right');
}

/**
 * Draws one automatic chart as vector graphics in a box: its title (field, kind of chart, records without a value),
 * then bars, a pie, a histogram or a line with their labels.
 */
export function drawChart(doc: Doc, chart: ReportChart, box: Box) {
  doc.fillColor('#000000').font('Helvetica-Bold').fontSize(10);
  label(doc, `${chart.field} (${chart.type})`, box.x, box.y, box.width);
  doc.font('Helvetica').fontSize(7).fillColor(GREY);
  label(doc, chart.missing ? `${chart.missing} without a value` : ' ', box.x, box.y + 13, box.width);
  const plot = { x: box.x, y: box.y + 26, width: box.width, height: box.height - 30 };
  if (chart.points.length === 0) return;
  if (chart.type === 'pie') pie(doc, chart, plot);
  else if (chart.type === 'histogram') histogram(doc, chart, plot);
  else if (chart.type === 'line') line(doc, chart, plot);
  else bars(doc, chart, plot);
  doc.fillColor('#000000').strokeColor('#000000');
}
