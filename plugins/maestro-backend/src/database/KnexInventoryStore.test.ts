import { mockServices } from '@backstage/backend-test-utils';
import { describeEachDatabase } from '../__testUtils__/databases';
import { KnexInventoryStore } from './KnexInventoryStore';

jest.setTimeout(60_000);

const alice = { actor: 'user:default/alice' };
const server = (name: string, spec: Record<string, any> = {}) => ({
  kind: 'Server',
  name,
  owner: 'group:default/platform',
  spec: { hostname: `${name}.example.com`, ...spec },
});

describeEachDatabase('KnexInventoryStore', (databases, databaseId) => {
  async function createStore() {
    const knex = await databases.init(databaseId);
    const store = await KnexInventoryStore.create({
      database: mockServices.database({ knex, migrations: { skip: false } }),
    });
    return { knex, store };
  }

  it('creates, reads and lists records', async () => {
    const { store } = await createStore();
    const created = await store.createRecord(server('web-01', { cpu: 2 }), alice);
    expect(created).toMatchObject({
      kind: 'Server',
      name: 'web-01',
      version: 1,
      active: true,
      source: 'manual',
      createdBy: 'user:default/alice',
      spec: { hostname: 'web-01.example.com', cpu: 2 },
    });
    expect(await store.getRecord(created.id)).toEqual(created);
    await store.createRecord(server('web-02'), alice);
    await store.createRecord(
      { kind: 'Datacenter', name: 'aws-prod', owner: 'group:default/platform', spec: { provider: 'aws' } },
      alice,
    );

    const servers = await store.listRecords({ kind: 'Server', limit: 10 });
    expect(servers.totalCount).toBe(2);
    expect(servers.items.map(r => r.name)).toEqual(['web-01', 'web-02']);

    const page = await store.listRecords({ limit: 1, offset: 1, orderBy: 'name', order: 'desc' });
    expect(page.totalCount).toBe(3);
    expect(page.items.map(r => r.name)).toEqual(['web-01']);

    const search = await store.listRecords({ search: 'WEB-0', limit: 10 });
    expect(search.items.map(r => r.name).sort()).toEqual(['web-01', 'web-02']);
    // LIKE wildcards in the search term are literal
    expect((await store.listRecords({ search: 'web_0', limit: 10 })).totalCount).toBe(0);

    expect(await store.countByKind()).toEqual([
      { kind: 'Datacenter', active: 1, inactive: 0 },
      { kind: 'Server', active: 2, inactive: 0 },
    ]);
  });

  it('refuses a duplicate name in the same kind and writes nothing', async () => {
    const { store, knex } = await createStore();
    await store.createRecord(server('web-01'), alice);
    await expect(store.createRecord(server('web-01'), alice)).rejects.toMatchObject({
      name: 'ConflictError',
    });
    expect(Number((await knex('maestro_records').count({ n: '*' }))[0].n)).toBe(1);
    expect(Number((await knex('maestro_changes').count({ n: '*' }))[0].n)).toBe(1);
  });

  it('updates with optimistic concurrency and records before/after', async () => {
    const { store } = await createStore();
    const created = await store.createRecord(server('web-01', { cpu: 2 }), alice);
    const updated = await store.updateRecord(
      created.id,
      { version: 1, spec: { hostname: 'web-01.example.com', cpu: 4 } },
      { actor: 'user:default/bob', reason: 'resized' },
    );
    expect(updated).toMatchObject({ version: 2, spec: { cpu: 4 }, updatedBy: 'user:default/bob' });

    // a writer that read version 1 loses: 409, and the record keeps the winner's value
    await expect(
      store.updateRecord(created.id, { version: 1, spec: { hostname: 'x', cpu: 8 } }, alice),
    ).rejects.toMatchObject({ name: 'ConflictError' });
    expect((await store.getRecord(created.id))?.spec).toEqual({ hostname: 'web-01.example.com', cpu: 4 });

    const history = await store.history(created.id, { limit: 10 });
    expect(history.map(h => h.action)).toEqual(['update', 'create']);
    expect(history[0]).toMatchObject({
      actor: 'user:default/bob',
      reason: 'resized',
      before: { version: 1, spec: { cpu: 2 } },
      after: { version: 2, spec: { cpu: 4 } },
    });
    expect(history[1].before).toBeUndefined();
    // paging through history
    const older = await store.history(created.id, { limit: 10, beforeSeq: history[0].seq });
    expect(older.map(h => h.action)).toEqual(['create']);
  });

  it('soft-deletes and restores, both recorded', async () => {
    const { store } = await createStore();
    const created = await store.createRecord(server('web-01'), alice);
    const deleted = await store.setActive(created.id, false, {}, { ...alice, reason: 'decommissioned' });
    expect(deleted).toMatchObject({ active: false, version: 2 });
    expect((await store.listRecords({ limit: 10, active: true })).totalCount).toBe(0);
    expect((await store.listRecords({ limit: 10, active: false })).totalCount).toBe(1);
    await expect(store.setActive(created.id, false, {}, alice)).rejects.toMatchObject({
      name: 'ConflictError',
    });
    const restored = await store.setActive(created.id, true, { version: 2 }, alice);
    expect(restored).toMatchObject({ active: true, version: 3 });
    const history = await store.history(created.id, { limit: 10 });
    expect(history.map(h => h.action)).toEqual(['restore', 'delete', 'create']);
    expect(history[1].reason).toBe('decommissioned');
  });

  it('answers NotFound for unknown ids', async () => {
    const { store } = await createStore();
    expect(await store.getRecord('nope')).toBeUndefined();
    await expect(store.updateRecord('nope', { version: 1 }, alice)).rejects.toMatchObject({
      name: 'NotFoundError',
    });
    await expect(store.setActive('nope', false, {}, alice)).rejects.toMatchObject({
      name: 'NotFoundError',
    });
  });

  it('serves a change feed in seq order from a cursor', async () => {
    const { store } = await createStore();
    expect(await store.headSeq()).toBe(0);
    const a = await store.createRecord(server('a'), alice);
    const b = await store.createRecord(server('b'), alice);
    await store.setActive(a.id, false, {}, alice);
    const head = await store.headSeq();
    const all = await store.changes({ after: 0, limit: 100 });
    expect(all.map(c => [c.name, c.action])).toEqual([
      ['a', 'create'],
      ['b', 'create'],
      ['a', 'delete'],
    ]);
    expect(all[2].seq).toBe(head);
    expect(all.map(c => c.seq)).toEqual([...all.map(c => c.seq)].sort((x, y) => x - y));
    const tail = await store.changes({ after: all[0].seq, limit: 1 });
    expect(tail.map(c => c.recordId)).toEqual([b.id]);
  });

  it('keeps the change feed gap-free under concurrent writers', async () => {
    const { store } = await createStore();
    await Promise.all(
      Array.from({ length: 20 }, (_, i) => store.createRecord(server(`host-${i}`), alice)),
    );
    const changes = await store.changes({ after: 0, limit: 100 });
    expect(changes).toHaveLength(20);
    expect(new Set(changes.map(c => c.recordId)).size).toBe(20);
  });
});
