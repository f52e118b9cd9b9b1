import { InputError } from '@backstage/errors';
import {
  maestroInventoryReadPermission,
  maestroReportExportPermission,
  maestroReportReadPermission,
  ReportFilter,
  ReportSort,
} from '@maestro/plugin-maestro-common';
import type express from 'express';
import type Router from 'express-promise-router';
import { QueryReader } from '../input/QueryReader';
import type { InventoryStore } from '../records/InventoryStore';
import type { RequestContext } from '../service/RequestContext';
import { TtlCache } from '../service/TtlCache';
import { asOfRecordSource } from './asOfSource';
import type { ReportCatalog } from './catalogRecordSource';
import { compareReports } from './compareReports';
import { checkExport, EXPORT_FORMATS, exportReport } from './reportExport';
import type { ReportStore } from './ReportStore';
import { DEFAULT_TREND_WEEKS, MAX_TREND_WEEKS, MIN_TREND_WEEKS, reportTrend } from './reportTrend';
import { reportSourceAt, ReportResult, runSavedReport, singleQuery } from './savedReportRun';
import { prepareSingleReport, RecordSource, storeRecordSource } from './singleReport';

type RouterType = ReturnType<typeof Router>;

/**
 * How long a run's whole result is kept in the replica that ran it, so that the table's next pages, page sizes and
 * the charts tab answer from memory: any change to the store moves its feed head and so the key (no stale rows from
 * the store; the catalog's entities may be this old).
 */
const RESULTS_TTL_MS = 2 * 60_000;
/** At most this many cells (rows × columns) of results kept per replica. */
const RESULTS_MAX_CELLS = 2_000_000;

const MAX_TABLE_FILTERS = 8192;

/**
 * The table's own sort and column filters over a saved report (`sort=spec.cpu` or `sort=-spec.cpu`; `filters=` a
 * JSON list of report filters, added to the report's). For a pivot report a column filter names its hop's kind:
 * `Server.spec.environment`.
 */
function tableOverrides(q: QueryReader): { sort?: ReportSort; filters: ReportFilter[] } {
  const sortParam = q.string('sort');
  let sort: ReportSort | undefined;
  if (sortParam?.startsWith('-')) sort = { field: sortParam.slice(1), direction: 'desc' };
  else if (sortParam) sort = { field: sortParam, direction: 'asc' };
  const raw = q.string('filters');
  if (raw === undefined) return { sort, filters: [] };
  if (raw.length > MAX_TABLE_FILTERS) throw new InputError(`filters: longer than ${MAX_TABLE_FILTERS} characters`);
  let filters: unknown;
  try {
    filters = JSON.parse(raw);
  } catch {
    throw new InputError('filters: must be a JSON list of filters ({ field, op, value })');
  }
  if (!Array.isArray(filters)) throw new InputError('filters: must be a JSON list of filters ({ field, op, value })');
  return { sort, filters: filters as ReportFilter[] };
}

/**
 * Running saved reports: a page of results with the charts (`GET /reports/:id/results`), a comparison of two times
 * (`GET /reports/:id/compare`), the trend of its row count over weeks (`GET /reports/:id/trend`), and a streamed
 * export (`GET /reports/:id/export`). Reading results needs `maestro.report.read` and `maestro.inventory.read` (the
 * rows are inventory records), exporting also `maestro.report.export`. `asOf` runs a report against the inventory as
 * it was then. Runs and exports are audited.
 */
