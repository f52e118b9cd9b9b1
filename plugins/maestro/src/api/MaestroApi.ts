import { createApiRef } from '@backstage/core-plugin-api';
import type {
  ChangeAction,
  ChangeEntry,
  CreateRecordRequest,
  DependencyCommitRequest,
  DependencyCommitResult,
  DiscoveryConnection,
  DiscoveryProvider,
  DiscoveryRemovalConfirmation,
  DiscoveryTaskStatus,
  InventoryRecord,
  JsonSchema,
  KindCount,
  ListRecordsResponse,
  MaestroSettings,
  MaestroSettingsKey,
  OpenStackConnectionSettings,
  SettingValue,
  UpdateRecordRequest,
} from '@maestro/plugin-maestro-common';
import type { ReportsApi } from './ReportsApi';

/** Fields `GET /records` sorts on: a record field, or a top-level spec field (`spec.cpu`). @public */
export type RecordOrderBy = 'name' | 'kind' | 'updatedAt' | 'createdAt' | `spec.${string}`;

/** @public */
export interface ListRecordsQuery {
  kind?: string;
  /** Case-insensitive substring of the name or title. */
  q?: string;
  /** Entity ref of the owner. */
  owner?: string;
  active?: 'true' | 'false' | 'all';
  /** A record field, or a top-level spec field as `spec.<field>` (numeric fields sort numerically). */
  orderBy?: RecordOrderBy;
  order?: 'asc' | 'desc';
  offset?: number;
  limit?: number;
  /**
   * Exact matches on top-level spec fields, by field name (`{ environment: 'production' }`), sent as
   * `spec.<field>=<value>`; values are compared as text. Empty values are left out.
   */
  filters?: Record<string, string>;
}

/** Options of a call that may be abandoned (the previous search when the next one starts). @public */
export interface RequestOptions {
  signal?: AbortSignal;
}

/**
 * Options of a delete (deactivation) or a restore: the version read (required: the backend refuses a delete or
 * restore without it, 400, and a stale one, 409, so it never overwrites an edit the user has not seen), and the
 * reason kept in the history.
 * @public
 */
export interface RecordActivationOptions {
  version: number;
  reason?: string;
}

/** A kind as served by `GET /kinds`. @public */
export interface KindInfo {
  kind: string;
  plural: string;
  specSchema: JsonSchema;
}

/** A value of a field and the number of records holding it. @public */
export interface ValueCount {
  value: string;
  count: number;
}

/** Answer of `GET /summary`. @public */
export interface MaestroSummary {
  /** Active and inactive records per kind. */
  kinds: KindCount[];
  /** Active servers per `spec.environment` (top 10). */
  environments: ValueCount[];
  /** Services most installed on active servers (top 10). */
  services: ValueCount[];
  /** The last servers created. */
  latestServers: InventoryRecord[];
  /** The last applications (Component records) created. */
  latestApplications: InventoryRecord[];
}

/** Filters of the global history feed (`GET /history`); the answer is newest first. @public */
export interface HistoryQuery {
  kind?: string;
  /** Entity ref of the user, or the service, that made the change. */
  actor?: string;
  action?: ChangeAction;
  /** ISO-8601 time, inclusive. */
  from?: string;
  /** ISO-8601 time, inclusive. */
  to?: string;
  /** Only changes older than this seq: the last seq of the previous page. */
  before?: number;
  /** At most 500; 50 by default. */
  limit?: number;
}

/** A resource list a discovery provider offers, with its defaults (`GET /discovery/providers`). @public */
export interface DiscoveryProviderList {
  /** The list id: server-list, volumes-list… */
  id: string;
  title: string;
  /** What the list needs: IAM actions (AWS), or the API calls it makes (OpenStack: `compute: GET /servers/detail`). */
  iamActions: string[];
  /** Crawled once per connection rather than per region. */
  global?: boolean;
  defaultFrequencyMinutes: number;
}

