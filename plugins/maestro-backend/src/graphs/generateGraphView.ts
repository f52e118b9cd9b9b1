import { InputError } from '@backstage/errors';
import {
  findMaestroKind,
  type GraphDefinition,
  type GraphView,
  type GraphViewEdge,
  type GraphViewNode,
  type InventoryRecord,
} from '@maestro/plugin-maestro-common';
import { DirectedGraph } from 'graphology';
import { shownName } from '../input/forbiddenKeys';
import type { InventoryStore } from '../records/InventoryStore';
import { asOfRecordSource } from '../reports/asOfSource';
import { linkKeyOf, ReportCatalog, withCatalogEntities } from '../reports/catalogRecordSource';
import { referenceTargets } from '../reports/pivotReport';
import { RecordSource, storeRecordSource } from '../reports/singleReport';
import { BusinessGraph, buildBusinessGraph, MAX_GRAPH_NODES, serialiseBusinessGraph } from './buildBusinessGraph';
import { graphMetrics } from './graphMetrics';
import { layoutGraph } from './layeredLayout';

/** What a graph is generated from: its entry, depth and layers (a saved graph's name and description do not matter). */
export type GraphQuery = Pick<GraphDefinition, 'entry' | 'depth' | 'layers'>;

export interface GenerateGraphOptions {
  /** Where the records come from: see {@link graphRecordSource}. */
  source: RecordSource;
  /** The inventory time `source` shows, when not now: kept in the view (`asOf`) and named in refusals. */
  asOf?: string;
  /** A graph of more nodes is refused with a 400 naming `depth` (default and at most {@link MAX_GRAPH_NODES}). */
  maxNodes?: number;
  /** The generation time (default: the clock). */
  now?: () => Date;
}

/**
 * The entry of a graph names no active system, client or application (at the time asked for): a 400 naming the
 * entry's field. A comparison treats such a time as an empty graph.
 */
export class UnknownGraphEntryError extends InputError {}

/** Width of a node from its label (title, else name): about 7.5 px per character (bold 12 px in the page), 96–300 px; 40 px high. */
export function nodeSizeOf(node: { name: string; title?: string }): { width: number; height: number } {
  const label = node.title || node.name;
  return { width: Math.min(300, Math.max(96, Math.round(label.length * 7.5 + 36))), height: 40 };
}

/**
 * Where a graph reads its records: the store now with the catalog's own entities (git-defined Components, Systems,
 * Resources, read as the caller: `catalog`), or, `asOf` a time, the store's history only: the catalog keeps no
 * history, so a graph of the past shows only what Maestro's store held then. `asOf` must already be checked (see
 * parseInventoryTime); a time before the history retention is a 410 (HistoryPrunedError).
 */
export async function graphRecordSource(
  store: Pick<InventoryStore, 'listRecords' | 'recordsAsOf' | 'prunedBefore'>,
  options: { catalog?: ReportCatalog; asOf?: string } = {},
): Promise<RecordSource> {
  if (options.asOf) return asOfRecordSource(store, options.asOf);
  const now = storeRecordSource(store);
  return options.catalog ? withCatalogEntities(now, options.catalog) : now;
}

/** A source that reads each kind once and answers again from memory (the engine and the entry check share it). */
export function memoisedSource(source: RecordSource): RecordSource {
  const kept = new Map<string, Promise<InventoryRecord[][]>>();
  const readAll = async (kind: string, options: Parameters<RecordSource>[1]) => {
    const pages: InventoryRecord[][] = [];
    for await (const page of source(kind, options)) pages.push(page);
    return pages;
  };
  return async function* read(kind, options) {
    const key = JSON.stringify([kind, options.active ?? null, options.specEquals ?? null]);
    let pages = kept.get(key);
    if (!pages) {
      pages = readAll(kind, options);
      kept.set(key, pages);
    }
    yield* await pages;
  };
}

const systemReference = (field: string) => findMaestroKind('System')!.references.find(r => r.field === field)!;

/** A 400 naming `entry.system` / `entry.client` when no active system is (or serves) it in the source. */
async function checkSystemEntry(source: RecordSource, entry: GraphQuery['entry'], at: string) {
  if (!('system' in entry) && !('client' in entry)) return;
  const systems: InventoryRecord[] = [];
  for await (const page of source('System', { active: true })) systems.push(...page);
  if ('system' in entry) {
    const key = entry.system.toLocaleLowerCase('en-US');
    if (!systems.some(s => linkKeyOf(s) === key)) {
      throw new UnknownGraphEntryError(`entry.system: no active system '${shownName(entry.system)}'${at}`);
    }
    return;
  }
  const client = entry.client.toLocaleLowerCase('en-US');
  const clients = systemReference('clients');
  if (!systems.some(s => referenceTargets(s, clients).includes(client))) {
    throw new UnknownGraphEntryError(`entry.client: no active system serves client '${shownName(entry.client)}'${at}`);
  }
}

