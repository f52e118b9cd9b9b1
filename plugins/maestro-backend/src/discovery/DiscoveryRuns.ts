import type { LoggerService } from '@backstage/backend-plugin-api';
import { InputError, NotFoundError } from '@backstage/errors';
import type { NotificationService } from '@backstage/plugin-notifications-node';
import type { SignalsService } from '@backstage/plugin-signals-node';
import type { DiscoveryProviderDescription, DiscoveryRemovalConfirmation } from '@maestro/plugin-maestro-common';
import type { DiscoveryDriver, ResolvedConnection } from '@maestro/plugin-maestro-node';
import type { Knex } from 'knex';
import { shownName } from '../input/forbiddenKeys';
import { JobRunner, RunStatusTable } from '../jobs';
import type { ConnectionStore } from './ConnectionStore';
import { DiscoveryNotices, type DiscoveryFailureListener } from './DiscoveryNotices';
import type { DiscoveryOptions } from './discoveryOptions';
import { confirmationsOf, DiscoveryStatusRows, StatusRow, statusesOf, taskKey } from './DiscoveryStatusRows';
import type { DiscoveryRunLog } from './DiscoveryRunLog';
import { ListRunner } from './ListRunner';
import { describeProviders } from './providers';
import type { Reconciler } from './Reconciler';
import type { DiscoveryRecordWriter } from './RecordWriter';
import type { StoredTaskStatus } from './statusErrors';

export { DISCOVERY_SIGNAL_CHANNEL } from './DiscoveryNotices';
export { discoveryOptionsFromConfig } from './discoveryOptions';
export type { DiscoveryOptions } from './discoveryOptions';

/** The job type of a discovery run (one job per connection × list). */
export const DISCOVERY_JOB_TYPE = 'discovery';

const taskIdOf = (connectionId: string, list: string) => `maestro-discovery:${connectionId}:${list}`;
const messageOf = (error: unknown) => ((error as Error)?.message ?? String(error)).slice(0, 2000);

/**
 * Cloud discovery's runs: every (connection, list) is a job of type `discovery` on the {@link JobRunner} — a task
 * of the Backstage scheduler with `scope: 'global'` (one replica runs it at a time) that ticks every `tickSeconds`
 * and runs the list ({@link ListRunner}) when its interval has passed since the last run started, or a "sync now" was
 * asked. Also: the providers' descriptions, "sync now" with confirmed removals, the task statuses, and deleting a
 * connection (its index and statuses with it).
 */
export class DiscoveryRuns {
  readonly #connections: ConnectionStore;
  readonly #drivers: Map<string, DiscoveryDriver>;
  readonly #reconciler: Reconciler;
  readonly #jobs: JobRunner;
  readonly #logger: LoggerService;
  readonly #options: DiscoveryOptions;
  readonly #statusRows: DiscoveryStatusRows;
  readonly #lists: ListRunner;
  #rescan?: NodeJS.Timeout;

