import { mockServices } from '@backstage/backend-test-utils';
import type { Knex } from 'knex';
import { describeEachDatabase, migrateTestDatabase } from '../__testUtils__/databases';
import { KnexInventoryStore } from '../records/KnexInventoryStore';
import { reportTrend, trendTimes } from './reportTrend';

jest.setTimeout(60_000);

const ctx = { actor: 'user:default/alice' };
const server = (name: string, environment: string) => ({
  kind: 'Server',
  name,
  owner: 'group:default/platform',
  spec: { hostname: name, environment },
});
/** Saturday 2026-12-05 noon: the points of a 4-week trend are Mondays 11-16, 11-23, 11-30 and this time. */
const NOW = Date.parse('2026-12-05T12:00:00.000Z');

/** Dates the changes written since the last call at `at` (the history's timestamps are the trend's clock). */
function clock(knex: Knex) {
  let lastSeq = 0;
  return async (at: string) => {
    await knex('maestro_changes').where('seq', '>', lastSeq).update({ at });
    const row = await knex('maestro_changes').max({ max: 'seq' }).first();
    lastSeq = Number(row?.max ?? 0);
  };
}

describeEachDatabase('the trend of a report over weeks', (databases, databaseId) => {
  it('counts the rows at the end of each week, per group, with creations, changes and deletions', async () => {
    const knex = await migrateTestDatabase(await databases.init(databaseId));
    const store = await KnexInventoryStore.create({ database: mockServices.database({ knex }) });
    const dated = clock(knex);
    const { rows } = await store.upsertRecords(
      [server('s1', 'production'), server('s2', 'staging'), server('s3', 'production')],
      ctx,
    );
    await dated('2026-11-10T09:00:00.000Z');
    await store.upsertRecords([server('s2', 'production'), server('s4', 'test')], ctx);
    await dated('2026-11-18T09:00:00.000Z');
    await store.setActiveMany([rows.find(r => r.name === 's3')!.id], false, ctx);
    await dated('2026-11-25T09:00:00.000Z');
    await store.upsertRecords([server('s1', 'staging')], ctx);
    await dated('2026-12-02T09:00:00.000Z');
    // a record created after the last point is not counted
    await store.upsertRecords([server('s5', 'test')], ctx);
    await dated('2026-12-06T09:00:00.000Z');

    const trend = await reportTrend(
      store,
      { kind: 'Server' },
      { weeks: 4, groupBy: 'spec.environment', now: NOW, pageSize: 2 },
    );
    expect(trend.points).toEqual([
      { at: '2026-11-16T00:00:00.000Z', total: 3, groups: { production: 2, staging: 1 } },
      { at: '2026-11-23T00:00:00.000Z', total: 4, groups: { production: 3, test: 1 } },
      { at: '2026-11-30T00:00:00.000Z', total: 3, groups: { production: 2, test: 1 } },
      { at: '2026-12-05T12:00:00.000Z', total: 3, groups: { production: 1, staging: 1, test: 1 } },
    ]);

    const production = await reportTrend(
      store,
      { kind: 'Server', filters: [{ field: 'spec.environment', op: 'eq', value: 'production' }] },
      { weeks: 4, now: NOW },
    );
    expect(production.points.map(p => p.total)).toEqual([2, 3, 2, 1]);
    expect(production.points[0]).not.toHaveProperty('groups');
    // the deleted server counts while it existed when inactive records are asked for
    const withDeleted = await reportTrend(store, { kind: 'Server', includeInactive: true }, { weeks: 4, now: NOW });
    expect(withDeleted.points.map(p => p.total)).toEqual([3, 4, 4, 4]);
  });

  it('refuses bad weeks and groupBy (400) and a first week before the retention watermark (410)', async () => {
    const knex = await migrateTestDatabase(await databases.init(databaseId));
    const store = await KnexInventoryStore.create({ database: mockServices.database({ knex }) });
    await expect(reportTrend(store, { kind: 'Server' }, { weeks: 53, now: NOW })).rejects.toMatchObject({
      name: 'InputError',
      message: 'weeks: must be a whole number from 1 to 52',
    });
    await expect(
      reportTrend(store, { kind: 'Server' }, { weeks: 4, groupBy: 'spec.cpu', now: NOW }),
    ).rejects.toMatchObject({
      name: 'InputError',
      message: "groupBy: 'spec.cpu' is not an enum, text or boolean field of Server",
    });
    await store.pruneHistory('2026-11-20T00:00:00.000Z');
    await expect(reportTrend(store, { kind: 'Server' }, { weeks: 4, now: NOW })).rejects.toMatchObject({
      name: 'HistoryPrunedError',
      statusCode: 410,
    });
    await expect(reportTrend(store, { kind: 'Server' }, { weeks: 2, now: NOW })).resolves.toEqual({
      points: [
        { at: '2026-11-30T00:00:00.000Z', total: 0 },
        { at: '2026-12-05T12:00:00.000Z', total: 0 },
      ],
    });
  });
});

describe('trend times', () => {
  it('ends each complete week on Monday 00:00 UTC and the last point now', () => {
    expect(trendTimes(1, NOW)).toEqual(['2026-12-05T12:00:00.000Z']);
    expect(trendTimes(3, Date.parse('2026-11-30T00:00:00.000Z'))).toEqual([
      '2026-11-23T00:00:00.000Z',
      '2026-11-30T00:00:00.000Z',
      '2026-11-30T00:00:00.000Z',
    ]);
  });
});
