import { randomBytes } from 'node:crypto';
import type { LoggerService } from '@backstage/backend-plugin-api';
import type { Config } from '@backstage/config';
import type { GraphView, SavedGraph } from '@maestro/plugin-maestro-common';
import type express from 'express';
import type Router from 'express-promise-router';
import { TtlCache } from '../service/TtlCache';
import { renderGraphSvg } from './graphSvg';
import { LAST_USED_RESOLUTION_MS, type GraphShareStore, type OpenShare } from './GraphShareStore';
import { clientRateLimit } from './shareRateLimit';
import { sharedGraphPage } from './sharedGraphPage';
import type { SharedGraphSource } from './sharedGraphSource';

type RouterType = ReturnType<typeof Router>;

/** `maestro.graphs.share.*`: the shared routes' rate limit and who may frame the shared page. */
export interface SharedGraphOptions {
  /** Requests per minute per client address to /shared, per replica (default 120). */
  rateLimitPerMinute: number;
  /** CSP `frame-ancestors` sources of the shared page (default `'self'`). */
  frameAncestors: string[];
  /** How long a live link's view is kept before it is generated again (default and at most 60 s). */
  liveCacheMs: number;
}

export const DEFAULT_SHARED_GRAPH_OPTIONS: SharedGraphOptions = {
  rateLimitPerMinute: 120,
  frameAncestors: ["'self'"],
  liveCacheMs: 60_000,
};

