import {
  coreServices,
  createBackendPlugin,
} from '@backstage/backend-plugin-api';
import {
  maestroInventoryDeletePermission,
  maestroInventoryUpdatePermission,
  maestroPermissions,
} from '@maestro/plugin-maestro-common';
import { KnexInventoryStore } from './database/KnexInventoryStore';
import { DemoInventory } from './demo/DemoInventory';
import { HistoryRetention } from './history/HistoryRetention';
import { maestroRecordResourceRef, maestroRecordRules } from './permissions/rules';
import { createRouter } from './service/router';
import { SettingsStore } from './settings/SettingsStore';

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
        scheduler: coreServices.scheduler,
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
        scheduler,
      }) {
        permissionsRegistry.addPermissions(maestroPermissions);
        const store = await KnexInventoryStore.create({ database });
        // conditional decisions on records (e.g. "owned by one of my groups") are evaluated against the store
        permissionsRegistry.addResourceType({
          resourceRef: maestroRecordResourceRef,
          permissions: [maestroInventoryUpdatePermission, maestroInventoryDeletePermission],
          rules: Object.values(maestroRecordRules),
          getResources: ids => Promise.all(ids.map(id => store.getRecord(id))),
        });
        await DemoInventory.fromConfig(config, { store, logger }).seedIfEmpty();
        await HistoryRetention.scheduleFromConfig(config, { store, scheduler, logger });
        const settings = await SettingsStore.create({ database });
        httpRouter.use(
          await createRouter({ logger, httpAuth, permissions, auditor, store, settings }),
        );
        httpRouter.addAuthPolicy({ path: '/health', allow: 'unauthenticated' });
        httpRouter.addAuthPolicy({ path: '/openapi.json', allow: 'unauthenticated' });
      },
    });
  },
});
