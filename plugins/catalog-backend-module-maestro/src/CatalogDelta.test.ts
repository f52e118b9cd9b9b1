import type { JsonObject } from '@backstage/types';
import type { ChangeAction, ChangeEntry, InventoryRecord } from '@maestro/plugin-maestro-common';
import { CatalogDelta, catalogDeltaOf } from './CatalogDelta';

/**
 * Writes records as the store does and returns the change-feed entries it would serve: `before` and `after` are the
 * whole record (a delete's `after` is the record inactive, a create has no `before`).
 */
class Feed {
  readonly #records = new Map<string, InventoryRecord>();
  #position = 0;

  create(id: string, kind: string, spec: JsonObject = {}): ChangeEntry {
    const record: InventoryRecord = {
      id,
      kind,
      name: id,
      owner: 'group:default/infra',
      spec,
      version: 1,
      active: true,
      source: 'manual',
      createdAt: '2026-01-01T00:00:00.000Z',
      updatedAt: '2026-01-01T00:00:00.000Z',
      createdBy: 'user:default/alice',
      updatedBy: 'user:default/alice',
    };
    return this.#write('create', undefined, record);
  }

  update(id: string, spec: JsonObject): ChangeEntry {
    const before = this.#records.get(id)!;
    return this.#write('update', before, { ...before, spec, version: before.version + 1 });
  }

  delete(id: string): ChangeEntry {
    const before = this.#records.get(id)!;
    return this.#write('delete', before, { ...before, active: false, version: before.version + 1 });
  }

  restore(id: string): ChangeEntry {
    const before = this.#records.get(id)!;
    return this.#write('restore', before, { ...before, active: true, version: before.version + 1 });
  }

  #write(action: ChangeAction, before: InventoryRecord | undefined, after: InventoryRecord): ChangeEntry {
    this.#records.set(after.id, after);
    this.#position += 1;
    return {
      seq: this.#position,
      position: this.#position,
      recordId: after.id,
      kind: after.kind,
      name: after.name,
      action,
      actor: 'user:default/alice',
      at: '2026-01-01T00:00:00.000Z',
      before,
      after,
    };
  }
}

/** `id@version` of each record of a delta, so a wrong (earlier) state of a record shows in the failure. */
const summary = (delta: { added: InventoryRecord[]; removed: InventoryRecord[] }) => ({
  added: delta.added.map(r => `${r.id}@${r.version}`),
  removed: delta.removed.map(r => `${r.id}@${r.version}`),
});

const subnet = { type: 'subnet' };
const port = { type: 'port' };