/** A CSP source expression: a keyword, `*`, a scheme (`https:`) or a host source (`https://*.example.com:8443`). */
const FRAME_SOURCE =
  /^(?:'self'|'none'|\*|[a-z][a-z0-9+.-]*:|(?:[a-z][a-z0-9+.-]*:\/\/)?(?:\*\.)?[a-z0-9.-]+(?::(?:\d{1,5}|\*))?(?:\/[^\s;,'"]*)?)$/i;

/** Reads `maestro.graphs.share.*`, refusing a frame-ancestors entry that is not a CSP source (it would end the directive). */
export function sharedGraphOptionsFromConfig(config: Config): SharedGraphOptions {
  const share = config.getOptionalConfig('maestro.graphs.share');
  const rate = share?.getOptionalNumber('rateLimit') ?? DEFAULT_SHARED_GRAPH_OPTIONS.rateLimitPerMinute;
  if (!Number.isInteger(rate) || rate < 1) {
    throw new Error(`maestro.graphs.share.rateLimit: must be a positive integer (requests per minute), got ${rate}`);
  }
  const ancestors = share?.getOptionalStringArray('frameAncestors') ?? DEFAULT_SHARED_GRAPH_OPTIONS.frameAncestors;
  for (const source of ancestors) {
    if (!FRAME_SOURCE.test(source)) {
      throw new Error(`maestro.graphs.share.frameAncestors: '${source}' is not a CSP source expression`);
    }
  }
  if (ancestors.includes("'none'") && ancestors.length > 1) {
    throw new Error(`maestro.graphs.share.frameAncestors: 'none' cannot be combined with other sources`);
  }
  return { ...DEFAULT_SHARED_GRAPH_OPTIONS, rateLimitPerMinute: rate, frameAncestors: ancestors };
}

/** The one answer to anything wrong with a token (malformed, unknown, revoked, expired, graph deleted): no oracle. */
const NOT_FOUND = {
  error: { name: 'NotFoundError', message: 'token: no such shared graph (unknown, revoked or expired)' },
  response: { statusCode: 404 },
};
/** The page's answer to anything wrong with a token: the same for every case, readable inside an `<iframe>`. */
const NOT_FOUND_PAGE =
  '<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="robots" content="noindex">' +
  '<title>Not shared</title></head><body style="font: 14px sans-serif; color: #555; margin: 16px">' +
  'This graph is not shared (the link is unknown, revoked or expired).</body></html>';
const IMAGE_CSP = "default-src 'none'; style-src 'unsafe-inline'";

function common(res: express.Response) {
  res.setHeader('X-Content-Type-Options', 'nosniff');
  res.setHeader('Referrer-Policy', 'no-referrer');
  res.setHeader('X-Robots-Tag', 'noindex, nofollow');
}

/**
 * The public, unauthenticated routes of share links (plugin.ts allows `/shared` without credentials): a shared
 * graph as SVG (for `<img>`), as a read-only HTML page with pan and zoom (for people and `<iframe>`), and as JSON
 * (its GraphView). A token opens exactly one graph, nothing else. Every request looks its token up in the database
 * (one query on the unique hash), so revoking or expiry shows at once on every replica; the graph behind it is
 * looked up at most once a second per replica, a live link's view generated at most once a minute, and the SVG of
 * a view rendered once (kept 10 minutes per replica, keyed by the link and the view's generation time).
 * Rate-limited per client address; `last_used_at` written at most once a minute per link.
 */
export function registerSharedGraphRoutes(
  router: RouterType,
  deps: { graphs: SharedGraphSource; shares: GraphShareStore; logger: LoggerService; options?: SharedGraphOptions },
) {
  const { graphs, shares, logger } = deps;
  const options = deps.options ?? DEFAULT_SHARED_GRAPH_OPTIONS;
  const graphLookups = new TtlCache<SavedGraph | undefined>({ ttlMs: 1000, maxEntries: 500 });
  const liveViews = new TtlCache<GraphView>({ ttlMs: Math.min(options.liveCacheMs, 60_000), maxEntries: 50 });
  const snapshots = new TtlCache<GraphView | undefined>({ ttlMs: 600_000, maxEntries: 50 });
  const svgs = new TtlCache<string>({
    ttlMs: 600_000,
    maxEntries: 200,
    maxWeight: 256 * 1024 * 1024,
    weigh: svg => svg.length,
  });

  const touch = (share: OpenShare) => {
    if (share.lastUsedAt && Date.now() - Date.parse(share.lastUsedAt) < LAST_USED_RESOLUTION_MS) return;
    shares.touch(share.id).catch(error => logger.warn(`share ${share.id}: last use not recorded: ${error}`));
  };

  /** The link, graph and view a token opens, or undefined for anything wrong with it. */
  const open = async (token: string) => {
    const share = await shares.open(token);
    if (!share) return undefined;
    const { value: graph } = await graphLookups.get(share.graphId, () => graphs.get(share.graphId));
    if (!graph) return undefined;
    let view: GraphView | undefined;
    if (share.mode === 'snapshot') {
      view = (await snapshots.get(`${share.id}:${share.snapshotGeneratedAt}`, () => shares.snapshot(share.id))).value;
    } else {
      try {
        view = (await liveViews.get(`${graph.id}:${graph.version}`, () => graphs.live(graph))).value;
      } catch (error) {
        logger.warn(`graph ${graph.id}: live view of a share failed, showing the last generation: ${error}`);
        view = graph.view;
      }
    }
    if (!view) return undefined;
    touch(share);
    return { share, graph, view };
  };

  const svgOf = async (opened: NonNullable<Awaited<ReturnType<typeof open>>>) => {
    const { share, graph, view } = opened;
    const key = `${share.id}:${view.generatedAt}:${graph.version}:${graph.name}`;
    return (await svgs.get(key, async () => renderGraphSvg(view, { title: graph.name, xmlDeclaration: false }))).value;
  };

  router.use('/shared', clientRateLimit({ perMinute: options.rateLimitPerMinute }));

  const notFound = (res: express.Response) => {
    common(res);
    res.setHeader('Cache-Control', 'no-store');
    res.status(404).json(NOT_FOUND);
  };

  router.get('/shared/:token/graph.svg', async (req, res) => {
    const opened = await open(req.params.token);
    if (!opened) return notFound(res);
    const svg = await svgOf(opened);
    common(res);
    res.setHeader('Content-Type', 'image/svg+xml; charset=utf-8');
    res.setHeader('Cache-Control', 'private, max-age=0');
    res.setHeader('Content-Security-Policy', IMAGE_CSP);
    res.setHeader('Cross-Origin-Resource-Policy', 'cross-origin');
    return res.send(`<?xml version="1.0" encoding="UTF-8"?>\n${svg}`);
  });

  router.get('/shared/:token/graph.json', async (req, res) => {
    const opened = await open(req.params.token);
    if (!opened) return notFound(res);
    common(res);
    res.setHeader('Cache-Control', 'private, max-age=0');
    res.setHeader('Content-Security-Policy', "default-src 'none'");
    return res.json(opened.view);
  });

  router.get('/shared/:token', async (req, res) => {
    const opened = await open(req.params.token);
    if (!opened && req.accepts(['json', 'html']) !== 'html') return notFound(res);
    if (!opened) {
      // a browser (an <iframe>) asks for HTML: a readable note, not the browser's refusal to frame an error
      common(res);
      res.removeHeader('X-Frame-Options');
      res.setHeader(
        'Content-Security-Policy',
        `default-src 'none'; style-src 'unsafe-inline'; frame-ancestors ${options.frameAncestors.join(' ')}`,
      );
      res.setHeader('Cache-Control', 'no-store');
      res.setHeader('Content-Type', 'text/html; charset=utf-8');
      return res.status(404).send(NOT_FOUND_PAGE);
    }
    const nonce = randomBytes(16).toString('base64');
    const page = sharedGraphPage({
      name: opened.graph.name,
      svg: await svgOf(opened),
      nonce,
      generatedAt: opened.view.generatedAt,
      embed: req.query.embed === '1',
    });
    common(res);
    // the page is made to be framed from the configured ancestors: Backstage's helmet says SAMEORIGIN for every route
    res.removeHeader('X-Frame-Options');
    res.setHeader(
      'Content-Security-Policy',
      `default-src 'none'; script-src 'nonce-${nonce}'; style-src 'unsafe-inline'; img-src data:; ` +
        `base-uri 'none'; form-action 'none'; frame-ancestors ${options.frameAncestors.join(' ')}`,
    );
    res.setHeader('Cache-Control', 'private, no-store');
    res.setHeader('Content-Type', 'text/html; charset=utf-8');
    return res.send(page);
  });
}
