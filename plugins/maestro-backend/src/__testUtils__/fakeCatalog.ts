import { coreServices, createBackendPlugin } from '@backstage/backend-plugin-api';
import type { Entity } from '@backstage/catalog-model';
import Router from 'express-promise-router';

/**
 * A catalog plugin for tests: answers `GET /entities/by-query` with the entities of the kind filtered on (one page),
 * or a 500 when `down`; `calls` keeps the principal of each caller.
 */
export function fakeCatalog(entities: Entity[], options: { down?: boolean } = {}) {
  const calls: string[] = [];
  const plugin = createBackendPlugin({
    pluginId: 'catalog',
    register(env) {
      env.registerInit({
        deps: { httpRouter: coreServices.httpRouter, httpAuth: coreServices.httpAuth },
        async init({ httpRouter, httpAuth }) {
          const router = Router();
          router.get('/entities/by-query', async (req, res) => {
            const credentials = await httpAuth.credentials(req);
            calls.push(JSON.stringify(credentials.principal));
            if (options.down) {
              res.status(500).json({ error: { name: 'Error', message: 'database is gone' } });
              return;
            }
            const kind = String(req.query.filter ?? '').replace(/^kind=/, '');
            const items = entities.filter(e => e.kind.toLocaleLowerCase('en-US') === kind.toLocaleLowerCase('en-US'));
            res.json({ items, totalItems: 0, pageInfo: {} });
          });
          httpRouter.use(router);
        },
      });
    },
  });
  return { plugin, calls };
}
