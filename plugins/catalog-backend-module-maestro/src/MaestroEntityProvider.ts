import type {
  AuthService,
  DiscoveryService,
  LoggerService,
  SchedulerService,
  SchedulerServiceTaskScheduleDefinition,
} from '@backstage/backend-plugin-api';
import { readSchedulerServiceTaskScheduleDefinitionFromConfig } from '@backstage/backend-plugin-api';
import type { Config } from '@backstage/config';
import type { EntityProvider, EntityProviderConnection } from '@backstage/plugin-catalog-node';
import type { ChangesResponse, InventoryRecord, ListRecordsResponse } from '@maestro/plugin-maestro-common';
import { isProjectedToCatalog } from '@maestro/plugin-maestro-common';
import { readMaestroApi } from '@maestro/plugin-maestro-node';
import { CatalogDelta } from './CatalogDelta';
import { locationKeyOf, recordToEntity } from './recordToEntity';

const DEFAULT_SCHEDULE: SchedulerServiceTaskScheduleDefinition = {
  frequency: { seconds: 2 },
  timeout: { minutes: 10 },
  initialDelay: { seconds: 1 },
};

/** Reads a numeric `maestro.catalog.*` key within the API's bounds, or refuses to start naming the key. */
function boundedNumber(
  config: Config,
  key: string,
  bounds: { min: number; max?: number; integer: boolean; fallback: number },
) {
  const value = config.getOptional(`maestro.catalog.${key}`) ?? bounds.fallback;
  const ok =
    typeof value === 'number' &&
    Number.isFinite(value) &&
    (!bounds.integer || Number.isInteger(value)) &&
    value >= bounds.min &&
    (bounds.max === undefined || value <= bounds.max);
  if (!ok) {
    const range = bounds.max === undefined ? `≥ ${bounds.min}` : `from ${bounds.min} to ${bounds.max}`;
    throw new Error(
      `maestro.catalog.${key}: must be ${bounds.integer ? 'a whole number' : 'a number'} ${range} (got ${JSON.stringify(
        value,
      )})`,
    );
  }
  return value;
}

/**
 * Projects the Maestro store into the catalog. The module cannot reach the plugin's database, so it reads the
 * plugin's REST API with its own service credentials: one full mutation when it starts (or loses its place),
 * then delta mutations built from the change feed, so a change reaches the catalog within seconds without
 * re-emitting everything. Records that stay out of the catalog (`isProjectedToCatalog`: network ports) are
 * skipped; one that leaves it through an edit is removed.
 *
 * A full load reads the feed head first, then every active record page by page in id order (keyset paging:
 * records that change during the load never shift a page), so it holds exactly the records active at some
 * point of the load, and the changes made meanwhile are replayed by the next delta. It is repeated every
 * `maestro.catalog.fullSyncMinutes` (default 60) so the catalog heals from drift, e.g. an entity deleted through
 * the catalog API.
 *
 * The task is scheduled with `scope: 'local'`: each replica keeps its own cursor and applies the same
 * (idempotent) deltas.
 */
export class MaestroEntityProvider implements EntityProvider {
  readonly #discovery: DiscoveryService;
  readonly #auth: AuthService;
  readonly #logger: LoggerService;
  readonly #scheduler: SchedulerService;
  readonly #schedule: SchedulerServiceTaskScheduleDefinition;
  readonly #pageSize: number;
  readonly #waitSeconds: number;
  readonly #fullSyncMs: number;
  #connection?: EntityProviderConnection;
  #cursor?: number;
  #lastFullSyncAt = 0;
  #failing = false;

  static fromConfig(
    config: Config,
    deps: {
      discovery: DiscoveryService;
      auth: AuthService;
      logger: LoggerService;
      scheduler: SchedulerService;
    },
  ): MaestroEntityProvider {
    const schedule = config.has('maestro.catalog.schedule')
      ? readSchedulerServiceTaskScheduleDefinitionFromConfig(config.getConfig('maestro.catalog.schedule'))
      : DEFAULT_SCHEDULE;
    // the bounds of the API's own parameters (limit, wait): a value outside them would fail every sync
    const pageSize = boundedNumber(config, 'pageSize', { min: 1, max: 1000, integer: true, fallback: 1000 });
    const waitSeconds = boundedNumber(config, 'longPollSeconds', { min: 0, max: 30, integer: true, fallback: 20 });
    const fullSyncMinutes = boundedNumber(config, 'fullSyncMinutes', { min: 0, integer: false, fallback: 60 });
    return new MaestroEntityProvider({ ...deps, schedule, pageSize, waitSeconds, fullSyncMinutes });
  }

