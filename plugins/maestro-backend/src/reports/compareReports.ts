import { isDeepStrictEqual } from 'node:util';
import type { ReportDifference } from '@maestro/plugin-maestro-common';
import type { MatchedRow, PreparedSingleReport, RecordSource } from './singleReport';

/** How a report's result differs between two times. */
export type ReportComparison = ReportDifference;

async function collect(report: PreparedSingleReport, source: RecordSource): Promise<Map<string, MatchedRow>> {
  const rows = new Map<string, MatchedRow>();
  for await (const page of report.scan(source)) for (const row of page) rows.set(row.id, row);
  return rows;
}

const strip = ({ id, values }: MatchedRow) => ({ id, values });

/**
 * Runs one report against two sources (the inventory at two times, or then and now) and compares the results by
 * record: added, removed, and changed with the columns that changed. Each list is sorted as the report sorts.
 */
export async function compareReports(
  report: PreparedSingleReport,
  before: RecordSource,
  after: RecordSource,
): Promise<ReportComparison> {
  const earlier = await collect(report, before);
  const later = await collect(report, after);
  const added: MatchedRow[] = [];
  const changed: Array<{ row: MatchedRow; before: MatchedRow; changedColumns: string[] }> = [];
  let unchanged = 0;
  for (const [id, row] of later) {
    const was = earlier.get(id);
    if (!was) {
      added.push(row);
      continue;
    }
    const changedColumns = report.columns.filter((_, i) => !isDeepStrictEqual(was.values[i], row.values[i]));
    if (changedColumns.length) changed.push({ row, before: was, changedColumns });
    else unchanged += 1;
  }
  const removed = [...earlier.values()].filter(row => !later.has(row.id));
  const order = new Map(report.sort(changed.map(c => c.row)).map((row, i) => [row.id, i]));
  changed.sort((a, b) => order.get(a.row.id)! - order.get(b.row.id)!);
  return {
    columns: report.columns,
    added: report.sort(added).map(strip),
    removed: report.sort(removed).map(strip),
    changed: changed.map(c => ({ ...strip(c.row), before: c.before.values, changedColumns: c.changedColumns })),
    counts: {
      before: earlier.size,
      after: later.size,
      added: added.length,
      removed: removed.length,
      changed: changed.length,
      unchanged,
    },
  };
}
