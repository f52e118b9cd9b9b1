import { DirectedGraph } from 'graphology';
import { GraphLayout, layoutGraph } from './layeredLayout';
import { buildBusinessGraph } from './buildBusinessGraph';
import { memoryRecordSource, smallEstate } from '../__testUtils__/graphEstate';

function graphOf(nodes: string[], edges: Array<[string, string]>) {
  const graph = new DirectedGraph();
  for (const node of nodes) graph.addNode(node);
  for (const [source, target] of edges) graph.addEdge(source, target);
  return graph;
}

/** Fails when two nodes of a row overlap (plus the gap between them); a wide layer is wrapped into rows. */
function expectNoOverlap(layout: GraphLayout) {
  const byLayer = new Map<string, GraphLayout['nodes'][string][]>();
  for (const node of Object.values(layout.nodes)) {
    const row = `${node.layer}:${node.y - node.height / 2}`;
    byLayer.set(row, [...(byLayer.get(row) ?? []), node]);
  }
  for (const nodes of byLayer.values()) {
    nodes.sort((a, b) => a.x - b.x);
    for (let k = 1; k < nodes.length; k++) {
      expect(nodes[k].x - nodes[k].width / 2).toBeGreaterThanOrEqual(nodes[k - 1].x + nodes[k - 1].width / 2);
    }
  }
}

/** Fails when an edge does not start on its source's border or end on its target's border. */
function expectEndpointsOnNodes(graph: DirectedGraph, layout: GraphLayout) {
  graph.forEachEdge((edge, _attributes, source, target) => {
    const points = layout.edges[edge].points;
    for (const [point, key] of [
      [points[0], source],
      [points[points.length - 1], target],
    ] as const) {
      const node = layout.nodes[key];
      expect(Math.abs(point.x - node.x)).toBeLessThanOrEqual(node.width / 2);
      expect(Math.abs(point.y - node.y)).toBeLessThanOrEqual(node.height / 2);
      const onBorder = Math.abs(point.x - node.x) === node.width / 2 || Math.abs(point.y - node.y) === node.height / 2;
      expect(onBorder).toBe(true);
    }
  });
}

