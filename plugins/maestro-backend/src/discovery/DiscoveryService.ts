import { randomUUID } from 'node:crypto';
import type { LoggerService, SchedulerService } from '@backstage/backend-plugin-api';
import { InputError, NotFoundError } from '@backstage/errors';
import type { NotificationService } from '@backstage/plugin-notifications-node';
import type { SignalsService } from '@backstage/plugin-signals-node';
import type {
  DiscoveryHeldRemoval,
  DiscoveryRemovalConfirmation,
  DiscoveryTaskStatus,
} from '@maestro/plugin-maestro-common';
import type { Knex } from 'knex';
import type { InventoryStore } from '../records/InventoryStore';
import type { ConnectionStore, ResolvedConnection } from './ConnectionStore';
import { DiscoveryOptions, isDue, KeyedSemaphore } from './discoveryOptions';
import { DiscoveryNotices } from './DiscoveryNotices';
import type { DiscoveryDriver, DriverSession } from './driver';
import { CONFIG_INCARNATION, ConnectionGoneError, holdIncarnation, incarnationOf } from './incarnation';
import type { Reconciler } from './Reconciler';
import { publicErrorOf, StoredRegionResult, StoredTaskStatus } from './statusErrors';
import { addCounts, DiscoveredRecord, emptyCounts } from './types';
import { shownName } from '../input/forbiddenKeys';

export { DISCOVERY_SIGNAL_CHANNEL } from './DiscoveryNotices';
export { discoveryOptionsFromConfig } from './discoveryOptions';
export type { DiscoveryOptions } from './discoveryOptions';

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
  /** JSON `{ region: atMost }`. */
  confirmed_removals: string | null;
}

/** The confirmations stored for a list's next run: region → at most this many records. */
type Confirmations = Record<string, number>;

const taskIdOf = (connectionId: string, list: string) => `maestro-discovery:${connectionId}:${list}`;
const messageOf = (error: unknown) => ((error as Error)?.message ?? String(error)).slice(0, 2000);
const confirmationsOf = (row?: StatusRow): Confirmations => (row?.confirmed_removals ? JSON.parse(row.confirmed_removals) : {});
const heldOf = (row?: StatusRow): DiscoveryHeldRemoval[] => (row?.summary ? JSON.parse(row.summary).held ?? [] : []);

/**
 * Runs discovery: every (connection, list) is a task of the Backstage scheduler with `scope: 'global'` (one
 * replica runs it at a time). Each task wakes up every `tickSeconds`, and crawls when its interval has passed since
 * the last run started, or a "sync now" was asked. A run crawls each region (or `global`), reconciles each listing
 * with the store, records the status with counts, errors, required IAM actions and held removals, publishes
 * progress through signals, and notifies the connection's owner when the task starts failing, recovers, or holds a
 * removal back.
 */
