import type { BusinessGraphEdgeKind, GraphView, GraphViewNode } from '@maestro/plugin-maestro-common';

/** How the canvas groups nodes: not at all, by the system of each application, or by layer. */
export type GraphGrouping = 'none' | 'system' | 'layer';

/** What the canvas shows of a view: its grouping, the groups collapsed into one node, the kinds left out. */
export interface GraphShapeOptions {
  groupBy: GraphGrouping;
  /** Group keys (as {@link groupOf} names them) drawn as one node. */
  collapsed: ReadonlySet<string>;
  /** Kinds not drawn (as the nodes spell them: `Server`). */
  hiddenKinds: ReadonlySet<string>;
}

/** A node as the canvas draws it: a node of the view, or a collapsed group of them. */
export interface ShapedNode {
  id: string;
  /** Top-left corner (React Flow's position; the server gives centres). */
  x: number;
  y: number;
  width: number;
  height: number;
  label: string;
  kind: string;
  family: string;
  missing: boolean;
  /** The view's node, for a node drawn as itself. */
  node?: GraphViewNode;
  /** For a collapsed group: its key and the number of nodes in it. */
  group?: { key: string; count: number };
}

/** An edge as the canvas draws it; an edge between groups stands for `count` edges of the view. */
export interface ShapedEdge {
  id: string;
  source: string;
  target: string;
  kind: BusinessGraphEdgeKind;
  protocols: string[];
  count: number;
  /** The server's polyline, for an edge between two nodes drawn as themselves. */
  points?: Array<{ x: number; y: number }>;
}

/** A view shaped for drawing, and where each of the view's nodes is drawn (its own id, or its group's). */
export interface ShapedGraph {
  nodes: ShapedNode[];
  edges: ShapedEdge[];
  drawnAs: Map<string, string>;
}

/** Size of a collapsed group's node. */
export const GROUP_NODE_SIZE = { width: 200, height: 60 };
/** Above this many nodes a view opens grouped by system, every group collapsed. */
export const COLLAPSE_ABOVE_NODES = 1500;
/** The group of the nodes of no system. */
export const NO_SYSTEM = '(no system)';

/** The layer of a node: `business` (systems, clients), `applications`, or `infrastructure` (the rest). */
export function layerOf(node: Pick<GraphViewNode, 'kind' | 'family'>): 'business' | 'applications' | 'infrastructure' {
  const kind = node.kind.toLocaleLowerCase('en-US');
  if (kind === 'system' || kind === 'client') return 'business';
  if (kind === 'component' || node.family === 'application') return 'applications';
  return 'infrastructure';
}

/** The group of a node: its system (a system is its own group) or its layer; undefined when not grouping. */
export function groupOf(node: GraphViewNode, groupBy: GraphGrouping): string | undefined {
  if (groupBy === 'layer') return layerOf(node);
  if (groupBy === 'system')
    return node.kind.toLocaleLowerCase('en-US') === 'system' ? node.key : node.system ?? NO_SYSTEM;
  return undefined;
}

/** The drawn id of a collapsed group's node. */
export const groupNodeId = (groupBy: GraphGrouping, key: string) => `group:${groupBy}:${key}`;

