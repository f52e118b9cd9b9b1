import type { DiscoveredRecord, DriverList } from '@maestro/plugin-maestro-node';

/**
 * One of a provider's resource lists (the seed's names: `server-list`, `network-list` …): what the scheduler and
 * the UI see of it, and its crawl in one region with the provider's context (clients, account, Datacenter).
 */
export interface ResourceList<Context> extends DriverList {
  /** Emits every resource it reads; resolves only when every page of every primary call was read. */
  crawl(ctx: Context, emit: (record: DiscoveredRecord) => void): Promise<void>;
}
