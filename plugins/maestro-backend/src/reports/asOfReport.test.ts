import { mockServices } from '@backstage/backend-test-utils';
import { describeEachDatabase, migrateTestDatabase } from '../__testUtils__/databases';
import { KnexInventoryStore } from '../records/KnexInventoryStore';
import { asOfRecordSource } from './asOfSource';
import { compareReports } from './compareReports';
import { prepareSingleReport, runSingleReport, storeRecordSource } from './singleReport';

jest.setTimeout(60_000);

const ctx = { actor: 'user:default/alice' };
const server = (name: string, cpu: number) => ({
  kind: 'Server',
  name,
  owner: 'group:default/platform',
  spec: { hostname: name, cpu },
});
const tick = () => new Promise(resolve => setTimeout(resolve, 5));

describeEachDatabase('reports as of a past time', (databases, databaseId) => {
  it('answers the inventory as it was: later creations absent, later edits and deletions undone', async () => {
    const knex = await migrateTestDatabase(await databases.init(databaseId));
    const store = await KnexInventoryStore.create({ database: mockServices.database({ knex }) });
    const { rows } = await store.upsertRecords([server('kept', 2), server('edited', 4), server('deleted', 8)], ctx);
    const id = (name: string) => rows.find(r => r.name === name)!.id;
    await tick();
    const then = new Date().toISOString();
    await tick();
    await store.upsertRecords([server('edited', 16), server('created-later', 32)], ctx);
    await store.setActiveMany([id('deleted')], false, ctx);
    await store.upsertRecords([server('edited', 64)], ctx);

    const query = { kind: 'Server', columns: ['name', 'spec.cpu'], sort: { field: 'name' } };
    const past = await runSingleReport(await asOfRecordSource(store, then, { pageSize: 2 }), query);
    expect(past.rows.map(r => r.values)).toEqual([
      ['deleted', 8],
      ['edited', 4],
      ['kept', 2],
    ]);
    const now = await runSingleReport(await asOfRecordSource(store, new Date().toISOString()), query);
    expect(now.rows.map(r => r.values)).toEqual([
      ['created-later', 32],
      ['edited', 64],
      ['kept', 2],
    ]);
    const beforeEverything = await runSingleReport(await asOfRecordSource(store, '2020-01-01'), query);
    expect(beforeEverything.totalCount).toBe(0);

    // then against now: one added, one removed (deleted since), one changed in spec.cpu only
    const diff = await compareReports(
      prepareSingleReport(query),
      await asOfRecordSource(store, then),
      storeRecordSource(store),
    );
    expect(diff.added.map(r => r.values)).toEqual([['created-later', 32]]);
    expect(diff.removed.map(r => r.values)).toEqual([['deleted', 8]]);
    expect(diff.changed).toEqual([
      { id: id('edited'), values: ['edited', 64], before: ['edited', 4], changedColumns: ['spec.cpu'] },
    ]);
    expect(diff.counts).toEqual({ before: 3, after: 3, added: 1, removed: 1, changed: 1, unchanged: 1 });
  });

  it('refuses a time that is not a date (400) or before the retention watermark (410)', async () => {
    const knex = await migrateTestDatabase(await databases.init(databaseId));
    const store = await KnexInventoryStore.create({ database: mockServices.database({ knex }) });
    await expect(asOfRecordSource(store, 'last tuesday')).rejects.toMatchObject({
      name: 'InputError',
      message: 'asOf: must be an ISO date (2026-11-05 or 2026-11-05T10:00:00Z)',
    });
    await store.pruneHistory('2026-01-01T00:00:00.000Z');
    await expect(asOfRecordSource(store, '2025-12-01')).rejects.toMatchObject({
      name: 'HistoryPrunedError',
      statusCode: 410,
    });
    await expect(asOfRecordSource(store, '2026-02-01')).resolves.toEqual(expect.any(Function));
  });
});