describe('CatalogDelta: which records of one batch of changes the catalog gains and loses', () => {
  it('adds active records and removes deleted ones, with the state they have after the batch', () => {
    const feed = new Feed();
    feed.create('srv-old', 'Server');
    feed.create('dc-old', 'Datacenter');
    const batch = [
      feed.create('srv-new', 'Server', { cpu: 2 }),
      feed.update('srv-old', { cpu: 8 }),
      feed.delete('dc-old'),
    ];
    const delta = catalogDeltaOf(batch);
    expect(summary(delta)).toEqual({ added: ['srv-new@1', 'srv-old@2'], removed: ['dc-old@2'] });
    expect(delta.added[1].spec).toEqual({ cpu: 8 });
    expect(delta.removed[0].active).toBe(false);
  });

  it('brings a restored record back', () => {
    const feed = new Feed();
    feed.create('srv', 'Server');
    const batch = [feed.delete('srv'), feed.restore('srv')];
    expect(summary(catalogDeltaOf(batch))).toEqual({ added: ['srv@3'], removed: [] });
  });

  it('leaves network ports out whatever happens to them, and keeps other networks', () => {
    const feed = new Feed();
    feed.create('eni-old', 'Network', port);
    const batch = [
      feed.create('eni-new', 'Network', port),
      feed.update('eni-old', { ...port, description: 'edited' }),
      feed.create('eni-gone', 'Network', port),
      feed.delete('eni-gone'),
      feed.create('subnet-a', 'Network', subnet),
      feed.create('vpc-a', 'Network', { type: 'vpc' }),
      feed.create('net-untyped', 'Network'),
    ];
    expect(summary(catalogDeltaOf(batch))).toEqual({
      added: ['subnet-a@1', 'vpc-a@1', 'net-untyped@1'],
      removed: [],
    });
  });

  it('removes a record edited into a port, and adds a port edited into something else', () => {
    const feed = new Feed();
    feed.create('subnet-a', 'Network', subnet);
    feed.create('eni-a', 'Network', port);
    const batch = [feed.update('subnet-a', port), feed.update('eni-a', subnet)];
    const delta = catalogDeltaOf(batch);
    expect(summary(delta)).toEqual({ added: ['eni-a@2'], removed: ['subnet-a@2'] });
    // the entity to drop is found by its record id (location key): its latest state is what is passed
    expect(delta.removed[0].spec).toEqual(port);
  });

  it('removes a record that was projected at any point of the batch and ends as a port', () => {
    const feed = new Feed();
    feed.create('eni-b', 'Network', port);
    feed.create('subnet-b', 'Network', subnet);
    // port → subnet → port: another replica (own cursor, same provider) may have emitted its subnet state
    // subnet → port → subnet: ends projected
    const batch = [
      feed.update('eni-b', subnet),
      feed.update('eni-b', port),
      feed.update('subnet-b', port),
      feed.update('subnet-b', subnet),
    ];
    expect(summary(catalogDeltaOf(batch))).toEqual({ added: ['subnet-b@3'], removed: ['eni-b@3'] });
  });

  it('removes a record created and deleted within the batch (never added), unless it is a port', () => {
    const feed = new Feed();
    const batch = [
      feed.create('srv-tmp', 'Server'),
      feed.update('srv-tmp', { cpu: 4 }),
      feed.delete('srv-tmp'),
      feed.create('eni-tmp', 'Network', port),
      feed.delete('eni-tmp'),
    ];
    expect(summary(catalogDeltaOf(batch))).toEqual({ added: [], removed: ['srv-tmp@3'] });
  });

  it('removes a port deleted after it was edited out of the catalog in the same batch', () => {
    const feed = new Feed();
    feed.create('subnet-c', 'Network', subnet);
    const batch = [feed.update('subnet-c', port), feed.delete('subnet-c')];
    expect(summary(catalogDeltaOf(batch))).toEqual({ added: [], removed: ['subnet-c@3'] });
  });

  it('gives one entry per record, in the order each record first changed', () => {
    const feed = new Feed();
    const batch = [
      feed.create('b', 'Server'),
      feed.create('a', 'Server'),
      feed.update('b', { cpu: 1 }),
      feed.delete('a'),
      feed.update('b', { cpu: 2 }),
      feed.create('c', 'Server'),
      feed.delete('b'),
      feed.restore('b'),
    ];
    expect(summary(catalogDeltaOf(batch))).toEqual({ added: ['b@5', 'c@1'], removed: ['a@2'] });
  });

  it('sorts a batch read over several pages as it sorts the same changes read at once', () => {
    const feed = new Feed();
    feed.create('subnet-d', 'Network', subnet);
    const changes = [
      feed.create('srv', 'Server'),
      feed.update('subnet-d', port), // page 1: subnet-d leaves the catalog…
      feed.update('srv', { cpu: 2 }),
      feed.update('subnet-d', { ...port, mtu: 9000 }), // …page 2 shows only port states
      feed.delete('srv'),
    ];
    const paged = new CatalogDelta();
    paged.addChanges(changes.slice(0, 2));
    paged.addChanges(changes.slice(2, 4));
    paged.addChanges(changes.slice(4));
    paged.addChanges([]);
    expect(summary(paged.sort())).toEqual(summary(catalogDeltaOf(changes)));
    expect(summary(paged.sort())).toEqual({ added: [], removed: ['srv@3', 'subnet-d@3'] });
  });

  it('makes no delta from no changes', () => {
    expect(catalogDeltaOf([])).toEqual({ added: [], removed: [] });
  });
});