  constructor(options: {
    discovery: DiscoveryService;
    auth: AuthService;
    logger: LoggerService;
    scheduler: SchedulerService;
    schedule: SchedulerServiceTaskScheduleDefinition;
    pageSize: number;
    /** How long one change-feed request may wait for a change (long poll); 0 = plain polling. */
    waitSeconds?: number;
    /** Minutes between full loads after the first (drift healing); 0 = only at start. */
    fullSyncMinutes?: number;
  }) {
    this.#discovery = options.discovery;
    this.#auth = options.auth;
    this.#logger = options.logger;
    this.#scheduler = options.scheduler;
    this.#schedule = options.schedule;
    this.#pageSize = options.pageSize;
    this.#waitSeconds = options.waitSeconds ?? 0;
    this.#fullSyncMs = (options.fullSyncMinutes ?? 0) * 60_000;
  }

  /** Stable across deploys: the catalog ties every emitted entity to this name. */
  getProviderName(): string {
    return 'maestro';
  }

  async connect(connection: EntityProviderConnection): Promise<void> {
    this.#connection = connection;
    await this.#scheduler.scheduleTask({
      ...this.#schedule,
      id: 'maestro-entity-provider:sync',
      scope: 'local',
      fn: async abortSignal => {
        try {
          await this.sync({ signal: abortSignal });
          if (this.#failing) this.#logger.info('Maestro catalog sync recovered');
          this.#failing = false;
        } catch (error) {
          if (abortSignal.aborted) return; // shutting down or timed out: the next run starts over
          // Warn once per failure streak: the plugin may simply not be listening yet at start-up.
          if (!this.#failing) {
            this.#logger.warn(`Maestro catalog sync failed: ${error}`);
          }
          this.#failing = true;
        }
      },
    });
  }

  /** One pass: a full load the first time and every `fullSyncMinutes`, else the deltas since the cursor. */
  async sync(options: { signal?: AbortSignal } = {}): Promise<{
    type: 'full' | 'delta';
    added: number;
    removed: number;
  }> {
    if (!this.#connection) throw new Error('MaestroEntityProvider is not connected');
    const fullSyncDue = this.#fullSyncMs > 0 && Date.now() - this.#lastFullSyncAt >= this.#fullSyncMs;
    if (this.#cursor === undefined || fullSyncDue) {
      return this.#fullSync(this.#connection, options.signal);
    }
    return this.#deltaSync(this.#connection, this.#cursor, options.signal);
  }

  async #fullSync(connection: EntityProviderConnection, signal?: AbortSignal) {
    // Read the head first: changes written while we page are replayed by the next delta (idempotent).
    const startedAt = Date.now();
    const { cursor } = await this.#get<{ cursor: number }>('/changes/head', signal);
    const records: InventoryRecord[] = [];
    for (let after = ''; ; ) {
      const page = await this.#get<ListRecordsResponse>(
        `/records?active=true&limit=${this.#pageSize}&after=${encodeURIComponent(after)}`,
        signal,
      );
      records.push(...page.items.filter(isProjectedToCatalog));
      if (page.items.length < this.#pageSize) break;
      after = page.items[page.items.length - 1].id;
    }
    await connection.applyMutation({
      type: 'full',
      entities: records.map(r => ({ entity: recordToEntity(r), locationKey: locationKeyOf(r.id) })),
    });
    this.#cursor = cursor;
    this.#lastFullSyncAt = startedAt;
    this.#logger.info(`Maestro catalog sync: full load of ${records.length} entities`);
    return { type: 'full' as const, added: records.length, removed: 0 };
  }

  async #deltaSync(connection: EntityProviderConnection, from: number, signal?: AbortSignal) {
    let cursor = from;
    const delta = new CatalogDelta();
    for (let first = true; ; first = false) {
      // Only the first request waits for changes; follow-up pages are read straight away.
      const wait = first ? this.#waitSeconds : 0;
      const page = await this.#get<ChangesResponse>(
        `/changes?after=${cursor}&limit=${this.#pageSize}&wait=${wait}`,
        signal,
      );
      delta.addChanges(page.changes);
      cursor = page.cursor;
      if (page.changes.length < this.#pageSize) break;
    }
    const { added, removed } = delta.sort();
    if (added.length === 0 && removed.length === 0) {
      this.#cursor = cursor;
      return { type: 'delta' as const, added: 0, removed: 0 };
    }
    await connection.applyMutation({
      type: 'delta',
      added: added.map(r => ({ entity: recordToEntity(r), locationKey: locationKeyOf(r.id) })),
      removed: removed.map(r => ({ entity: recordToEntity(r), locationKey: locationKeyOf(r.id) })),
    });
    this.#cursor = cursor;
    this.#logger.debug(`Maestro catalog sync: delta +${added.length} -${removed.length} (cursor ${cursor})`);
    return { type: 'delta' as const, added: added.length, removed: removed.length };
  }

  #get<T>(path: string, signal?: AbortSignal): Promise<T> {
    return readMaestroApi<T>({ discovery: this.#discovery, auth: this.#auth }, path, { signal });
  }
}
