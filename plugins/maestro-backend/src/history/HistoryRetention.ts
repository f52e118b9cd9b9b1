import type { LoggerService } from '@backstage/backend-plugin-api';
import type { Config } from '@backstage/config';
import type { InventoryStore } from '../records/InventoryStore';

/** The job type of the history retention (one built-in job, `history-retention`). */
export const HISTORY_RETENTION_JOB_TYPE = 'history-retention';

/**
 * Applies `maestro.history.retentionDays`: deletes history older than that, always keeping each record's latest
 * change. Run once a day by the built-in job `history-retention` of the jobs feature (once across replicas, with
 * its run count and log on the Jobs page). Without the setting, history is kept forever.
 */
export class HistoryRetention {
  /** The retention configured, or undefined when `maestro.history.retentionDays` is not set. */
  static fromConfig(
    config: Config,
    deps: { store: InventoryStore; logger: LoggerService },
  ): HistoryRetention | undefined {
    const days = config.getOptionalNumber('maestro.history.retentionDays');
    if (days === undefined) return undefined;
    if (!Number.isFinite(days) || days < 1) {
      throw new Error(`maestro.history.retentionDays: must be a number of days ≥ 1 (got ${days})`);
    }
    return new HistoryRetention(deps.store, deps.logger, days);
  }

  readonly #store: InventoryStore;
  readonly #logger: LoggerService;
  readonly #days: number;

  constructor(store: InventoryStore, logger: LoggerService, days: number) {
    this.#store = store;
    this.#logger = logger;
    this.#days = days;
  }

  /** Days of history kept. */
  get days(): number {
    return this.#days;
  }

  async run(now = new Date()): Promise<number> {
    const before = this.cutoff(now);
    const deleted = await this.#store.pruneHistory(before);
    this.#logger.info(`History retention: deleted ${deleted} changes older than ${before}`);
    return deleted;
  }

  /** The time before which a run at `now` deletes history. */
  cutoff(now = new Date()): string {
    return new Date(now.getTime() - this.#days * 24 * 3600 * 1000).toISOString();
  }
}
