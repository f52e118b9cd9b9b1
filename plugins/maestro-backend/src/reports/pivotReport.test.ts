import { mockServices } from '@backstage/backend-test-utils';
import { describeEachDatabase, migrateTestDatabase } from '../__testUtils__/databases';
import { KnexInventoryStore } from '../records/KnexInventoryStore';
import { collectPivotRows, linksBetween, pivotCharts, runPivotReport } from './pivotReport';
import { storeRecordSource } from './singleReport';

jest.setTimeout(60_000);

const ctx = { actor: 'user:default/alice' };
const record = (kind: string, name: string, spec: Record<string, any>): any => ({
  kind,
  name,
  owner: 'group:default/platform',
  spec,
});

describeEachDatabase('pivot reports', (databases, databaseId) => {
  async function seeded() {
    const knex = await migrateTestDatabase(await databases.init(databaseId));
    const store = await KnexInventoryStore.create({ database: mockServices.database({ knex }) });
    await store.upsertRecords(
      [
        record('Client', 'acme', {}),
        record('Client', 'globex', {}),
        record('System', 'shop', { clients: ['client:default/acme'] }),
        record('System', 'crm', { clients: ['globex'] }),
        record('Component', 'shop-web', {
          type: 'service',
          system: 'system:default/shop',
          servers: ['web-1', 'web-2'],
        }),
        record('Component', 'shop-api', { type: 'service', system: 'shop', servers: ['server:default/db-1'] }),
        record('Component', 'crm-app', { type: 'service', system: 'crm', servers: ['crm-1'] }),
        record('Component', 'orphan', { type: 'service' }),
        record('Server', 'web-1', { hostname: 'web-1', environment: 'production' }),
        record('Server', 'web-2', { hostname: 'web-2', environment: 'staging' }),
        record('Server', 'db-1', { hostname: 'db-1', environment: 'production' }),
        record('Server', 'crm-1', { hostname: 'crm-1', environment: 'production' }),
      ],
      ctx,
    );
    return storeRecordSource(store, 3);
  }

  it('follows references in either direction and answers one row per path with the columns of every hop', async () => {
    const source = await seeded();
    const page = await runPivotReport(source, [
      { kind: 'Client', columns: ['name'] },
      { kind: 'System', columns: ['name'] },
      { kind: 'Component', columns: ['name'] },
      {
        kind: 'Server',
        columns: ['name', 'spec.environment'],
        filters: [{ field: 'spec.environment', op: 'eq', value: 'production' }],
      },
    ]);
    expect(page.columns).toEqual([
      'Client.name',
      'System.name',
      'Component.name',
      'Server.name',
      'Server.spec.environment',
    ]);
    expect(page.rows.map(r => r.values)).toEqual([
      ['acme', 'shop', 'shop-api', 'db-1', 'production'],
      ['acme', 'shop', 'shop-web', 'web-1', 'production'],
      ['globex', 'crm', 'crm-app', 'crm-1', 'production'],
    ]);
    expect(page.totalCount).toBe(3);
    expect(page.rows[0].ids).toHaveLength(4);

    // a filter at a middle hop, and the first hop dropped
    const shopOnly = await runPivotReport(source, [
      { kind: 'System', columns: ['name'], filters: [{ field: 'name', op: 'eq', value: 'shop' }] },
      { kind: 'Component', columns: ['name'] },
      { kind: 'Server', columns: ['name'] },
    ]);
    expect(shopOnly.rows.map(r => r.values)).toEqual([
      ['shop', 'shop-api', 'db-1'],
      ['shop', 'shop-web', 'web-1'],
      ['shop', 'shop-web', 'web-2'],
    ]);

    // the charts of a pivot are those of the records its rows end at
    const viaApps = await collectPivotRows(source, [
      { kind: 'Component', columns: ['name'] },
      { kind: 'Server', columns: ['name'] },
    ]);
    const environment = pivotCharts(viaApps, 'Server').find(c => c.field === 'spec.environment');
    expect(environment?.points).toEqual([
      { label: 'production', count: 3 },
      { label: 'staging', count: 1 },
    ]);
  });

  it('refuses unlinked hops and bad filters at any hop, naming the hop', async () => {
    const source = await seeded();
    expect(linksBetween('Client', 'System')).toMatchObject([{ from: 'later', reference: { field: 'clients' } }]);
    expect(linksBetween('System', 'Component')).toMatchObject([
      { from: 'earlier', reference: { field: 'entryApplications' } },
      { from: 'later', reference: { field: 'system' } },
    ]);
    await expect(
      runPivotReport(source, [
        { kind: 'Client' },
        { kind: 'Server', filters: [{ field: 'spec.cpu', op: 'gt', value: 'x' }] },
      ]),
    ).rejects.toMatchObject({
      name: 'InputError',
      message: 'hops[1].filters[0].value: must be a number; hops[1].kind: no Maestro reference links Client and Server',
    });
    await expect(runPivotReport(source, [{ kind: 'Client' }])).rejects.toThrow('hops: must be a list of 2 to 6 hops');
    await expect(runPivotReport(source, [{ kind: 'Client' }, { kind: 'Nope' }])).rejects.toThrow(
      "hops[1].kind: unknown kind 'Nope'",
    );
  });
});
