import { ConflictError, InputError, NotFoundError } from '@backstage/errors';
import {
  maestroGraphReadPermission,
  maestroGraphSharePermission,
  type CreatedGraphShareLink,
  type GraphView,
  type SavedGraph,
} from '@maestro/plugin-maestro-common';
import type express from 'express';
import type Router from 'express-promise-router';
import { authorizeThenRead } from '../input/authorizeThenRead';
import { shownName, textProblem } from '../input/forbiddenKeys';
import { requireObject } from '../input/requestFields';
import type { RequestContext } from '../service/RequestContext';
import { renderPng } from './graphPng';
import { renderGraphSvg } from './graphSvg';
import type { GraphShareStore } from './GraphShareStore';
import type { SharedGraphSource } from './sharedGraphSource';

type RouterType = ReturnType<typeof Router>;

/** Where the plugin's routes are served: the links a share answers are paths under the backend's base URL. */
const MOUNT = '/api/maestro';
export const MAX_SHARE_LABEL = 200;
/** A link expires at most this long after it is created. */
export const MAX_SHARE_LIFETIME_MS = 366 * 24 * 3600 * 1000;
const SHARE_FIELDS = new Set(['mode', 'expiresAt', 'label']);

/** Whether a request path is a share route whose body it reads itself (after authorizing). */
export const isGraphSharePath = (path: string) => /^\/graphs\/[^/]+\/shares(\/[^/]+)?$/.test(path);

/** The paths of a shared graph, under the backend's base URL: the page, the SVG and the page for `<iframe>`. */
export function sharedGraphUrls(token: string): CreatedGraphShareLink['urls'] {
  return {
    page: `${MOUNT}/shared/${token}`,
    svg: `${MOUNT}/shared/${token}/graph.svg`,
    embed: `${MOUNT}/shared/${token}?embed=1`,
  };
}

/** A file name from a graph's name: letters, digits, `.`, `-` and `_` (others as `_`), at most 80, never empty. */
export function safeFileName(name: string): string {
  const cleaned = name
    .normalize('NFKD')
    .replace(/[^A-Za-z0-9._-]+/g, '_')
    .replace(/^[._]+/, '')
    .slice(0, 80);
  return cleaned || 'graph';
}

/** The graph's last generation, or a 409 when it has none (its generation failed). */
function viewOf(graph: SavedGraph): GraphView {
  if (!graph.view) {
    throw new ConflictError(
      `id: graph ${graph.id} has no generated view (${graph.error ?? 'not generated'}); re-generate it`,
    );
  }
  return graph.view;
}

/** The body of `POST /graphs/{id}/shares`, checked: every problem in one 400 naming its field. */
export function readShareRequest(
  body: unknown,
  now: number,
): { mode: 'live' | 'snapshot'; expiresAt?: string; label?: string } {
  const input = requireObject(body);
  const problems: string[] = [];
  for (const key of Object.keys(input)) {
    if (!SHARE_FIELDS.has(key)) problems.push(`body: unknown field '${shownName(key)}' (mode, expiresAt, label)`);
  }
  const { mode, expiresAt, label } = input;
  if (mode !== 'live' && mode !== 'snapshot') problems.push(`mode: must be 'live' or 'snapshot'`);
  let expiry: string | undefined;
  if (expiresAt !== undefined && expiresAt !== null) {
    const time = typeof expiresAt === 'string' && /^\d{4}-\d{2}-\d{2}T/.test(expiresAt) ? Date.parse(expiresAt) : NaN;
    if (Number.isNaN(time)) problems.push('expiresAt: must be an ISO-8601 time such as 2026-01-31T12:00:00Z');
    else if (time <= now) problems.push('expiresAt: must be in the future');
    else if (time > now + MAX_SHARE_LIFETIME_MS) problems.push('expiresAt: must be at most one year from now');
    else expiry = new Date(time).toISOString();
  }
  let text: string | undefined;
  if (label !== undefined && label !== null && label !== '') {
    if (typeof label !== 'string' || label.length > MAX_SHARE_LABEL) {
      problems.push(`label: must be a string of at most ${MAX_SHARE_LABEL} characters`);
    } else {
      const problem = textProblem(label);
      if (problem) problems.push(`label: ${problem}`);
      else text = label;
    }
  }
  if (problems.length) throw new InputError(problems.join('; '));
  return {
    mode: mode as 'live' | 'snapshot',
    ...(expiry ? { expiresAt: expiry } : {}),
    ...(text ? { label: text } : {}),
  };
}

