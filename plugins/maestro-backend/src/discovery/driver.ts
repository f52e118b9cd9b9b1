import type { DiscoveryProvider } from '@maestro/plugin-maestro-common';
import type { ResolvedConnection } from './ConnectionStore';
import type { DiscoveredRecord } from './types';

/** A resource list as the scheduler and the UI see it. */
export interface DriverList {
  id: string;
  title: string;
  /** Permissions the list needs (AWS IAM actions; OpenStack API calls), shown when it is denied. */
  iamActions: string[];
  global?: boolean;
  defaultFrequencyMinutes: number;
}

/** A connection opened for one run: credentials resolved, the account known. */
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
  /**
   * 'denied' when the error means missing permissions (the list's actions are then reported); 'unavailable' when
   * the cloud has no such service in the region (OpenStack without Octavia): reported as such, not as a failure.
   */
  classify(error: unknown): 'denied' | 'throttled' | 'auth' | 'unavailable' | 'error';
  close(): void;
}

/** A cloud provider's part of discovery: its lists and how to open a connection. */
export interface DiscoveryDriver {
  provider: DiscoveryProvider;
  lists: DriverList[];
  /** Opens a connection for one run; `signal` aborts the run (and the calls of the session). */
  open(connection: ResolvedConnection, signal?: AbortSignal): Promise<DriverSession>;
}
