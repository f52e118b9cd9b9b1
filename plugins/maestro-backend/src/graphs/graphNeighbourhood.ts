import type {
  BusinessGraphEdge,
  BusinessGraphNode,
  GraphComparison,
  GraphView,
  InventoryRecord,
} from '@maestro/plugin-maestro-common';
import { DirectedGraph } from 'graphology';
import { linkKeyOf } from '../reports/catalogRecordSource';
import type { RecordSource } from '../reports/singleReport';
import { BusinessGraph, buildBusinessGraph } from './buildBusinessGraph';
import { viewOfGraph } from './generateGraphView';

const APPLICATION_KINDS = ['Component', 'Resource'];

/**
 * The whole estate as one business graph: every active application an entry (so every dependency between them is
 * drawn, and a dependency on no record is a missing node), with the infrastructure and business layers. What the
 * neighbourhood graphs are cut from. Refused (400) past the engine's node cap.
 */
export async function buildEstateGraph(source: RecordSource): Promise<BusinessGraph> {
  const applications: string[] = [];
  for (const kind of APPLICATION_KINDS) {
    for await (const page of source(kind, { active: true })) applications.push(...page.map(linkKeyOf));
  }
  if (!applications.length) return { graph: new DirectedGraph(), entries: [], depth: 1 };
  return buildBusinessGraph(
    source,
    { entry: { applications }, depth: 1, layers: { infrastructure: true, business: true } },
    { maxEntries: Number.POSITIVE_INFINITY },
  );
}

/**
 * The nodes within `depth` edges of `key` following edges either way (who depends on it, what it needs, its
 * servers, systems and clients…), with every edge between them; each node's depth is its distance from `key`.
 * Undefined when `key` is not a node of the estate.
 */
export function neighbourhoodOf(estate: BusinessGraph, key: string, depth: number): BusinessGraph | undefined {
  const { graph } = estate;
  if (!graph.hasNode(key)) return undefined;
  const distance = new Map<string, number>([[key, 0]]);
  let frontier = [key];
  for (let hop = 1; hop <= depth && frontier.length; hop++) {
    const next: string[] = [];
    for (const node of frontier) {
      for (const neighbour of graph.neighbors(node)) {
        if (distance.has(neighbour)) continue;
        distance.set(neighbour, hop);
        next.push(neighbour);
      }
    }
    frontier = next;
  }
  const sub: BusinessGraph['graph'] = new DirectedGraph();
  for (const [node, at] of distance) sub.addNode(node, { ...graph.getNodeAttributes(node), depth: at });
  graph.forEachEdge((_edge, attributes, source, target) => {
    if (distance.has(source) && distance.has(target)) sub.addDirectedEdge(source, target, { ...attributes });
  });
  return { graph: sub, entries: [key], depth };
}

/** A graph of one record alone (an entity linked to nothing the estate graph draws: a server hosting no application). */
export function loneRecordGraph(record: InventoryRecord, depth: number): BusinessGraph {
  const key = linkKeyOf(record);
  const type = (record.spec as { type?: unknown }).type;
  let family = record.kind.toLocaleLowerCase('en-US');
  if (record.kind === 'Component') family = 'application';
  else if (record.kind === 'Resource' && typeof type === 'string') family = type;
  const node: BusinessGraphNode = { key, kind: record.kind, name: record.name, family, depth: 0 };
  if (record.title) node.title = record.title;
  const graph: BusinessGraph['graph'] = new DirectedGraph();
  graph.addNode(key, node);
  return { graph, entries: [key], depth };
}

/** The active record of a kind with this key in the source, if any. */
export async function findRecord(
  source: RecordSource,
  kind: string,
  key: string,
): Promise<InventoryRecord | undefined> {
  for await (const page of source(kind, { active: true })) {
    const found = page.find(record => linkKeyOf(record) === key);
    if (found) return found;
  }
  return undefined;
}

/** The neighbourhood as drawn: measured and laid out like a saved graph. */
export function neighbourhoodView(neighbourhood: BusinessGraph, generatedAt: string): GraphView {
  return viewOfGraph(neighbourhood, { generatedAt });
}

const edgeIdentity = (edge: BusinessGraphEdge) =>
  JSON.stringify([edge.source, edge.target, edge.kind, edge.protocol ?? null]);

const plainNode = ({
  key,
  kind,
  name,
  title,
  family,
  system,
  depth,
  missing,
}: BusinessGraphNode): BusinessGraphNode => {
  const node: BusinessGraphNode = { key, kind, name, family, depth };
  if (title !== undefined) node.title = title;
  if (system !== undefined) node.system = system;
  if (missing) node.missing = true;
  return node;
};

const plainEdge = ({ source, target, kind, protocol }: BusinessGraphEdge): BusinessGraphEdge =>
  protocol === undefined ? { source, target, kind } : { source, target, kind, protocol };

/**
 * The difference of a graph between two generations: nodes added and removed (by key), edges added and removed
 * (an edge whose kind or protocol changed counts as removed and added), and the counts at both times. A generation
 * left undefined (its entry did not exist then) counts as an empty graph.
 */
export function compareGraphViews(
  before: Pick<GraphView, 'nodes' | 'edges'> | undefined,
  after: Pick<GraphView, 'nodes' | 'edges'> | undefined,
  times: { from: string; to: string },
): GraphComparison {
  const empty = { nodes: [], edges: [] };
  const a = before ?? empty;
  const b = after ?? empty;
  const keysA = new Set(a.nodes.map(n => n.key));
  const keysB = new Set(b.nodes.map(n => n.key));
  const edgesA = new Set(a.edges.map(edgeIdentity));
  const edgesB = new Set(b.edges.map(edgeIdentity));
  return {
    from: times.from,
    to: times.to,
    nodes: {
      added: b.nodes.filter(n => !keysA.has(n.key)).map(plainNode),
      removed: a.nodes.filter(n => !keysB.has(n.key)).map(plainNode),
    },
    edges: {
      added: b.edges.filter(e => !edgesA.has(edgeIdentity(e))).map(plainEdge),
      removed: a.edges.filter(e => !edgesB.has(edgeIdentity(e))).map(plainEdge),
    },
    counts: {
      from: { nodes: a.nodes.length, edges: a.edges.length },
      to: { nodes: b.nodes.length, edges: b.edges.length },
    },
  };
}
