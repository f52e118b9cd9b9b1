import { parseEntityRef } from '@backstage/catalog-model';
import { InputError } from '@backstage/errors';
import {
  findMaestroKind,
  InventoryRecord,
  MaestroReference,
  referencedRefs,
  ReportFilter,
} from '@maestro/plugin-maestro-common';
import { linkKeyOf } from './catalogRecordSource';
import { ReportChart, ReportCharts } from './reportCharts';
import { MatchedRow, prepareSingleReport, RecordSource } from './singleReport';

/** One hop of a pivot report: a kind, its filters and the columns it adds to each row. */
export interface PivotHopQuery {
  kind: string;
  filters?: ReportFilter[];
  columns?: string[];
}

/** How two consecutive hops are linked: a reference field of the earlier kind, or of the later one. */
export interface PivotLink {
  from: 'earlier' | 'later';
  reference: MaestroReference;
}

export interface PivotReportPage {
  /** The columns of every hop, each prefixed by its kind: `System.name`. */
  columns: string[];
  /** One row per path from a record of the first hop to a record of the last; the record ids along it. */
  rows: Array<{ ids: string[]; values: unknown[] }>;
  totalCount: number;
  durationMs: number;
}

const MIN_HOPS = 2;
const MAX_HOPS = 6;
const MAX_ROWS = 1_000_000;

/**
 * The references linking kind `a` to kind `b`: a's fields pointing at b and b's fields pointing at a (a System
 * names its entry applications, an application names its system: both link them). Empty when none does.
 */
export function linksBetween(a: string, b: string): PivotLink[] {
  const kindA = findMaestroKind(a);
  const kindB = findMaestroKind(b);
  if (!kindA || !kindB) return [];
  return [
    ...kindA.references.filter(r => r.kind === kindB.kind).map(reference => ({ from: 'earlier' as const, reference })),
    ...kindB.references.filter(r => r.kind === kindA.kind).map(reference => ({ from: 'later' as const, reference })),
  ];
}

/** The `kind:namespace/name` keys a record points at through a reference (lower case, as the catalog compares). */
export function referenceTargets(record: InventoryRecord, reference: MaestroReference): string[] {
  const keys: string[] = [];
  for (const ref of referencedRefs(record.spec as Record<string, unknown>, reference)) {
    try {
      const parsed = parseEntityRef(ref, { defaultKind: reference.kind, defaultNamespace: 'default' });
      keys.push(`${parsed.kind}:${parsed.namespace}/${parsed.name}`.toLocaleLowerCase('en-US'));
    } catch {
      // a malformed ref links nothing
    }
  }
  return keys;
}

const keyOf = linkKeyOf;

/** Every row of a pivot report, sorted, with the records along the paths (for exports). */
export interface PivotRows {
  /** The columns of every hop, each prefixed by its kind: `System.name`. */
  columns: string[];
  rows: Array<{ ids: string[]; values: unknown[] }>;
  /** The record of hop `hop` with this id (a record some row goes through). */
  recordOf(hop: number, id: string): InventoryRecord | undefined;
  offset: number;
  limit: number;
}

/**
 * Checks a pivot report's hops (one 400 naming every problem, before any read) and collects all its rows: the
 * records of each hop's kind that its filters keep, linked hop to hop by Maestro's references in either direction
 * (client ← system ← application → server), one row per complete path with the columns of every hop, sorted by
 * their values hop by hop.
 */