/**
 * A saved graph's picture and share links, for signed-in callers: the SVG and PNG exports (`maestro.graph.read`),
 * the list of its share links (`…read`), creating one (`maestro.graph.share`, decided before the body is read; the
 * token is in the answer once and never again) and revoking one (`…share`; it stays listed as revoked). Creating
 * and revoking are audited (`graph-share-create`, `graph-share-revoke`), without the token.
 */
export function registerGraphShareRoutes(
  router: RouterType,
  deps: {
    graphs: SharedGraphSource;
    shares: GraphShareStore;
    context: RequestContext;
    readBody: express.RequestHandler;
    now?: () => number;
  },
) {
  const { graphs, shares, context } = deps;
  const now = deps.now ?? Date.now;

  const graphOf = async (id: string): Promise<SavedGraph> => {
    const graph = await graphs.get(id);
    if (!graph) throw new NotFoundError(`id: no graph ${shownName(id)}`);
    return graph;
  };

  router.get('/graphs/:id/export.svg', async (req, res) => {
    await context.authorize(req, maestroGraphReadPermission);
    const graph = await graphOf(req.params.id);
    const svg = renderGraphSvg(viewOf(graph), { title: graph.name });
    res.setHeader('Content-Type', 'image/svg+xml; charset=utf-8');
    res.setHeader('Content-Disposition', `attachment; filename="${safeFileName(graph.name)}.svg"`);
    res.setHeader('X-Content-Type-Options', 'nosniff');
    res.setHeader('Content-Security-Policy', "default-src 'none'; style-src 'unsafe-inline'");
    res.send(svg);
  });

  router.get('/graphs/:id/export.png', async (req, res) => {
    await context.authorize(req, maestroGraphReadPermission);
    const scale = readScale(req.query.scale);
    const graph = await graphOf(req.params.id);
    const view = viewOf(graph);
    const margin = 20;
    const png = renderPng(
      renderGraphSvg(view, { title: graph.name, margin }),
      {
        width: view.width + 2 * margin,
        height: view.height + 2 * margin,
      },
      scale,
    );
    res.setHeader('Content-Type', 'image/png');
    res.setHeader('Content-Disposition', `attachment; filename="${safeFileName(graph.name)}.png"`);
    res.setHeader('X-Content-Type-Options', 'nosniff');
    res.send(png);
  });

  router.get('/graphs/:id/shares', async (req, res) => {
    await context.authorize(req, maestroGraphReadPermission);
    const graph = await graphOf(req.params.id);
    res.json({ items: await shares.list(graph.id) });
  });

  router.post('/graphs/:id/shares', async (req, res) => {
    const credentials = await authorizeThenRead(context, deps.readBody, req, res, maestroGraphSharePermission);
    const request = readShareRequest(req.body, now());
    const graph = await graphOf(req.params.id);
    const snapshot = request.mode === 'snapshot' ? viewOf(graph) : undefined;
    const { link, token } = await context.audited(
      req,
      'graph-share-create',
      { graphId: graph.id, mode: request.mode, ...(request.expiresAt ? { expiresAt: request.expiresAt } : {}) },
      () => shares.create({ graphId: graph.id, ...request, snapshot, createdBy: context.actorOf(credentials) }),
      created => ({ shareId: created.link.id }),
    );
    const created: CreatedGraphShareLink = { ...link, token, urls: sharedGraphUrls(token) };
    res.setHeader('Cache-Control', 'no-store');
    res.status(201).json(created);
  });

  router.delete('/graphs/:id/shares/:shareId', async (req, res) => {
    const credentials = await context.authorize(req, maestroGraphSharePermission);
    const { id, shareId } = req.params;
    await context.audited(
      req,
      'graph-share-revoke',
      { graphId: id, shareId },
      () => shares.revoke(id, shareId, context.actorOf(credentials)),
      link => ({ revokedAt: link.revokedAt ?? null }),
    );
    res.status(204).end();
  });
}

/** `?scale=` of a PNG export: a number (default 1; its range is checked by pngScale). */
function readScale(raw: unknown): number {
  if (raw === undefined || raw === '') return 1;
  if (typeof raw !== 'string' || !/^\d+(\.\d+)?$/.test(raw))
    throw new InputError('scale: must be a number from 0.25 to 4');
  return Number(raw);
}
