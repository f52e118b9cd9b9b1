import { memoryRecordSource, record, smallEstate } from '../__testUtils__/graphEstate';
import { generateGraphView, graphOfView, nodeSizeOf } from './generateGraphView';
import { validateGraphDefinition } from './graphDefinition';
import { buildEstateGraph, compareGraphViews, neighbourhoodOf } from './graphNeighbourhood';
import { nodeImpact } from './impact';

const c = (name: string) => `component:default/${name}`;
const source = () => memoryRecordSource(smallEstate());
const define = (body: object) => validateGraphDefinition({ name: 'g', ...body });
const at = { now: () => new Date('2026-12-01T10:00:00Z') };

describe('validateGraphDefinition', () => {
  it('fills the defaults and writes entity refs in full', () => {
    expect(validateGraphDefinition({ name: ' Shop ', entry: { system: 'shop' } })).toEqual({
      name: 'Shop',
      entry: { system: 'system:default/shop' },
      depth: 10,
      layers: { infrastructure: false, business: false },
    });
    expect(define({ entry: { applications: ['web', 'resource:default/db'] }, layers: { business: true } })).toEqual({
      name: 'g',
      entry: { applications: ['component:default/web', 'resource:default/db'] },
      depth: 10,
      layers: { infrastructure: false, business: true },
    });
  });

  it.each([
    [{ entry: { system: 'shop' }, depth: 0 }, 'depth: must be an integer from 1 to 50 (got 0)'],
    [{ entry: { system: 'shop' }, depth: 51 }, 'depth: must be an integer from 1 to 50 (got 51)'],
    [{ entry: { system: 'shop' }, depth: 'x' }, 'depth: must be an integer from 1 to 50 (got "x")'],
    [{ entry: { system: 'shop' }, depth: 2.5 }, 'depth: must be an integer from 1 to 50 (got 2.5)'],
    [
      { entry: { system: 'shop', client: 'acme' } },
      'entry: exactly one of system, client or applications (got system, client)',
    ],
    [{ entry: {} }, 'entry: exactly one of system, client or applications (got none)'],
    [{ entry: 'shop' }, 'entry: must be an object with exactly one of system, client or applications'],
    [{ entry: { system: 'component:default/web' } }, "entry.system: 'component:default/web' is not a System ref"],
    [{ entry: { client: '' } }, 'entry.client: must be an entity ref such as client:default/name'],
    [{ entry: { applications: [] } }, 'entry.applications: must be a list of 1 to 1000 application refs'],
    [
      { entry: { applications: ['web', 'server:default/x'] } },
      "entry.applications[1]: 'server:default/x' is not a Component or Resource ref",
    ],
    [{ entry: { system: 'shop' }, layers: { infra: true } }, 'layers.infra: is not a layer (infrastructure, business)'],
    [{ entry: { system: 'shop' }, layers: { business: 'yes' } }, 'layers.business: must be true or false'],
    [{ entry: { system: 'shop' }, colour: 'red' }, 'colour: is not a field of a graph'],
  ])('refuses %j naming the field', (body, message) => {
    expect(() => define(body)).toThrow(message);
  });

  it('requires a name of at most 200 characters, except for a preview', () => {
    expect(() => validateGraphDefinition({ entry: { system: 'shop' } })).toThrow('name: is required');
    expect(() => validateGraphDefinition({ name: '  ', entry: { system: 'shop' } })).toThrow('name: is required');
    expect(() => define({ name: 'x'.repeat(201), entry: { system: 'shop' } })).toThrow('name: at most 200 characters');
    expect(validateGraphDefinition({ entry: { system: 'shop' } }, { requireName: false }).entry).toEqual({
      system: 'system:default/shop',
    });
  });
});

