import { coreServices, createBackendModule } from '@backstage/backend-plugin-api';
import { catalogProcessingExtensionPoint } from '@backstage/plugin-catalog-node';
import { MaestroEntityProcessor } from './MaestroEntityProcessor';
import { MaestroEntityProvider } from './MaestroEntityProvider';

/**
 * Catalog module of Maestro: validates the Maestro custom kinds, emits their relations, and projects the Maestro
 * store into the catalog through an entity provider.
 * @public
 */
export const catalogModuleMaestro = createBackendModule({
  pluginId: 'catalog',
  moduleId: 'maestro',
  register(env) {
    env.registerInit({
      deps: {
        catalog: catalogProcessingExtensionPoint,
        config: coreServices.rootConfig,
        logger: coreServices.logger,
        discovery: coreServices.discovery,
        auth: coreServices.auth,
        scheduler: coreServices.scheduler,
      },
      async init({ catalog, config, logger, discovery, auth, scheduler }) {
        catalog.addProcessor(new MaestroEntityProcessor());
        catalog.addEntityProvider(MaestroEntityProvider.fromConfig(config, { discovery, auth, logger, scheduler }));
      },
    });
  },
});
