import {
  coreServices,
  createBackendPlugin,
} from '@backstage/backend-plugin-api';
import { maestroPermissions } from '@maestro/plugin-maestro-common';
import { KnexInventoryStore } from './database/KnexInventoryStore';
import { DemoInventory } from './demo/DemoInventory';
import { createRouter } from './service/router';

/**
 * The Maestro backend plugin: inventory store, REST API at /api/maestro, permissions and history.
 * @public
 */
export const maestroPlugin = createBackendPlugin({
  pluginId: 'maestro',
  register(env) {
    env.registerInit({
      deps: {
        config: coreServices.rootConfig,
        logger: coreServices.logger,
        database: coreServices.database,
        httpRouter: coreServices.httpRouter,
        httpAuth: coreServices.httpAuth,
        permissions: coreServices.permissions,
        permissionsRegistry: coreServices.permissionsRegistry,
        auditor: coreServices.auditor,
      },
      async init({
        config,
        logger,
        database,
        httpRouter,
        httpAuth,
        permissions,
        permissionsRegistry,
        auditor,
      }) {
        permissionsRegistry.addPermissions(maestroPermissions);
        const store = await KnexInventoryStore.create({ database });
        await DemoInventory.fromConfig(config, { store, logger }).seedIfEmpty();
        httpRouter.use(
          await createRouter({ logger, httpAuth, permissions, auditor, store }),
        );
        httpRouter.addAuthPolicy({ path: '/health', allow: 'unauthenticated' });
        httpRouter.addAuthPolicy({ path: '/openapi.json', allow: 'unauthenticated' });
      },
    });
  },
});