/**
 * The OpenStack part of a connection request: the Keystone v3 settings and the password, accepted on write and
 * never returned (left out on update: the stored one is kept, unless the auth URL or the user changes).
 * @public
 */
export type DiscoveryOpenStackRequest = OpenStackConnectionSettings & { password?: string };

/** Answer of `GET /discovery/providers`. @public */
export interface DiscoveryProvidersResponse {
  /** False when the backend has no encryption key: connections created through the API cannot hold a secret. */
  canStoreSecrets: boolean;
  items: Array<{ provider: DiscoveryProvider; lists: DiscoveryProviderList[] }>;
}

/** A discovery connection with the status of each of its lists' tasks (never a secret). @public */
export type DiscoveryConnectionView = DiscoveryConnection & { tasks: DiscoveryTaskStatus[] };

/**
 * Body of `POST /discovery/connections`: the definition of a connection. `aws.secretAccessKey` and
 * `openstack.password` are accepted on write and never returned.
 * @public
 */
export interface DiscoveryConnectionRequest {
  id: string;
  provider: DiscoveryProvider;
  title?: string;
  /** Name of the Datacenter record the discovered resources are placed in (defaults to the id). */
  datacenter?: string;
  regions: string[];
  /** Entity ref of the owner of the discovered records. */
  owner: string;
  /** Endpoint override (VPC endpoint, LocalStack…). */
  endpoint?: string;
  /** Per list id: whether it runs, and minutes between runs; lists left out run with their defaults. */
  lists?: Record<string, { enabled?: boolean; frequencyMinutes?: number }>;
  aws?: {
    accessKeyId?: string;
    secretAccessKey?: string;
    roleArn?: string;
    externalId?: string;
    accountId?: string;
  };
  /** OpenStack connections (no `endpoint`: the services come from the Keystone catalog). */
  openstack?: DiscoveryOpenStackRequest;
}

/**
 * Body of `PUT /discovery/connections/:id`: the whole definition and the version read. Leave out
 * `aws.secretAccessKey` (or `openstack.password`) to keep the stored secret.
 * @public
 */
export type DiscoveryConnectionUpdateRequest = DiscoveryConnectionRequest & { version: number };

/** Body of `POST /discovery/connections/:id/sync`. @public */
export interface DiscoverySyncRequest {
  /** One list; every enabled list when absent. */
  list?: string;
  /**
   * With `list`: confirms the removal the mass-removal guard held back in one region, as the status showed it
   * (`region`, and `atMost`: its "would deactivate" count). The next run of the list applies it there only if it
   * deactivates at most that many records.
   */
  confirmRemovals?: DiscoveryRemovalConfirmation;
}

/** Answer of `POST /discovery/connections/:id/sync` (202). @public */
export interface DiscoverySyncResponse {
  /** The lists asked to run. */
  requested: string[];
  requestedAt: string;
}

/**
 * Client of the Maestro backend API.
 *
 * Every method rejects with a `ResponseError` (from `@backstage/errors`) when the backend answers with an
 * error status: `error.response.status` is the status and `error.body.error.message` the backend's message
 * (`field: problem; field2: problem` for a 400).
 * @public
 */
