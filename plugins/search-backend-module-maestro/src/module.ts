import {
  coreServices,
  createBackendModule,
  readSchedulerServiceTaskScheduleDefinitionFromConfig,
  SchedulerServiceTaskScheduleDefinition,
} from '@backstage/backend-plugin-api';
import { searchIndexRegistryExtensionPoint } from '@backstage/plugin-search-backend-node/alpha';
import { MaestroCollatorFactory } from './MaestroCollatorFactory';

/** As the catalog collator: every 10 minutes, 15 minutes at most, the first run 3 seconds after start. */
const DEFAULT_SCHEDULE: SchedulerServiceTaskScheduleDefinition = {
  frequency: { minutes: 10 },
  timeout: { minutes: 15 },
  initialDelay: { seconds: 3 },
};

/**
 * Search module of Maestro: registers the `maestro` collator (the inventory's hostnames, IPs, provider ids and
 * tags, for the portal's search), on the schedule `search.collators.maestro.schedule`.
 *
 * @public
 */
export const searchModuleMaestroCollator = createBackendModule({
  pluginId: 'search',
  moduleId: 'maestro-collator',
  register(env) {
    env.registerInit({
      deps: {
        config: coreServices.rootConfig,
        discovery: coreServices.discovery,
        auth: coreServices.auth,
        logger: coreServices.logger,
        scheduler: coreServices.scheduler,
        indexRegistry: searchIndexRegistryExtensionPoint,
      },
      async init({ config, discovery, auth, logger, scheduler, indexRegistry }) {
        const schedule = config.has('search.collators.maestro.schedule')
          ? readSchedulerServiceTaskScheduleDefinitionFromConfig(config.getConfig('search.collators.maestro.schedule'))
          : DEFAULT_SCHEDULE;
        indexRegistry.addCollator({
          schedule: scheduler.createScheduledTaskRunner(schedule),
          factory: MaestroCollatorFactory.fromConfig(config, { discovery, auth, logger }),
        });
      },
    });
  },
});
