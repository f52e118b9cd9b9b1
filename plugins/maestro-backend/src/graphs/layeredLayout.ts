import type Graph from 'graphology';

/** A point of the drawing (x to the right, y downwards). */
export interface LayoutPoint {
  x: number;
  y: number;
}

/** Where a node is drawn: (x, y) is its centre; `layer` counts from 0 at the top. */
export interface LayoutNode {
  x: number;
  y: number;
  width: number;
  height: number;
  layer: number;
}

/** A graph laid out, in plain JSON (node and edge keys come from data: records without prototype). */
export interface GraphLayout {
  width: number;
  height: number;
  nodes: Record<string, LayoutNode>;
  edges: Record<string, { points: LayoutPoint[] }>;
}

export interface LayoutOptions {
  /** Size of a node (default 160 × 40 for every node). */
  nodeSize?: (key: string) => { width: number; height: number };
  /** Horizontal gap between two nodes of a layer (default 20). */
  nodeGap?: number;
  /** Vertical gap between two layers (default 60). */
  layerGap?: number;
  /** Horizontal gap between two disconnected components (default 60). */
  componentGap?: number;
  /** Barycenter sweeps ordering the layers (one down and one up each; default 4, at most 20). */
  sweeps?: number;
}

const DEFAULT_SIZE = { width: 160, height: 40 };
/** Layers are wrapped into rows only past this width (px), so small graphs keep one row per layer. */
const MIN_WRAP_WIDTH = 2400;
/** The width / height the wrapping aims at. */
const TARGET_ASPECT = 16 / 9;

/**
 * Sugiyama-style layered layout in O(sweeps · (n log n + m)): layers by longest path from the sources (edges point
 * downwards, from what depends to what it needs; with cycles, bounded by the breadth-first depth, see assignLayers),
 * order within layers by barycenter sweeps over normalised positions (long edges count without dummy nodes), nodes
 * packed left to right and layers centred, disconnected components side by side. Edges are straight lines from the
 * bottom of the upper end to the top of the lower end (a 3-point arc under the layer between two nodes of a layer, a
 * 4-point hook on the node's right side for a self-loop); long edges are not routed around nodes. Deterministic:
 * depends only on the graph's node and edge order.
 */
export function layoutGraph(graph: Graph, options: LayoutOptions = {}): GraphLayout {
  const nodeGap = options.nodeGap ?? 20;
  const layerGap = options.layerGap ?? 60;
  const componentGap = options.componentGap ?? 60;
  const sweeps = Math.max(0, Math.min(20, Math.floor(options.sweeps ?? 4)));
  const keys = graph.nodes();
  const n = keys.length;
  const indexOf = new Map<string, number>();
  keys.forEach((key, i) => indexOf.set(key, i));
  const sizes = keys.map(key => options.nodeSize?.(key) ?? DEFAULT_SIZE);

  // Edges between distinct nodes, as index pairs, in the graph's edge order.
  const edgeKeys: string[] = [];
  const from: number[] = [];
  const to: number[] = [];
  const selfLoops: string[] = [];
  graph.forEachEdge((edge, _attributes, source, target) => {
    if (source === target) selfLoops.push(edge);
    else {
      edgeKeys.push(edge);
      from.push(indexOf.get(source)!);
      to.push(indexOf.get(target)!);
    }
  });
  const out = adjacency(n, from);
  const layer = assignLayers(n, out, from, to);
  // Edges between two layers, oriented downwards (upper[e] above lower[e]); edges within a layer do not order.
  const upper: number[] = [];
  const lower: number[] = [];
  from.forEach((f, e) => {
    if (layer[f] !== layer[to[e]]) {
      upper.push(layer[f] < layer[to[e]] ? f : to[e]);
      lower.push(layer[f] < layer[to[e]] ? to[e] : f);
    }
  });
  const component = components(n, from, to);

  const nodes: Record<string, LayoutNode> = Object.create(null);
  let left = 0;
  let height = 0;
  for (const members of component) {
    const placed = layoutComponent(members, layer, upper, lower, sizes, sweeps, nodeGap, layerGap);
    for (const [i, position] of placed.positions) {
      nodes[keys[i]] = { ...position, x: position.x + left, layer: layer[i] };
    }
    left += placed.width + componentGap;
    height = Math.max(height, placed.height);
  }

  const edges: Record<string, { points: LayoutPoint[] }> = Object.create(null);
  edgeKeys.forEach((edge, e) => {
    const source = nodes[keys[from[e]]];
    const target = nodes[keys[to[e]]];
    const bottomOf = (node: LayoutNode) => ({ x: node.x, y: node.y + node.height / 2 });
    const topOf = (node: LayoutNode) => ({ x: node.x, y: node.y - node.height / 2 });
    let points: LayoutPoint[];
    if (source.layer < target.layer) points = [bottomOf(source), topOf(target)];
    else if (source.layer > target.layer) points = [topOf(source), bottomOf(target)];
    else {
      // Within a layer (only in cyclic graphs): an arc under the layer.
      const below = Math.max(source.y + source.height / 2, target.y + target.height / 2) + layerGap / 3;
      points = [bottomOf(source), { x: (source.x + target.x) / 2, y: below }, bottomOf(target)];
    }
    edges[edge] = { points };
  });
  for (const edge of selfLoops) {
    const node = nodes[graph.source(edge)];
    const right = node.x + node.width / 2;
    const quarter = node.height / 4;
    edges[edge] = {
      points: [
        { x: right, y: node.y - quarter },
        { x: right + nodeGap / 2, y: node.y - quarter },
        { x: right + nodeGap / 2, y: node.y + quarter },
        { x: right, y: node.y + quarter },
      ],
    };
  }
  return { width: n ? left - componentGap : 0, height, nodes, edges };
}

