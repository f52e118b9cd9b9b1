import { SchedulerServiceTaskScheduleDefinitionConfig } from '@backstage/backend-plugin-api';

export interface Config {
  /** Configuration of Maestro for Backstage (the catalog module reads `maestro.catalog`). */
  maestro?: {
    /** How the catalog module projects the Maestro store into the software catalog. */
    catalog?: {
      /**
       * Schedule of the projection task (a full load at start-up, then change-feed deltas on each run).
       * Default: every 2 seconds (each run long-polls the change feed), 10 minutes timeout.
       */
      schedule?: SchedulerServiceTaskScheduleDefinitionConfig;
      /** Records fetched per request from the Maestro API: 1 to 1000 (the API's limit). Default: 1000. */
      pageSize?: number;
      /**
       * Seconds one change-feed request waits for a change before answering empty (long poll), so a change
       * reaches the catalog within about a second without polling the API every second: 0 (plain polling) to 30
       * (the API's limit). Default: 20.
       */
      longPollSeconds?: number;
      /**
       * Minutes between full loads after the first one: the provider re-emits every active record so the catalog
       * heals from drift (e.g. an entity deleted through the catalog API). Fractions allowed; 0 = only at start.
       * Default: 60.
       */
      fullSyncMinutes?: number;
    };
  };
}