/** The groups of the drawn nodes with their sizes, by key. */
export function listGroups(
  view: Pick<GraphView, 'nodes'>,
  groupBy: GraphGrouping,
  hiddenKinds: ReadonlySet<string> = new Set(),
): Array<{ key: string; count: number }> {
  if (groupBy === 'none') return [];
  const counts = new Map<string, number>();
  for (const node of view.nodes) {
    if (hiddenKinds.has(node.kind)) continue;
    const key = groupOf(node, groupBy)!;
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  return [...counts].map(([key, count]) => ({ key, count })).sort((a, b) => (a.key < b.key ? -1 : 1));
}

/** The kinds of a view's nodes with their counts, by name. */
export function listKinds(view: Pick<GraphView, 'nodes'>): Array<{ kind: string; count: number }> {
  const counts = new Map<string, number>();
  for (const node of view.nodes) counts.set(node.kind, (counts.get(node.kind) ?? 0) + 1);
  return [...counts].map(([kind, count]) => ({ kind, count })).sort((a, b) => (a.kind < b.kind ? -1 : 1));
}

/** How a view opens: as it is, or grouped by system with every group collapsed above {@link COLLAPSE_ABOVE_NODES}. */
export function initialShape(view: Pick<GraphView, 'nodes'>): GraphShapeOptions {
  if (view.nodes.length <= COLLAPSE_ABOVE_NODES)
    return { groupBy: 'none', collapsed: new Set(), hiddenKinds: new Set() };
  const collapsed = new Set(listGroups(view, 'system').map(g => g.key));
  return { groupBy: 'system', collapsed, hiddenKinds: new Set() };
}

/** True when a group's node at (x, y) would cover (or nearly touch) one of those placed. */
function coversAny(placed: Array<{ x: number; y: number }>, x: number, y: number): boolean {
  const { width, height } = GROUP_NODE_SIZE;
  return placed.some(p => Math.abs(p.x - x) < width + 20 && Math.abs(p.y - y) < height + 20);
}

/**
 * Shapes a view for drawing: leaves out the hidden kinds (and their edges), draws each collapsed group as one node
 * at the centre of its members with their count, and aggregates the edges into and out of collapsed groups (one
 * edge per pair of drawn ends, with the number of edges and their protocols; none inside a group).
 */
export function shapeGraph(view: Pick<GraphView, 'nodes' | 'edges'>, options: GraphShapeOptions): ShapedGraph {
  const { groupBy, collapsed, hiddenKinds } = options;
  const drawnAs = new Map<string, string>();
  const nodes: ShapedNode[] = [];
  const members = new Map<string, GraphViewNode[]>();
  for (const node of view.nodes) {
    if (hiddenKinds.has(node.kind)) continue;
    const group = groupOf(node, groupBy);
    if (group !== undefined && collapsed.has(group)) {
      if (!members.has(group)) members.set(group, []);
      members.get(group)!.push(node);
      drawnAs.set(node.key, groupNodeId(groupBy, group));
      continue;
    }
    drawnAs.set(node.key, node.key);
    nodes.push({
      id: node.key,
      x: node.x - node.width / 2,
      y: node.y - node.height / 2,
      width: node.width,
      height: node.height,
      label: node.title ?? node.name,
      kind: node.kind,
      family: node.family,
      missing: !!node.missing,
      node,
    });
  }
  // each group at its members' centre, moved down while it would cover a group already placed
  const placed: Array<{ x: number; y: number }> = [];
  const centres = [...members].map(([key, list]) => ({
    key,
    list,
    cx: list.reduce((sum, n) => sum + n.x, 0) / list.length,
    cy: list.reduce((sum, n) => sum + n.y, 0) / list.length,
  }));
  centres.sort((a, b) => a.cy - b.cy || a.cx - b.cx);
  const { width: gw, height: gh } = GROUP_NODE_SIZE;
  for (const { key, list, cx, cy } of centres) {
    const x = cx - gw / 2;
    let y = cy - gh / 2;
    while (coversAny(placed, x, y)) y += gh + 24;
    placed.push({ x, y });
    nodes.push({
      id: groupNodeId(groupBy, key),
      x,
      y,
      ...GROUP_NODE_SIZE,
      label: key,
      kind: 'group',
      family: 'group',
      missing: false,
      group: { key, count: list.length },
    });
  }

  const edges: ShapedEdge[] = [];
  const aggregated = new Map<string, ShapedEdge>();
  view.edges.forEach((edge, i) => {
    const source = drawnAs.get(edge.source);
    const target = drawnAs.get(edge.target);
    if (source === undefined || target === undefined) return;
    const direct = source === edge.source && target === edge.target;
    const key = (edge as { key?: string }).key ?? `${edge.source}->${edge.target}:${i}`;
    if (direct) {
      edges.push({
        id: key,
        source,
        target,
        kind: edge.kind,
        protocols: edge.protocol ? [edge.protocol] : [],
        count: 1,
        points: (edge as { points?: ShapedEdge['points'] }).points,
      });
      return;
    }
    if (source === target) return;
    const id = `${source}->${target}`;
    const existing = aggregated.get(id);
    if (existing) {
      existing.count++;
      if (edge.protocol && !existing.protocols.includes(edge.protocol)) existing.protocols.push(edge.protocol);
    } else {
      aggregated.set(id, {
        id,
        source,
        target,
        kind: edge.kind,
        protocols: edge.protocol ? [edge.protocol] : [],
        count: 1,
      });
    }
  });
  edges.push(...aggregated.values());
  return { nodes, edges, drawnAs };
}

/** What a drawn edge says on hover: its kind, its protocols, and how many edges it stands for. */
export function describeEdge(edge: Pick<ShapedEdge, 'kind' | 'protocols' | 'count'>): string {
  const protocols = edge.protocols.length ? edge.protocols.join(', ') : 'no protocol';
  const what = edge.kind === 'dependency' ? protocols : `${edge.kind}${edge.protocols.length ? ` · ${protocols}` : ''}`;
  return edge.count > 1 ? `${edge.count} edges · ${what}` : what;
}

/** Nodes whose name, title or key contains `text` (case-insensitive), in the view's order. */
export function searchNodes(view: Pick<GraphView, 'nodes'>, text: string): GraphViewNode[] {
  const term = text.trim().toLocaleLowerCase('en-US');
  if (!term) return [];
  return view.nodes.filter(
    n =>
      n.name.toLocaleLowerCase('en-US').includes(term) ||
      (n.title ?? '').toLocaleLowerCase('en-US').includes(term) ||
      n.key.includes(term),
  );
}
