import { maestroInventoryReadPermission } from '@maestro/plugin-maestro-common';
import type express from 'express';
import type Router from 'express-promise-router';
import type { InventoryStore } from '../records/InventoryStore';
import { ReportCatalog, withCatalogEntities } from '../reports/catalogRecordSource';
import { storeRecordSource } from '../reports/singleReport';
import type { RequestContext } from '../service/RequestContext';
import { QueryReader } from '../input/QueryReader';
import { OverviewChart, overviewCharts } from './overviewCharts';
import { TtlCache } from '../service/TtlCache';

const DEFAULT_TTL_MS = 60_000;

type RouterType = ReturnType<typeof Router>;

/**
 * `GET /overview/charts`: the automatic charts of the whole inventory (Maestro Server's overview presets), with
 * the catalog's git-defined applications and systems when a catalog is given. Needs `maestro.inventory.read`. A
 * caller's charts are kept a minute (`computedAt` says when they were drawn; `refresh=true` draws them again).
 */
export function registerOverviewChartsRoutes(
  router: RouterType,
  deps: {
    store: InventoryStore;
    context: RequestContext;
    catalog?: (req: express.Request) => Promise<ReportCatalog>;
    /** How long a caller's charts are kept (default one minute). */
    cacheTtlMs?: number;
  },
) {
  const { store, context } = deps;
  const cache = new TtlCache<{ charts: OverviewChart[]; durationMs: number }>({
    ttlMs: deps.cacheTtlMs ?? DEFAULT_TTL_MS,
  });
  router.get('/overview/charts', async (req, res) => {
    const credentials = await context.authorize(req, maestroInventoryReadPermission);
    const refresh = new QueryReader(req.query).boolean('refresh') ?? false;
    const { value, computedAt } = await cache.get(
      context.actorOf(credentials),
      async () => {
        const started = Date.now();
        const now = storeRecordSource(store);
        const source = deps.catalog ? withCatalogEntities(now, await deps.catalog(req)) : now;
        return { charts: await overviewCharts(source), durationMs: Date.now() - started };
      },
      refresh,
    );
    res.json({ ...value, computedAt: new Date(computedAt).toISOString() });
  });
}
