import type { DiscoveryConnectionForm } from '@maestro/plugin-maestro-common';
import type { ResolvedConnection } from './connection';
import type { DiscoveredRecord } from './records';
import type { ProviderSettings } from './settings';

/**
 * A resource list as the scheduler and the UI see it.
 * @public
 */
export interface DriverList {
  /** Lower-case letters, digits and dashes (`server-list`): part of the scheduler task id. */
  id: string;
  title: string;
  /** Permissions the list needs (AWS IAM actions; OpenStack API calls), shown when it is denied. */
  iamActions: string[];
  /** Crawled once per connection (region `global`) rather than per region. */
  global?: boolean;
  /** Minutes between runs unless the connection says otherwise (1 to 10080). */
  defaultFrequencyMinutes: number;
}

/**
 * How a failed listing is reported: `denied` (the list's permissions are then shown), `throttled`, `auth`,
 * `unavailable` (the cloud has no such service in the region: not a failure, nothing removed), `error`.
 * @public
 */
export type DriverErrorKind = 'denied' | 'throttled' | 'auth' | 'unavailable' | 'error';

/**
 * A connection opened for one run: credentials resolved, the account known.
 * @public
 */
export interface DriverSession {
  /** The account (AWS) or project (OpenStack) the credentials reach; scopes entity names. */
  accountId: string;
  /**
   * Emits every resource of one list in one region; resolves only when the listing is complete. A rejection
   * leaves the listing incomplete (what was emitted is still written, nothing is deactivated). An enrichment that
   * could not be read (instance types, tags …) does not fail the listing: the records keep their stored values of
   * those fields (`keepFields`) and `warn` says what is missing (text every reader may see: no remote text).
   */
  crawl(
    listId: string,
    region: string,
    emit: (record: DiscoveredRecord) => void,
    signal?: AbortSignal,
    warn?: (warning: string) => void,
  ): Promise<void>;
  /** What kind of failure an error of this provider is. */
  classify(error: unknown): DriverErrorKind;
  close(): void;
}

/**
 * A cloud provider's part of discovery, as a backend module adds it through `maestroDiscoveryExtensionPoint`: its
 * lists, its connection settings and form, and how to open a connection for a run.
 * @public
 */
export interface DiscoveryDriver {
  /**
   * The provider id (`aws`, `openstack`, `azure`): lower-case letters and digits. A connection names it in
   * `provider`, and holds the provider's settings under it (`azure: { tenantId, … }`).
   */
  provider: string;
  lists: DriverList[];
  /** How its connections' settings are checked, completed, shown; a provider without settings of its own omits it. */
  settings?: ProviderSettings;
  /** Its steps of the connection wizard, served by `GET /discovery/providers`. */
  form?: DiscoveryConnectionForm;
  /** Opens a connection for one run; `signal` aborts the run (and the calls of the session). */
  open(connection: ResolvedConnection, signal?: AbortSignal): Promise<DriverSession>;
}
