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
        /**
         * Where a result leads, with `:namespace`, `:kind` and `:name` of the record's entity. Default:
         * `/catalog/:namespace/:kind/:name/maestro` (the entity's Maestro tab). Keep it different from the catalog
         * collator's `locationTemplate`: the in-memory Lunr engine keeps one document per location across types.
         */
        locationTemplate?: string;
        /** Records read per request from the Maestro API: 1 to 1000 (the API's limit). Default: 1000. */
        pageSize?: number;
      };
    };
  };
}
