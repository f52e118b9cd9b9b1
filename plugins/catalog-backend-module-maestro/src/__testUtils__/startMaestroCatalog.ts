import { schedulerServiceFactory } from '@backstage/backend-defaults/scheduler';
import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import catalogPlugin from '@backstage/plugin-catalog-backend';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import type { JsonObject } from '@backstage/types';
import maestroPlugin from '@maestro/plugin-maestro-backend';
import { catalogModuleMaestro } from '../module';

/**
 * A test backend with the Maestro plugin, the catalog and this module, permissions allowing everything and the
 * catalog processing every second; `maestro` is the plugin's config (its `catalog` section configures this module).
 */
export async function startMaestroCatalog(maestro: JsonObject) {
  const { server } = await startTestBackend({
    features: [
      maestroPlugin,
      catalogPlugin,
      catalogModuleMaestro,
      schedulerServiceFactory,
      mockServices.permissions.factory({ result: AuthorizeResult.ALLOW }),
      mockServices.rootConfig.factory({ data: { maestro, catalog: { processingInterval: { seconds: 1 } } } }),
    ],
  });
  return { server };
}
