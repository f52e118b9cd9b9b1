import { mockServices } from '@backstage/backend-test-utils';
import { describeEachDatabase, migrateTestDatabase } from '../__testUtils__/databases';
import { KnexInventoryStore } from '../records/KnexInventoryStore';
import { defaultColumns, runSingleReport, storeRecordSource } from './singleReport';

jest.setTimeout(60_000);

const ctx = { actor: 'user:default/alice' };
const server = (name: string, spec: Record<string, unknown>) => ({
  kind: 'Server',
  name,
  owner: 'group:default/platform',
  spec: { hostname: name, ...spec },
});

describeEachDatabase('single reports over the store', (databases, databaseId) => {
  async function seeded() {
    const knex = await migrateTestDatabase(await databases.init(databaseId));
    const store = await KnexInventoryStore.create({ database: mockServices.database({ knex }) });
    const { rows } = await store.upsertRecords(
      [
        server('web-1', { cpu: 4, environment: 'production', services: [{ name: 'nginx' }] }),
        server('web-2', { cpu: 8, environment: 'production', services: [{ name: 'nginx' }, { name: 'node' }] }),
        server('db-1', { cpu: 16, environment: 'production' }),
        server('test-1', { cpu: 2, environment: 'staging', services: [{ name: 'nginx' }] }),
        server('gone-1', { cpu: 32, environment: 'production', services: [{ name: 'nginx' }] }),
        server('bare-1', { environment: 'production' }),
        { kind: 'Datacenter', name: 'dc-1', owner: 'group:default/platform', spec: { provider: 'aws' } },
      ],
      ctx,
    );
    await store.setActiveMany([rows.find(r => r.name === 'gone-1')!.id], false, ctx);
    // pages of 2 records: the report reads the kind in several keyset pages
    return storeRecordSource(store, 2);
  }

  it('keeps the records every filter holds for, sorted, with the chosen columns and the total', async () => {
    const source = await seeded();
    const page = await runSingleReport(source, {
      kind: 'Server',
      filters: [
        { field: 'spec.environment', op: 'eq', value: 'production' },
        { field: 'spec.services.name', op: 'anyOf', value: ['nginx'] },
      ],
      columns: ['name', 'spec.cpu', 'spec.services.name'],
      sort: { field: 'spec.cpu', direction: 'desc' },
    });
    expect(page.columns).toEqual(['name', 'spec.cpu', 'spec.services.name']);
    expect(page.rows.map(r => r.values)).toEqual([
      ['web-2', 8, ['nginx', 'node']],
      ['web-1', 4, ['nginx']],
    ]);
    expect(page.totalCount).toBe(2);
    expect(page.charts).toBeUndefined();
    // the store applies the eq filter itself: only the active production servers are read (not the deleted one,
    // not the staging one)
    expect(page.scanned).toBe(4);
  });

  it('includes inactive records when asked or when a filter is on active, pages, and sorts missing values last', async () => {
    const source = await seeded();
    const all = await runSingleReport(source, {
      kind: 'Server',
      includeInactive: true,
      columns: ['name'],
      sort: { field: 'spec.cpu' },
    });
    expect(all.rows.map(r => r.values[0])).toEqual(['test-1', 'web-1', 'web-2', 'db-1', 'gone-1', 'bare-1']);
    const desc = await runSingleReport(source, {
      kind: 'Server',
      columns: ['name'],
      sort: { field: 'spec.cpu', direction: 'desc' },
    });
    expect(desc.rows.map(r => r.values[0])).toEqual(['db-1', 'web-2', 'web-1', 'test-1', 'bare-1']);
    const deleted = await runSingleReport(source, {
      kind: 'Server',
      filters: [{ field: 'active', op: 'is', value: false }],
    });
    expect(deleted.rows.map(r => r.values[0])).toEqual(['gone-1']);
    // a saved report says "active and inactive" with a filter that every record holds
    const both = await runSingleReport(source, { kind: 'Server', filters: [{ field: 'active', op: 'exists' }] });
    expect(both.totalCount).toBe(6);
    const second = await runSingleReport(source, { kind: 'Server', columns: ['name'], offset: 2, limit: 2 });
    expect(second.rows.map(r => r.values[0])).toEqual(['test-1', 'web-1']);
    expect(second.totalCount).toBe(5);
    // the charts are of the whole result, not of the page
    const charted = await runSingleReport(source, { kind: 'Server', limit: 1, charts: true });
    expect(charted.rows).toHaveLength(1);
    expect(charted.charts?.find(c => c.field === 'spec.environment')?.points).toEqual([
      { label: 'production', count: 4 },
      { label: 'staging', count: 1 },
    ]);
    const datacenters = await runSingleReport(source, { kind: 'Datacenter' });
    expect(datacenters.columns).toEqual(defaultColumns('Datacenter'));
    expect(datacenters.rows).toHaveLength(1);
  });

  it('refuses a bad query whole, naming every problem', async () => {
    const source = await seeded();
    await expect(
      runSingleReport(source, {
        kind: 'Server',
        columns: ['name', 'spec.nope'],
        sort: { field: 'spec.zzz', direction: 'up' as any },
        limit: 5000,
      }),
    ).rejects.toMatchObject({
      name: 'InputError',
      message:
        "columns[1]: 'spec.nope' is not a field of Server; sort.field: 'spec.zzz' is not a field of Server; " +
        "sort.direction: must be 'asc' or 'desc'; limit: must be a whole number from 1 to 1000",
    });
    await expect(
      runSingleReport(source, { kind: 'Server', filters: [{ field: 'spec.cpu', op: 'gt', value: 'x' }] }),
    ).rejects.toThrow('filters[0].value: must be a number');
  });
});