export async function collectPivotRows(
  source: RecordSource,
  hops: PivotHopQuery[],
  page: { offset?: number; limit?: number } = {},
  options: { now?: number } = {},
): Promise<PivotRows> {
  const reports = preparePivotHops(hops, page, options);
  const links = hops.slice(1).map((hop, i) => linksBetween(hops[i].kind, hop.kind));

  // each hop's records that its filters keep, with their row and what they point at
  const kept = await Promise.all(
    reports.map(async (report, i) => {
      const records = new Map<string, { row: MatchedRow; record: InventoryRecord }>();
      const byId = new Map<string, InventoryRecord>();
      for await (const rows of report.scan(source, record => byId.set(record.id, record))) {
        for (const row of rows) records.set(keyOf(byId.get(row.id)!), { row, record: byId.get(row.id)! });
        byId.clear();
      }
      return { hop: i, records };
    }),
  );
  // edges from each record of hop i to the records of hop i+1 it is linked to
  const edges = links.map((found, i) => {
    const next = new Map<string, Set<string>>();
    const add = (from: string, to: string) => next.set(from, (next.get(from) ?? new Set()).add(to));
    for (const link of found) {
      const [holders, others] = link.from === 'earlier' ? [kept[i], kept[i + 1]] : [kept[i + 1], kept[i]];
      for (const [key, { record }] of holders.records) {
        for (const target of referenceTargets(record, link.reference)) {
          if (!others.records.has(target)) continue;
          if (link.from === 'earlier') add(key, target);
          else add(target, key);
        }
      }
    }
    return next;
  });
  const rows: Array<{ ids: string[]; values: unknown[]; sortKey: string }> = [];
  const walk = (hop: number, key: string, ids: string[], values: unknown[]) => {
    const { row } = kept[hop].records.get(key)!;
    const pathIds = [...ids, row.id];
    const pathValues = [...values, ...row.values];
    if (hop === kept.length - 1) {
      if (rows.length >= MAX_ROWS) throw new InputError(`hops: more than ${MAX_ROWS} rows; add filters`);
      rows.push({ ids: pathIds, values: pathValues, sortKey: pathValues.map(v => String(v ?? '')).join('\u0000') });
      return;
    }
    for (const next of edges[hop].get(key) ?? []) walk(hop + 1, next, pathIds, pathValues);
  };
  for (const key of kept[0].records.keys()) walk(0, key, [], []);
  rows.sort((a, b) => a.sortKey.localeCompare(b.sortKey));
  const byId = kept.map(({ records }) => new Map([...records.values()].map(({ record }) => [record.id, record])));
  return {
    columns: reports.flatMap((report, i) => report.columns.map(column => `${hops[i].kind}.${column}`)),
    rows: rows.map(({ ids, values }) => ({ ids, values })),
    recordOf: (hop, id) => byId[hop]?.get(id),
    offset: reports[0].offset,
    limit: reports[0].limit,
  };
}

/**
 * The automatic charts of a pivot's result: those of its last hop's kind, over the distinct records of that hop the
 * rows end at (a server on three rows counts once).
 */
export function pivotCharts(pivot: PivotRows, lastKind: string): ReportChart[] {
  const charts = new ReportCharts(lastKind);
  const seen = new Set<string>();
  for (const { ids } of pivot.rows) {
    const id = ids[ids.length - 1];
    if (seen.has(id)) continue;
    seen.add(id);
    const record = pivot.recordOf(ids.length - 1, id);
    if (record) charts.add(record);
  }
  return charts.charts();
}

/** Checks a pivot's hops and links and prepares each hop's scan; every problem in one 400. */
export function preparePivotHops(
  hops: PivotHopQuery[],
  page: { offset?: number; limit?: number } = {},
  options: { now?: number } = {},
) {
  if (!Array.isArray(hops) || hops.length < MIN_HOPS || hops.length > MAX_HOPS) {
    throw new InputError(`hops: must be a list of ${MIN_HOPS} to ${MAX_HOPS} hops`);
  }
  const problems: string[] = [];
  const prepared = hops.map((hop, i) => {
    try {
      return prepareSingleReport(
        { kind: hop.kind, filters: hop.filters, columns: hop.columns, limit: page.limit, offset: page.offset },
        { now: options.now, prefix: `hops[${i}].` },
      );
    } catch (error) {
      problems.push(String((error as Error).message));
      return undefined;
    }
  });
  hops.slice(1).forEach((hop, i) => {
    const found = linksBetween(hops[i].kind, hop.kind);
    if (!found.length && findMaestroKind(hops[i].kind) && findMaestroKind(hop.kind)) {
      problems.push(`hops[${i + 1}].kind: no Maestro reference links ${hops[i].kind} and ${hop.kind}`);
    }
  });
  if (problems.length) throw new InputError(problems.join('; '));
  return prepared.map(p => p!);
}

/**
 * Runs a pivot report (Maestro's "relational" report): every row (see {@link collectPivotRows}) and one page of
 * them with the total count.
 */
export async function runPivotReport(
  source: RecordSource,
  hops: PivotHopQuery[],
  page: { offset?: number; limit?: number } = {},
  options: { now?: number } = {},
): Promise<PivotReportPage> {
  const started = Date.now();
  const { columns, rows, offset, limit } = await collectPivotRows(source, hops, page, options);
  return {
    columns,
    rows: rows.slice(offset, offset + limit),
    totalCount: rows.length,
    durationMs: Date.now() - started,
  };
}
