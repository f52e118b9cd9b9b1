import type { LoggerService } from '@backstage/backend-plugin-api';
import type { Config } from '@backstage/config';
import { CustomErrorBase } from '@backstage/errors';
import type { ChangeEntry } from '@maestro/plugin-maestro-common';
import type { InventoryStore } from '../records/InventoryStore';

/** Default cap on change-feed requests waiting at once in one backend process. */
export const DEFAULT_MAX_WAITERS = 100;
/** How often one process looks for changes written by other replicas while someone waits. */
const POLL_INTERVAL_MS = 1000;

/** More long-polls are waiting than `maestro.changes.maxWaiters` allows: 429, retry after a second. */
export class TooManyWaitersError extends CustomErrorBase {
  name = 'TooManyWaitersError' as const;
  readonly statusCode = 429;
  readonly retryAfterSeconds = 1;
}

type Waiter = { after: number; finish: (woken: boolean) => void };

/**
 * The change feed with long polls that do not poll the database each. A waiting request registers here and
 * queries nothing until it is woken. One check per process (read the feed head once) wakes every waiter the head
 * has passed; it runs after each write this process commits (the store tells it) and, while anyone waits, once a
 * second for writes committed by other replicas. Waiters beyond `maxWaiters` are refused at once (429).
 */
export class ChangeFeed {
  readonly #store: InventoryStore;
  readonly #logger?: LoggerService;
  readonly #maxWaiters: number;
  readonly #pollIntervalMs: number;
  readonly #waiters = new Set<Waiter>();
  #unsubscribe?: () => void;
  #timer?: NodeJS.Timeout;
  #checking?: Promise<void>;
  #checkAgain = false;
  /** Bumped by every local write: a read that saw no change re-reads if a write committed meanwhile. */
  #writes = 0;
  #failing = false;

  /** Reads `maestro.changes.maxWaiters`; refuses a value that is not a whole number ≥ 1 (start-up error). */
  static fromConfig(config: Config, deps: { store: InventoryStore; logger?: LoggerService }): ChangeFeed {
    const key = 'maestro.changes.maxWaiters';
    const maxWaiters = config.getOptional(key) ?? DEFAULT_MAX_WAITERS;
    if (typeof maxWaiters !== 'number' || !Number.isInteger(maxWaiters) || maxWaiters < 1) {
      throw new Error(`${key}: must be a whole number ≥ 1 (got ${JSON.stringify(maxWaiters)})`);
    }
    return new ChangeFeed({ ...deps, maxWaiters });
  }

  constructor(options: {
    store: InventoryStore;
    logger?: LoggerService;
    maxWaiters?: number;
    /** How often to look for other replicas' writes while someone waits. Default 1 s. */
    pollIntervalMs?: number;
  }) {
    this.#store = options.store;
    this.#logger = options.logger;
    this.#maxWaiters = options.maxWaiters ?? DEFAULT_MAX_WAITERS;
    this.#pollIntervalMs = options.pollIntervalMs ?? POLL_INTERVAL_MS;
  }

  /** Requests waiting right now. */
  get waiting(): number {
    return this.#waiters.size;
  }

  /**
   * The changes after `after`. With `waitMs`, an empty answer is held until a change arrives, the time is up, or
   * `signal` aborts (the client went away); it throws {@link TooManyWaitersError} when too many requests wait.
   */
  async read(options: { after: number; limit: number; waitMs?: number; signal?: AbortSignal }): Promise<ChangeEntry[]> {
    this.#subscribe();
    const writesBefore = this.#writes;
    const changes = await this.#store.changes({ after: options.after, limit: options.limit });
    if (changes.length > 0 || !options.waitMs || options.waitMs <= 0 || options.signal?.aborted) return changes;
    if (this.#writes !== writesBefore) {
      // a local write committed while we read: look again instead of waiting for the next one
      return this.#store.changes({ after: options.after, limit: options.limit });
    }
    if (this.#waiters.size >= this.#maxWaiters) {
      throw new TooManyWaitersError(
        `wait: ${
          this.#maxWaiters
        } change-feed requests are already waiting (maestro.changes.maxWaiters); retry in a second, or ask with wait=0`,
      );
    }
    const woken = await this.#wait(options.after, options.waitMs, options.signal);
    return woken ? this.#store.changes({ after: options.after, limit: options.limit }) : [];
  }

  /** Looks for new changes once for every waiter (also what the timer and local writes run). */
  async check(): Promise<void> {
    if (this.#checking) {
      this.#checkAgain = true;
      return this.#checking;
    }
    this.#checking = (async () => {
      do {
        this.#checkAgain = false;
        if (this.#waiters.size === 0) break;
        try {
          const head = await this.#store.feedHead();
          for (const waiter of this.#waiters) {
            if (waiter.after < head) waiter.finish(true);
          }
          this.#failing = false;
        } catch (error) {
          // the database is away: waiters time out or the next check wakes them
          if (!this.#failing) this.#logger?.warn(`Change feed: could not read the feed head: ${error}`);
          this.#failing = true;
        }
      } while (this.#checkAgain);
    })().finally(() => {
      this.#checking = undefined;
    });
    return this.#checking;
  }

  /** Stops the timer and the write subscription (shutdown); waiters are answered empty. */
  stop(): void {
    this.#unsubscribe?.();
    this.#unsubscribe = undefined;
    for (const waiter of this.#waiters) waiter.finish(false);
    this.#stopTimer();
  }

  #subscribe() {
    this.#unsubscribe ??= this.#store.onCommittedWrite(() => {
      this.#writes += 1;
      if (this.#waiters.size > 0) void this.check();
    });
  }

  /** Resolves true when woken by a check, false when the time is up or the client went away. */
  #wait(after: number, waitMs: number, signal?: AbortSignal): Promise<boolean> {
    return new Promise<boolean>(resolve => {
      const waiter: Waiter = { after, finish: () => {} };
      const onAbort = () => waiter.finish(false);
      const timeout = setTimeout(() => waiter.finish(false), waitMs);
      timeout.unref?.();
      waiter.finish = (woken: boolean) => {
        if (!this.#waiters.delete(waiter)) return;
        clearTimeout(timeout);
        signal?.removeEventListener('abort', onAbort);
        if (this.#waiters.size === 0) this.#stopTimer();
        resolve(woken);
      };
      this.#waiters.add(waiter);
      signal?.addEventListener('abort', onAbort);
      this.#startTimer();
    });
  }

  #startTimer() {
    if (this.#timer) return;
    this.#timer = setInterval(() => void this.check(), this.#pollIntervalMs);
    this.#timer.unref?.();
  }

  #stopTimer() {
    if (this.#timer) clearInterval(this.#timer);
    this.#timer = undefined;
  }
}
