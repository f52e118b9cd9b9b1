import { describeEachDatabase, migrateTestDatabase } from '../__testUtils__/databases';
import { estateView } from '../__testUtils__/graphViews';
import { GraphShareStore, hashShareToken, LAST_USED_RESOLUTION_MS } from './GraphShareStore';

describeEachDatabase('GraphShareStore', (databases, databaseId) => {
  it('opens a link by its token until it is revoked or expires; stores only the hash', async () => {
    const knex = await migrateTestDatabase(await databases.init(databaseId));
    let now = Date.parse('2026-12-06T10:00:00Z');
    const store = GraphShareStore.fromKnex(knex, { now: () => now });
    const view = await estateView();
    const { link, token } = await store.create({
      graphId: 'g1',
      mode: 'snapshot',
      snapshot: view,
      expiresAt: '2026-12-06T11:00:00.000Z',
      createdBy: 'user:default/alice',
    });
    expect(await store.open(token)).toEqual({
      id: link.id,
      graphId: 'g1',
      mode: 'snapshot',
      snapshotGeneratedAt: view.generatedAt,
    });
    expect((await store.snapshot(link.id))!.nodes.length).toBe(view.nodes.length);
    expect((await knex('maestro_graph_shares').first()).token_hash).toBe(hashShareToken(token));
    expect(await store.open(token.slice(0, -1))).toBeUndefined();
    expect(await store.open(`${token.slice(0, -1)}${token.endsWith('A') ? 'B' : 'A'}`)).toBeUndefined();
    now = Date.parse('2026-12-06T11:00:00Z');
    expect(await store.open(token)).toBeUndefined(); // expired at that instant

    const live = await store.create({ graphId: 'g1', mode: 'live', createdBy: 'user:default/bob' });
    expect(await store.snapshot(live.link.id)).toBeUndefined();
    const revoked = await store.revoke('g1', live.link.id, 'user:default/carol');
    expect(revoked).toMatchObject({ revokedBy: 'user:default/carol', revokedAt: new Date(now).toISOString() });
    now += 5000;
    // revoking again keeps the first revocation
    expect(await store.revoke('g1', live.link.id, 'user:default/dave')).toEqual(revoked);
    expect(await store.open(live.token)).toBeUndefined();
    await expect(store.revoke('g2', live.link.id, 'user:default/carol')).rejects.toThrow(/^shareId: /);
    expect((await store.list('g1')).map(l => l.id)).toEqual([live.link.id, link.id]);
    expect(await store.list('g2')).toEqual([]);
  });

  it('writes last use at most once a minute per link, once across racing replicas', async () => {
    const knex = await migrateTestDatabase(await databases.init(databaseId));
    let now = Date.parse('2026-12-06T10:00:00Z');
    const a = GraphShareStore.fromKnex(knex, { now: () => now });
    const b = GraphShareStore.fromKnex(knex, { now: () => now });
    const { link, token } = await a.create({ graphId: 'g1', mode: 'live', createdBy: 'user:default/alice' });
    expect(await Promise.all([a.touch(link.id), b.touch(link.id)])).toEqual(expect.arrayContaining([true, false]));
    expect((await a.open(token))!.lastUsedAt).toBe('2026-12-06T10:00:00.000Z');
    now += LAST_USED_RESOLUTION_MS - 1;
    expect(await b.touch(link.id)).toBe(false);
    now += 1;
    expect(await b.touch(link.id)).toBe(true);
    expect((await a.list('g1'))[0].lastUsedAt).toBe('2026-12-06T10:01:00.000Z');
  });
});