  constructor(options: {
    db: Knex;
    /** Where runs write records (the Datacenter of each run; the reconciler has its own). */
    writer: DiscoveryRecordWriter;
    connections: ConnectionStore;
    drivers: Map<string, DiscoveryDriver>;
    reconciler: Reconciler;
    jobs: JobRunner;
    logger: LoggerService;
    signals?: SignalsService;
    notifications?: NotificationService;
    options: Omit<DiscoveryOptions, 'signalRecipients'> & Partial<Pick<DiscoveryOptions, 'signalRecipients'>>;
    /** Hears each run's begin and end (the jobs feature's log of the built-in discovery jobs). */
    runLog?: DiscoveryRunLog;
    /** Hears of a task that starts failing (subscriptions). */
    onFailing?: DiscoveryFailureListener;
  }) {
    this.#connections = options.connections;
    this.#drivers = options.drivers;
    this.#reconciler = options.reconciler;
    this.#jobs = options.jobs;
    this.#logger = options.logger;
    this.#options = { ...options.options, signalRecipients: options.options.signalRecipients ?? [] };
    this.#statusRows = new DiscoveryStatusRows(options.db);
    this.#lists = new ListRunner({
      db: options.db,
      writer: options.writer,
      connections: options.connections,
      drivers: options.drivers,
      reconciler: options.reconciler,
      statusRows: this.#statusRows,
      notices: new DiscoveryNotices({
        signals: options.signals,
        notifications: options.notifications,
        logger: options.logger,
        signalRecipients: this.#options.signalRecipients,
        onFailing: options.onFailing,
      }),
      logger: options.logger,
      options: this.#options,
      now: () => options.jobs.now(),
      runLog: options.runLog,
    });
  }

  get connections(): ConnectionStore {
    return this.#connections;
  }

  drivers(): DiscoveryDriver[] {
    return [...this.#drivers.values()];
  }

  /** The providers as `GET /discovery/providers` describes them: lists with their defaults, and connection forms. */
  providers(): DiscoveryProviderDescription[] {
    return describeProviders(this.drivers());
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
      await this.#jobs.schedule({
        id: taskIdOf(connection.id, list.id),
        type: DISCOVERY_JOB_TYPE,
        frequency: { seconds: this.#options.tickSeconds },
        timeout: { hours: 1 },
        initialDelay: { seconds: 2 },
        due: ({ now }) => this.#due(connection.id, list.id, now),
        run: async ({ signal }) => {
          await this.runNow(connection.id, list.id, { signal });
        },
      });
    }
  }

  /**
   * Asks for a run of one list, or of every enabled list, as soon as possible. With `confirmRemovals`, the run of
   * that list applies the removal held in that region if it deactivates at most `atMost` records.
   */
  async requestSync(
    connectionId: string,
    options: { list?: string; confirmRemovals?: DiscoveryRemovalConfirmation } = {},
  ) {
    const connection = await this.#connections.get(connectionId);
    const lists = options.list
      ? connection.lists.filter(l => l.id === options.list)
      : connection.lists.filter(l => l.enabled);
    if (options.list && lists.length === 0)
      throw new NotFoundError(`list '${shownName(options.list)}' does not exist for ${connection.provider}`);
    const confirm = options.confirmRemovals;
    if (confirm) {
      if (!options.list)
        throw new InputError('list: is required with confirmRemovals (the list whose removal you confirm)');
      const scopes = lists[0].global ? ['global'] : connection.regions;
      if (!scopes.includes(confirm.region)) {
        throw new InputError(`confirmRemovals.region: must be one of the list's regions: ${scopes.join(', ')}`);
      }
    }
    const now = new Date(this.#jobs.now()).toISOString();
    for (const list of lists) {
      const key = taskKey(connectionId, list.id);
      const confirmed = confirm
        ? {
            confirmed_removals: JSON.stringify({
              ...confirmationsOf(await this.#statusRows.get(key)),
              [confirm.region]: confirm.atMost,
            }),
          }
        : {};
      await this.#statusRows.request(key, now, confirmed);
    }
    await this.schedule(connection);
    // busy (409) or not yet claimable: the requested flag makes the next tick run it
    for (const list of lists) this.#jobs.trigger(taskIdOf(connectionId, list.id));
    return { requested: lists.map(l => l.id), requestedAt: now };
  }

  /** The statuses as stored (errors in full, with their reader descriptions: serve them through statusForViewer). */
  async statuses(connectionId: string): Promise<StoredTaskStatus[]> {
    return statusesOf(this.#statusRows, await this.#connections.get(connectionId));
  }

  /**
   * Deletes an API-defined connection; its records stay as they are (hand-owned from now on). A run still going on
   * for it writes nothing more (its incarnation is gone), and a connection created again with the id starts clean.
   */
  async deleteConnection(id: string) {
    await this.#connections.delete(id);
    await this.#reconciler.forgetConnection(id);
    await this.#statusRows.remove({ connection_id: id });
  }

  /**
   * Every task (connection × list) with its status row as stored (none before its first run): what the jobs
   * feature lists as built-in discovery jobs.
   */
  async tasks(): Promise<Array<{ connection: ResolvedConnection; list: string; row?: StatusRow }>> {
    const tasks: Array<{ connection: ResolvedConnection; list: string; row?: StatusRow }> = [];
    for (const connection of await this.#connections.list()) {
      const rows = await this.#statusRows.list({ connection_id: connection.id });
      for (const list of connection.lists) {
        tasks.push({ connection, list: list.id, row: rows.find(r => r.list === list.id) });
      }
    }
    return tasks;
  }

  /**
   * Runs one list of one connection now, in this process, and returns its status. A run of the same task already
   * going on in this process is joined rather than started twice. Removals confirmed through requestSync apply.
   * `startedBy` (a job's run) is what the run log records as having started it.
   */
  runNow(
    connectionId: string,
    listId: string,
    options: { signal?: AbortSignal; startedBy?: string } = {},
  ): Promise<StoredTaskStatus> {
    return this.#jobs.join(`${connectionId}/${listId}`, () => this.#lists.run(connectionId, listId, options));
  }

  /** Whether a task runs on this tick: its list enabled (or a sync asked) and due (see RunStatusTable.isDue). */
  async #due(connectionId: string, listId: string, now: number): Promise<boolean> {
    let connection: ResolvedConnection;
    try {
      connection = await this.#connections.get(connectionId);
    } catch (error) {
      if ((error as Error).name === 'NotFoundError') return false; // deleted: the task stays idle
      throw error;
    }
    const list = connection.lists.find(l => l.id === listId);
    const row = await this.#statusRows.get(taskKey(connectionId, listId));
    if (!list || (!list.enabled && !row?.requested_at)) return false;
    return RunStatusTable.isDue(row, {
      now,
      intervalMs: list.frequencyMinutes * 60_000,
      tickMs: this.#options.tickSeconds * 1000,
    });
  }
}
