import { once } from 'node:events';
import type { BackstageCredentials } from '@backstage/backend-plugin-api';
import { CustomErrorBase, InputError, NotFoundError, ServiceUnavailableError } from '@backstage/errors';
import { AuthorizeResult, BasicPermission } from '@backstage/plugin-permission-common';
import {
  maestroInventoryReadPermission,
  maestroReportExportPermission,
  maestroReportReadPermission,
  maestroReportUpdatePermission,
  ReportExportFormat,
} from '@maestro/plugin-maestro-common';
import type express from 'express';
import type Router from 'express-promise-router';
import { authorizeThenRead } from '../input/authorizeThenRead';
import { shownName } from '../input/forbiddenKeys';
import { QueryReader } from '../input/QueryReader';
import { requireObject } from '../input/requestFields';
import type { InventoryStore } from '../records/InventoryStore';
import type { RequestContext } from '../service/RequestContext';
import { asOfRecordSource } from './asOfSource';
import { checkExport, ExportFormat } from './reportExport';
import type { ReportRunRow } from './ReportRunStore';
import type { ReportRuns } from './ReportRuns';
import { runFormat, runFormats } from './runFormats';
import type { ReportStore } from './ReportStore';

type RouterType = ReturnType<typeof Router>;

/** A run whose file the retention deleted: 410 Gone. */
export class ReportRunExpiredError extends CustomErrorBase {
  name = 'ReportRunExpiredError' as const;
  readonly statusCode = 410;
}

const RUN_REQUEST_FIELDS = new Set(['format', 'asOf']);

/** The body of `POST /reports/:id/runs`: `{ format, asOf? }`; any other key is refused, naming it (`body: 'x' is …`). */
function runRequest(body: unknown): { format: ReportExportFormat; asOf?: string } {
  const fields = requireObject(body);
  const unknown = Object.keys(fields).filter(key => !RUN_REQUEST_FIELDS.has(key));
  if (unknown.length) {
    const names = `${unknown
      .slice(0, 5)
      .map(key => `'${shownName(key)}'`)
      .join(', ')}${unknown.length > 5 ? ` and ${unknown.length - 5} more` : ''}`;
    throw new InputError(
      `body: ${names} ${unknown.length > 1 ? 'are not fields' : 'is not a field'} of a report run (format, asOf)`,
    );
  }
  const format = fields.format;
  if (typeof format !== 'string' || !runFormat(format)) {
    throw new InputError(`format: is required, one of ${runFormats().join(', ')}`);
  }
  const asOf = fields.asOf;
  if (asOf !== undefined && typeof asOf !== 'string') {
    throw new InputError('asOf: must be an ISO date (2026-11-05 or 2026-11-05T10:00:00Z)');
  }
  return { format: format as ReportExportFormat, ...(asOf === undefined ? {} : { asOf }) };
}

/**
 * Asynchronous runs of saved reports (see {@link ReportRuns}): `POST /reports/:id/runs` queues one (202),
 * `GET /reports/:id/runs` lists a report's runs, `GET /reports/runs/:runId` tells a run's state and progress, and
 * `GET /reports/runs/:runId/file` downloads its file. Every route needs `maestro.report.read`,
 * `maestro.inventory.read` and `maestro.report.export` (a run is an export), decided before the body is read. A
 * run is the requester's: others see it (and its file) only with `maestro.report.update`; to anyone else it is
 * not found. Starting a run and downloading its file are audited.
 */
