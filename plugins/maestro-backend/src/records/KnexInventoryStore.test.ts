import { describeEachDatabase } from '../__testUtils__/databases';
import { createTestStore } from '../__testUtils__/testStore';

jest.setTimeout(60_000);

const alice = { actor: 'user:default/alice' };
const server = (name: string, spec: Record<string, any> = {}) => ({
  kind: 'Server',
  name,
  owner: 'group:default/platform',
  spec: { hostname: `${name}.example.com`, ...spec },
});

describeEachDatabase('KnexInventoryStore', (databases, databaseId) => {
  const createStore = () => createTestStore(databases, databaseId);

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
    const deleted = await store.setActive(created.id, false, { version: 1 }, { ...alice, reason: 'decommissioned' });
    expect(deleted).toMatchObject({ active: false, version: 2 });
    expect((await store.listRecords({ limit: 10, active: true })).totalCount).toBe(0);
    expect((await store.listRecords({ limit: 10, active: false })).totalCount).toBe(1);
    await expect(store.setActive(created.id, false, { version: 2 }, alice)).rejects.toMatchObject({
      name: 'ConflictError',
    });
    // a stale version is refused inside the transaction: nothing changes
    await expect(store.setActive(created.id, true, { version: 1 }, alice)).rejects.toMatchObject({
      name: 'ConflictError',
      message: expect.stringMatching(/^version: /),
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
    await expect(store.setActive('nope', false, { version: 1 }, alice)).rejects.toMatchObject({
      name: 'NotFoundError',
    });
  });

  it('serves a change feed in position order from a cursor', async () => {
    const { store } = await createStore();
    expect(await store.feedHead()).toBe(0);
    const a = await store.createRecord(server('a'), alice);
    const b = await store.createRecord(server('b'), alice);
    await store.setActive(a.id, false, { version: 1 }, alice);
    const head = await store.feedHead();
    const all = await store.changes({ after: 0, limit: 100 });
    expect(all.map(c => [c.name, c.action])).toEqual([
      ['a', 'create'],
      ['b', 'create'],
      ['a', 'delete'],
    ]);
    expect(all.map(c => c.position)).toEqual([1, 2, 3]);
    expect(all[2].position).toBe(head);
    const tail = await store.changes({ after: all[0].position!, limit: 1 });
    expect(tail.map(c => c.recordId)).toEqual([b.id]);
  });

  it('keeps the change feed gap-free under concurrent writers', async () => {
    const { store } = await createStore();
    await Promise.all(Array.from({ length: 20 }, (_, i) => store.createRecord(server(`host-${i}`), alice)));
    const changes = await store.changes({ after: 0, limit: 100 });
    expect(changes).toHaveLength(20);
    expect(new Set(changes.map(c => c.recordId)).size).toBe(20);
  });

  it('keeps lookup keys in step with writes, for duplicate checks and dedupe by provider id', async () => {
    const { store } = await createStore();
    const a = await store.createRecord(server('a', { ipv4Private: '10.0.0.1', providerId: 'i-1' }), alice);
    await store.createRecord(server('b', { ipv4Private: '10.0.0.1' }), alice);
    await store.createRecord({ ...server('c', { ipv4Private: '10.0.0.1' }), owner: 'group:default/other' }, alice);
    const sameIp = await store.findByKey({
      kind: 'Server',
      key: 'ipv4Private',
      value: '10.0.0.1',
      owner: 'group:default/platform',
    });
    expect(sameIp.map(r => r.name)).toEqual(['a', 'b']);
    expect((await store.findByKey({ kind: 'Server', key: 'ipv4Private', value: '10.0.0.1' })).map(r => r.name)).toEqual(
      ['a', 'b', 'c'],
    );
    expect(await store.findByKey({ kind: 'Server', key: 'providerId', value: 'i-1' })).toEqual([
      { id: a.id, name: 'a' },
    ]);

    // an update moves the keys; a delete hides the record from lookups, a restore brings it back
    await store.updateRecord(
      a.id,
      { version: 1, spec: { hostname: 'a', ipv4Private: '10.0.0.9', providerId: 'i-1' } },
      alice,
    );
    expect((await store.findByKey({ kind: 'Server', key: 'ipv4Private', value: '10.0.0.1' })).map(r => r.name)).toEqual(
      ['b', 'c'],
    );
    await store.setActive(a.id, false, { version: 2 }, alice);
    expect(await store.findByKey({ kind: 'Server', key: 'providerId', value: 'i-1' })).toEqual([]);
    await store.setActive(a.id, true, { version: 3 }, alice);
    expect(await store.findByKey({ kind: 'Server', key: 'providerId', value: 'i-1' })).toHaveLength(1);
  });

  it('searches history across records and answers what a record was at a time', async () => {
    const { store } = await createStore();
    const a = await store.createRecord(server('a', { cpu: 1 }), alice);
    await new Promise(r => setTimeout(r, 5));
    const b = await store.createRecord(
      { kind: 'Datacenter', name: 'dc', owner: 'group:default/platform', spec: { provider: 'aws' } },
      { actor: 'maestro:discovery/aws' },
    );
    const firstAt = (await store.history(a.id, { limit: 1 }))[0].at;
    await new Promise(r => setTimeout(r, 5));
    await store.updateRecord(a.id, { version: 1, spec: { hostname: 'a', cpu: 2 } }, { actor: 'user:default/bob' });

    expect((await store.searchHistory({ limit: 10 })).map(c => c.name)).toEqual(['a', 'dc', 'a']);
    expect((await store.searchHistory({ limit: 10, kind: 'Datacenter' })).map(c => c.recordId)).toEqual([b.id]);
    expect((await store.searchHistory({ limit: 10, actor: 'user:default/bob' })).map(c => c.action)).toEqual([
      'update',
    ]);
    expect((await store.searchHistory({ limit: 10, action: 'create', to: firstAt })).map(c => c.name)).toEqual(['a']);
    const all = await store.searchHistory({ limit: 10 });
    expect((await store.searchHistory({ limit: 10, beforeSeq: all[0].seq })).map(c => c.name)).toEqual(['dc', 'a']);

    expect(await store.recordAsOf(a.id, firstAt)).toMatchObject({ status: 'found', record: { spec: { cpu: 1 } } });
    expect(await store.recordAsOf(a.id, new Date().toISOString())).toMatchObject({ record: { spec: { cpu: 2 } } });
    expect(await store.recordAsOf(a.id, '2000-01-01T00:00:00.000Z')).toEqual({ status: 'absent' });
    expect((await store.getChange(all[0].seq))?.after?.version).toBe(2);
  });

  it("prunes old history but keeps every record's latest change", async () => {
    const { store } = await createStore();
    const a = await store.createRecord(server('a'), alice);
    await store.updateRecord(a.id, { version: 1, spec: { hostname: 'a', cpu: 2 } }, alice);
    await store.updateRecord(a.id, { version: 2, spec: { hostname: 'a', cpu: 3 } }, alice);
    const b = await store.createRecord(server('b'), alice);
    const deleted = await store.pruneHistory(new Date(Date.now() + 60_000).toISOString());
    expect(deleted).toBe(2);
    expect((await store.history(a.id, { limit: 10 })).map(c => c.after?.version)).toEqual([3]);
    expect(await store.history(b.id, { limit: 10 })).toHaveLength(1);
    expect(await store.pruneHistory('2000-01-01T00:00:00.000Z')).toBe(0);
  });

  it('upserts many records in one transaction: creates, updates, skips unchanged, all or nothing', async () => {
    const { store, knex } = await createStore();
    const rows = Array.from({ length: 1200 }, (_, i) =>
      server(`host-${i}`, { cpu: 1, ipv4Private: `10.1.${i >> 8}.${i & 255}` }),
    );
    const first = await store.upsertRecords(rows, { actor: 'maestro:discovery/test', source: 'discovery/test' });
    expect(first).toMatchObject({ created: 1200, updated: 0, unchanged: 0 });
    expect((await store.listRecords({ limit: 1, kind: 'Server' })).totalCount).toBe(1200);
    expect(await store.findByKey({ kind: 'Server', key: 'ipv4Private', value: '10.1.4.175' })).toEqual([
      { id: first.rows[1199].id, name: 'host-1199' },
    ]);

    // key order in spec does not matter for "unchanged"
    const again = rows.map((r, i) =>
      i === 7
        ? server('host-7', { cpu: 2, ipv4Private: '10.1.0.7' })
        : { ...r, spec: { ipv4Private: (r.spec as any).ipv4Private, cpu: 1, hostname: r.spec.hostname } },
    );
    const second = await store.upsertRecords(again, { actor: 'maestro:discovery/test' });
    expect(second).toMatchObject({ created: 0, updated: 1, unchanged: 1199 });
    const host7 = await store.getRecord(first.rows[7].id);
    expect(host7).toMatchObject({ version: 2, spec: { cpu: 2 }, source: 'discovery/test' });
    expect(Number((await knex('maestro_changes').count({ n: '*' }))[0].n)).toBe(1201);

    // a failing import writes nothing
    await expect(store.upsertRecords([server('new-1'), server('new-1')], { actor: 'x' })).rejects.toMatchObject({
      name: 'ConflictError',
    });
    expect(await store.findByNames('Server', ['new-1'])).toEqual([]);
    expect(Number((await knex('maestro_changes').count({ n: '*' }))[0].n)).toBe(1201);
  });

  it('merges discovered fields into a record, keeping hand-entered ones, and reactivates what is seen again', async () => {
    const { store } = await createStore();
    const crawler = { actor: 'maestro:discovery/aws-prod', source: 'discovery/aws-prod' };
    const [created] = (
      await store.upsertRecords(
        [{ ...server('i-1', { cpu: 2, ipv4Public: '1.2.3.4' }), mergeFields: ['hostname', 'cpu', 'ipv4Public'] }],
        crawler,
      )
    ).rows;
    // a person adds a role and changes the owner
    const edited = await store.updateRecord(
      created.id,
      {
        version: 1,
        owner: 'group:default/web',
        spec: { hostname: 'i-1.example.com', cpu: 2, ipv4Public: '1.2.3.4', role: 'web' },
      },
      alice,
    );
    expect(edited.version).toBe(2);
    // the crawler sees more cpu and no public ip any more: its fields follow AWS, the role and owner stay
    const merged = await store.upsertRecords(
      [{ ...server('i-1', { cpu: 4 }), mergeFields: ['hostname', 'cpu', 'ipv4Public'] }],
      crawler,
    );
    expect(merged).toMatchObject({ updated: 1 });
    expect(await store.getRecord(created.id)).toMatchObject({
      owner: 'group:default/web',
      spec: { hostname: 'i-1.example.com', cpu: 4, role: 'web' },
    });
    expect((await store.getRecord(created.id))!.spec).not.toHaveProperty('ipv4Public');
    // the same crawl again changes nothing
    expect(
      await store.upsertRecords(
        [{ ...server('i-1', { cpu: 4 }), mergeFields: ['hostname', 'cpu', 'ipv4Public'] }],
        crawler,
      ),
    ).toMatchObject({ updated: 0, unchanged: 1 });

    // deactivated in bulk (twice: the second call changes nothing), then seen again: restored, recorded
    expect(await store.setActiveMany([created.id, 'no-such-id'], false, crawler)).toEqual([created.id]);
    expect(await store.setActiveMany([created.id], false, crawler)).toEqual([]);
    expect(await store.findByKey({ kind: 'Server', key: 'hostname', value: 'i-1.example.com' })).toEqual([]);
    const back = await store.upsertRecords(
      [{ ...server('i-1', { cpu: 4 }), mergeFields: ['hostname', 'cpu'] }],
      crawler,
      { reactivate: true },
    );
    expect(back).toMatchObject({ updated: 1, reactivated: 1 });
    expect(await store.getRecord(created.id)).toMatchObject({ active: true });
    expect((await store.history(created.id, { limit: 10 })).map(c => [c.action, c.actor])).toEqual([
      ['restore', 'maestro:discovery/aws-prod'],
      ['delete', 'maestro:discovery/aws-prod'],
      ['update', 'maestro:discovery/aws-prod'],
      ['update', 'user:default/alice'],
      ['create', 'maestro:discovery/aws-prod'],
    ]);
    expect(await store.findByKey({ kind: 'Server', key: 'hostname', value: 'i-1.example.com' })).toHaveLength(1);
  });

  it('summarises environments and the most installed services of active servers', async () => {
    const { store } = await createStore();
    await store.createRecord(
      server('a', { environment: 'production', services: [{ name: 'nginx' }, { name: 'mysql', version: '8' }] }),
      alice,
    );
    await store.createRecord(server('b', { environment: 'production', services: [{ name: 'nginx' }] }), alice);
    await store.createRecord(server('c', { environment: 'staging' }), alice);
    const gone = await store.createRecord(
      server('d', { environment: 'staging', services: [{ name: 'nginx' }] }),
      alice,
    );
    await store.setActive(gone.id, false, { version: 1 }, alice);
    await store.createRecord(server('e'), alice);
    expect(await store.countBySpecField('Server', 'environment', 10)).toEqual([
      { value: 'production', count: 2 },
      { value: '(none)', count: 1 },
      { value: 'staging', count: 1 },
    ]);
    expect(await store.topServices(10)).toEqual([
      { value: 'nginx', count: 2 },
      { value: 'mysql', count: 1 },
    ]);
  });

  it('filters and sorts on top-level spec fields the same way on every engine', async () => {
    const { store } = await createStore();
    await store.createRecord(server('a', { environment: 'production', cpu: 4 }), alice);
    await store.createRecord(server('b', { environment: 'staging', cpu: 16 }), alice);
    await store.createRecord(server('c', { environment: 'production' }), alice);
    await store.createRecord(
      { kind: 'Volume', name: 'v', owner: 'group:default/platform', spec: { attachment: 'attached', encrypted: true } },
      alice,
    );
    const names = async (o: Partial<Parameters<typeof store.listRecords>[0]>) =>
      (await store.listRecords({ limit: 10, ...o })).items.map(r => r.name);
    expect(await names({ kind: 'Server', specEquals: { environment: 'production' } })).toEqual(['a', 'c']);
    expect(await names({ kind: 'Server', specEquals: { cpu: '16' } })).toEqual(['b']);
    expect(await names({ specEquals: { encrypted: 'true' } })).toEqual(['v']);
    expect(await names({ kind: 'Server', orderBy: 'spec.environment', order: 'desc' })).toEqual(['b', 'a', 'c']);
    // numbers sort as numbers when the field is numeric; a missing field sorts last in both directions
    expect(await names({ kind: 'Server', orderBy: 'spec.cpu', orderNumeric: true })).toEqual(['a', 'b', 'c']);
    expect(await names({ kind: 'Server', orderBy: 'spec.cpu', orderNumeric: true, order: 'desc' })).toEqual([
      'b',
      'a',
      'c',
    ]);
    await expect(
      store.listRecords({ limit: 1, specEquals: { "x'; drop table maestro_records; --": '1' } }),
    ).rejects.toMatchObject({ name: 'InputError' });
  });
});
