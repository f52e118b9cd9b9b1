import type { JsonObject } from '@backstage/types';

/**
 * Cloud providers Maestro discovers: the built-in `aws` and `openstack`, or the id of a provider a backend module
 * adds through the discovery extension point (`@maestro/plugin-maestro-node`). @public
 */
export type DiscoveryProvider = 'aws' | 'openstack' | (string & {});

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

/**
 * One field of a provider's connection form (`GET /discovery/providers`, `form.fields`): enough for a generic form
 * to render it, and to place the API's `field: problem` messages next to it. @public
 */
export interface DiscoveryFormField {
  /** The field as the API names it in requests and in 400 messages: `aws.accessKeyId`, `openstack.authUrl`, `endpoint`. */
  name: string;
  label: string;
  /** `password`: typed hidden; `textarea`: several lines (a PEM bundle); `select`: one of `options`. */
  type: 'text' | 'password' | 'url' | 'textarea' | 'select' | 'checkbox';
  /** Always required (with the variants it is shown in). */
  required?: boolean;
  /** Required unless this other field is filled (`openstack.username` unless `openstack.userId`). */
  requiredUnless?: string;
  /**
   * The connection's secret: sealed at rest, never returned (the connection says `hasSecret`), required when the
   * connection is created, left empty on an edit to keep the stored one.
   */
  secret?: boolean;
  help?: string;
  placeholder?: string;
  /** A regular expression (JavaScript syntax) a filled value matches; the backend checks it too. */
  pattern?: string;
  /** The choices of a `select`. */
  options?: Array<{ value: string; label: string }>;
  /** Shown, not editable (`openstack.apiVersion`: always v3). */
  readOnly?: boolean;
  /** The value shown when none is stored. */
  defaultValue?: string | boolean;
  /** Shown under "Advanced". */
  advanced?: boolean;
  /** Shown only with these variants (see {@link DiscoveryConnectionForm.variants}); with every one when absent. */
  variants?: string[];
  /** Shown only once this other field is filled (AWS: the external id after a role ARN, with static keys). */
  shownWhenFilled?: string;
  /** A warning the form shows next to the field (OpenStack `insecure`). */
  warning?: string;
}

/**
 * The provider-specific steps of the connection wizard, described for a generic form: the region step and the
 * credentials step (its fields, its variants, what the credentials must be allowed to do). @public
 */
export interface DiscoveryConnectionForm {
  /** The provider's name as the form shows it. */
  label: string;
  /** Title of the credentials step. */
  title: string;
  regions: {
    help: string;
    /** A regular expression (JavaScript syntax) each region name matches; the backend checks it too. */
    pattern?: string;
    example: string;
  };
  /**
   * Mutually exclusive ways of filling the credentials step (AWS: static keys, a role, the backend's identity): the
   * chosen one is not sent, it decides which fields are shown and required.
   */
  variants?: Array<{ id: string; label: string; help: string; requires?: string[] }>;
  fields: DiscoveryFormField[];
  /** Shown instead of the secret field when the backend has no encryption key (`canStoreSecrets: false`). */
  withoutEncryptionKey?: string;
  /** What the credentials must be allowed to do, for the user to copy. */
  permissions?: {
    title: string;
    help?: string;
    /** A policy document to copy (AWS: the read-only IAM policy of every list). */
    document?: JsonObject;
    /** Or lines to copy (OpenStack: the read-only API calls). */
    items?: string[];
  };
}

/** A provider as `GET /discovery/providers` describes it. @public */
export interface DiscoveryProviderDescription {
  provider: DiscoveryProvider;
  lists: Array<{ id: string; title: string; iamActions: string[]; global?: boolean; defaultFrequencyMinutes: number }>;
  /** Its connection form (absent for a provider that describes none). */
  form?: DiscoveryConnectionForm;
}
