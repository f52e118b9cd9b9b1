import type { InventoryRecord, ReportChart, ReportField } from '@maestro/plugin-maestro-common';
import { reportFields, valueAt } from './reportFields';

export type { ReportChart };

const TOP = 10;
/** A field with more distinct values than this is not charted (names, ids, addresses). */
const MAX_DISTINCT = 200;
const BINS = 10;
const WEEK = 7 * 24 * 3_600_000;
/** 1970-01-05, a Monday: weeks start on Mondays (ISO weeks). */
const MONDAY = 4 * 24 * 3_600_000;
/** Fields never charted: unique per record, or the kind's free text. */
const SKIPPED = new Set(['name', 'title', 'createdAt', 'updatedAt']);

type Counter = { counts: Map<string, number>; missing: number; overflow: boolean };

const isMissing = (value: unknown) =>
  value === undefined || value === null || value === '' || (Array.isArray(value) && value.length === 0);

/**
 * Counts the values of every chartable field of a kind over the records it is given, in one pass and bounded
 * memory, and then draws the charts Maestro drew automatically: a pie (≤ 6 values) or a bar chart (top 10 and
 * "other") per enum, boolean, text or list field with few distinct values and per tag key, a histogram per number
 * field, and records created per week (from Monday) as a line.
 */
export class ReportCharts {
  readonly #fields: ReportField[];
  readonly #counters = new Map<string, Counter>();
  readonly #numbers = new Map<string, { values: number[]; missing: number }>();
  readonly #created = new Map<number, number>();
  #records = 0;

  constructor(kind: string) {
    this.#fields = (reportFields(kind) ?? []).filter(f => !SKIPPED.has(f.path) && f.type !== 'date');
    for (const field of this.#fields) {
      if (field.type === 'number') this.#numbers.set(field.path, { values: [], missing: 0 });
      else this.#counters.set(field.path, { counts: new Map(), missing: 0, overflow: false });
    }
  }

  add(record: InventoryRecord) {
    this.#records += 1;
    for (const field of this.#fields) {
      const value = valueAt(record, field.path);
      const numbers = this.#numbers.get(field.path);
      if (numbers) {
        if (typeof value === 'number') numbers.values.push(value);
        else numbers.missing += 1;
        continue;
      }
      const counter = this.#counters.get(field.path)!;
      if (counter.overflow) continue;
      if (isMissing(value) || (field.type === 'tags' && Object.keys(value as object).length === 0)) {
        counter.missing += 1;
        continue;
      }
      const labels = labelsOf(field, value);
      for (const label of new Set(labels)) {
        counter.counts.set(label, (counter.counts.get(label) ?? 0) + 1);
        if (counter.counts.size > MAX_DISTINCT) {
          counter.overflow = true;
          counter.counts.clear();
          break;
        }
      }
    }
    const created = Date.parse(record.createdAt);
    if (!Number.isNaN(created)) {
      const week = Math.floor((created - MONDAY) / WEEK) * WEEK + MONDAY;
      this.#created.set(week, (this.#created.get(week) ?? 0) + 1);
    }
  }

  /**
   * The charts, those that tell most first: charts with more than one value before those with one (every record
   * alike), the kind's own fields before the record's (owner, source, active); in the kind's field order otherwise.
   */
  charts(): ReportChart[] {
    const charts: ReportChart[] = [];
    for (const field of this.#fields) {
      const counter = this.#counters.get(field.path);
      if (counter && !counter.overflow && counter.counts.size > 0) {
        const sorted = [...counter.counts].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
        // a text field whose every value is (nearly) unique says nothing as a chart
        if (field.type === 'string' && sorted.length > 20 && sorted.length > 0.5 * this.#records) continue;
        const top = sorted.slice(0, TOP).map(([label, count]) => ({ label, count }));
        const rest = sorted.slice(TOP).reduce((sum, [, count]) => sum + count, 0);
        if (rest) top.push({ label: 'other', count: rest });
        const path = field.type === 'tags' ? `${field.path} (keys)` : field.path;
        charts.push({ field: path, type: sorted.length <= 6 ? 'pie' : 'bar', points: top, missing: counter.missing });
      }
      const numbers = this.#numbers.get(field.path);
      if (numbers && numbers.values.length > 0) {
        charts.push({
          field: field.path,
          type: 'histogram',
          points: histogram(numbers.values),
          missing: numbers.missing,
        });
      }
    }
    if (this.#created.size > 0) {
      const weeks = [...this.#created].sort((a, b) => a[0] - b[0]);
      charts.push({
        field: 'createdAt',
        type: 'line',
        points: weeks.map(([week, count]) => ({ label: new Date(week).toISOString().slice(0, 10), count })),
        missing: 0,
      });
    }
    const rank = (chart: ReportChart) => (chart.points.length > 1 ? 0 : 2) + (chart.field.startsWith('spec.') ? 0 : 1);
    return charts
      .map((chart, i) => ({ chart, i }))
      .sort((a, b) => rank(a.chart) - rank(b.chart) || a.i - b.i)
      .map(c => c.chart);
  }
}

/** The labels a value counts under: a tag map's keys, a list's items, or the value itself. */
function labelsOf(field: ReportField, value: unknown): string[] {
  if (field.type === 'tags') return Object.keys(value as object);
  if (Array.isArray(value)) return value.map(String);
  return [String(value)];
}

/** Ten equal bins between the smallest and the largest value (one bin when they are all equal). */
function histogram(values: number[]): Array<{ label: string; count: number }> {
  let min = Infinity;
  let max = -Infinity;
  for (const v of values) {
    if (v < min) min = v;
    if (v > max) max = v;
  }
  if (min === max) return [{ label: String(min), count: values.length }];
  const width = (max - min) / BINS;
  const counts = new Array<number>(BINS).fill(0);
  for (const v of values) counts[Math.min(BINS - 1, Math.floor((v - min) / width))] += 1;
  const round = (n: number) => Number(n.toPrecision(4));
  return counts.map((count, i) => ({ label: `${round(min + i * width)}–${round(min + (i + 1) * width)}`, count }));
}
