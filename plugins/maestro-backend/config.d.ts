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
       * Delete history older than this many days (once a day, in batches, by the built-in job `history-retention`
       * of the Jobs page); each record's latest change is always kept. "As of" and diffs for earlier times then
       * answer 410 "history pruned before …". Default: keep everything (the built-in job stays off).
       */
      retentionDays?: number;
    };
    /**
     * Outbound calls to user-supplied URLs (discovery endpoints, Keystone and the endpoints of its catalog, pagination
     * links, redirects) go through one egress policy: only public unicast addresses are reachable. Loopback,
     * link-local (169.254.169.254), private (10/8, 172.16/12, 192.168/16), unique-local (fc00::/7), carrier-grade NAT,
     * multicast, reserved and IPv4-embedding IPv6 ranges are refused after DNS resolution, and so is the backend's
     * own address, unless allow-listed here.
     */
    egress?: {
      /**
       * Host names (`keystone.internal`, `*.corp.example`), addresses (`10.0.5.5`) or CIDRs (`10.20.0.0/16`,
       * `fd00::/8`) that may be called although private. The backend's own listen port is refused even when its
       * address is listed. Default: none.
       */
      allow?: string[];
    };
    /** Business graphs. */
    graphs?: {
      /**
       * Share links of saved graphs: `/api/maestro/shared/<token>` (read-only page, for `<iframe>`), `…/graph.svg`
       * (for `<img>`) and `…/graph.json`, served without credentials to whoever holds the token.
       */
      share?: {
        /**
         * Requests per minute per client address to the shared routes, counted by each replica (so N replicas let a
         * client make up to N times this); over it: 429 with Retry-After. The address is the socket's, or the
         * forwarded one when `backend.trustProxy` is set. Default: 120.
         */
        rateLimit?: number;
        /**
         * CSP `frame-ancestors` sources of the shared page: who may embed it in an `<iframe>`, e.g.
         * `["'self'", "https://wiki.example.com", "https://*.atlassian.net"]`, or `["'none'"]` to forbid framing.
         * Entries must be CSP source expressions (keywords quoted). Default: `["'self'"]` (the portal only).
         */
        frameAncestors?: string[];
      };
    };
    /** Saved reports. */
    reports?: {
      /**
       * Reports (and business graphs) over Component, System and Resource run "now" also read the catalog's entities
       * Maestro did not write (git-defined applications and systems), as the caller. Default: true. Turn it off in a
       * backend without the catalog plugin.
       */
      catalogEntities?: boolean;
      /** Asynchronous runs of saved reports (`POST /api/maestro/reports/{id}/runs`). */
      runs?: {
        /**
         * How long a run's file is kept after the run ends, as a duration: `'7d'`, `'12h'`, ISO `'P7D'` or
         * `{ days: 7 }`; at least one minute. An hourly job (once across replicas) deletes the files of expired runs
         * (their download then answers 410) and forgets the runs themselves one more retention later. Files are
         * stored in the plugin's database: a run's file takes about its size there until it expires. Default: 7 days.
         */
        retention?: string | { days?: number; hours?: number; minutes?: number };
      };
    };
    /**
     * User-defined jobs (`/api/maestro/jobs`, docs/jobs.md): a dispatcher (a global task: one replica at a time)
     * queues the runs of due jobs, and workers on every replica claim and run them. The defaults suit production;
     * tests shorten them.
     */
    jobs?: {
      /** Seconds between two dispatches of due jobs, 1–300. Default: 5. */
      dispatchSeconds?: number;
      /** Milliseconds between two looks of a replica's workers for queued runs, 50–60000. Default: 1000. */
      pollMilliseconds?: number;
      /** Runs one replica executes at once, 1–200 (more wait in the queue for this or another replica). Default: 10. */
      concurrency?: number;
      /** Seconds between two heartbeats of a running run, 1–300. Default: 10. */
      heartbeatSeconds?: number;
      /**
       * A run whose heartbeat is older than this many seconds (its replica was killed or lost the database) is
       * failed by the next worker that looks, and counts as a failure; 2–3600, longer than heartbeatSeconds.
       * Default: 60.
       */
      staleAfterSeconds?: number;
      /**
       * Whether this replica runs job runs. Off, it still dispatches due jobs and serves the API, and the replicas
       * whose workers are on run the queued runs. Default: true.
       */
      workers?: boolean;
    };
    /** Limits of the bulk import (`POST /api/maestro/records/import`). */
    import?: {
      /**
       * Largest request body in bytes, from 1024 to 1073741824: a larger Content-Length is answered 413 at once,
       * a body that grows past it is answered 413 and no longer read. A JSON or YAML body is held in memory whole.
       * Default: 33554432 (32 MiB).
       */
      maxBytes?: number;
      /** Most records (rows) in one import, from 1 to 1000000; a CSV is parsed no further. Default: 100000. */
      maxRows?: number;
    };
    /** The change feed (`GET /changes`) that the catalog module long-polls. */
    changes?: {
      /**
       * Long polls (`wait` > 0) that may wait at once in one backend process; more are answered 429 with
       * Retry-After: 1 (requests with wait=0 are always served). Whole number ≥ 1. Default: 100.
       */
      maxWaiters?: number;
    };
    /**
     * Event rules (`/api/maestro/rules`): every replica matches the change feed against the enabled rules and runs
     * the deliveries that are due (docs/jobs.md, "Event rules").
     */
    rules?: {
      /** Deliveries one backend replica runs at once: 1 to 1000. Default 32. */
      concurrency?: number;
      /**
       * Waits before each retry of a failed delivery, as durations (`'30s'`, `'2m'`, `'PT5M'`, `{ minutes: 5 }`); a
       * delivery gets one attempt more than the list has, then fails for good. Default 30s, 2m, 5m, 15m, 40m
       * (six attempts over about 62 minutes).
       */
      retryDelays?: Array<string | { seconds?: number; minutes?: number; hours?: number }>;
      /**
       * How often each replica looks for changes written by other replicas and for due deliveries (its own writes
       * wake it at once). At least 10 ms. Default 1s.
       */
      pollInterval?: string | { milliseconds?: number; seconds?: number };
      /**
       * A delivery claimed longer ago than this whose replica never finished it (the replica died) is taken back and
       * run again (or failed, after its last attempt). Keep it above the longest webhook timeout (60 s). Default 2m.
       */
      staleAfter?: string | { seconds?: number; minutes?: number };
      /**
       * How long delivered and failed deliveries stay in a rule's log; an hourly job (once across replicas) deletes
       * older ones. At least a minute. Default 30d.
       */
      deliveryRetention?: string | { days?: number; hours?: number };
    };
    /**
     * Subscriptions (`/api/maestro/subscriptions`): people and groups watching records, kinds or what they own
     * (docs/subscriptions.md).
     */
    subscriptions?: {
      /**
       * When the daily digest is sent, as `HH:MM` in UTC (once a day, by one replica; a backend down at that time
       * sends it when it starts). Default `'08:00'`.
       */
      digestTime?: string;
    };
    /** Auto-discovery of cloud resources (AWS and OpenStack; more providers through the discovery extension point). */
    discovery?: {
      /**
       * Key sealing secrets of connections created through the API (AES-256-GCM): 32 bytes in base64
       * (`openssl rand -base64 32`) or a passphrase of at least 32 characters. Without a key, the API refuses to
       * store secrets. The single-key form of `encryptionKeys` (set one or the other). The published development
       * key of app-config.development.yaml is refused at start-up unless `maestro.demo.enabled` is true.
       * @visibility secret
       */
      encryptionKey?: string;
      /**
       * Several keys, for rotation: the first seals, every one opens. With more than one, a task re-seals every
       * stored secret with the first key (30 s after start-up, then hourly, on one replica at a time); once it has,
       * the old keys can be removed (docs/operations.md, "Rotating the encryption key"). A secret no listed key
       * opens is reported on its connection ("enter the secret again").
       * @visibility secret
       */
      encryptionKeys?: string[];
      /** Share of a (connection, list, region) scope one listing may deactivate before it is held back. Default 0.3. */
      massRemovalThreshold?: number;
      /** Removals of fewer records than this are never held back: a whole number, 1 to 1000000. Default 10. */
      massRemovalMinimum?: number;
      /** Region crawls of one account and region running at once per backend process: 1 to 64. Default 2. */
      concurrencyPerRegion?: number;
      /**
       * Seconds between each task's "is it due?" check: 5, 6, 10, 12, 15, 20, 30 or 60 (a divisor of a minute, so
       * every interval is a whole number of ticks). A list runs at the tick nearest to its last start plus its
       * interval. Default 30.
       */
      tickSeconds?: number;
      /**
       * Users and groups (entity refs) that receive the discovery progress signals of every connection, besides
       * each connection's owner. Nobody else gets them: the Discovery tab of other readers refreshes every 30 s.
       * Default: none.
       */
      signalRecipients?: string[];
      /** AWS SDK settings for every AWS connection. */
      aws?: {
        /** Attempts per call, retries backing off on throttling. Default 8. */
        maxAttempts?: number;
        /** `standard` or `adaptive` (client-side rate limiting on top). Default adaptive. */
        retryMode?: 'standard' | 'adaptive';
        /** Milliseconds to establish a connection to an AWS endpoint. Default 10000. */
        connectTimeoutMs?: number;
        /**
         * Milliseconds for one request, from sending it to the last byte of the answer; a request that takes longer
         * fails with a timeout (and is retried like any transient error, up to maxAttempts). Default 60000.
         */
        requestTimeoutMs?: number;
        /** Largest answer read from AWS, in bytes; a larger one fails the call. Default 67108864 (64 MiB). */
        maxResponseBytes?: number;
        /**
         * Connections created through the API authenticate with their own access key. These lists let them use
         * the backend's own AWS identity instead (its default credential chain, or the `aws.accounts` integration).
         * Connections defined in app-config may always. Default: none.
         */
        backendIdentity?: {
          /** Account ids whose `aws.accounts` integration credentials API connections may use (no keys). */
          accounts?: string[];
          /** Role ARNs API connections may assume with the backend's credentials (no keys). */
          roleArns?: string[];
        };
      };
      /** OpenStack client settings for every OpenStack connection. */
      openstack?: {
        /** Milliseconds before one HTTP request is abandoned (1000 to 600000). Default 30000. */
        timeoutMs?: number;
        /** Items asked per page (`limit`, 1 to 10000). Default 1000. */
        pageSize?: number;
        /** Retries of a 429/503 answered with Retry-After (0 to 10). Default 3. */
        maxRetries?: number;
        /**
         * Nova microversion asked for (`OpenStack-API-Version: compute <v>`), e.g. `2.60`: an override. Default:
         * negotiated once per run from the compute endpoint's version document, the highest that the cloud serves and
         * Maestro understands (2.79; Queens 2.60, Rocky 2.65, Stein 2.72 get theirs); 2.79 when the cloud publishes
         * no version document.
         */
        computeMicroversion?: string;
        /**
         * Largest response body read, in bytes (65536 to 1073741824): a larger page fails its list with an error
         * naming this key (lower pageSize, or raise this). Error bodies are read up to 64 KiB. Default 33554432 (32 MiB).
         */
        maxResponseBytes?: number;
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
  };
}
