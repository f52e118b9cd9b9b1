import { randomUUID } from 'node:crypto';
import type { Config } from '@backstage/config';
import type { LoggerService, SchedulerService } from '@backstage/backend-plugin-api';
import { NotFoundError } from '@backstage/errors';
import type { NotificationService } from '@backstage/plugin-notifications-node';
import type { SignalsService } from '@backstage/plugin-signals-node';
import type {
  DiscoveryHeldRemoval,
  DiscoveryRegionResult,
  DiscoveryTaskStatus,
} from '@maestro/plugin-maestro-common';
import type { Knex } from 'knex';
import type { InventoryStore } from '../database/InventoryStore';
import type { ConnectionStore, ResolvedConnection } from './ConnectionStore';
import type { DiscoveryDriver, DriverSession } from './driver';
import type { Reconciler } from './Reconciler';
import { addCounts, DiscoveredRecord, emptyCounts } from './types';
import { shownName } from '../input/forbiddenKeys';

/** The signals channel carrying discovery progress and status changes. */
export const DISCOVERY_SIGNAL_CHANNEL = 'maestro:discovery';

interface StatusRow {
  connection_id: string;
  list: string;
  status: string;
  run_id: string | null;
  started_at: string | null;
  finished_at: string | null;
  duration_ms: number | null;
  summary: string | null;
  failures: number;
  requested_at: string | null;
  confirm_removals: boolean | number;
}

export interface DiscoveryOptions {
  massRemovalThreshold: number;
  massRemovalMinimum: number;
  /** Region crawls of one account and region running at once in this process. */
  concurrencyPerRegion: number;
  /** How often each task checks whether it is due (a "sync now" waits at most this long when a run is busy). */
  tickSeconds: number;
}

export function discoveryOptionsFromConfig(config: Config): DiscoveryOptions {
  const threshold = config.getOptionalNumber('maestro.discovery.massRemovalThreshold') ?? 0.3;
  if (!(threshold > 0 && threshold <= 1)) {
    throw new Error('maestro.discovery.massRemovalThreshold must be a share between 0 (excluded) and 1, e.g. 0.3');
  }
  return {
    massRemovalThreshold: threshold,
    massRemovalMinimum: config.getOptionalNumber('maestro.discovery.massRemovalMinimum') ?? 10,
    concurrencyPerRegion: config.getOptionalNumber('maestro.discovery.concurrencyPerRegion') ?? 2,
    tickSeconds: config.getOptionalNumber('maestro.discovery.tickSeconds') ?? 30,
  };
}

