import { InputError } from '@backstage/errors';
import {
  maestroInventoryReadPermission,
  maestroReportExportPermission,
  maestroReportReadPermission,
  SavedReport,
} from '@maestro/plugin-maestro-common';
import type express from 'express';
import type Router from 'express-promise-router';
import { QueryReader } from '../input/QueryReader';
import type { InventoryStore } from '../records/InventoryStore';
import type { RequestContext } from '../service/RequestContext';
import { asOfRecordSource } from './asOfSource';
import { compareReports } from './compareReports';
import { runPivotReport } from './pivotReport';
import { EXPORT_FORMATS, ExportFormat, exportSingleReport } from './reportExport';
import type { ReportStore } from './ReportStore';
import {
  prepareSingleReport,
  RecordSource,
  runSingleReport,
  SingleReportQuery,
  storeRecordSource,
} from './singleReport';

type RouterType = ReturnType<typeof Router>;

/** The single-report query of a saved report. */
function singleQuery(report: SavedReport): SingleReportQuery {
  const definition = report.definition;
  if (definition.type !== 'single') throw new InputError(`id: report ${report.id} is a pivot report`);
  return { kind: definition.kind, filters: definition.filters, columns: definition.columns, sort: definition.sort };
}

/**
 * Running saved reports: a page of results with the charts (`GET /reports/:id/results`), a comparison of two times
 * (`GET /reports/:id/compare`), and a streamed export (`GET /reports/:id/export`). Reading results needs
 * `maestro.report.read` and `maestro.inventory.read` (the rows are inventory records), exporting also
 * `maestro.report.export`. `asOf` runs a report against the inventory as it was then. Runs and exports are audited.
 */
export function registerReportRunRoutes(
  router: RouterType,
  deps: { reports: ReportStore; store: InventoryStore; context: RequestContext },
) {
  const { reports, store, context } = deps;

  const sourceAt = async (asOf: string | undefined): Promise<RecordSource> =>
    asOf ? asOfRecordSource(store, asOf) : storeRecordSource(store);

  const authorizeRead = async (req: express.Request) => {
    await context.authorize(req, maestroReportReadPermission);
    await context.authorize(req, maestroInventoryReadPermission);
  };

  router.get('/reports/:id/results', async (req, res) => {
    await authorizeRead(req);
    const q = new QueryReader(req.query);
    const offset = q.integer('offset', { min: 0 }) ?? 0;
    const limit = q.integer('limit', { min: 1, max: 1000 }) ?? 50;
    const asOf = q.timestamp('asOf');
    const chartsParam = q.string('charts');
    if (chartsParam !== undefined && chartsParam !== 'true' && chartsParam !== 'false') {
      throw new InputError("charts: must be 'true' or 'false'");
    }
    const charts = chartsParam === 'true';
    const report = await reports.get(req.params.id);
    const result = await context.audited(
      req,
      'report-run',
      { id: report.id, ...(asOf ? { asOf } : {}) },
      async () => {
        const source = await sourceAt(asOf);
        if (report.definition.type === 'pivot')
          return runPivotReport(source, report.definition.hops, { offset, limit });
        return runSingleReport(source, { ...singleQuery(report), offset, limit, charts });
      },
      r => ({ totalCount: r.totalCount, durationMs: r.durationMs }),
    );
    res.json({
      report: { id: report.id, name: report.name, type: report.type, version: report.version },
      ...(asOf ? { asOf } : {}),
      ...result,
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
    const comparison = await compareReports(prepared, await sourceAt(from), await sourceAt(to));
    res.json({ report: { id: report.id, name: report.name }, from, to: to ?? 'now', ...comparison });
  });

  router.get('/reports/:id/export', async (req, res) => {
    await authorizeRead(req);
    await context.authorize(req, maestroReportExportPermission);
    const q = new QueryReader(req.query);
    const format = (q.string('format') ?? 'csv') as ExportFormat;
    if (!Object.prototype.hasOwnProperty.call(EXPORT_FORMATS, format)) {
      throw new InputError(`format: must be one of ${Object.keys(EXPORT_FORMATS).join(', ')}`);
    }
    const asOf = q.timestamp('asOf');
    const report = await reports.get(req.params.id);
    const prepared = prepareSingleReport(singleQuery(report));
    const source = await sourceAt(asOf);
    const file = `${report.name.replace(/[^A-Za-z0-9._-]+/g, '-')}.${EXPORT_FORMATS[format].extension}`;
    await context.audited(
      req,
      'report-export',
      { id: report.id, format, ...(asOf ? { asOf } : {}) },
      async () => {
        res.setHeader('Content-Type', EXPORT_FORMATS[format].type);
        res.setHeader('Content-Disposition', `attachment; filename="${file}"`);
        const rows = await exportSingleReport(source, prepared, format, res);
        res.end();
        return { rows };
      },
      r => r,
    );
  });
}