/** Out-neighbour lists (edge indexes) in compressed form: edges of node i are order[start[i] .. start[i + 1]). */
function adjacency(n: number, from: number[]) {
  const start = new Int32Array(n + 1);
  for (const f of from) start[f + 1]++;
  for (let i = 0; i < n; i++) start[i + 1] += start[i];
  const fill = start.slice(0, n);
  const order = new Int32Array(from.length);
  from.forEach((f, e) => {
    order[fill[f]++] = e;
  });
  return { start, order };
}

/** Edges closing a cycle in an iterative depth-first search from each unvisited node in graph order. */
function backEdges(n: number, out: { start: Int32Array; order: Int32Array }, to: number[]): boolean[] {
  const reversed = new Array<boolean>(to.length).fill(false);
  const state = new Uint8Array(n); // 0 unseen, 1 on the stack, 2 done
  const next = new Int32Array(n);
  const stack: number[] = [];
  for (let root = 0; root < n; root++) {
    if (state[root]) continue;
    state[root] = 1;
    next[root] = out.start[root];
    stack.push(root);
    while (stack.length) {
      const v = stack[stack.length - 1];
      if (next[v] === out.start[v + 1]) {
        state[v] = 2;
        stack.pop();
        continue;
      }
      const e = out.order[next[v]++];
      const w = to[e];
      if (state[w] === 1) reversed[e] = true;
      else if (state[w] === 0) {
        state[w] = 1;
        next[w] = out.start[w];
        stack.push(w);
      }
    }
  }
  return reversed;
}

/**
 * Layers: in an acyclic graph, the longest path from a source. In a graph with cycles, reversing back edges leaves
 * paths thousands of layers long through a large strongly connected component, so there the longest path only
 * follows edges going one breadth-first level down from the sources (the dependency depth; nodes left unreached
 * start their own search, in graph order): at most as many layers as levels, cycle edges drawn upwards or within a
 * layer.
 */
function assignLayers(n: number, out: { start: Int32Array; order: Int32Array }, from: number[], to: number[]) {
  const reversed = backEdges(n, out, to);
  if (!reversed.includes(true)) return longestPathLayers(n, from, to);
  const level = new Int32Array(n).fill(-1);
  const incoming = new Int32Array(n);
  for (const t of to) incoming[t]++;
  const queue: number[] = [];
  const search = (head: number) => {
    for (let k = head; k < queue.length; k++) {
      const v = queue[k];
      for (let j = out.start[v]; j < out.start[v + 1]; j++) {
        const w = to[out.order[j]];
        if (level[w] < 0) {
          level[w] = level[v] + 1;
          queue.push(w);
        }
      }
    }
  };
  for (let i = 0; i < n; i++) {
    if (!incoming[i]) {
      level[i] = 0;
      queue.push(i);
    }
  }
  search(0);
  for (let i = 0; i < n; i++) {
    if (level[i] < 0) {
      const head = queue.length;
      level[i] = 0;
      queue.push(i);
      search(head);
    }
  }
  const forward = from.map((f, e) => level[f] < level[to[e]]);
  return longestPathLayers(
    n,
    from.filter((_f, e) => forward[e]),
    to.filter((_t, e) => forward[e]),
  );
}

/** Layer of each node: the longest downward path reaching it from a source (Kahn's topological order). */
function longestPathLayers(n: number, upper: number[], lower: number[]): Int32Array {
  const layer = new Int32Array(n);
  const incoming = new Int32Array(n);
  for (const l of lower) incoming[l]++;
  const down = adjacency(n, upper);
  const queue: number[] = [];
  for (let i = 0; i < n; i++) if (!incoming[i]) queue.push(i);
  for (let head = 0; head < queue.length; head++) {
    const v = queue[head];
    for (let k = down.start[v]; k < down.start[v + 1]; k++) {
      const w = lower[down.order[k]];
      if (layer[v] + 1 > layer[w]) layer[w] = layer[v] + 1;
      if (--incoming[w] === 0) queue.push(w);
    }
  }
  return layer;
}

