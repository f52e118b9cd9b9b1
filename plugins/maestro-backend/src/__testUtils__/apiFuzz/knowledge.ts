/**
 * What the fuzzer learnt from the API's answers, to build requests that reach past "not found" and "stale
 * version": ids per collection, each resource as last shown (with its version), history seqs, times. Learnt
 * generically from any JSON answer: objects carrying an `id` (or a `key`) are resources of the collection the
 * request was made under, `seq` values are history positions.
 */
export class Knowledge {
  readonly #ids = new Map<string, string[]>();
  readonly #resources = new Map<string, Record<string, unknown>>();
  readonly #seqsByResource = new Map<string, number[]>();
  readonly #seqs: number[] = [];
  readonly #times: string[] = [];

  /**
   * Ids seen under a collection path (`/records`, `/discovery/connections`), the one most recently answered alone
   * (created, updated, deleted) last: drawing from the end follows one resource through its life.
   */
  ids(collection: string): string[] {
    return this.#ids.get(collection) ?? [];
  }

  /** A resource as the API last showed it. */
  resource(id: string | undefined): Record<string, unknown> | undefined {
    return id === undefined ? undefined : this.#resources.get(id);
  }

  seqsOf(id: string | undefined): number[] {
    return (id && this.#seqsByResource.get(id)) || [];
  }

  get seqs(): number[] {
    return this.#seqs;
  }

  get times(): string[] {
    return this.#times;
  }

  /** Learns from a 2xx JSON answer to a request made under `collection` (the request path's literal prefix). */
  observe(requestPath: string, collections: string[], body: unknown) {
    const collection = collections
      .filter(c => requestPath === c || requestPath.startsWith(`${c}/`))
      .sort((a, b) => b.length - a.length)[0];
    const top =
      body && typeof body === 'object' && !Array.isArray(body) ? (body as Record<string, unknown>) : undefined;
    if (!top) return;
    const objects = [
      top,
      ...['items', 'rows', 'changes', 'jobs'].flatMap(list =>
        Array.isArray(top[list]) ? (top[list] as unknown[]) : [],
      ),
    ];
    for (const object of objects) {
      if (!object || typeof object !== 'object' || Array.isArray(object)) continue;
      this.#learnObject(object as Record<string, unknown>, collection, object === top);
    }
  }

  /** Forgets a resource that the API deleted for good (a 2xx DELETE answered without a body). */
  forget(collection: string, id: string) {
    this.#ids.set(
      collection,
      this.ids(collection).filter(known => known !== id),
    );
    this.#resources.delete(id);
  }

  #learnObject(object: Record<string, unknown>, collection: string | undefined, alone: boolean) {
    const id = [object.id, object.key].find((v): v is string => typeof v === 'string');
    if (id !== undefined && collection) {
      let ids = this.#ids.get(collection) ?? [];
      if (alone) ids = [...ids.filter(known => known !== id), id];
      else if (!ids.includes(id)) ids.push(id);
      this.#ids.set(collection, ids.slice(-200));
      const previous = this.#resources.get(id);
      // an older copy (a history entry's before/after) never replaces a newer one
      if (!previous || !(Number(previous.version) > Number(object.version))) this.#resources.set(id, object);
    }
    if (Number.isInteger(object.seq)) {
      const seq = object.seq as number;
      if (!this.#seqs.includes(seq)) this.#seqs.push(seq);
      if (this.#seqs.length > 500) this.#seqs.shift();
      if (typeof object.recordId === 'string') {
        const list = this.#seqsByResource.get(object.recordId) ?? [];
        if (!list.includes(seq)) list.push(seq);
        this.#seqsByResource.set(object.recordId, list.slice(-50));
      }
    }
    for (const field of ['at', 'createdAt', 'updatedAt']) {
      const time = object[field];
      if (typeof time === 'string' && !this.#times.includes(time)) {
        this.#times.push(time);
        if (this.#times.length > 200) this.#times.shift();
      }
    }
  }
}