/** A 400 naming each `entry.applications[i]` that is no active application (the engine drew it as missing). */
function checkApplicationEntries(built: BusinessGraph, entry: GraphQuery['entry'], at: string) {
  if (!('applications' in entry)) return;
  const problems = entry.applications.flatMap((ref, i) => {
    const key = ref.toLocaleLowerCase('en-US');
    const missing = !built.graph.hasNode(key) || built.graph.getNodeAttribute(key, 'missing');
    return missing ? [`entry.applications[${i}]: no active application '${shownName(ref)}'${at}`] : [];
  });
  if (problems.length) throw new UnknownGraphEntryError(problems.join('; '));
}

/**
 * Generates a graph view from a definition: builds the business graph over `source` (entries, dependencies up to
 * `depth`, the layers), measures it, lays it out (node widths from their labels). Refuses with a 400 naming the
 * field: an entry that does not exist in the source (`entry.system`, `entry.client`, `entry.applications[i]`, an
 * {@link UnknownGraphEntryError}) or a graph over `maxNodes` (`depth`). The definition must be validated first
 * (validateGraphDefinition). Reads each kind of the source once.
 */
export async function generateGraphView(definition: GraphQuery, options: GenerateGraphOptions): Promise<GraphView> {
  const source = memoisedSource(options.source);
  const at = options.asOf ? ` at ${options.asOf}` : '';
  await checkSystemEntry(source, definition.entry, at);
  const built = await buildBusinessGraph(source, {
    entry: definition.entry,
    depth: definition.depth,
    layers: definition.layers,
  });
  checkApplicationEntries(built, definition.entry, at);
  const maxNodes = Math.min(options.maxNodes ?? MAX_GRAPH_NODES, MAX_GRAPH_NODES);
  if (built.graph.order > maxNodes) {
    throw new InputError(
      `depth: the graph has ${built.graph.order} nodes, more than the ${maxNodes} a graph may have; lower depth or narrow entry`,
    );
  }
  return viewOfGraph(built, { generatedAt: (options.now?.() ?? new Date()).toISOString(), asOf: options.asOf });
}

/** A built graph measured and laid out: nodes sorted by depth then key, each with its place; edges with their path. */
export function viewOfGraph(built: BusinessGraph, times: { generatedAt: string; asOf?: string }): GraphView {
  const { graph } = built;
  const layout = layoutGraph(graph, { nodeSize: key => nodeSizeOf(graph.getNodeAttributes(key)) });
  const serialised = serialiseBusinessGraph(built);
  const nodes: GraphViewNode[] = serialised.nodes.map(node => {
    const { x, y, width, height, layer } = layout.nodes[node.key];
    return { ...node, x, y, width, height, layer };
  });
  const edges: GraphViewEdge[] = [];
  graph.forEachEdge((edge, attributes, source, target) => {
    edges.push({ key: `${source}->${target}`, source, target, ...attributes, points: layout.edges[edge].points });
  });
  edges.sort((a, b) => a.source.localeCompare(b.source) || a.target.localeCompare(b.target));
  const view: GraphView = {
    entries: built.entries,
    depth: built.depth,
    nodes,
    edges,
    width: layout.width,
    height: layout.height,
    metrics: graphMetrics(built),
    generatedAt: times.generatedAt,
  };
  if (times.asOf) view.asOf = times.asOf;
  return view;
}

/** The graph of a stored view again (for impact analyses over a saved graph, without reading the inventory). */
export function graphOfView(view: Pick<GraphView, 'nodes' | 'edges' | 'entries' | 'depth'>): BusinessGraph {
  const graph: BusinessGraph['graph'] = new DirectedGraph();
  for (const { x: _x, y: _y, width: _w, height: _h, layer: _l, ...node } of view.nodes) graph.addNode(node.key, node);
  for (const { key: _key, points: _points, source, target, ...attributes } of view.edges) {
    if (graph.hasNode(source) && graph.hasNode(target) && !graph.hasEdge(source, target)) {
      graph.addDirectedEdge(source, target, attributes);
    }
  }
  return { graph, entries: view.entries, depth: view.depth };
}