describe('generateGraphView', () => {
  it('builds, measures and lays out a system graph with both layers', async () => {
    const definition = define({
      entry: { system: 'shop' },
      depth: 2,
      layers: { infrastructure: true, business: true },
    });
    const view = await generateGraphView(definition, { source: source(), ...at });
    expect(view.entries).toEqual([c('web')]);
    expect(view.generatedAt).toBe('2026-12-01T10:00:00.000Z');
    expect(view.asOf).toBeUndefined();
    const keys = view.nodes.map(n => n.key).sort();
    expect(keys).toEqual(
      [
        'client:default/acme',
        c('api'),
        c('ghost'),
        c('orders'),
        c('web'),
        'database:default/db1',
        'loadbalancer:default/lb1',
        'server:default/srv1',
        'server:default/srv2',
        'system:default/shop',
        'volume:default/vol1',
      ].sort(),
    );
    expect(view.metrics).toMatchObject({
      nodes: 11,
      edges: view.edges.length,
      depthHistogram: [
        { depth: 0, count: 1 },
        { depth: 1, count: 1 },
        { depth: 2, count: 2 },
      ],
      systems: ['system:default/shop'],
      clients: ['client:default/acme'],
    });
    expect(view.metrics.density).toBeCloseTo(view.edges.length / (11 * 10));
    // every node placed inside the drawing, sized from its label; every edge drawn from its source
    for (const node of view.nodes) {
      expect(node.x - node.width / 2).toBeGreaterThanOrEqual(0);
      expect(node.x + node.width / 2).toBeLessThanOrEqual(view.width);
      expect(node.width).toBe(nodeSizeOf(node).width);
    }
    const web = view.nodes.find(n => n.key === c('web'))!;
    const dependency = view.edges.find(e => e.key === `${c('web')}->${c('api')}`)!;
    expect(dependency).toMatchObject({ source: c('web'), target: c('api'), kind: 'dependency', protocol: 'rest' });
    expect(dependency.points[0]).toEqual({ x: web.x, y: web.y + web.height / 2 });
    // the view survives JSON and gives the same impact analysis
    const again = graphOfView(JSON.parse(JSON.stringify(view)));
    expect(nodeImpact(again, c('api')).upstream.map(i => i.key)).toEqual([
      c('web'),
      'system:default/shop',
      'client:default/acme',
    ]);
  });

  it('names the unknown entry: system, client, or each application', async () => {
    const generate = (entry: object) =>
      generateGraphView(define({ entry }), { source: source(), asOf: '2026-01-01T00:00:00.000Z' });
    await expect(generate({ system: 'nope' })).rejects.toThrow(
      "entry.system: no active system 'system:default/nope' at 2026-01-01T00:00:00.000Z",
    );
    await expect(generate({ client: 'nobody' })).rejects.toThrow(
      "entry.client: no active system serves client 'client:default/nobody'",
    );
    await expect(generate({ applications: ['web', 'ghost', 'gone'] })).rejects.toThrow(
      "entry.applications[1]: no active application 'component:default/ghost' at 2026-01-01T00:00:00.000Z; " +
        "entry.applications[2]: no active application 'component:default/gone'",
    );
    const view = await generate({ client: 'acme' });
    expect(view.entries).toEqual([c('web')]);
    expect(view.asOf).toBe('2026-01-01T00:00:00.000Z');
  });

  it('refuses a graph over the node cap with a 400 naming depth', async () => {
    const definition = define({ entry: { system: 'shop' } });
    await expect(generateGraphView(definition, { source: source(), maxNodes: 3 })).rejects.toMatchObject({
      name: 'InputError',
      message: 'depth: the graph has 7 nodes, more than the 3 a graph may have; lower depth or narrow entry',
    });
  });
});

describe('neighbourhoods and comparisons', () => {
  it('cuts the neighbourhood of a server from the whole estate, either way', async () => {
    const estate = await buildEstateGraph(source());
    // every active application is in the estate, the inactive one is not
    expect(estate.graph.hasNode(c('lonely'))).toBe(true);
    expect(estate.graph.hasNode(c('gone'))).toBe(false);
    const one = neighbourhoodOf(estate, 'server:default/srv2', 1)!;
    expect(one.graph.nodes().sort()).toEqual([c('lonely'), c('orders'), 'server:default/srv2']);
    expect(one.graph.getNodeAttribute('server:default/srv2', 'depth')).toBe(0);
    const two = neighbourhoodOf(estate, 'server:default/srv2', 2)!;
    expect(two.graph.nodes().sort()).toEqual([c('api'), c('billing'), c('lonely'), c('orders'), 'server:default/srv2']);
    expect(two.graph.getNodeAttribute(c('api'), 'depth')).toBe(2);
    // every edge between kept nodes, none to a node left out
    expect(two.graph.hasEdge(c('api'), c('orders'))).toBe(true);
    expect(two.graph.size).toBe(5);
    expect(neighbourhoodOf(estate, 'server:default/nope', 2)).toBeUndefined();
  });

  it('lists nodes and edges added and removed, an absent generation being empty', async () => {
    const definition = define({ entry: { system: 'shop' }, depth: 1 });
    const before = await generateGraphView(definition, { source: source() });
    const later = smallEstate().map(r =>
      r.name === 'web'
        ? record('Component', 'web', { ...r.spec, dependencies: [{ ref: 'api', protocol: 'grpc' }, { ref: 'lonely' }] })
        : r,
    );
    const after = await generateGraphView(definition, { source: memoryRecordSource(later) });
    const diff = compareGraphViews(before, after, { from: 'a', to: 'b' });
    expect(diff.nodes).toEqual({
      added: [{ key: c('lonely'), kind: 'Component', name: 'lonely', family: 'application', depth: 1 }],
      removed: [],
    });
    expect(diff.edges).toEqual({
      added: [
        { source: c('web'), target: c('api'), kind: 'dependency', protocol: 'grpc' },
        { source: c('web'), target: c('lonely'), kind: 'dependency' },
      ],
      removed: [{ source: c('web'), target: c('api'), kind: 'dependency', protocol: 'rest' }],
    });
    expect(diff.counts).toEqual({ from: { nodes: 2, edges: 1 }, to: { nodes: 3, edges: 2 } });
    expect(compareGraphViews(undefined, after, { from: 'a', to: 'b' }).nodes.added).toHaveLength(3);
  });
});
