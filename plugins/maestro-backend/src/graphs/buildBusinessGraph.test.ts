import { buildBusinessGraph, serialiseBusinessGraph } from './buildBusinessGraph';
import { memoryRecordSource, record, smallEstate } from '../__testUtils__/graphEstate';

const c = (name: string) => `component:default/${name}`;
const source = () => memoryRecordSource(smallEstate());
const keysAt = (nodes: Array<{ key: string; depth: number }>) => nodes.map(n => `${n.key}@${n.depth}`);

describe('buildBusinessGraph', () => {
  it('follows the dependencies of a system entry applications breadth-first, with protocols', async () => {
    const built = await buildBusinessGraph(source(), { entry: { system: 'shop' } });
    const { entries, depth, nodes, edges } = serialiseBusinessGraph(built);
    expect(entries).toEqual([c('web')]);
    expect(depth).toBe(10);
    expect(keysAt(nodes)).toEqual([
      `${c('web')}@0`,
      `${c('api')}@1`,
      `${c('ghost')}@2`,
      `${c('orders')}@2`,
      `${c('billing')}@3`,
      `${c('ledger')}@4`,
      `${c('archive')}@5`,
    ]);
    expect(nodes[0]).toEqual({
      key: c('web'),
      kind: 'Component',
      name: 'web',
      family: 'application',
      system: 'system:default/shop',
      depth: 0,
    });
    // a dependency naming no active record is kept, marked missing, and not followed
    expect(nodes[2]).toEqual({
      key: c('ghost'),
      kind: 'Component',
      name: 'ghost',
      family: 'application',
      depth: 2,
      missing: true,
    });
    expect(edges).toEqual([
      { source: c('api'), target: c('ghost'), kind: 'dependency' },
      { source: c('api'), target: c('orders'), kind: 'dependency', protocol: 'grpc' },
      { source: c('billing'), target: c('ledger'), kind: 'dependency' },
      { source: c('billing'), target: c('orders'), kind: 'dependency', protocol: 'rest' },
      { source: c('ledger'), target: c('archive'), kind: 'dependency' },
      { source: c('orders'), target: c('billing'), kind: 'dependency', protocol: 'amqp' },
      { source: c('web'), target: c('api'), kind: 'dependency', protocol: 'rest' },
    ]);
  });

  it('stops at the depth asked', async () => {
    const two = serialiseBusinessGraph(await buildBusinessGraph(source(), { entry: { system: 'shop' }, depth: 2 }));
    expect(keysAt(two.nodes)).toEqual([`${c('web')}@0`, `${c('api')}@1`, `${c('ghost')}@2`, `${c('orders')}@2`]);
    expect(two.edges.map(e => `${e.source}>${e.target}`)).toEqual([
      `${c('api')}>${c('ghost')}`,
      `${c('api')}>${c('orders')}`,
      `${c('web')}>${c('api')}`,
    ]);
    const zero = serialiseBusinessGraph(await buildBusinessGraph(source(), { entry: { system: 'shop' }, depth: 0 }));
    expect(keysAt(zero.nodes)).toEqual([`${c('web')}@0`]);
    expect(zero.edges).toEqual([]);
  });

  it('starts from a client (its systems) or from applications', async () => {
    const fromClient = await buildBusinessGraph(source(), { entry: { client: 'client:acme' } });
    expect(fromClient.entries).toEqual([c('web')]);
    expect(fromClient.graph.order).toBe(7);
    const fromApps = serialiseBusinessGraph(
      await buildBusinessGraph(source(), { entry: { applications: ['Orders'] } }),
    );
    expect(keysAt(fromApps.nodes)).toEqual([
      `${c('orders')}@0`,
      `${c('billing')}@1`,
      `${c('ledger')}@2`,
      `${c('archive')}@3`,
    ]);
  });

  it('draws the infrastructure and business layers when asked', async () => {
    const built = await buildBusinessGraph(source(), {
      entry: { system: 'shop' },
      layers: { infrastructure: true, business: true },
    });
    const { nodes, edges } = serialiseBusinessGraph(built);
    expect(nodes.filter(n => n.kind !== 'Component').map(n => `${n.key}@${n.depth}`)).toEqual([
      'client:default/acme@0',
      'database:default/db1@0',
      'loadbalancer:default/lb1@0',
      'server:default/srv1@0',
      'system:default/shop@0',
      'volume:default/vol1@0',
      'server:default/srv2@2',
    ]);
    expect(edges.filter(e => e.kind !== 'dependency').map(e => `${e.source}>${e.target}:${e.kind}`)).toEqual([
      `client:default/acme>system:default/shop:client`,
      `${c('api')}>server:default/srv1:runsOn`,
      `${c('orders')}>server:default/srv2:runsOn`,
      `${c('web')}>server:default/srv1:runsOn`,
      `database:default/db1>server:default/srv1:runsOn`,
      `loadbalancer:default/lb1>server:default/srv1:targets`,
      'server:default/srv1>volume:default/vol1:attached',
      `system:default/shop>${c('api')}:contains`,
      `system:default/shop>${c('web')}:entry`,
      'system:default/shop>database:default/db1:contains',
    ]);
    // lonely runs on srv2 but is not linked to the entries: not drawn
    expect(built.graph.hasNode(c('lonely'))).toBe(false);

    const infraOnly = await buildBusinessGraph(source(), {
      entry: { system: 'shop' },
      layers: { infrastructure: true },
    });
    expect(infraOnly.graph.order).toBe(12);
    expect(infraOnly.graph.hasNode('system:default/shop')).toBe(false);
    const businessOnly = await buildBusinessGraph(source(), { entry: { system: 'shop' }, layers: { business: true } });
    expect(businessOnly.graph.nodes().filter(k => !k.startsWith('component:'))).toEqual([
      'system:default/shop',
      'client:default/acme',
    ]);
  });

  it('refuses bad queries with a 400 naming the field', async () => {
    const run = (query: any) => buildBusinessGraph(source(), query);
    await expect(run({ entry: { system: 'shop' }, depth: 51 })).rejects.toThrow(/^depth: an integer from 0 to 50$/);
    await expect(run({ entry: { system: 'shop' }, depth: 1.5 })).rejects.toThrow(/depth:/);
    await expect(run({ entry: {} })).rejects.toThrow(/^entry: exactly one of/);
    await expect(run({ entry: { system: 'shop', client: 'acme' } })).rejects.toThrow(/^entry: exactly one of/);
    await expect(run({ entry: { applications: [] } })).rejects.toThrow(/^entry: applications/);
    await expect(run({ entry: { system: 'nope' } })).rejects.toThrow("entry: no active system 'nope'");
    await expect(run({ entry: { client: 'nobody' } })).rejects.toThrow(
      "entry: no active system serves client 'nobody'",
    );
    await expect(run({ entry: { applications: ['server:srv1'] } })).rejects.toThrow(
      "entry: 'server:srv1' is not an application",
    );
    await expect(run({ entry: { applications: ['component:'] } })).rejects.toThrow(
      "entry: 'component:' is not a valid ref",
    );
    await expect(run({ entry: { system: 'nope' } })).rejects.toMatchObject({ name: 'InputError' });
  });

  it('keeps a self-dependency as a self-loop', async () => {
    const estate = [record('Component', 'selfish', { dependencies: [{ ref: 'selfish' }] })];
    const built = await buildBusinessGraph(memoryRecordSource(estate), { entry: { applications: ['selfish'] } });
    expect(serialiseBusinessGraph(built).edges).toEqual([
      { source: c('selfish'), target: c('selfish'), kind: 'dependency' },
    ]);
  });
});
