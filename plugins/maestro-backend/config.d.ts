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
       * Delete history older than this many days (once a day, in batches); each record's latest change is always
       * kept. "As of" and diffs for earlier times then answer 410 "history pruned before …". Default: keep everything.
       */
      retentionDays?: number;
    };
    /** The change feed (`GET /changes`) that the catalog module long-polls. */
    changes?: {
      /**
       * Long polls (`wait` > 0) that may wait at once in one backend process; more are answered 429 with
       * Retry-After: 1 (requests with wait=0 are always served). Whole number ≥ 1. Default: 100.
       */
      maxWaiters?: number;
    };
    /** Auto-discovery of cloud resources (AWS and OpenStack; more providers through the discovery extension point). */
    discovery?: {
      /**
       * Key sealing secrets of connections created through the API (AES-256-GCM): 32 bytes in base64
       * (`openssl rand -base64 32`) or a passphrase of at least 32 characters. Without it, the API refuses to
       * store secrets. Changing it makes stored secrets unreadable (re-enter them).
       * @visibility secret
       */
      encryptionKey?: string;
      /** Share of a (connection, list, region) scope one listing may deactivate before it is held back. Default 0.3. */
      massRemovalThreshold?: number;
      /** Removals of fewer records than this are never held back. Default 10. */
      massRemovalMinimum?: number;
      /** Region crawls of one account and region running at once per backend process. Default 2. */
      concurrencyPerRegion?: number;
      /** Seconds between each task's "is it due?" check. Default 30. */
      tickSeconds?: number;
      /** AWS SDK settings for every AWS connection. */
      aws?: {
        /** Attempts per call, retries backing off on throttling. Default 8. */
        maxAttempts?: number;
        /** `standard` or `adaptive` (client-side rate limiting on top). Default adaptive. */
        retryMode?: 'standard' | 'adaptive';
      };
      /** OpenStack client settings for every OpenStack connection. */
      openstack?: {
        /** Milliseconds before one HTTP request is abandoned. Default 30000. */
        timeoutMs?: number;
        /** Items asked per page (`limit`). Default 1000. */
        pageSize?: number;
        /** Retries of a 429/503 answered with Retry-After. Default 3. */
        maxRetries?: number;
        /** Nova microversion asked for (`OpenStack-API-Version: compute <v>`). Default 2.79. */
        computeMicroversion?: string;
      };
      /** Connections defined here (GitOps); read-only through the API. */
      connections?: Array<{
        /** Stable id: lower-case letters, digits, dashes. Scheduled task ids and history authors derive from it. */
        id: string;
        provider: 'aws' | 'openstack';
        title?: string;
        /** Name of the Datacenter record (created when missing). Default: the id. */
        datacenter?: string;
        regions: string[];
        /** Entity ref owning discovered records and notified on failures. */
        owner: string;
        /** Endpoint override: VPC endpoint, LocalStack, a simulator. */
        endpoint?: string;
        /** Per list (server-list, volumes-list, …): enabled and minutes between runs. */
        lists?: { [listId: string]: { enabled?: boolean; frequencyMinutes?: number } };
        aws?: {
          /** Use the Backstage AWS integration (`aws.accounts`) for this account when no keys are given. */
          accountId?: string;
          accessKeyId?: string;
          /** @visibility secret */
          secretAccessKey?: string;
          roleArn?: string;
          /** @visibility secret */
          externalId?: string;
        };
        /** OpenStack: Keystone v3 password authentication scoped to one project. */
        openstack?: {
          /** Keystone URL, e.g. https://keystone.example.com:5000/v3. */
          authUrl: string;
          /** Only v3. */
          apiVersion?: string;
          username?: string;
          userId?: string;
          userDomainId?: string;
          userDomainName?: string;
          /** @visibility secret */
          password?: string;
          projectId?: string;
          projectName?: string;
          projectDomainId?: string;
          projectDomainName?: string;
          /** Service catalog interface: public (default), internal or admin. */
          interface?: 'public' | 'internal' | 'admin';
          /** PEM bundle of a private CA that signed the cloud's certificates. */
          caBundle?: string;
          /** Skip TLS verification (only when set to true). */
          insecure?: boolean;
        };
      }>;
    };
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
