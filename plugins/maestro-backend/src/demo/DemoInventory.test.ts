import { mockServices } from '@backstage/backend-test-utils';
import { ConfigReader } from '@backstage/config';
import { describeEachDatabase, migrateTestDatabase } from '../__testUtils__/databases';
import { buildBusinessGraph, serialiseBusinessGraph } from '../graphs/buildBusinessGraph';
import { graphMetrics } from '../graphs/graphMetrics';
import { InventoryService } from '../records/InventoryService';
import { KnexInventoryStore } from '../records/KnexInventoryStore';
import { storeRecordSource } from '../reports/singleReport';
import { DemoInventory } from './DemoInventory';

jest.setTimeout(60_000);

describeEachDatabase('DemoInventory', (databases, databaseId) => {
  it('seeds a valid inventory once, whose checkout system draws a business graph with protocols', async () => {
    const knex = await migrateTestDatabase(await databases.init(databaseId));
    const store = await KnexInventoryStore.create({ database: mockServices.database({ knex }) });
    const inventory = InventoryService.create({
      store,
      permissions: mockServices.permissions(),
      auditor: mockServices.auditor.mock(),
    });
    const demo = DemoInventory.fromConfig(new ConfigReader({ maestro: { demo: { enabled: true } } }), {
      store,
      inventory,
      logger: mockServices.logger.mock(),
    });
    const seeded = await demo.seedIfEmpty();
    expect(seeded).toBeGreaterThan(10);
    expect(await demo.seedIfEmpty()).toBe(0);

    const built = await buildBusinessGraph(storeRecordSource(store), {
      entry: { system: 'system:default/demo-checkout' },
      layers: { infrastructure: true, business: true },
    });
    const { nodes, edges } = serialiseBusinessGraph(built);
    const keys = nodes.map(n => n.key);
    expect(keys).toEqual(
      expect.arrayContaining([
        'client:default/demo-retail',
        'system:default/demo-checkout',
        'component:default/demo-checkout-web',
        'component:default/demo-shop-api',
        'component:default/demo-payments',
        'server:default/demo-web-02',
      ]),
    );
    // the shop API's system is defined in git (examples/entities.yaml): missing from the store alone; a dependency
    // on a database is drawn as that database
    expect(nodes.filter(n => n.missing).map(n => n.key)).toEqual(['system:default/demo-shop']);
    expect(nodes.find(n => n.key === 'database:default/demo-orders-db')).toMatchObject({ kind: 'Database' });
    expect(edges).toContainEqual({
      source: 'component:default/demo-checkout-web',
      target: 'component:default/demo-payments',
      kind: 'dependency',
      protocol: 'grpc',
    });
    const metrics = graphMetrics(built);
    expect(metrics.clients).toEqual(['client:default/demo-retail']);
    expect(metrics.depthHistogram[0]).toEqual({ depth: 0, count: 1 });
  });
});
