import type { InventoryRecord } from '@maestro/plugin-maestro-common';
import type { GraphView, SavedGraph } from '@maestro/plugin-maestro-common';
import { buildBusinessGraph, type BusinessGraph, type BusinessGraphQuery } from '../graphs/buildBusinessGraph';
import { graphMetrics } from '../graphs/graphMetrics';
import { layoutGraph } from '../graphs/layeredLayout';
import type { SharedGraphSource } from '../graphs/sharedGraphSource';
import { memoryRecordSource, record, smallEstate } from './graphEstate';

/**
 * A built graph as a GraphView (measured and laid out, as the saved graphs' `generateGraphView` makes it): for the
 * renderer and share tests, until the saved graphs (another branch) are merged.
 */
export function graphViewOf(built: BusinessGraph, generatedAt = new Date().toISOString()): GraphView {
  const layout = layoutGraph(built.graph);
  const nodes = built.graph.mapNodes((key, node) => ({ ...node, ...layout.nodes[key] }));
  const edges = built.graph.mapEdges((key, attributes, source, target) => ({
    key,
    source,
    target,
    ...attributes,
    points: layout.edges[key]?.points ?? [],
  }));
  return {
    entries: built.entries,
    depth: built.depth,
    nodes,
    edges,
    width: layout.width,
    height: layout.height,
    metrics: graphMetrics(built),
    generatedAt,
  };
}

/** The view of a query over records (default: the small estate from system `shop`, both layers). */
export async function estateView(
  records: InventoryRecord[] = smallEstate(),
  query: BusinessGraphQuery = { entry: { system: 'shop' }, layers: { infrastructure: true, business: true } },
): Promise<GraphView> {
  return graphViewOf(await buildBusinessGraph(memoryRecordSource(records, 500), query));
}

/** A chain of `count` applications (app-0 → app-1 → …, every other one over `rest`), for size and speed tests. */
export function chainEstate(count: number): InventoryRecord[] {
  return Array.from({ length: count }, (_, i) =>
    record('Component', `app-${i}`, {
      type: 'service',
      lifecycle: 'production',
      dependencies: i + 1 < count ? [{ ref: `app-${i + 1}`, ...(i % 2 ? {} : { protocol: 'rest' }) }] : [],
    }),
  );
}

/** A wide estate of `count` applications: app-0 depends on every other one (a graph two layers deep). */
export function fanEstate(count: number): InventoryRecord[] {
  return Array.from({ length: count }, (_, i) =>
    record('Component', `app-${i}`, {
      type: 'service',
      lifecycle: 'production',
      dependencies: i === 0 ? Array.from({ length: count - 1 }, (_unused, j) => ({ ref: `app-${j + 1}` })) : [],
    }),
  );
}

/**
 * Saved graphs in memory, as the shares see them: `add` a graph over records (its view generated now), `live`
 * re-generates from the records as they are when called (change them with `setRecords`), `remove` deletes one.
 */
export class MemorySavedGraphs implements SharedGraphSource {
  readonly #graphs = new Map<string, SavedGraph & { query: BusinessGraphQuery }>();
  #records: InventoryRecord[];
  /** How many times `live` generated a view (to see the cache at work). */
  liveCalls = 0;

  constructor(records: InventoryRecord[] = smallEstate()) {
    this.#records = records;
  }

  setRecords(records: InventoryRecord[]) {
    this.#records = records;
  }

  async add(id: string, name: string, query: BusinessGraphQuery = { entry: { system: 'shop' } }): Promise<SavedGraph> {
    const view = await estateView(this.#records, query);
    const now = new Date().toISOString();
    const graph = {
      id,
      name,
      entry: query.entry,
      depth: query.depth ?? 10,
      layers: query.layers ?? {},
      status: 'ready' as const,
      nodeCount: view.nodes.length,
      edgeCount: view.edges.length,
      generatedAt: view.generatedAt,
      createdBy: 'user:default/alice',
      createdAt: now,
      updatedBy: 'user:default/alice',
      updatedAt: now,
      version: 1,
      view,
      query,
    };
    this.#graphs.set(id, graph);
    return graph;
  }

  remove(id: string) {
    this.#graphs.delete(id);
  }

  async get(graphId: string): Promise<SavedGraph | undefined> {
    return this.#graphs.get(graphId);
  }

  async live(graph: SavedGraph): Promise<GraphView> {
    this.liveCalls++;
    const stored = this.#graphs.get(graph.id);
    return estateView(this.#records, stored?.query ?? { entry: graph.entry, depth: graph.depth, layers: graph.layers });
  }
}