export function registerReportRunJobRoutes(
  router: RouterType,
  deps: {
    reports: ReportStore;
    runs?: ReportRuns;
    store: InventoryStore;
    context: RequestContext;
    readBody: express.RequestHandler;
  },
) {
  const { reports, store, context } = deps;
  const permissions: [BasicPermission, ...BasicPermission[]] = [
    maestroReportReadPermission,
    maestroInventoryReadPermission,
    maestroReportExportPermission,
  ];

  const runsService = () => {
    if (!deps.runs) throw new ServiceUnavailableError('report runs are not set up in this backend');
    return deps.runs;
  };

  const authorize = async (req: express.Request): Promise<BackstageCredentials> => {
    let credentials: BackstageCredentials | undefined;
    for (const permission of permissions) credentials = await context.authorize(req, permission);
    return credentials!;
  };

  /** Whether the caller may see every run, not only their own: `maestro.report.update`. */
  const managesRuns = async (credentials: BackstageCredentials) => {
    const [decision] = await context.permissions.authorize([{ permission: maestroReportUpdatePermission }], {
      credentials,
    });
    return decision.result === AuthorizeResult.ALLOW;
  };

  /** A run the caller may see (theirs, or any with report.update); 404 otherwise, as for no run at all. */
  const visibleRun = async (req: express.Request): Promise<ReportRunRow> => {
    const credentials = await authorize(req);
    const row = await runsService().store.get(req.params.runId);
    if (row.requested_by !== context.actorOf(credentials) && !(await managesRuns(credentials))) {
      throw new NotFoundError(`no report run with id ${shownName(req.params.runId)}`);
    }
    return row;
  };

  router.post('/reports/:id/runs', async (req, res) => {
    const credentials = await authorizeThenRead(context, deps.readBody, req, res, ...permissions);
    const { format, asOf } = runRequest(req.body);
    const runs = runsService();
    const report = await reports.get(req.params.id);
    // what the run would refuse is refused now: a bad or pruned time (400, 410), a report the export cannot write
    if (asOf !== undefined) await asOfRecordSource(store, asOf);
    checkExport(report.definition, format as ExportFormat);
    const run = await context.audited(
      req,
      'report-run-start',
      { id: report.id, format, ...(asOf ? { asOf } : {}) },
      () => runs.request({ report, format, asOf, requestedBy: context.actorOf(credentials) }),
      r => ({ runId: r.id }),
    );
    res.status(202).json({
      id: run.id,
      reportId: run.reportId,
      status: run.status,
      format: run.format,
      ...(run.asOf ? { asOf: run.asOf } : {}),
      requestedBy: run.requestedBy,
      requestedAt: run.requestedAt,
    });
  });

  router.get('/reports/:id/runs', async (req, res) => {
    const credentials = await authorize(req);
    const q = new QueryReader(req.query);
    const offset = q.integer('offset', { min: 0 }) ?? 0;
    const limit = q.integer('limit', { min: 1, max: 500 }) ?? 50;
    const runs = runsService();
    const report = await reports.get(req.params.id);
    const requestedBy = (await managesRuns(credentials)) ? undefined : context.actorOf(credentials);
    const page = await runs.store.list({ reportId: report.id, requestedBy, offset, limit });
    res.json({ items: page.items.map(row => runs.toApi(row)), totalCount: page.totalCount });
  });

  router.get('/reports/runs/:runId', async (req, res) => {
    res.json(runsService().toApi(await visibleRun(req)));
  });

  router.get('/reports/runs/:runId/file', async (req, res) => {
    const row = await visibleRun(req);
    const runs = runsService();
    const run = runs.toApi(row);
    if (run.expired || (run.expiresAt && Date.parse(run.expiresAt) <= Date.now() && run.status === 'succeeded')) {
      throw new ReportRunExpiredError(`report run ${row.id}: its file expired at ${run.expiresAt} (retention)`);
    }
    if (run.status !== 'succeeded') {
      throw new NotFoundError(`report run ${row.id} has no file: it is ${run.status}`);
    }
    const format = runFormat(row.format);
    await context.audited(
      req,
      'report-run-download',
      { runId: row.id, id: row.report_id, format: row.format },
      async () => {
        res.setHeader('Content-Type', format?.type ?? 'application/octet-stream');
        res.setHeader('Content-Disposition', `attachment; filename="${run.fileName}"`);
        res.setHeader('Content-Length', String(run.bytes));
        for await (const chunk of runs.store.chunks(row)) {
          // a client that goes away stops the download (no wait for a drain that never comes)
          if (!res.write(chunk)) await Promise.race([once(res, 'drain'), once(res, 'close')]);
          if (res.destroyed) break;
        }
        res.end();
        return { bytes: run.bytes };
      },
      r => r,
    );
  });
}