/** Weakly connected components (union-find), each a list of node indexes in graph order, by first node. */
function components(n: number, from: number[], to: number[]): number[][] {
  const parent = Int32Array.from({ length: n }, (_, i) => i);
  const find = (node: number): number => {
    let i = node;
    while (parent[i] !== i) {
      parent[i] = parent[parent[i]];
      i = parent[i];
    }
    return i;
  };
  from.forEach((f, e) => {
    const a = find(f);
    const b = find(to[e]);
    if (a !== b) parent[Math.max(a, b)] = Math.min(a, b);
  });
  const byRoot = new Map<number, number[]>();
  for (let i = 0; i < n; i++) {
    const root = find(i);
    const list = byRoot.get(root);
    if (list) list.push(i);
    else byRoot.set(root, [i]);
  }
  return [...byRoot.values()];
}

/** Orders and places the layers of one component; positions are relative to its top-left corner. */
function layoutComponent(
  members: number[],
  layer: Int32Array,
  upper: number[],
  lower: number[],
  sizes: Array<{ width: number; height: number }>,
  sweeps: number,
  nodeGap: number,
  layerGap: number,
) {
  const inComponent = new Set(members);
  const layers: number[][] = [];
  for (const i of members) (layers[layer[i]] ??= []).push(i);
  for (let l = 0; l < layers.length; l++) layers[l] ??= [];
  const ups = new Map<number, number[]>();
  const downs = new Map<number, number[]>();
  upper.forEach((u, e) => {
    if (!inComponent.has(u)) return;
    const d = lower[e];
    (ups.get(d) ?? ups.set(d, []).get(d)!).push(u);
    (downs.get(u) ?? downs.set(u, []).get(u)!).push(d);
  });
  // Normalised position of each node within its layer, in [0, 1].
  const rank = new Map<number, number>();
  const rankLayer = (nodes: number[]) =>
    nodes.forEach((v, k) => rank.set(v, nodes.length > 1 ? k / (nodes.length - 1) : 0.5));
  layers.forEach(rankLayer);
  const reorder = (l: number, neighbours: Map<number, number[]>) => {
    const weight = new Map<number, number>();
    for (const v of layers[l]) {
      const around = neighbours.get(v);
      weight.set(v, around?.length ? around.reduce((sum, w) => sum + rank.get(w)!, 0) / around.length : rank.get(v)!);
    }
    // Stable sort: ties keep the current order, so the result depends only on the graph.
    layers[l].sort((a, b) => weight.get(a)! - weight.get(b)!);
    rankLayer(layers[l]);
  };
  for (let sweep = 0; sweep < sweeps; sweep++) {
    for (let l = 1; l < layers.length; l++) reorder(l, ups);
    for (let l = layers.length - 2; l >= 0; l--) reorder(l, downs);
  }

  // A layer wider than the drawing's target width is wrapped into rows (kept in their order): a graph whose
  // dependencies form few, huge layers is drawn about 16:9 rather than as one long line.
  const area = members.reduce((sum, v) => sum + (sizes[v].width + nodeGap) * (sizes[v].height + layerGap), 0);
  const maxRow = Math.max(MIN_WRAP_WIDTH, Math.sqrt(area * TARGET_ASPECT));
  const rowsOf = (nodes: number[]) => {
    const rows: number[][] = [];
    let row: number[] = [];
    let used = 0;
    for (const v of nodes) {
      const add = sizes[v].width + (row.length ? nodeGap : 0);
      if (row.length && used + add > maxRow) {
        rows.push(row);
        row = [];
        used = 0;
      }
      used += sizes[v].width + (row.length ? nodeGap : 0);
      row.push(v);
    }
    if (row.length) rows.push(row);
    return rows;
  };
  const layerRows = layers.map(rowsOf);
  const rowWidth = (row: number[]) => row.reduce((sum, v) => sum + sizes[v].width, 0) + nodeGap * (row.length - 1);
  const width = layerRows.flat().reduce((most, row) => Math.max(most, rowWidth(row)), 0);
  const positions = new Map<number, { x: number; y: number; width: number; height: number }>();
  let top = 0;
  layerRows.forEach(rows => {
    if (rows.length === 0) {
      top += layerGap; // an empty layer (only possible between components' layers) keeps its band
      return;
    }
    rows.forEach((row, r) => {
      const tallest = row.reduce((most, v) => Math.max(most, sizes[v].height), 0);
      let x = (width - rowWidth(row)) / 2;
      for (const v of row) {
        const size = sizes[v];
        positions.set(v, { x: x + size.width / 2, y: top + tallest / 2, width: size.width, height: size.height });
        x += size.width + nodeGap;
      }
      top += tallest + (r === rows.length - 1 ? layerGap : nodeGap);
    });
  });
  return { positions, width, height: layers.length ? top - layerGap : 0 };
}
