import { ServiceUnavailableError } from '@backstage/errors';
import type { BasicPermission } from '@backstage/plugin-permission-common';
import {
  maestroDiscoveryManagePermission,
  maestroJobCreatePermission,
  maestroJobDeletePermission,
  maestroJobReadPermission,
  maestroJobRunPermission,
  maestroJobUpdatePermission,
  maestroReportExportPermission,
  type JobListResponse,
} from '@maestro/plugin-maestro-common';
import type express from 'express';
import type Router from 'express-promise-router';
import { authorizeThenRead } from '../input/authorizeThenRead';
import { QueryReader } from '../input/QueryReader';
import type { RequestContext } from '../service/RequestContext';
import type { JobService } from './JobService';

type RouterType = ReturnType<typeof Router>;

/** Whether a request path is a jobs route (they read their bodies themselves, after authorizing). */
export const isJobPath = (path: string) => path === '/jobs' || path.startsWith('/jobs/');

/**
 * What a job of a type may do beyond calling out: a discovery job runs crawls (`maestro.discovery.manage`), a report
 * job exports a report (`maestro.report.export`). Whoever saves such a job must hold that permission too, so a job
 * never does more than its creator may.
 */
const TYPE_PERMISSIONS: Record<string, BasicPermission | undefined> = {
  discovery: maestroDiscoveryManagePermission,
  report: maestroReportExportPermission,
};

/** The `type` a body names, before it is checked (to decide the permission its type needs). */
const bodyType = (body: unknown): string | undefined =>
  typeof body === 'object' && body !== null && typeof (body as { type?: unknown }).type === 'string'
    ? (body as { type: string }).type
    : undefined;

/**
 * The jobs API (`/jobs…`, docs/jobs.md): list (user-defined and built-in jobs), create, read, replace, delete, run
 * now, and each job's run log. Every route checks its `maestro.job.*` permission (403 naming it) before reading a
 * body; saving a discovery or report job also needs the permission its type uses. Writes and runs started are
 * audited (`job-create`, `job-update`, `job-delete`, `job-run-start`); answers never carry a secret.
 */
export function registerJobRoutes(
  router: RouterType,
  deps: { jobs?: JobService; context: RequestContext; readBody: express.RequestHandler },
) {
  const { context } = deps;
  const jobs = (): JobService => {
    if (!deps.jobs) throw new ServiceUnavailableError('jobs are not set up in this backend');
    return deps.jobs;
  };
  const authorizeType = async (req: express.Request) => {
    const permission = TYPE_PERMISSIONS[bodyType(req.body) ?? ''];
    if (permission) await context.authorize(req, permission);
  };

  router.get('/jobs', async (req, res) => {
    await context.authorize(req, maestroJobReadPermission);
    const answer: JobListResponse = { jobs: await jobs().list() };
    res.json(answer);
  });

  router.post('/jobs', async (req, res) => {
    const credentials = await authorizeThenRead(context, deps.readBody, req, res, maestroJobCreatePermission);
    await authorizeType(req);
    const job = await context.audited(
      req,
      'job-create',
      { type: bodyType(req.body) ?? null },
      () => jobs().create(req.body, credentials, context.actorOf(credentials)),
      created => ({ jobId: created.id, name: created.name }),
    );
    res.status(201).json(job);
  });

  router.get('/jobs/:id', async (req, res) => {
    await context.authorize(req, maestroJobReadPermission);
    res.json(await jobs().get(req.params.id));
  });

  router.put('/jobs/:id', async (req, res) => {
    const credentials = await authorizeThenRead(context, deps.readBody, req, res, maestroJobUpdatePermission);
    if (!(await jobs().get(req.params.id)).builtIn) await authorizeType(req);
    const job = await context.audited(
      req,
      'job-update',
      { jobId: req.params.id },
      () => jobs().update(req.params.id, req.body, credentials, context.actorOf(credentials)),
      updated => ({ enabled: updated.enabled }),
    );
    res.json(job);
  });

  router.delete('/jobs/:id', async (req, res) => {
    await context.authorize(req, maestroJobDeletePermission);
    await context.audited(
      req,
      'job-delete',
      { jobId: req.params.id },
      () => jobs().delete(req.params.id),
      () => ({}),
    );
    res.status(204).end();
  });

  router.post('/jobs/:id/run', async (req, res) => {
    const credentials = await context.authorize(req, maestroJobRunPermission);
    const run = await context.audited(
      req,
      'job-run-start',
      { jobId: req.params.id },
      () => jobs().runNow(req.params.id, context.actorOf(credentials)),
      started => ({ runId: started.id }),
    );
    res.status(202).json(run);
  });

  router.get('/jobs/:id/runs', async (req, res) => {
    await context.authorize(req, maestroJobReadPermission);
    const q = new QueryReader(req.query);
    const limit = q.integer('limit', { min: 1, max: 500 }) ?? 50;
    const before = q.string('before');
    res.json(await jobs().runs(req.params.id, { limit, ...(before ? { before } : {}) }));
  });

  router.get('/jobs/:id/runs/:runId', async (req, res) => {
    await context.authorize(req, maestroJobReadPermission);
    res.json(await jobs().run(req.params.id, req.params.runId));
  });
}
