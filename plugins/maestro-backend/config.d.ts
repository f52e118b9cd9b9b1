import { SchedulerServiceTaskScheduleDefinitionConfig } from '@backstage/backend-plugin-api';

export interface Config {
  /** Configuration of Maestro for Backstage. */
  maestro?: {
    /**
     * A small demo inventory, written to the store at start-up when the store holds no record at all.
     * Meant for local trials; leave it off in production.
     */
    demo?: {
      /** Seed the demo inventory into an empty store. Default: false. */
      enabled?: boolean;
      /** Owner entity ref of the demo records. Default: group:default/maestro-admins. */
      owner?: string;
    };
    /** Change history of the inventory. */
    history?: {
      /**
       * Delete history older than this many days (once a day); each record's latest change is always kept.
       * Default: keep everything.
       */
      retentionDays?: number;
    };
    /** How the catalog module projects the Maestro store into the software catalog. */
    catalog?: {
      /**
       * Schedule of the projection task (a full load at start-up, then change-feed deltas on each run).
       * Default: every 2 seconds (each run long-polls the change feed), 10 minutes timeout.
       */
      schedule?: SchedulerServiceTaskScheduleDefinitionConfig;
      /** Records fetched per request from the Maestro API. Default: 1000. */
      pageSize?: number;
      /**
       * Seconds one change-feed request waits for a change before answering empty (long poll), so a change
       * reaches the catalog within about a second without polling the API every second. 0 = plain polling.
       * Default: 20.
       */
      longPollSeconds?: number;
    };
  };
}
