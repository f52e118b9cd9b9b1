/** What the cache keeps per caller: the answer (or the run computing it) and when it was asked for. */
interface Entry<T> {
  value: Promise<T>;
  at: number;
}

/**
 * The overview charts of each caller, kept for `ttlMs`: the charts read the whole inventory (seconds on a large
 * one), and the Overview page is the landing page. Keyed by caller because the catalog's part is read with the
 * caller's credentials (catalog permissions may show people different entities). Concurrent requests of one caller
 * share one computation; a failed computation is not kept. At most `maxEntries` callers are kept (the oldest go).
 */
export class OverviewChartsCache<T> {
  readonly #entries = new Map<string, Entry<T>>();
  readonly #ttlMs: number;
  readonly #maxEntries: number;
  readonly #now: () => number;

  constructor(options: { ttlMs: number; maxEntries?: number; now?: () => number }) {
    this.#ttlMs = options.ttlMs;
    this.#maxEntries = options.maxEntries ?? 200;
    this.#now = options.now ?? Date.now;
  }

  /** The caller's cached answer, or a new one from `compute` when there is none, it is too old, or `refresh`. */
  async get(key: string, compute: () => Promise<T>, refresh = false): Promise<{ value: T; computedAt: number }> {
    const now = this.#now();
    let entry = this.#entries.get(key);
    if (!entry || refresh || now - entry.at >= this.#ttlMs) {
      entry = { value: compute(), at: now };
      this.#entries.delete(key);
      this.#entries.set(key, entry);
      while (this.#entries.size > this.#maxEntries) this.#entries.delete(this.#entries.keys().next().value!);
      const stored = entry;
      stored.value.catch(() => {
        if (this.#entries.get(key) === stored) this.#entries.delete(key);
      });
    }
    return { value: await entry.value, computedAt: entry.at };
  }
}
