/** What the cache keeps per key: the answer (or the computation under way), when it was asked for, its weight. */
interface Entry<T> {
  value: Promise<T>;
  at: number;
  /** Counted once the value is there (0 until then). */
  weight: number;
}

/**
 * Answers computed by key, kept `ttlMs` in this process: concurrent asks for one key share one computation, a failed
 * computation is not kept, `refresh` computes again. Bounded by `maxEntries` keys and by `maxWeight` (the sum of
 * `weigh(value)`: e.g. the cells of report results); the oldest keys go first, and a value heavier than `maxWeight`
 * alone is answered but not kept. Each replica has its own: keys must name everything the answer depends on.
 */
export class TtlCache<T> {
  readonly #entries = new Map<string, Entry<T>>();
  readonly #ttlMs: number;
  readonly #maxEntries: number;
  readonly #maxWeight: number;
  readonly #weigh: (value: T) => number;
  readonly #now: () => number;
  #weight = 0;

  constructor(options: {
    ttlMs: number;
    maxEntries?: number;
    maxWeight?: number;
    weigh?: (value: T) => number;
    now?: () => number;
  }) {
    this.#ttlMs = options.ttlMs;
    this.#maxEntries = options.maxEntries ?? 200;
    this.#maxWeight = options.maxWeight ?? Infinity;
    this.#weigh = options.weigh ?? (() => 0);
    this.#now = options.now ?? Date.now;
  }

  /** The weight of the values kept. */
  get weight(): number {
    return this.#weight;
  }

  /** The key's kept answer, or a new one from `compute` when there is none, it is too old, or `refresh`. */
  async get(
    key: string,
    compute: () => Promise<T>,
    refresh = false,
  ): Promise<{ value: T; computedAt: number; cached: boolean }> {
    const now = this.#now();
    let entry = this.#entries.get(key);
    const cached = Boolean(entry && !refresh && now - entry.at < this.#ttlMs);
    if (!cached) {
      if (entry) this.#drop(key);
      const created: Entry<T> = { value: compute(), at: now, weight: 0 };
      entry = created;
      this.#entries.set(key, created);
      while (this.#entries.size > this.#maxEntries) this.#drop(this.#entries.keys().next().value!);
      created.value.then(
        value => {
          if (this.#entries.get(key) !== created) return;
          created.weight = this.#weigh(value);
          this.#weight += created.weight;
          if (created.weight > this.#maxWeight) this.#drop(key);
          while (this.#weight > this.#maxWeight) this.#drop(this.#entries.keys().next().value!);
        },
        () => {
          if (this.#entries.get(key) === created) this.#drop(key);
        },
      );
    }
    return { value: await entry!.value, computedAt: entry!.at, cached };
  }

  #drop(key: string) {
    const entry = this.#entries.get(key);
    if (!entry) return;
    this.#weight -= entry.weight;
    this.#entries.delete(key);
  }
}