export interface MaestroApi extends ReportsApi {
  /** Totals per kind, environments, top services and the latest servers and applications (`GET /summary`). */
  getSummary(): Promise<MaestroSummary>;
  /** One page of records (`GET /records`). */
  listRecords(query: ListRecordsQuery, options?: RequestOptions): Promise<ListRecordsResponse>;
  getRecord(id: string): Promise<InventoryRecord>;
  getHistory(id: string, options?: { limit?: number }): Promise<{ items: ChangeEntry[] }>;
  /** The global change feed, newest first (`GET /history`). */
  searchHistory(query: HistoryQuery): Promise<{ items: ChangeEntry[] }>;
  /** Creates a record (`POST /records`). */
  createRecord(request: CreateRecordRequest): Promise<InventoryRecord>;
  /** Updates a record (`PUT /records/:id`); `request.version` must be the version read. */
  updateRecord(id: string, request: UpdateRecordRequest): Promise<InventoryRecord>;
  /** Deactivates a record (soft delete, `DELETE /records/:id`) at the version shown. */
  deleteRecord(id: string, options: RecordActivationOptions): Promise<InventoryRecord>;
  /** Reactivates a deleted record (`POST /records/:id/restore`) at the version shown. */
  restoreRecord(id: string, options: RecordActivationOptions): Promise<InventoryRecord>;
  /**
   * Brings back the content (title, owner, spec) of the version a history entry produced, as a new recorded
   * update; `version` is the current version read (409 when stale).
   */
  revertRecord(id: string, options: { seq: number; version: number; reason?: string }): Promise<InventoryRecord>;
  /** The kinds the store holds, with the JSON schema of their spec (`GET /kinds`). */
  listKinds(): Promise<{ items: KindInfo[] }>;
  /** Every setting with its version (`GET /settings`); version 0 means never saved (the defaults). */
  getSettings(): Promise<{ items: SettingValue[] }>;
  /**
   * Saves a setting (`PUT /settings/:key`) with the version read: a stale version is rejected with a 409, an
   * invalid value with a 400, a user who may not change settings with a 403.
   */
  updateSetting<K extends MaestroSettingsKey>(
    key: K,
    value: MaestroSettings[K],
    version: number,
  ): Promise<SettingValue<K>>;
  /** Saved versions of a setting, newest first (`GET /settings/:key/history`). */
  getSettingHistory<K extends MaestroSettingsKey>(
    key: K,
    options?: { limit?: number },
  ): Promise<{ items: SettingValue<K>[] }>;

  // ---- discovery

  /** The discovery providers and their lists, and whether secrets can be stored (`GET /discovery/providers`). */
  getDiscoveryProviders(): Promise<DiscoveryProvidersResponse>;
  /** The read-only IAM policy an AWS connection needs (`GET /discovery/aws/policy`), a policy document. */
  getAwsDiscoveryPolicy(): Promise<Record<string, unknown>>;
  /** Every discovery connection with its tasks' status (`GET /discovery/connections`). */
  listDiscoveryConnections(): Promise<{ items: DiscoveryConnectionView[] }>;
  /** One discovery connection with its tasks' status (`GET /discovery/connections/:id`); 404 when unknown. */
  getDiscoveryConnection(id: string): Promise<DiscoveryConnectionView>;
  /**
   * Creates a connection (`POST /discovery/connections`): 400 naming each bad field, 409 when the id is taken
   * (or defined in app-config).
   */
  createDiscoveryConnection(request: DiscoveryConnectionRequest): Promise<DiscoveryConnectionView>;
  /**
   * Replaces a connection created through the API (`PUT /discovery/connections/:id`) with the version read;
   * 409 when stale or defined in app-config.
   */
  updateDiscoveryConnection(id: string, request: DiscoveryConnectionUpdateRequest): Promise<DiscoveryConnectionView>;
  /** Deletes a connection created through the API (`DELETE /discovery/connections/:id`); the records stay. */
  deleteDiscoveryConnection(id: string): Promise<void>;
  /** Asks for a run now of one list, or every enabled list (`POST /discovery/connections/:id/sync`). */
  syncDiscoveryConnection(id: string, request?: DiscoverySyncRequest): Promise<DiscoverySyncResponse>;
  /**
   * Commits dependency changes of several records as one change (`POST /dependencies/commit`): all or nothing;
   * a 409 names the records changed since they were read, a 400 the change and field (`changes[1].dependencies[0].ref`).
   */
  commitDependencies(request: DependencyCommitRequest): Promise<DependencyCommitResult>;
}

/** @public */
export const maestroApiRef = createApiRef<MaestroApi>({ id: 'plugin.maestro.api' });
