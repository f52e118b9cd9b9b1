import type { LoggerService } from '@backstage/backend-plugin-api';
import type { Config } from '@backstage/config';
import type { InventoryStore } from '../records/InventoryStore';
import type { JobRunner } from '../jobs';

/** The job type of the history retention (one job). */
export const HISTORY_RETENTION_JOB_TYPE = 'history-retention';

/**
 * Applies `maestro.history.retentionDays`: once a day (a job of the {@link JobRunner}, once across replicas),
 * deletes history older than that, always keeping each record's latest change. Without the setting, history is
 * kept forever.
 */
export class HistoryRetention {
  static async scheduleFromConfig(
    config: Config,
    deps: { store: InventoryStore; jobs: JobRunner; logger: LoggerService },
  ): Promise<HistoryRetention | undefined> {
    const days = config.getOptionalNumber('maestro.history.retentionDays');
    if (days === undefined) return undefined;
    if (!Number.isFinite(days) || days < 1) {
      throw new Error(`maestro.history.retentionDays: must be a number of days ≥ 1 (got ${days})`);
    }
    const retention = new HistoryRetention(deps.store, deps.logger, days);
    await deps.jobs.schedule({
      id: 'maestro-history-retention',
      type: HISTORY_RETENTION_JOB_TYPE,
      frequency: { hours: 24 },
      timeout: { minutes: 30 },
      initialDelay: { minutes: 5 },
      run: () => retention.run().then(() => undefined),
    });
    return retention;
  }

  readonly #store: InventoryStore;
  readonly #logger: LoggerService;
  readonly #days: number;

  constructor(store: InventoryStore, logger: LoggerService, days: number) {
    this.#store = store;
    this.#logger = logger;
    this.#days = days;
  }

  async run(now = new Date()): Promise<number> {
    const before = new Date(now.getTime() - this.#days * 24 * 3600 * 1000).toISOString();
    const deleted = await this.#store.pruneHistory(before);
    this.#logger.info(`History retention: deleted ${deleted} changes older than ${before}`);
    return deleted;
  }
}
