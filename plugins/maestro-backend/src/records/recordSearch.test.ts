import path from 'node:path';
import { mockServices } from '@backstage/backend-test-utils';
import { describeEachDatabase } from '../__testUtils__/databases';
import { createTestStore } from '../__testUtils__/testStore';
import { KnexInventoryStore } from './KnexInventoryStore';
import { searchTextOf } from './searchText';

jest.setTimeout(60_000);

const alice = { actor: 'user:default/alice' };
const owner = 'group:default/platform';
const ARN = 'arn:aws:elasticloadbalancing:eu-west-1:123456789012:loadbalancer/app/orders/50dc6c495c0c9188';
const directory = path.resolve(__dirname, '../../migrations');
const BEFORE_SEARCH_TEXT = '202612061010';

describeEachDatabase('Inventory search (q)', (databases, databaseId) => {
  const createStore = () => createTestStore(databases, databaseId);
  const names = async (store: KnexInventoryStore, search: string, more: { kind?: string } = {}) =>
    (await store.listRecords({ search, limit: 50, ...more })).items.map(r => r.name);

  it('matches identifiers, provider ids and tags whatever the write path, an exact identifier first', async () => {
    const { store } = await createStore();
    await store.createRecord(
      {
        kind: 'Server',
        name: 'aws-123456789012-eu-west-1-i-0abc1234def567890',
        title: 'Orders API',
        owner,
        spec: {
          hostname: 'ip-10-0-1-13.eu-west-1.compute.internal',
          ipv4Private: '10.0.1.13',
          ipv4Public: '54.12.7.200',
          providerId: 'i-0abc1234def567890',
          tags: { CostCenter: 'Payments-42', Team: 'orders' },
        },
      },
      alice,
    );
    // through the bulk upsert (discovery and imports)
    await store.upsertRecords(
      [
        { kind: 'Server', name: 'a-near-miss', owner, spec: { hostname: 'n1', ipv4Private: '10.0.1.130' } },
        { kind: 'Server', name: 'b-other', owner, spec: { hostname: 'n2', ipv4Private: '110.0.1.13' } },
        {
          kind: 'LoadBalancer',
          name: 'orders-lb',
          owner,
          spec: { service: 'orders', endpoint: 'orders-lb-1234.eu-west-1.elb.amazonaws.com', providerId: ARN },
        },
        {
          kind: 'Server',
          name: 'openstack-vm',
          owner,
          spec: { hostname: 'vm', providerId: '3f2a9c1e-7b4d-4e8a-9c6f-1d2e3f4a5b6c' },
        },
        {
          kind: 'Storage',
          name: 'data-vol',
          owner,
          spec: { attachment: 'attached', providerId: 'vol-0fedcba9876543210' },
        },
      ],
      alice,
    );

    const server = 'aws-123456789012-eu-west-1-i-0abc1234def567890';
    // name-order would put a-near-miss and b-other first: the exact private IP ranks the server before them
    expect(await names(store, '10.0.1.13')).toEqual([server, 'a-near-miss', 'b-other']);
    expect(await names(store, '54.12.7.200')).toEqual([server]);
    expect(await names(store, 'I-0ABC1234DEF567890')).toEqual([server]);
    expect(await names(store, 'ip-10-0-1-13')).toEqual([server]);
    expect(await names(store, 'orders api')).toEqual([server]);
    expect(await names(store, 'costcenter')).toEqual([server]);
    expect(await names(store, 'payments-42')).toEqual([server]);
    expect(await names(store, ARN)).toEqual(['orders-lb']);
    expect(await names(store, 'loadbalancer/app/orders')).toEqual(['orders-lb']);
    expect(await names(store, 'elb.amazonaws.com')).toEqual(['orders-lb']);
    expect(await names(store, '3F2A9C1E-7B4D')).toEqual(['openstack-vm']);
    expect(await names(store, 'vol-0fedcba9876543210')).toEqual(['data-vol']);
    // a title, tag or name containing the term, none equal to it (a tag value never is): name order
    expect(await names(store, 'orders')).toEqual([server, 'orders-lb']);
    expect(await names(store, 'orders-lb')).toEqual(['orders-lb']);
    // LIKE wildcards and the search text's separators are literal / not matchable
    expect(await names(store, '10.0.1.1_')).toEqual([]);
    expect(await names(store, '10.0.%.13')).toEqual([]);
    expect(await names(store, '10.0.1.13\n')).toEqual([server, 'a-near-miss', 'b-other']);
    expect(await names(store, 'n1\nn2')).toEqual([]);
    // with other filters
    expect(await names(store, '10.0.1.13', { kind: 'LoadBalancer' })).toEqual([]);
    expect((await store.listRecords({ search: '10.0.1.13', limit: 1 })).totalCount).toBe(3);
  });

  it('follows every update: edits, multi-record writes and re-discovery', async () => {
    const { store } = await createStore();
    const web = await store.createRecord(
      { kind: 'Server', name: 'web', owner, spec: { hostname: 'web', ipv4Private: '10.9.0.1' } },
      alice,
    );
    const db = await store.createRecord(
      { kind: 'Server', name: 'db', owner, spec: { hostname: 'db', ipv4Private: '10.9.0.2' } },
      alice,
    );
    await store.updateRecord(web.id, { version: 1, title: 'Storefront' }, alice);
    expect(await names(store, 'storefront')).toEqual(['web']);
    expect(await names(store, '10.9.0.1')).toEqual(['web']); // a title-only patch keeps the spec's words

    await store.updateRecord(web.id, { version: 2, spec: { hostname: 'web', ipv4Private: '10.9.0.11' } }, alice);
    expect(await names(store, '10.9.0.11')).toEqual(['web']);
    expect(await names(store, 'storefront')).toEqual(['web']);

    await store.updateRecordsTogether(
      [{ id: db.id, version: 1, spec: { hostname: 'db', tags: { tier: 'data' } } }],
      alice,
    );
    expect(await names(store, '10.9.0.2')).toEqual([]);
    expect(await names(store, 'tier')).toEqual(['db']);

    await store.upsertRecords(
      [{ kind: 'Server', name: 'web', owner, spec: { hostname: 'web', ipv4Public: '203.0.113.5' } }],
      alice,
    );
    expect(await names(store, '10.9.0.11')).toEqual([]);
    expect(await names(store, '203.0.113.5')).toEqual(['web']);
  });

  it('back-fills the search text of records written before the migration, with the same rules as the store', async () => {
    const knex = await databases.init(databaseId);
    while ((await knex.migrate.currentVersion({ directory })) !== BEFORE_SEARCH_TEXT) {
      await knex.migrate.up({ directory });
    }
    const spec = {
      hostname: 'Legacy-01.Example.com',
      ipv4Private: '10.7.0.1',
      providerId: 'i-0legacy',
      tags: { Owner: 'Ops\tTeam' },
    };
    const at = '2026-01-01T00:00:00.000Z';
    await knex('maestro_records').insert({
      id: '0b7e4f6a-3c1d-4e8f-9a2b-5c6d7e8f9a0b',
      kind: 'Server',
      name: 'legacy-01',
      title: 'Legacy box',
      owner,
      spec: JSON.stringify(spec),
      version: 1,
      active: true,
      source: 'manual',
      created_at: at,
      updated_at: at,
      created_by: 'user:default/alice',
      updated_by: 'user:default/alice',
    });
    await knex.migrate.latest({ directory });
    const row = await knex('maestro_records').where({ name: 'legacy-01' }).first();
    expect(row.search_text).toBe(searchTextOf({ name: 'legacy-01', title: 'Legacy box', spec }));
    expect(row.search_text).toBe(
      '\nlegacy-01\nlegacy box\nlegacy-01.example.com\n10.7.0.1\ni-0legacy\n\towner\tops team',
    );
    const store = await KnexInventoryStore.create({ database: mockServices.database({ knex }) });
    expect(await names(store, '10.7.0.1')).toEqual(['legacy-01']);
  });
});