export class DiscoveryService {
  readonly #db: Knex;
  readonly #store: InventoryStore;
  readonly #connections: ConnectionStore;
  readonly #drivers: Map<string, DiscoveryDriver>;
  readonly #reconciler: Reconciler;
  readonly #scheduler: SchedulerService;
  readonly #logger: LoggerService;
  readonly #notices: DiscoveryNotices;
  readonly #options: DiscoveryOptions;
  readonly #now: () => number;
  readonly #semaphore: KeyedSemaphore;
  readonly #scheduled = new Set<string>();
  readonly #running = new Map<string, Promise<StoredTaskStatus>>();
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
    options: Omit<DiscoveryOptions, 'signalRecipients'> & Partial<Pick<DiscoveryOptions, 'signalRecipients'>>;
    /** The clock (ms since the epoch) deciding whether a list is due; tests inject one. */
    now?: () => number;
  }) {
    this.#db = options.db;
    this.#store = options.store;
    this.#connections = options.connections;
    this.#drivers = options.drivers;
    this.#reconciler = options.reconciler;
    this.#scheduler = options.scheduler;
    this.#logger = options.logger;
    this.#options = { ...options.options, signalRecipients: options.options.signalRecipients ?? [] };
    this.#notices = new DiscoveryNotices({
      signals: options.signals,
      notifications: options.notifications,
      logger: options.logger,
      signalRecipients: this.#options.signalRecipients,
    });
    this.#now = options.now ?? Date.now;
    this.#semaphore = new KeyedSemaphore(options.options.concurrencyPerRegion);
  }

  get connections(): ConnectionStore {
    return this.#connections;
  }

  drivers(): DiscoveryDriver[] {
    return [...this.#drivers.values()];
  }

  /**
   * Forgets the index of connections that are no longer defined, schedules the tasks of every connection, and
   * keeps scheduling connections created later (on any replica).
   */
  async start(): Promise<void> {
    await this.#reconciler.forgetConnectionsOtherThan((await this.#connections.list()).map(c => c.id));
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

  /**
   * Asks for a run of one list, or of every enabled list, as soon as possible. With `confirmRemovals`, the run of
   * that list applies the removal held in that region if it deactivates at most `atMost` records.
   */
  async requestSync(connectionId: string, options: { list?: string; confirmRemovals?: DiscoveryRemovalConfirmation } = {}) {
    const connection = await this.#connections.get(connectionId);
    const lists = options.list ? connection.lists.filter(l => l.id === options.list) : connection.lists.filter(l => l.enabled);
    if (options.list && lists.length === 0) throw new NotFoundError(`list '${shownName(options.list)}' does not exist for ${connection.provider}`);
    const confirm = options.confirmRemovals;
    if (confirm) {
      if (!options.list) throw new InputError('list: is required with confirmRemovals (the list whose removal you confirm)');
      const scopes = lists[0].global ? ['global'] : connection.regions;
      if (!scopes.includes(confirm.region)) {
        throw new InputError(`confirmRemovals.region: must be one of the list's regions: ${scopes.join(', ')}`);
      }
    }
    const now = new Date(this.#now()).toISOString();
    for (const list of lists) {
      const values: Partial<StatusRow> = { requested_at: now };
      if (confirm) {
        const row = await this.#statusRow(connectionId, list.id);
        values.confirmed_removals = JSON.stringify({ ...confirmationsOf(row), [confirm.region]: confirm.atMost });
      }
      await this.#upsertStatus(connectionId, list.id, values);
    }
    await this.schedule(connection);
    for (const list of lists) {
      // busy (409) or not yet claimable: the requested flag makes the next tick run it
      const id = taskIdOf(connectionId, list.id);
      Promise.resolve()
        .then(() => this.#scheduler.triggerTask(id))
        .catch(() => undefined);
    }
    return { requested: lists.map(l => l.id), requestedAt: now };
  }

  /** The statuses as stored (errors in full, with their reader descriptions: serve them through statusForViewer). */
  async statuses(connectionId: string): Promise<StoredTaskStatus[]> {
    const connection = await this.#connections.get(connectionId);
    const rows = await this.#db<StatusRow>('maestro_discovery_status').where({ connection_id: connectionId });
    return connection.lists.map(list => toStatus(connectionId, list.id, rows.find(r => r.list === list.id)));
  }

  /**
   * Deletes an API-defined connection; its records stay as they are (hand-owned from now on). A run still going on
   * for it writes nothing more (its incarnation is gone), and a connection created again with the id starts clean.
   */
  async deleteConnection(id: string) {
    await this.#connections.delete(id);
    await this.#reconciler.forgetConnection(id);
    await this.#db('maestro_discovery_status').where({ connection_id: id }).delete();
  }

  /** One tick of a task: runs the list when it is due (see isDue), else returns at once. */
  async #tick(connectionId: string, listId: string, signal: AbortSignal) {
    let connection: ResolvedConnection;
    try {
      connection = await this.#connections.get(connectionId);
    } catch (error) {
      if ((error as Error).name === 'NotFoundError') return; // deleted: the task stays idle
      throw error;
    }
    const list = connection.lists.find(l => l.id === listId);
    const row = await this.#statusRow(connectionId, listId);
    const requested = !!row?.requested_at;
    if (!list || (!list.enabled && !requested)) return;
    const due = isDue({
      now: this.#now(),
      lastStartedAt: row?.started_at ? Date.parse(row.started_at) : undefined,
      intervalMs: list.frequencyMinutes * 60_000,
      tickMs: this.#options.tickSeconds * 1000,
      requested,
    });
    if (!due) return;
    await this.runNow(connectionId, listId, { signal });
  }

  /**
   * Runs one list of one connection now, in this process, and returns its status. A run of the same task already
   * going on in this process is joined rather than started twice. Removals confirmed through requestSync apply.
   */
  runNow(connectionId: string, listId: string, options: { signal?: AbortSignal } = {}) {
    const key = `${connectionId}/${listId}`;
    const running = this.#running.get(key);
    if (running) return running;
    const run = this.#run(connectionId, listId, options).finally(() => this.#running.delete(key));
    this.#running.set(key, run);
    return run;
  }

  async #run(connectionId: string, listId: string, options: { signal?: AbortSignal }): Promise<StoredTaskStatus> {
    const connection = await this.#connections.get(connectionId);
    const driver = this.#drivers.get(connection.provider)!;
    const list = connection.lists.find(l => l.id === listId);
    if (!list) throw new NotFoundError(`list '${listId}' does not exist for ${connection.provider}`);
    const incarnation = connection.origin === 'config' ? CONFIG_INCARNATION : await incarnationOf(this.#db, connectionId);
    if (!incarnation) throw new NotFoundError(`connection '${connectionId}' does not exist`);
    await this.#reconciler.forgetOtherIncarnations(connectionId, incarnation);
    const previous = await this.#statusRow(connectionId, listId);
    const confirmations = confirmationsOf(previous);
    const runId = randomUUID();
    const started = this.#now();
    await this.#upsertStatus(connectionId, listId, {
      status: 'running',
      run_id: runId,
      started_at: new Date(started).toISOString(),
      requested_at: null,
      confirmed_removals: null,
    });
    this.#notices.publish(connection, { connectionId, list: listId, status: 'running', runId });
    this.#logger.info(`Discovery ${connectionId}/${listId} started (run ${runId})`);

    const regions: StoredRegionResult[] = [];
    let fatal: string | undefined;
    let gone = false;
    let fatalSummary: string | undefined;
    let session: DriverSession | undefined;
    try {
      session = await driver.open(connection, options.signal);
      await this.#ensureDatacenter(connection, runId);
      const scopes = list.global ? ['global'] : connection.regions;
      for (const region of scopes) {
        if (options.signal?.aborted) throw new Error('run aborted (task timeout or shutdown)');
        const result = await this.#semaphore.run(`${session.accountId}/${region}`, () =>
          this.#crawlRegion(connection, incarnation, list.iamActions, listId, region, session!, runId, confirmations[region], options.signal),
        );
        regions.push(result);
        this.#notices.publish(connection, { connectionId, list: listId, status: 'running', runId, region, regionStatus: result.status, seen: result.counts.seen });
      }
    } catch (error) {
      gone = error instanceof ConnectionGoneError;
      fatal = messageOf(error);
      fatalSummary = publicErrorOf(error, { provider: connection.provider });
      this.#logger.warn(`Discovery ${connectionId}/${listId} failed: ${fatal}`);
    } finally {
      session?.close();
    }
    if (gone) return toStatus(connectionId, listId, undefined);

    const counts = regions.reduce((sum, r) => addCounts(sum, r.counts), emptyCounts());
    const failedRegion = regions.find(r => r.status === 'error');
    const error = fatal ?? (failedRegion ? `${failedRegion.region}: ${failedRegion.error}` : undefined);
    const errorSummary = fatalSummary ?? (failedRegion ? `${failedRegion.region}: ${failedRegion.errorSummary}` : undefined);
    const warnings = regions.flatMap(r => (r.warnings ?? []).map(w => (list.global ? w : `${r.region}: ${w}`)));
    const requiredActions = [...new Set(regions.flatMap(r => r.requiredActions ?? []))];
    const held = regions.map(r => r.held).filter((h): h is DiscoveryHeldRemoval => !!h);
    let status: DiscoveryTaskStatus['status'] = counts.seen === 0 ? 'empty' : 'success';
    if (regions.length && regions.every(r => r.status === 'unavailable')) status = 'unavailable';
    if (held.length) status = 'held';
    if (error) status = 'error';
    const failures = error ? (previous?.failures ?? 0) + 1 : 0;
    const finished = this.#now();
    const summary = {
      counts,
      regions,
      ...(error ? { error, errorSummary } : {}),
      ...(warnings.length ? { warnings } : {}),
      ...(requiredActions.length ? { requiredActions } : {}),
      ...(held.length ? { held } : {}),
    };
    const written = await this.#finishStatus(connectionId, incarnation, listId, {
      status,
      run_id: runId,
      finished_at: new Date(finished).toISOString(),
      duration_ms: finished - started,
      summary: JSON.stringify(summary),
      failures,
    });
    if (!written) return toStatus(connectionId, listId, undefined); // deleted while the run finished
    this.#logger.info(
      `Discovery ${connectionId}/${listId} ${status} in ${finished - started} ms: ${JSON.stringify(counts)}${held.length ? `; held removals: ${JSON.stringify(held)}` : ''}`,
    );
    this.#notices.publish(connection, { connectionId, list: listId, status, runId, counts: { ...counts } });
    // the owner may only read discovery: the notification carries the description every reader sees
    await this.#notices.failure(connection, listId, status === 'error', (previous?.failures ?? 0) > 0, {
      error: errorSummary,
      requiredActions,
    });
    await this.#notices.held(connection, listId, held, heldOf(previous));
    return (await this.statuses(connectionId)).find(s => s.list === listId)!;
  }

  async #crawlRegion(
    connection: ResolvedConnection,
    incarnation: string,
    iamActions: string[],
    listId: string,
    region: string,
    session: DriverSession,
    runId: string,
    confirmedRemovals: number | undefined,
    signal?: AbortSignal,
  ): Promise<StoredRegionResult> {
    const records: DiscoveredRecord[] = [];
    const warnings: string[] = [];
    let complete = false;
    let error: unknown;
    try {
      await session.crawl(listId, region, record => records.push(record), signal, warning => warnings.push(warning));
      complete = true;
    } catch (e) {
      error = e;
    }
    const kind = error ? session.classify(error) : undefined;
    const outcome = await this.#reconciler.reconcile(
      { connectionId: connection.id, incarnation, list: listId, region, owner: connection.owner, runId },
      { records, complete },
      { massRemovalThreshold: this.#options.massRemovalThreshold, massRemovalMinimum: this.#options.massRemovalMinimum, confirmedRemovals },
    );
    const result: StoredRegionResult = {
      region,
      status: records.length ? 'success' : 'empty',
      counts: outcome.counts,
      complete,
      ...(warnings.length ? { warnings: [...new Set(warnings)] } : {}),
    };
    if (error && kind === 'unavailable') {
      // the cloud has no such service here (OpenStack without Octavia): nothing to list, nothing removed
      result.status = 'unavailable';
      result.error = `service not available: ${messageOf(error)}`;
      result.errorSummary = publicErrorOf(error, { kind });
    } else if (error) {
      result.status = 'error';
      const prefix = { denied: 'access denied: ', throttled: 'throttled beyond the retry budget: ' }[kind as string] ?? '';
      result.error = `${prefix}${messageOf(error)}`;
      result.errorSummary = publicErrorOf(error, { kind, provider: connection.provider, iamActions });
      if (kind === 'denied') result.requiredActions = iamActions;
      this.#logger.warn(`Discovery ${connection.id}/${listId} ${region}: ${result.error}`);
    }
    if (outcome.held) {
      result.held = outcome.held;
      if (!error) result.status = 'held';
    }
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

  #statusRow(connectionId: string, list: string): Promise<StatusRow | undefined> {
    return this.#db<StatusRow>('maestro_discovery_status').where({ connection_id: connectionId, list }).first();
  }

  /** Writes the run's final status, unless the connection was deleted (or created again) meanwhile. */
  async #finishStatus(connectionId: string, incarnation: string, list: string, values: Partial<StatusRow>): Promise<boolean> {
    return this.#db.transaction(async tx => {
      if (!(await holdIncarnation(tx, connectionId, incarnation))) return false;
      await this.#upsertStatus(connectionId, list, values, tx);
      return true;
    });
  }

  async #upsertStatus(connectionId: string, list: string, values: Partial<StatusRow>, db: Knex = this.#db) {
    const updated = await db('maestro_discovery_status').where({ connection_id: connectionId, list }).update(values);
    if (updated === 0) {
      await db('maestro_discovery_status')
        .insert({ connection_id: connectionId, list, status: 'never', failures: 0, ...values })
        .onConflict(['connection_id', 'list'])
        .merge(values);
    }
  }
}

function toStatus(connectionId: string, list: string, row: StatusRow | undefined): StoredTaskStatus {
  if (!row) return { connectionId, list, status: 'never', failures: 0 };
  const summary = row.summary ? JSON.parse(row.summary) : {};
  const confirmed = Object.entries(confirmationsOf(row)).map(([region, atMost]) => ({ region, atMost }));
  return {
    connectionId,
    list,
    status: row.status as StoredTaskStatus['status'],
    ...(row.run_id ? { runId: row.run_id } : {}),
    ...(row.started_at ? { startedAt: row.started_at } : {}),
    ...(row.finished_at ? { finishedAt: row.finished_at } : {}),
    ...(row.duration_ms !== null && row.duration_ms !== undefined ? { durationMs: Number(row.duration_ms) } : {}),
    ...summary,
    failures: Number(row.failures ?? 0),
    ...(row.requested_at ? { requestedAt: row.requested_at } : {}),
    ...(confirmed.length ? { confirmedRemovals: confirmed } : {}),
  };
}
