import { mockServices } from '@backstage/backend-test-utils';
import { NotAllowedError } from '@backstage/errors';
import { describeEachDatabase, migrateTestDatabase } from '../__testUtils__/databases';
import { KnexInventoryStore } from './KnexInventoryStore';
import { StaleRecordsError } from './recordWrites';

jest.setTimeout(60_000);

const alice = { actor: 'user:default/alice', reason: 'wire the shop' };
const app = (name: string) => ({
  kind: 'Component',
  name,
  owner: 'group:default/platform',
  spec: { type: 'service', lifecycle: 'production' },
});

describeEachDatabase('KnexInventoryStore.updateRecordsTogether', (databases, databaseId) => {
  async function withApps(names: string[]) {
    const knex = await databases.init(databaseId);
    const store = await KnexInventoryStore.create({
      database: mockServices.database({ knex: await migrateTestDatabase(knex) }),
    });
    const records = [];
    for (const name of names) records.push(await store.createRecord(app(name), { actor: 'maestro:test' }));
    return { store, records };
  }
  const dependsOn = (ref: string) => ({ type: 'service', lifecycle: 'production', dependencies: [{ ref }] });
  /** Every record (version, spec) and the number of history entries: what a refused write must leave alone. */
  const stateOf = async (store: KnexInventoryStore) => ({
    records: (await store.listRecords({ limit: 100 })).items.map(r => [r.name, r.version, r.spec]),
    changes: (await store.searchHistory({ limit: 100 })).length,
  });

  it('writes every record in one transaction, each with its history entry and the reason', async () => {
    const { store, records } = await withApps(['a', 'b', 'c']);
    const [a, b, c] = records;
    const written = await store.updateRecordsTogether(
      [
        { id: c.id, version: 1, spec: dependsOn('a') },
        { id: a.id, version: 1, spec: dependsOn('b') },
        { id: b.id, version: 1, spec: dependsOn('c') },
      ],
      alice,
    );
    expect(written.map(r => [r.name, r.version])).toEqual([
      ['c', 2],
      ['a', 2],
      ['b', 2],
    ]);
    for (const record of records) {
      const [latest] = await store.history(record.id, { limit: 1 });
      expect(latest).toMatchObject({ action: 'update', actor: 'user:default/alice', reason: 'wire the shop' });
      expect(latest.before?.version).toBe(1);
    }
    expect((await store.getRecord(a.id))?.spec).toEqual(dependsOn('b'));
  });

  it('refuses the whole write when one record is stale, naming every stale one, and writes nothing', async () => {
    const { store, records } = await withApps(['a', 'b', 'c']);
    const [a, b, c] = records;
    await store.updateRecord(b.id, { version: 1, title: 'B' }, { actor: 'user:default/bob' });
    await store.updateRecord(c.id, { version: 1, title: 'C' }, { actor: 'user:default/bob' });
    const before = await stateOf(store);
    const write = store.updateRecordsTogether(
      [
        { id: a.id, version: 1, spec: dependsOn('b') },
        { id: b.id, version: 1, spec: dependsOn('c') },
        { id: c.id, version: 1, spec: dependsOn('a') },
      ],
      alice,
    );
    await expect(write).rejects.toThrow(StaleRecordsError);
    await expect(write).rejects.toMatchObject({
      records: [
        { id: b.id, kind: 'Component', name: 'b', version: 2, expected: 1 },
        { id: c.id, kind: 'Component', name: 'c', version: 2, expected: 1 },
      ],
    });
    expect(await stateOf(store)).toEqual(before);
    await expect(store.updateRecordsTogether([{ id: 'no-such-id', version: 1, spec: {} }], alice)).rejects.toThrow(
      /^id: no inventory record with id no-such-id/,
    );
  });

  it('rolls everything back when the check inside the transaction refuses, after seeing the records as read there', async () => {
    const { store, records } = await withApps(['a', 'b']);
    const before = await stateOf(store);
    const seen: string[] = [];
    await expect(
      store.updateRecordsTogether(
        records.map(r => ({ id: r.id, version: 1, spec: dependsOn('x') })),
        alice,
        {
          checkExisting: current => {
            seen.push(...current.map(r => `${r.name}@${r.version}`));
            throw new NotAllowedError('not allowed: maestro.inventory.update on Component b');
          },
        },
      ),
    ).rejects.toThrow('not allowed');
    expect(seen).toEqual(['a@1', 'b@1']);
    expect(await stateOf(store)).toEqual(before);
  });
});