/** A counting semaphore per key (account/region). */
class KeyedSemaphore {
  readonly #limit: number;
  readonly #active = new Map<string, number>();
  readonly #waiting = new Map<string, Array<() => void>>();
  constructor(limit: number) {
    this.#limit = Math.max(1, limit);
  }
  async run<T>(key: string, fn: () => Promise<T>): Promise<T> {
    if ((this.#active.get(key) ?? 0) >= this.#limit) {
      await new Promise<void>(resolve => this.#waiting.set(key, [...(this.#waiting.get(key) ?? []), resolve]));
    }
    this.#active.set(key, (this.#active.get(key) ?? 0) + 1);
    try {
      return await fn();
    } finally {
      this.#active.set(key, this.#active.get(key)! - 1);
      const next = this.#waiting.get(key)?.shift();
      next?.();
    }
  }
}

const taskIdOf = (connectionId: string, list: string) => `maestro-discovery:${connectionId}:${list}`;
const isTrue = (value: boolean | number | undefined | null) => value === true || value === 1;
const messageOf = (error: unknown) => ((error as Error)?.message ?? String(error)).slice(0, 2000);

/**
 * Runs discovery: every (connection, list) is a task of the Backstage scheduler with `scope: 'global'` (one
 * replica runs it at a time). Each task wakes up every `tickSeconds`, and crawls when its interval has passed or
 * a "sync now" was asked. A run crawls each region (or `global`), reconciles each listing with the store, records
 * the status with counts, errors and required IAM actions, publishes progress through signals, and notifies the
 * connection's owner when the task starts failing or recovers.
 */
export class DiscoveryService {
  readonly #db: Knex;
  readonly #store: InventoryStore;
  readonly #connections: ConnectionStore;
  readonly #drivers: Map<string, DiscoveryDriver>;
  readonly #reconciler: Reconciler;
  readonly #scheduler: SchedulerService;
  readonly #logger: LoggerService;
  readonly #signals?: SignalsService;
  readonly #notifications?: NotificationService;
  readonly #options: DiscoveryOptions;
  readonly #semaphore: KeyedSemaphore;
  readonly #scheduled = new Set<string>();
  readonly #running = new Map<string, Promise<DiscoveryTaskStatus>>();
  #rescan?: NodeJS.Timeout;

  constructor(options: {
    db: Knex;
    store: InventoryStore;
    connections: ConnectionStore;
    drivers: Map<string, DiscoveryDriver>;
    reconciler: Reconciler;
    scheduler: SchedulerService;
    logger: LoggerService;
    signals?: SignalsService;
    notifications?: NotificationService;
    options: DiscoveryOptions;
  }) {
    this.#db = options.db;
    this.#store = options.store;
    this.#connections = options.connections;
    this.#drivers = options.drivers;
    this.#reconciler = options.reconciler;
    this.#scheduler = options.scheduler;
    this.#logger = options.logger;
    this.#signals = options.signals;
    this.#notifications = options.notifications;
    this.#options = options.options;
    this.#semaphore = new KeyedSemaphore(options.options.concurrencyPerRegion);
  }

  get connections(): ConnectionStore {
    return this.#connections;
  }

  drivers(): DiscoveryDriver[] {
    return [...this.#drivers.values()];
  }

  /** Schedules the tasks of every connection, and keeps scheduling connections created later (on any replica). */
  async start(): Promise<void> {
    await this.scheduleAll();
    this.#rescan = setInterval(() => {
      this.scheduleAll().catch(error => this.#logger.warn(`Could not schedule discovery tasks: ${messageOf(error)}`));
    }, 60_000);
    this.#rescan.unref?.();
  }

  stop() {
    if (this.#rescan) clearInterval(this.#rescan);
  }

  async scheduleAll(): Promise<void> {
    for (const connection of await this.#connections.list()) await this.schedule(connection);
  }

  /** Registers the connection's tasks with the scheduler (once per process). */
  async schedule(connection: ResolvedConnection): Promise<void> {
    for (const list of connection.lists) {
      const id = taskIdOf(connection.id, list.id);
      if (this.#scheduled.has(id)) continue;
      this.#scheduled.add(id);
      await this.#scheduler.scheduleTask({
        id,
        scope: 'global',
        frequency: { seconds: this.#options.tickSeconds },
        timeout: { hours: 1 },
        initialDelay: { seconds: 2 },
        fn: async signal => {
          await this.#tick(connection.id, list.id, signal);
        },
      });
    }
  }

  /** Asks for a run of one list, or of every enabled list, as soon as possible. */
  async requestSync(connectionId: string, options: { list?: string; confirmRemovals?: boolean } = {}) {
    const connection = await this.#connections.get(connectionId);
    const lists = options.list ? connection.lists.filter(l => l.id === options.list) : connection.lists.filter(l => l.enabled);
    if (options.list && lists.length === 0) throw new NotFoundError(`list '${shownName(options.list)}' does not exist for ${connection.provider}`);
    const now = new Date().toISOString();
    for (const list of lists) {
      await this.#upsertStatus(connectionId, list.id, {
        requested_at: now,
        confirm_removals: !!options.confirmRemovals,
      });
    }
    await this.schedule(connection);
    for (const list of lists) {
      // busy (409) or not yet claimable: the requested flag makes the next tick run it
      this.#scheduler.triggerTask(taskIdOf(connectionId, list.id)).catch(() => undefined);
    }
    return { requested: lists.map(l => l.id), requestedAt: now };
  }

  async statuses(connectionId: string): Promise<DiscoveryTaskStatus[]> {
    const connection = await this.#connections.get(connectionId);
    const rows = await this.#db<StatusRow>('maestro_discovery_status').where({ connection_id: connectionId });
    return connection.lists.map(list => toStatus(connectionId, list.id, rows.find(r => r.list === list.id)));
  }

  /** Deletes an API-defined connection; its records stay as they are (hand-owned from now on). */
  async deleteConnection(id: string) {
    await this.#connections.delete(id);
    await this.#reconciler.forgetConnection(id);
    await this.#db('maestro_discovery_status').where({ connection_id: id }).delete();
  }

  async #tick(connectionId: string, listId: string, signal: AbortSignal) {
    let connection: ResolvedConnection;
    try {
      connection = await this.#connections.get(connectionId);
    } catch (error) {
      if ((error as Error).name === 'NotFoundError') return; // deleted: the task stays idle
      throw error;
    }
    const list = connection.lists.find(l => l.id === listId);
    const row = await this.#db<StatusRow>('maestro_discovery_status')
      .where({ connection_id: connectionId, list: listId })
      .first();
    const requested = !!row?.requested_at;
    if (!list || (!list.enabled && !requested)) return;
    const last = row?.finished_at ? Date.parse(row.finished_at) : 0;
    const due = requested || !last || Date.now() - last >= list.frequencyMinutes * 60_000;
    if (!due) return;
    await this.runNow(connectionId, listId, { signal });
  }

  /**
   * Runs one list of one connection now, in this process, and returns its status. A run of the same task already
   * going on in this process is joined rather than started twice.
   */
  runNow(connectionId: string, listId: string, options: { signal?: AbortSignal; confirmRemovals?: boolean } = {}) {
    const key = `${connectionId}/${listId}`;
    const running = this.#running.get(key);
    if (running) return running;
    const run = this.#run(connectionId, listId, options).finally(() => this.#running.delete(key));
    this.#running.set(key, run);
    return run;
  }

  async #run(
    connectionId: string,
    listId: string,
    options: { signal?: AbortSignal; confirmRemovals?: boolean },
  ): Promise<DiscoveryTaskStatus> {
    const connection = await this.#connections.get(connectionId);
    const driver = this.#drivers.get(connection.provider)!;
    const list = connection.lists.find(l => l.id === listId);
    if (!list) throw new NotFoundError(`list '${listId}' does not exist for ${connection.provider}`);
    const previous = await this.#db<StatusRow>('maestro_discovery_status')
      .where({ connection_id: connectionId, list: listId })
      .first();
    const confirmRemovals = options.confirmRemovals || isTrue(previous?.confirm_removals);
    const runId = randomUUID();
    const started = Date.now();
    await this.#upsertStatus(connectionId, listId, {
      status: 'running',
      run_id: runId,
      started_at: new Date(started).toISOString(),
      requested_at: null,
      confirm_removals: false,
    });
    this.#publish({ connectionId, list: listId, status: 'running', runId });
    this.#logger.info(`Discovery ${connectionId}/${listId} started (run ${runId})`);

    const regions: DiscoveryRegionResult[] = [];
    let fatal: string | undefined;
    let session: DriverSession | undefined;
    try {
      session = await driver.open(connection);
      await this.#ensureDatacenter(connection, runId);
      const scopes = list.global ? ['global'] : connection.regions;
      for (const region of scopes) {
        if (options.signal?.aborted) throw new Error('run aborted (task timeout or shutdown)');
        const result = await this.#semaphore.run(`${session.accountId}/${region}`, () =>
          this.#crawlRegion(connection, list.id, list.iamActions, region, session!, runId, confirmRemovals, options.signal),
        );
        regions.push(result);
        this.#publish({ connectionId, list: listId, status: 'running', runId, region, regionStatus: result.status, seen: result.counts.seen });
      }
    } catch (error) {
      fatal = messageOf(error);
      this.#logger.warn(`Discovery ${connectionId}/${listId} failed: ${fatal}`);
    } finally {
      session?.close();
    }

    const counts = regions.reduce((sum, r) => addCounts(sum, r.counts), emptyCounts());
    const failedRegion = regions.find(r => r.status === 'error');
    const error = fatal ?? (failedRegion ? `${failedRegion.region}: ${failedRegion.error}` : undefined);
    const requiredActions = [...new Set(regions.flatMap(r => r.requiredActions ?? []))];
    const held = regions.map(r => r.held).filter((h): h is DiscoveryHeldRemoval => !!h);
    let status: DiscoveryTaskStatus['status'] = counts.seen === 0 ? 'empty' : 'success';
    if (regions.length && regions.every(r => r.status === 'unavailable')) status = 'unavailable';
    if (error) status = 'error';
    const failures = error ? (previous?.failures ?? 0) + 1 : 0;
    const finished = Date.now();
    const summary = {
      counts,
      regions,
      ...(error ? { error } : {}),
      ...(requiredActions.length ? { requiredActions } : {}),
      ...(held.length ? { held } : {}),
    };
    await this.#upsertStatus(connectionId, listId, {
      status,
      run_id: runId,
      finished_at: new Date(finished).toISOString(),
      duration_ms: finished - started,
      summary: JSON.stringify(summary),
      failures,
    });
    this.#logger.info(
      `Discovery ${connectionId}/${listId} ${status} in ${finished - started} ms: ${JSON.stringify(counts)}${held.length ? `; held removals: ${JSON.stringify(held)}` : ''}`,
    );
    this.#publish({ connectionId, list: listId, status, runId, counts: { ...counts } });
    await this.#notify(connection, listId, status, error, previous?.failures ?? 0, requiredActions);
    return (await this.statuses(connectionId)).find(s => s.list === listId)!;
  }

  async #crawlRegion(
    connection: ResolvedConnection,
    listId: string,
    iamActions: string[],
    region: string,
    session: DriverSession,
    runId: string,
    confirmRemovals: boolean,
    signal?: AbortSignal,
  ): Promise<DiscoveryRegionResult> {
    const records: DiscoveredRecord[] = [];
    let complete = false;
    let error: unknown;
    try {
      await session.crawl(listId, region, record => records.push(record), signal);
      complete = true;
    } catch (e) {
      error = e;
    }
    const kind = error ? session.classify(error) : undefined;
    const outcome = await this.#reconciler.reconcile(
      { connectionId: connection.id, list: listId, region, owner: connection.owner, runId },
      { records, complete },
      { ...this.#options, confirmRemovals },
    );
    const result: DiscoveryRegionResult = {
      region,
      status: records.length ? 'success' : 'empty',
      counts: outcome.counts,
      complete,
    };
    if (error && kind === 'unavailable') {
      // the cloud has no such service here (OpenStack without Octavia): nothing to list, nothing removed
      result.status = 'unavailable';
      result.error = `service not available: ${messageOf(error)}`;
    } else if (error) {
      result.status = 'error';
      const prefix = { denied: 'access denied: ', throttled: 'throttled beyond the retry budget: ' }[kind as string] ?? '';
      result.error = `${prefix}${messageOf(error)}`;
      if (kind === 'denied') result.requiredActions = iamActions;
      this.#logger.warn(`Discovery ${connection.id}/${listId} ${region}: ${result.error}`);
    }
    if (outcome.held) result.held = outcome.held;
    if (outcome.invalid.length) result.invalid = outcome.invalid.slice(0, 50);
    return result;
  }

  async #ensureDatacenter(connection: ResolvedConnection, runId: string) {
    await this.#store.upsertRecords(
      [
        {
          kind: 'Datacenter',
          name: connection.datacenter,
          ...(connection.title ? { title: connection.title } : {}),
          owner: connection.owner,
          spec: { provider: connection.provider, regions: connection.regions },
          mergeFields: ['provider', 'regions'],
        },
      ],
      { actor: `maestro:discovery/${connection.id}`, source: `discovery/${connection.id}`, reason: `run ${runId}` },
    );
  }

  async #upsertStatus(connectionId: string, list: string, values: Partial<StatusRow>) {
    const updated = await this.#db('maestro_discovery_status').where({ connection_id: connectionId, list }).update(values);
    if (updated === 0) {
      await this.#db('maestro_discovery_status')
        .insert({ connection_id: connectionId, list, status: 'never', failures: 0, confirm_removals: false, ...values })
        .onConflict(['connection_id', 'list'])
        .merge(values);
    }
  }

  #publish(message: Record<string, any>) {
    this.#signals
      ?.publish({ recipients: { type: 'broadcast' }, channel: DISCOVERY_SIGNAL_CHANNEL, message })
      .catch(() => undefined);
  }

  async #notify(
    connection: ResolvedConnection,
    list: string,
    status: string,
    error: string | undefined,
    previousFailures: number,
    requiredActions: string[],
  ) {
    if (!this.#notifications) return;
    const failing = status === 'error';
    if (failing === previousFailures > 0) return; // no transition
    try {
      await this.#notifications.send({
        recipients: { type: 'entity', entityRef: connection.owner },
        payload: failing
          ? {
              title: `Maestro discovery failing: ${connection.id} ${list}`,
              description: `${error}${requiredActions.length ? `. Required IAM actions: ${requiredActions.join(', ')}` : ''}`,
              link: `/maestro/discovery/${encodeURIComponent(connection.id)}`,
              severity: 'high',
              topic: `maestro-discovery-${connection.id}`,
              scope: `maestro-discovery:${connection.id}:${list}`,
            }
          : {
              title: `Maestro discovery recovered: ${connection.id} ${list}`,
              description: `The ${list} task of ${connection.id} succeeds again.`,
              link: `/maestro/discovery/${encodeURIComponent(connection.id)}`,
              severity: 'normal',
              topic: `maestro-discovery-${connection.id}`,
              scope: `maestro-discovery:${connection.id}:${list}`,
            },
      });
    } catch (e) {
      this.#logger.warn(`Could not notify ${connection.owner} about ${connection.id}/${list}: ${messageOf(e)}`);
    }
  }
}

function toStatus(connectionId: string, list: string, row: StatusRow | undefined): DiscoveryTaskStatus {
  if (!row) return { connectionId, list, status: 'never', failures: 0 };
  const summary = row.summary ? JSON.parse(row.summary) : {};
  return {
    connectionId,
    list,
    status: row.status as DiscoveryTaskStatus['status'],
    ...(row.run_id ? { runId: row.run_id } : {}),
    ...(row.started_at ? { startedAt: row.started_at } : {}),
    ...(row.finished_at ? { finishedAt: row.finished_at } : {}),
    ...(row.duration_ms !== null && row.duration_ms !== undefined ? { durationMs: Number(row.duration_ms) } : {}),
    ...summary,
    failures: Number(row.failures ?? 0),
    ...(row.requested_at ? { requestedAt: row.requested_at } : {}),
  };
}
