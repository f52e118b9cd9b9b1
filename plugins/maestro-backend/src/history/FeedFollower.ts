import type { LoggerService } from '@backstage/backend-plugin-api';
import type { ChangeEntry } from '@maestro/plugin-maestro-common';
import type { Knex } from 'knex';
import type { InventoryStore } from '../records/InventoryStore';

/** Changes read (and handled, and written with their outcome in one transaction) at a time. */
const BATCH = 500;

const messageOf = (error: unknown) => ((error as Error)?.message ?? String(error)).slice(0, 500);

/** How one batch went. */
type BatchOutcome = { changes: number; written: number; moved?: boolean };

/** What a follower does with each batch of changes: work out its rows, then write them in the cursor's transaction. */
export interface FeedBatchHandler<T> {
  /** The rows a batch of changes makes (read-only: it may run again when another replica wins the batch). */
  prepare(changes: ChangeEntry[]): Promise<T[]>;
  /** Writes the rows, in the transaction that moves the cursor past the batch. */
  write(tx: Knex.Transaction, rows: T[]): Promise<void>;
}

/**
 * Follows the change feed from a durable cursor (a one-row table, `id = 1`), on every replica, exactly once.
 *
 * A batch of changes after the cursor is prepared, then its rows and the new cursor are written in ONE transaction
 * that first re-reads the cursor (`FOR UPDATE` on PostgreSQL) and gives up if it moved — another replica handled that
 * batch first. So a change is never lost across a restart (the cursor only moves with the rows it stands for) and
 * never handled twice. On first start the cursor is the feed head: old history is not replayed. Changes deleted by
 * history retention before they were handled leave gaps in the positions: they are skipped with a warning.
 *
 * It wakes at once (debounced) after each write this process commits, and every `pollIntervalMs` for the writes of
 * other replicas. Event rules (`RuleMatcher`) and subscriptions (`SubscriptionMatcher`) each follow with their own
 * cursor table.
 */
export class FeedFollower<T> {
  readonly #db: Knex;
  readonly #table: string;
  readonly #label: string;
  readonly #feed: Pick<InventoryStore, 'changes' | 'feedHead' | 'onCommittedWrite'>;
  readonly #handler: FeedBatchHandler<T>;
  readonly #logger: LoggerService;
  readonly #now: () => number;
  readonly #pollIntervalMs: number;
  readonly #debounceMs: number;
  readonly #batchSize: number;
  readonly #onWritten?: () => void;
  readonly #isPostgres: boolean;
  #running?: Promise<number>;
  #again = false;
  #timer?: NodeJS.Timeout;
  #debounce?: NodeJS.Timeout;
  #unsubscribe?: () => void;
  #failing = false;
  #stopped = false;

  constructor(options: {
    db: Knex;
    /** The one-row cursor table. */
    table: string;
    /** What the warnings name (`Event rules`, `Subscriptions`). */
    label: string;
    feed: Pick<InventoryStore, 'changes' | 'feedHead' | 'onCommittedWrite'>;
    handler: FeedBatchHandler<T>;
    logger: LoggerService;
    now?: () => number;
    /** How often to look for changes of other replicas. Default 1 s. */
    pollIntervalMs?: number;
    /** How long after a local write to look (writes close together are handled together). Default 20 ms. */
    debounceMs?: number;
    batchSize?: number;
    /** Called after rows were written (a local worker starts on them at once). */
    onWritten?: () => void;
  }) {
    this.#db = options.db;
    this.#table = options.table;
    this.#label = options.label;
    this.#feed = options.feed;
    this.#handler = options.handler;
    this.#logger = options.logger;
    this.#now = options.now ?? Date.now;
    this.#pollIntervalMs = options.pollIntervalMs ?? 1000;
    this.#debounceMs = options.debounceMs ?? 20;
    this.#batchSize = options.batchSize ?? BATCH;
    this.#onWritten = options.onWritten;
    this.#isPostgres = options.db.client.config.client === 'pg';
  }

