import type { BasicPermission } from '@backstage/plugin-permission-common';
import {
  maestroReportCreatePermission,
  maestroReportDeletePermission,
  maestroReportReadPermission,
  maestroReportUpdatePermission,
} from '@maestro/plugin-maestro-common';
import type express from 'express';
import type Router from 'express-promise-router';
import { authorizeThenRead as authorizeAndRead } from '../input/authorizeThenRead';
import { QueryReader } from '../input/QueryReader';
import { requireObject, requireVersion } from '../input/requestFields';
import { versionRead } from '../input/versionRead';
import type { RequestContext } from '../service/RequestContext';
import { validateReportDefinition } from './reportDefinition';
import { reportKindCatalogue } from './reportFields';
import type { ReportStore } from './ReportStore';

type RouterType = ReturnType<typeof Router>;

/** Whether a request path is one of the report routes, whose bodies they read themselves (after authorizing). */
export const isReportPath = (path: string) => path === '/reports' || path.startsWith('/reports/');

/**
 * The fields of every kind and the kinds a pivot can go to next (`GET /reports/fields`, for the report form), and
 * saved report definitions under /reports: list and read (`maestro.report.read`), save (`…create`), change with
 * the version read (`…update`), duplicate (`…create`) and soft-delete (`…delete`). The permission is decided before
 * the body is read: the JSON body parser (`readBody`) runs only for an allowed caller. Every write is audited.
 */
export function registerReportRoutes(
  router: RouterType,
  deps: { reports: ReportStore; context: RequestContext; readBody: express.RequestHandler },
) {
  const { reports, context } = deps;

  const authorizeThenRead = (req: express.Request, res: express.Response, permission: BasicPermission) =>
    authorizeAndRead(context, deps.readBody, req, res, permission);

  router.get('/reports', async (req, res) => {
    await context.authorize(req, maestroReportReadPermission);
    const q = new QueryReader(req.query);
    const offset = q.integer('offset', { min: 0 }) ?? 0;
    const limit = q.integer('limit', { min: 1, max: 500 }) ?? 50;
    res.json(await reports.list({ offset, limit }));
  });

  router.post('/reports', async (req, res) => {
    const credentials = await authorizeThenRead(req, res, maestroReportCreatePermission);
    const definition = validateReportDefinition(req.body);
    const created = await context.audited(
      req,
      'report-create',
      { name: definition.name, type: definition.type },
      () => reports.create(definition, context.actorOf(credentials)),
      r => ({ id: r.id, version: r.version }),
    );
    res.status(201).json(created);
  });

  router.get('/reports/fields', async (req, res) => {
    await context.authorize(req, maestroReportReadPermission);
    res.json({ kinds: reportKindCatalogue() });
  });

  router.get('/reports/:id', async (req, res) => {
    await context.authorize(req, maestroReportReadPermission);
    const report = await reports.get(req.params.id);
    // the version, for If-Match on a delete
    res.setHeader('ETag', `"${report.version}"`);
    res.json(report);
  });

  router.put('/reports/:id', async (req, res) => {
    const credentials = await authorizeThenRead(req, res, maestroReportUpdatePermission);
    const { version, ...rest } = requireObject(req.body);
    requireVersion(version);
    const definition = validateReportDefinition(rest);
    const id = req.params.id;
    const updated = await context.audited(
      req,
      'report-update',
      { id, version, name: definition.name, type: definition.type },
      () => reports.update(id, definition, version, context.actorOf(credentials)),
      r => ({ version: r.version }),
    );
    res.json(updated);
  });

  router.post('/reports/:id/duplicate', async (req, res) => {
    const credentials = await authorizeThenRead(req, res, maestroReportCreatePermission);
    const id = req.params.id;
    const copy = await context.audited(
      req,
      'report-duplicate',
      { id },
      () => reports.duplicate(id, context.actorOf(credentials)),
      r => ({ copyId: r.id, name: r.name }),
    );
    res.status(201).json(copy);
  });

  router.delete('/reports/:id', async (req, res) => {
    const credentials = await context.authorize(req, maestroReportDeletePermission);
    const q = new QueryReader(req.query);
    const given = q.integer('version', { min: 1 });
    const version = given !== undefined || req.headers['if-match'] ? versionRead(req, given) : undefined;
    const id = req.params.id;
    await context.audited(
      req,
      'report-delete',
      { id, ...(version === undefined ? {} : { version }) },
      () => reports.delete(id, context.actorOf(credentials), version),
      r => ({ version: r.version }),
    );
    res.status(204).end();
  });
}
