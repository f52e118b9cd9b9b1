/** A counting semaphore per key: at most `limit` runs of `fn` at once for one key (e.g. one account and region). */
export class KeyedSemaphore {
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