  /** Creates the cursor at the feed head when there is none, then follows on local writes and on a timer. */
  async start(): Promise<void> {
    this.#stopped = false;
    await this.ensureCursor();
    this.#unsubscribe = this.#feed.onCommittedWrite(() => this.#wakeSoon());
    this.#timer = setInterval(() => this.wake(), this.#pollIntervalMs);
    this.#timer.unref?.();
    this.wake();
  }

  /** Stops the timer and the write subscription, and waits for a batch under way. */
  async stop(): Promise<void> {
    this.#stopped = true;
    this.#unsubscribe?.();
    this.#unsubscribe = undefined;
    if (this.#timer) clearInterval(this.#timer);
    if (this.#debounce) clearTimeout(this.#debounce);
    this.#timer = undefined;
    this.#debounce = undefined;
    await this.#running?.catch(() => undefined);
  }

  /** Creates the cursor at the current feed head unless it exists (the first start never replays history). */
  async ensureCursor(): Promise<number> {
    const existing = await this.cursor();
    if (existing !== undefined) return existing;
    const head = await this.#feed.feedHead();
    await this.#db(this.#table)
      .insert({ id: 1, position: head, updated_at: new Date(this.#now()).toISOString() })
      .onConflict('id')
      .ignore();
    return (await this.cursor())!;
  }

  /** The feed position handled up to (undefined before the first start). */
  async cursor(): Promise<number | undefined> {
    const row = await this.#db(this.#table).where({ id: 1 }).first('position');
    return row ? Number(row.position) : undefined;
  }

  /** Follows in the background now; errors are logged (once until it works again). */
  wake(): void {
    if (this.#stopped) return;
    this.run().catch(error => {
      if (!this.#failing) this.#logger.warn(`${this.#label}: could not follow the change feed: ${messageOf(error)}`);
      this.#failing = true;
    });
  }

  /**
   * Handles every change after the cursor, batch by batch, until it has caught up; answers the rows written.
   * A call while a run is under way makes that run look once more, and shares its answer.
   */
  run(): Promise<number> {
    if (this.#running) {
      this.#again = true;
      return this.#running;
    }
    this.#running = (async () => {
      let written = 0;
      do {
        this.#again = false;
        for (;;) {
          const outcome = await this.#batch();
          written += outcome.written;
          if (!outcome.moved && outcome.changes < this.#batchSize) break;
        }
      } while (this.#again && !this.#stopped);
      this.#failing = false;
      return written;
    })().finally(() => {
      this.#running = undefined;
    });
    return this.#running;
  }

  #wakeSoon() {
    if (this.#debounce || this.#stopped) return;
    this.#debounce = setTimeout(() => {
      this.#debounce = undefined;
      this.wake();
    }, this.#debounceMs);
    this.#debounce.unref?.();
  }

  async #batch(): Promise<BatchOutcome> {
    const from = await this.ensureCursor();
    const changes = await this.#feed.changes({ after: from, limit: this.#batchSize });
    if (changes.length === 0) return { changes: 0, written: 0 };
    const to = changes[changes.length - 1].position!;
    const missing = to - from - changes.length;
    if (missing > 0) {
      this.#logger.warn(
        `${this.#label}: ${missing} changes between feed positions ${from} and ${to} were deleted by history ` +
          'retention before they were handled; they are skipped',
      );
    }
    const rows = await this.#handler.prepare(changes);
    const moved = await this.#db.transaction(async tx => {
      const read = tx(this.#table).where({ id: 1 }).first('position');
      if (this.#isPostgres) read.forUpdate();
      const row = await read;
      if (!row || Number(row.position) !== from) return true;
      await this.#handler.write(tx, rows);
      await tx(this.#table)
        .where({ id: 1 })
        .update({ position: to, updated_at: new Date(this.#now()).toISOString() });
      return false;
    });
    if (moved) return { changes: changes.length, written: 0, moved: true };
    if (rows.length > 0) this.#onWritten?.();
    return { changes: changes.length, written: rows.length };
  }
}
