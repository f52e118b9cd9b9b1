import { buildBusinessGraph } from './buildBusinessGraph';
import { graphMetrics } from './graphMetrics';
import { memoryRecordSource, record, smallEstate } from '../__testUtils__/graphEstate';

const c = (name: string) => `component:default/${name}`;

describe('graphMetrics', () => {
  it('counts, measures density and depths, and lists the cycle of the dependencies', async () => {
    const built = await buildBusinessGraph(memoryRecordSource(smallEstate()), { entry: { system: 'shop' } });
    const metrics = graphMetrics(built);
    expect(metrics.nodes).toBe(7);
    expect(metrics.edges).toBe(7);
    expect(metrics.density).toBeCloseTo(7 / 42, 10);
    expect(metrics.depthHistogram).toEqual([
      { depth: 0, count: 1 },
      { depth: 1, count: 1 },
      { depth: 2, count: 2 },
      { depth: 3, count: 1 },
      { depth: 4, count: 1 },
      { depth: 5, count: 1 },
    ]);
    expect(metrics.cycles).toEqual([[c('billing'), c('orders')]]);
    expect({ ...metrics.byKind }).toEqual({ Component: 7 });
    expect({ ...metrics.bySystem }).toEqual({ 'system:default/shop': 2 });
    expect(metrics.applications).toEqual(['api', 'archive', 'billing', 'ghost', 'ledger', 'orders', 'web'].map(c));
    expect(metrics.clients).toEqual([]);
  });

  it('counts by server, client, system and family with both layers', async () => {
    const built = await buildBusinessGraph(memoryRecordSource(smallEstate()), {
      entry: { system: 'shop' },
      layers: { infrastructure: true, business: true },
    });
    const metrics = graphMetrics(built);
    expect(metrics.nodes).toBe(14);
    expect(metrics.edges).toBe(17);
    expect(metrics.density).toBeCloseTo(17 / (14 * 13), 10);
    expect({ ...metrics.byServer }).toEqual({ 'server:default/srv1': 2, 'server:default/srv2': 1 });
    expect({ ...metrics.byClient }).toEqual({ 'client:default/acme': 2 });
    expect({ ...metrics.byKind }).toEqual({
      Component: 7,
      Server: 2,
      Volume: 1,
      Database: 1,
      LoadBalancer: 1,
      System: 1,
      Client: 1,
    });
    expect(metrics.byFamily.application).toBe(7);
    expect(metrics.clients).toEqual(['client:default/acme']);
    expect(metrics.systems).toEqual(['system:default/shop']);
    // the layers add no cycle: every edge points from what depends to what it needs
    expect(metrics.cycles).toEqual([[c('billing'), c('orders')]]);
  });

  it('lists self-loops, gives density 0 below two nodes, and keys __proto__ safely', async () => {
    const estate = [record('Component', '__proto__', { system: '__proto__', dependencies: [{ ref: '__proto__' }] })];
    const built = await buildBusinessGraph(memoryRecordSource(estate), { entry: { applications: ['__proto__'] } });
    const metrics = graphMetrics(built);
    expect(metrics.cycles).toEqual([[c('__proto__')]]);
    expect(metrics.density).toBe(0);
    expect(metrics.bySystem['system:default/__proto__']).toBe(1);
    expect(({} as any).polluted).toBeUndefined();
  });
});
