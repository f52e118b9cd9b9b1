import { maestroInventoryReadPermission } from '@maestro/plugin-maestro-common';
import type express from 'express';
import type Router from 'express-promise-router';
import type { InventoryStore } from '../records/InventoryStore';
import { ReportCatalog, withCatalogEntities } from '../reports/catalogRecordSource';
import { storeRecordSource } from '../reports/singleReport';
import type { RequestContext } from '../service/RequestContext';
import { overviewCharts } from './overviewCharts';

type RouterType = ReturnType<typeof Router>;

/**
 * `GET /overview/charts`: the automatic charts of the whole inventory (Maestro Server's overview presets), with
 * the catalog's git-defined applications and systems when a catalog is given. Needs `maestro.inventory.read`.
 */
export function registerOverviewChartsRoutes(
  router: RouterType,
  deps: {
    store: InventoryStore;
    context: RequestContext;
    catalog?: (req: express.Request) => Promise<ReportCatalog>;
  },
) {
  const { store, context } = deps;
  router.get('/overview/charts', async (req, res) => {
    await context.authorize(req, maestroInventoryReadPermission);
    const started = Date.now();
    const now = storeRecordSource(store);
    const source = deps.catalog ? withCatalogEntities(now, await deps.catalog(req)) : now;
    const charts = await overviewCharts(source);
    res.json({ charts, durationMs: Date.now() - started });
  });
}