export function registerReportRunRoutes(
  router: RouterType,
  deps: {
    reports: ReportStore;
    store: InventoryStore;
    context: RequestContext;
    /** The catalog as the caller (git-defined Components, Systems, Resources count in "now" runs); none: store only. */
    catalog?: (req: express.Request) => Promise<ReportCatalog>;
  },
) {
  const { reports, store, context } = deps;

  const sourceAt = (req: express.Request, asOf: string | undefined): Promise<RecordSource> =>
    reportSourceAt(store, asOf, deps.catalog && (() => deps.catalog!(req)));

  const authorizeRead = async (req: express.Request) => {
    await context.authorize(req, maestroReportReadPermission);
    return context.authorize(req, maestroInventoryReadPermission);
  };

  /** Whole results, for the table's next pages: see {@link RESULTS_TTL_MS}. */
  const results = new TtlCache<ReportResult>({
    ttlMs: RESULTS_TTL_MS,
    maxWeight: RESULTS_MAX_CELLS,
    weigh: r => r.rows.length * Math.max(1, r.columns.length),
  });

  router.get('/reports/:id/results', async (req, res) => {
    const credentials = await authorizeRead(req);
    const q = new QueryReader(req.query);
    const offset = q.integer('offset', { min: 0 }) ?? 0;
    const limit = q.integer('limit', { min: 1, max: 1000 }) ?? 50;
    const asOf = q.timestamp('asOf');
    const charts = q.boolean('charts') ?? false;
    const table = tableOverrides(q);
    const report = await reports.get(req.params.id);
    const run = async (): Promise<ReportResult> =>
      runSavedReport(report, await sourceAt(req, asOf), { ...table, offset, limit, charts });
    // everything the rows depend on: the report as saved, the time (now: the store's last change), the table's own
    // sort and filters, and the caller (the catalog's entities are read as the caller)
    const key = JSON.stringify([
      report.id,
      report.version,
      asOf ?? `head:${await store.feedHead()}`,
      table,
      context.actorOf(credentials),
    ]);
    const answer = await context.audited(
      req,
      'report-run',
      { id: report.id, ...(asOf ? { asOf } : {}) },
      async () => {
        let found = await results.get(key, run);
        if (charts && !found.value.charts) found = await results.get(key, run, true);
        return found;
      },
      r => ({ totalCount: r.value.rows.length, durationMs: r.value.durationMs, cached: r.cached }),
    );
    const { rows, charts: drawn, ...rest } = answer.value;
    res.json({
      report: { id: report.id, name: report.name, type: report.type, version: report.version },
      ...(asOf ? { asOf } : {}),
      ...rest,
      rows: rows.slice(offset, offset + limit),
      totalCount: rows.length,
      ...(charts && drawn ? { charts: drawn } : {}),
      computedAt: new Date(answer.computedAt).toISOString(),
      cached: answer.cached,
    });
  });

  router.get('/reports/:id/compare', async (req, res) => {
    await authorizeRead(req);
    const q = new QueryReader(req.query);
    const from = q.timestamp('from');
    if (!from) throw new InputError('from: is required (an ISO-8601 time)');
    const to = q.timestamp('to');
    const report = await reports.get(req.params.id);
    const prepared = prepareSingleReport(singleQuery(report));
    // both times from the store and its history: the catalog keeps no history, so its entities would all show as
    // added at `to`
    const at = (time: string | undefined) => (time ? asOfRecordSource(store, time) : storeRecordSource(store));
    const comparison = await compareReports(prepared, await at(from), await at(to));
    res.json({ report: { id: report.id, name: report.name }, from, to: to ?? 'now', ...comparison });
  });

  router.get('/reports/:id/trend', async (req, res) => {
    await authorizeRead(req);
    const q = new QueryReader(req.query);
    const weeks = q.integer('weeks', { min: MIN_TREND_WEEKS, max: MAX_TREND_WEEKS }) ?? DEFAULT_TREND_WEEKS;
    const groupBy = q.string('groupBy');
    const report = await reports.get(req.params.id);
    const { kind, filters } = singleQuery(report);
    const trend = await reportTrend(store, { kind, filters }, { weeks, groupBy });
    res.json({ report: { id: report.id, name: report.name }, weeks, ...(groupBy ? { groupBy } : {}), ...trend });
  });

  router.get('/reports/:id/export', async (req, res) => {
    await authorizeRead(req);
    await context.authorize(req, maestroReportExportPermission);
    const q = new QueryReader(req.query);
    const format = q.string('format') ?? 'csv';
    const asOf = q.timestamp('asOf');
    const report = await reports.get(req.params.id);
    checkExport(report.definition, format); // a 400 before any header is set
    const source = await sourceAt(req, asOf);
    const { type, extension } = EXPORT_FORMATS[format];
    const file = `${report.name.replace(/[^A-Za-z0-9._-]+/g, '-')}.${extension}`;
    await context.audited(
      req,
      'report-export',
      { id: report.id, format, ...(asOf ? { asOf } : {}) },
      async () => {
        res.setHeader('Content-Type', type);
        res.setHeader('Content-Disposition', `attachment; filename="${file}"`);
        const rows = await exportReport(report.definition, source, format, res, { asOf });
        res.end();
        return { rows };
      },
      r => r,
    );
  });
}
