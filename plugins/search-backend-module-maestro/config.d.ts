import { SchedulerServiceTaskScheduleDefinitionConfig } from '@backstage/backend-plugin-api';

export interface Config {
  search?: {
    collators?: {
      /** The Maestro collator (`@maestro/plugin-search-backend-module-maestro`): documents of type `maestro`. */
      maestro?: {
        /**
         * When the inventory is indexed again. Default: every 10 minutes, 15 minutes timeout, the first run 3 seconds
         * after start (as the catalog collator).
         */
        schedule?: SchedulerServiceTaskScheduleDefinitionConfig;
        /** Records read per request from the Maestro API: 1 to 1000 (the API's limit). Default: 1000. */
        pageSize?: number;
      };
    };
  };
}
