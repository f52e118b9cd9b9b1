import { buildBusinessGraph } from './buildBusinessGraph';
import { nodeImpact, whatBreaksIfServerFails } from './impact';
import { memoryRecordSource, smallEstate } from '../__testUtils__/graphEstate';

const c = (name: string) => `component:default/${name}`;
const app = (name: string, depth: number) => ({ key: c(name), kind: 'Component', depth });
const full = () =>
  buildBusinessGraph(memoryRecordSource(smallEstate()), {
    entry: { system: 'shop' },
    layers: { infrastructure: true, business: true },
  });

describe('impact', () => {
  it('lists who depends on a node and what it needs, transitively, through the cycle', async () => {
    const built = await buildBusinessGraph(memoryRecordSource(smallEstate()), { entry: { system: 'shop' } });
    expect(nodeImpact(built, c('orders'))).toEqual({
      key: c('orders'),
      upstream: [app('api', 1), app('billing', 1), app('web', 2)],
      downstream: [app('billing', 1), app('ledger', 2), app('archive', 3)],
    });
    expect(nodeImpact(built, c('web')).upstream).toEqual([]);
    expect(() => nodeImpact(built, c('nope'))).toThrow('node: not a node of the graph');
  });

  it('tells what breaks if a server fails: hosted apps, their dependents, systems, clients', async () => {
    const built = await full();
    expect(whatBreaksIfServerFails(built, 'server:default/srv1')).toEqual({
      server: 'server:default/srv1',
      applications: [app('api', 1), app('web', 1)],
      infrastructure: [
        { key: 'database:default/db1', kind: 'Database', depth: 1 },
        { key: 'loadbalancer:default/lb1', kind: 'LoadBalancer', depth: 1 },
      ],
      systems: [{ key: 'system:default/shop', kind: 'System', depth: 2 }],
      clients: [{ key: 'client:default/acme', kind: 'Client', depth: 3 }],
    });
    expect(whatBreaksIfServerFails(built, 'server:default/srv2')).toEqual({
      server: 'server:default/srv2',
      applications: [app('orders', 1), app('api', 2), app('billing', 2), app('web', 3)],
      infrastructure: [],
      systems: [{ key: 'system:default/shop', kind: 'System', depth: 3 }],
      clients: [{ key: 'client:default/acme', kind: 'Client', depth: 4 }],
    });
    expect(() => whatBreaksIfServerFails(built, c('web'))).toThrow('server: not a server of the graph');
    expect(() => whatBreaksIfServerFails(built, 'server:default/nope')).toThrow('server: not a node of the graph');
  });
});
