import { MAESTRO_KINDS, maestroInventoryReadPermission } from '@maestro/plugin-maestro-common';
import type Router from 'express-promise-router';
import type { RequestContext } from '../service/RequestContext';
import type { InventoryStore } from './InventoryStore';

type RouterType = ReturnType<typeof Router>;

/** The kinds (with their spec schemas) and the inventory summary of the home page. */
export function registerOverviewRoutes(router: RouterType, deps: { store: InventoryStore; context: RequestContext }) {
  const { store, context } = deps;

  router.get('/kinds', async (req, res) => {
    await context.authorize(req, maestroInventoryReadPermission);
    res.json({
      items: Object.values(MAESTRO_KINDS).map(k => ({
        kind: k.kind,
        plural: k.plural,
        specSchema: k.specSchema,
      })),
    });
  });

  router.get('/summary', async (req, res) => {
    await context.authorize(req, maestroInventoryReadPermission);
    const [kinds, environments, services, latestServers, latestApplications] = await Promise.all([
      store.countByKind(),
      store.countBySpecField('Server', 'environment', 10),
      store.topServices(10),
      store.listRecords({ kind: 'Server', active: true, orderBy: 'createdAt', order: 'desc', limit: 5 }),
      store.listRecords({ kind: 'Component', active: true, orderBy: 'createdAt', order: 'desc', limit: 5 }),
    ]);
    res.json({
      kinds,
      environments,
      services,
      latestServers: latestServers.items,
      latestApplications: latestApplications.items,
    });
  });
}
