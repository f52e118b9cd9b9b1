import { stronglyConnectedComponents } from 'graphology-components';
import type { BusinessGraph } from './buildBusinessGraph';
import type { BusinessGraphMetrics } from '@maestro/plugin-maestro-common';

export type { BusinessGraphMetrics };

const isApplication = (kind: string) => kind === 'Component' || kind === 'Resource';

/** Plain object without prototype for counts keyed by data (never writes `__proto__` onto Object.prototype). */
function counter(): Record<string, number> {
  return Object.create(null);
}
const bump = (counts: Record<string, number>, label: string) => {
  counts[label] = (counts[label] ?? 0) + 1;
};

/**
 * The metrics of a built graph. Applications are counted per system by their `system` reference, per server by
 * their `runsOn` edges and per client through their systems' `client` edges (so the two layers must be drawn for
 * the last two).
 */
export function graphMetrics({ graph }: BusinessGraph): BusinessGraphMetrics {
  const n = graph.order;
  const m = graph.size;
  const byKind = counter();
  const byFamily = counter();
  const bySystem = counter();
  const byClient = counter();
  const byServer = counter();
  const histogram = new Map<number, number>();
  const clients: string[] = [];
  const systems: string[] = [];
  const applications: string[] = [];
  graph.forEachNode((key, node) => {
    bump(byKind, node.kind);
    bump(byFamily, node.family);
    if (node.kind === 'Client') clients.push(key);
    if (node.kind === 'System') systems.push(key);
    if (!isApplication(node.kind)) return;
    applications.push(key);
    histogram.set(node.depth, (histogram.get(node.depth) ?? 0) + 1);
    if (node.system) bump(bySystem, node.system);
    graph.forEachOutEdge(key, (_, edge, __, target) => {
      if (edge.kind === 'runsOn') bump(byServer, target);
    });
    const clientsOfApp = new Set<string>();
    graph.forEachInEdge(key, (_, edge, system) => {
      if (edge.kind !== 'entry' && edge.kind !== 'contains') return;
      graph.forEachInEdge(system, (___, e, client) => {
        if (e.kind === 'client') clientsOfApp.add(client);
      });
    });
    for (const client of clientsOfApp) bump(byClient, client);
  });

  const cycles = stronglyConnectedComponents(graph)
    .filter(component => component.length > 1)
    .map(component => [...component].sort());
  graph.forEachEdge((_, __, source, target) => {
    if (source === target) cycles.push([source]);
  });
  cycles.sort((a, b) => a[0].localeCompare(b[0]));

  const depthHistogram = [...histogram].sort((a, b) => a[0] - b[0]).map(([depth, count]) => ({ depth, count }));
  return {
    nodes: n,
    edges: m,
    density: n < 2 ? 0 : m / (n * (n - 1)),
    depthHistogram,
    byKind,
    byFamily,
    bySystem,
    byClient,
    byServer,
    cycles,
    clients: clients.sort(),
    systems: systems.sort(),
    applications: applications.sort(),
  };
}