describe('layoutGraph', () => {
  it('lays out an empty graph', () => {
    expect(layoutGraph(new DirectedGraph())).toEqual({ width: 0, height: 0, nodes: {}, edges: {} });
  });

  it('puts a chain on increasing layers, each below the one it depends on', () => {
    const graph = graphOf(
      ['a', 'b', 'c'],
      [
        ['a', 'b'],
        ['b', 'c'],
      ],
    );
    const layout = layoutGraph(graph);
    expect(['a', 'b', 'c'].map(k => layout.nodes[k].layer)).toEqual([0, 1, 2]);
    expect(['a', 'b', 'c'].map(k => layout.nodes[k].y)).toEqual([20, 120, 220]);
    expect(layout.nodes.a).toEqual({ x: 80, y: 20, width: 160, height: 40, layer: 0 });
    expect(layout.width).toBe(160);
    expect(layout.height).toBe(240);
    expect(layout.edges[graph.edge('a', 'b')!].points).toEqual([
      { x: 80, y: 40 },
      { x: 80, y: 100 },
    ]);
  });

  it('layers by longest path: a shortcut edge does not pull its target up', () => {
    const layout = layoutGraph(
      graphOf(
        ['a', 'b', 'c'],
        [
          ['a', 'c'],
          ['a', 'b'],
          ['b', 'c'],
        ],
      ),
    );
    expect(layout.nodes.c.layer).toBe(2);
  });

  it('lays out cycles and self-loops without throwing, every node placed, endpoints on their nodes', () => {
    const graph = graphOf(
      ['a', 'b', 'c', 'd'],
      [
        ['a', 'b'],
        ['b', 'c'],
        ['c', 'a'],
        ['c', 'd'],
        ['d', 'd'],
      ],
    );
    const layout = layoutGraph(graph);
    expect(Object.keys(layout.nodes).sort()).toEqual(['a', 'b', 'c', 'd']);
    expect(Object.keys(layout.edges)).toHaveLength(5);
    expect(new Set(['a', 'b', 'c', 'd'].map(k => layout.nodes[k].layer)).size).toBe(4);
    expectEndpointsOnNodes(graph, layout);
    // The reversed edge c → a still starts at c and ends at a.
    const back = layout.edges[graph.edge('c', 'a')!].points;
    expect(back[0].y).toBeGreaterThan(back[back.length - 1].y);
  });

  it('keeps a large cycle shallow: layers bounded by the breadth-first depth, not the cycle length', () => {
    const names = Array.from({ length: 100 }, (_, i) => `n${i}`);
    const graph = graphOf(names, [
      ...names.map((name, i) => [name, names[(i + 1) % 100]] as [string, string]),
      ...names.map((name, i) => [name, names[(i + 50) % 100]] as [string, string]),
    ]);
    const layout = layoutGraph(graph);
    const deepest = Math.max(...Object.values(layout.nodes).map(node => node.layer));
    expect(deepest).toBeLessThanOrEqual(50);
    expect(deepest).toBeGreaterThan(1);
    expectNoOverlap(layout);
    expectEndpointsOnNodes(graph, layout);
  });

  it('never overlaps two nodes of a layer, with node sizes of their own', () => {
    const graph = graphOf(
      ['root', 'x', 'y', 'z', 'w'],
      [
        ['root', 'x'],
        ['root', 'y'],
        ['root', 'z'],
        ['x', 'w'],
        ['z', 'w'],
      ],
    );
    const layout = layoutGraph(graph, { nodeSize: key => ({ width: 40 + key.length * 30, height: 30 }) });
    expect(layout.nodes.x.layer).toBe(1);
    expect(layout.nodes.w.layer).toBe(2);
    expect(layout.nodes.root.width).toBe(160);
    expectNoOverlap(layout);
    expectEndpointsOnNodes(graph, layout);
  });

  it('wraps a layer far wider than the drawing into rows, below each other, so the drawing stays about 16:9', () => {
    const leaves = Array.from({ length: 900 }, (_, i) => `leaf-${i}`);
    const graph = graphOf(
      ['root', ...leaves, 'sink'],
      [...leaves.map(l => ['root', l] as [string, string]), ['leaf-0', 'sink']],
    );
    const layout = layoutGraph(graph);
    expect(layout.width / layout.height).toBeGreaterThan(1);
    expect(layout.width / layout.height).toBeLessThan(4);
    const rows = new Set(leaves.map(l => layout.nodes[l].y));
    expect(rows.size).toBeGreaterThan(5);
    // every leaf row lies between the root and the sink, and the layer order holds
    for (const leaf of leaves) {
      expect(layout.nodes[leaf].layer).toBe(1);
      expect(layout.nodes[leaf].y).toBeGreaterThan(layout.nodes.root.y);
      expect(layout.nodes[leaf].y).toBeLessThan(layout.nodes.sink.y);
    }
    expectNoOverlap(layout);
    expectEndpointsOnNodes(graph, layout);
  });

  it('packs disconnected components side by side', () => {
    const layout = layoutGraph(
      graphOf(
        ['a', 'b', 'c', 'd'],
        [
          ['a', 'b'],
          ['c', 'd'],
        ],
      ),
    );
    expect(layout.nodes.a.x).toBe(80);
    expect(layout.nodes.c.x).toBe(80 + 160 + 60);
    expect(layout.nodes.c.layer).toBe(0);
    expect(layout.width).toBe(160 * 2 + 60);
  });

  it('is deterministic on a business graph, in records without prototype', async () => {
    const built = await buildBusinessGraph(memoryRecordSource(smallEstate()), {
      entry: { system: 'shop' },
      layers: { infrastructure: true, business: true },
    });
    const first = layoutGraph(built.graph);
    expect(JSON.stringify(layoutGraph(built.graph))).toBe(JSON.stringify(first));
    expect(Object.keys(first.nodes).sort()).toEqual(built.graph.nodes().sort());
    expectNoOverlap(first);
    expectEndpointsOnNodes(built.graph as unknown as DirectedGraph, first);

    // Records without prototype (graphology itself refuses nodes named after Object.prototype's members).
    expect(Object.getPrototypeOf(first.nodes)).toBeNull();
    expect(Object.getPrototypeOf(first.edges)).toBeNull();
  });
});
