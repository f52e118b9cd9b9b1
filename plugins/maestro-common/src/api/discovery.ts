/** Cloud providers Maestro discovers. @public */
export type DiscoveryProvider = 'aws' | 'openstack';

/** One resource list of a connection, with its effective settings. @public */
export interface DiscoveryListInfo {
  /** The seed's list name: server-list, volumes-list, network-list… */
  id: string;
  title: string;
  enabled: boolean;
  /** Minutes between runs. */
  frequencyMinutes: number;
  /** What the list needs: AWS IAM actions, or the OpenStack API calls it makes (`compute: GET /servers/detail`). */
  iamActions: string[];
  /** Crawled once per connection rather than per region (S3, CloudFront). */
  global?: boolean;
}

/** A discovery connection as the API shows it: never a secret, only whether one is stored. @public */
export interface DiscoveryConnection {
  id: string;
  provider: DiscoveryProvider;
  title?: string;
  /** Name of the Datacenter record the discovered resources are placed in (created when missing). */
  datacenter: string;
  regions: string[];
  /** Entity ref of the user or group that owns discovered records (and gets failure notifications). */
  owner: string;
  /** Endpoint override (VPC endpoint, LocalStack, the simulator). */
  endpoint?: string;
  /** `config`: defined in app-config (read-only through the API); `api`: created through the API or UI. */
  origin: 'config' | 'api';
  lists: DiscoveryListInfo[];
  aws?: {
    accountId?: string;
    roleArn?: string;
    /** True when an external id is set for the role; the id itself is write-only (never returned). */
    hasExternalId?: boolean;
    /** Masked (`AKIA…MPLE`) unless the caller may manage discovery connections. */
    accessKeyId?: string;
    /** How credentials are obtained: static keys, a role assumed, the Backstage AWS integration, or the SDK's default chain. */
    credentials: 'static' | 'integration' | 'default-chain';
  };
  /** OpenStack: Keystone v3 password authentication (the password is the connection's secret). */
  openstack?: OpenStackConnectionSettings;
  /** True when a secret is stored (sealed) for the connection. */
  hasSecret: boolean;
  version?: number;
  updatedAt?: string;
  updatedBy?: string;
}

/**
 * How an OpenStack connection authenticates: Keystone v3 password method, scoped to one project. The user is
 * named by `username` (+ user domain) or `userId`; the project by `projectId`, or `projectName` (+ project domain).
 * @public
 */
export interface OpenStackConnectionSettings {
  /** Keystone URL, e.g. https://keystone.example.com:5000/v3 (`/v3` is added when missing). */
  authUrl: string;
  /** Identity API version; only `v3` is supported (Keystone v2.0 was removed upstream). */
  apiVersion?: 'v3';
  username?: string;
  userId?: string;
  /** Domain of the user (id or name); `default` when neither is given. */
  userDomainId?: string;
  userDomainName?: string;
  projectId?: string;
  projectName?: string;
  projectDomainId?: string;
  projectDomainName?: string;
  /** Service catalog interface to use: public (default), internal or admin. */
  interface?: 'public' | 'internal' | 'admin';
  /** PEM bundle of the CA(s) that signed the cloud's certificates (a private CA); replaces the system CAs. */
  caBundle?: string;
  /** Skip TLS certificate verification. Only when explicitly set; never a default. */
  insecure?: boolean;
}

/** Counts of a task run. @public */
export interface DiscoveryCounts {
  seen: number;
  created: number;
  changed: number;
  unchanged: number;
  deactivated: number;
  reactivated: number;
  invalid: number;
}

/** A removal the mass-removal guard held back. @public */
export interface DiscoveryHeldRemoval {
  region: string;
  wouldDeactivate: number;
  of: number;
  threshold: number;
}

/**
 * An operator's confirmation of a held removal (`POST /discovery/connections/:id/sync` with `list` and
 * `confirmRemovals`): the next run of that list applies the removal in that region only, and only if it deactivates
 * at most `atMost` records; a bigger removal, or one in another region, stays held. @public
 */
export interface DiscoveryRemovalConfirmation {
  region: string;
  atMost: number;
}

/** Outcome of one region of a task run. @public */
export interface DiscoveryRegionResult {
  region: string;
  /**
   * `unavailable`: the cloud has no such service in the region (e.g. no Octavia): nothing to list, nothing removed.
   * `held`: the listing succeeded but its removal was held back (see `held`).
   */
  status: 'success' | 'empty' | 'error' | 'unavailable' | 'held';
  counts: DiscoveryCounts;
  /** Whether every page of every call was read (only then are unseen records deactivated). */
  complete: boolean;
  error?: string;
  /** On AccessDenied: the IAM actions the list needs. */
  requiredActions?: string[];
  held?: DiscoveryHeldRemoval;
  invalid?: Array<{ providerId: string; problems: string }>;
  /**
   * Enrichments that could not be read (e.g. `instance types not read: access denied (add
   * ec2:DescribeInstanceTypes)`): the resources were listed and stored, those fields kept their stored values.
   */
  warnings?: string[];
}

/** Status of one (connection, list) task. @public */
export interface DiscoveryTaskStatus {
  connectionId: string;
  list: string;
  /**
   * `unavailable`: every region lacks the service the list reads (not a failure: no notification). `held`: the run
   * succeeded but a removal was held back in at least one region (see `held`) until an operator confirms it.
   */
  status: 'never' | 'running' | 'success' | 'empty' | 'error' | 'unavailable' | 'held';
  runId?: string;
  startedAt?: string;
  finishedAt?: string;
  durationMs?: number;
  counts?: DiscoveryCounts;
  regions?: DiscoveryRegionResult[];
  /** The first error of the run. */
  error?: string;
  requiredActions?: string[];
  held?: DiscoveryHeldRemoval[];
  /** Removals confirmed for the next run, not applied yet. */
  confirmedRemovals?: DiscoveryRemovalConfirmation[];
  /** The regions' warnings (`<region>: <warning>`): enrichments that could not be read. */
  warnings?: string[];
  /** Consecutive failed runs. */
  failures: number;
  /** When a "sync now" was asked and not yet served. */
  requestedAt?: string;
}
