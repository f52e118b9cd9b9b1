/*
 * Business graph engine benchmark (issue #14, first step). Prints figures beside the issue's target; asserts nothing.
 *
 *   ./maestro npm run bench:graphs
 *   BENCH_SCALE=0.2 ./maestro npm run bench:graphs
 *
 * Estate (scale 1), in memory (no database: the engine reads a RecordSource, the store's paging is timed by
 * bench:reports): 5,000 applications with 20,000 dependencies (4 each, to seeded random applications, rotating
 * protocols), 1,000 servers (each application on one, a volume per server), 50 systems of 100 applications with 2
 * entry applications each, 20 clients. The graph starts from the 100 entry applications (depth 10, both layers).
 * The issue's target is build + metrics + layout ≤ 2 s: timed with our layered layout. Then our layout, elkjs
 * (layered) and dagre on subgraphs of the both-layers graph (its first 1,000 and 2,000 nodes in breadth-first order),
 * each peer in a child process stopped after 60 s (BENCH_PEER_TIMEOUT_S; BENCH_PEERS=0 skips the peers).
 */
import { performance } from 'node:perf_hooks';
import Graph, { DirectedGraph } from 'graphology';
import type { InventoryRecord } from '@maestro/plugin-maestro-common';
import { buildBusinessGraph } from '../plugins/maestro-backend/src/graphs/buildBusinessGraph';
import { graphMetrics } from '../plugins/maestro-backend/src/graphs/graphMetrics';
import { whatBreaksIfServerFails } from '../plugins/maestro-backend/src/graphs/impact';
import { layoutGraph } from '../plugins/maestro-backend/src/graphs/layeredLayout';
import { timePeerLayout } from './graphLayoutPeers';
import { memoryRecordSource, record } from '../plugins/maestro-backend/src/__testUtils__/graphEstate';

const SCALE = Number(process.env.BENCH_SCALE ?? 1);
const n = (count: number) => Math.max(1, Math.round(count * SCALE));
const APPS = n(5000);
const DEPENDENCIES_PER_APP = 4;
const SERVERS = n(1000);
const SYSTEMS = n(50);
const CLIENTS = n(20);
const PROTOCOLS = ['rest', 'grpc', 'amqp', 'sql'];

/** Small seeded generator (mulberry32): the same estate on every run. */
function random(seed: number) {
  let state = seed;
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function estate(): InventoryRecord[] {
  const next = random(14);
  const records: InventoryRecord[] = [];
  const perSystem = Math.ceil(APPS / SYSTEMS);
  for (let i = 0; i < APPS; i++) {
    const dependencies = Array.from({ length: DEPENDENCIES_PER_APP }, (_, d) => ({
      ref: `app-${Math.floor(next() * APPS)}`,
      protocol: PROTOCOLS[d],
    }));
    records.push(
      record('Component', `app-${i}`, {
        type: 'service',
        lifecycle: 'production',
        system: `system-${Math.floor(i / perSystem)}`,
        servers: [`server-${i % SERVERS}`],
        dependencies,
      }),
    );
  }
  for (let s = 0; s < SERVERS; s++) {
    records.push(record('Server', `server-${s}`, { storage: [{ volume: `volume-${s}` }] }));
    records.push(record('Volume', `volume-${s}`, { server: `server-${s}` }));
  }
  for (let s = 0; s < SYSTEMS; s++) {
    records.push(
      record('System', `system-${s}`, {
        clients: [`client-${s % CLIENTS}`],
        entryApplications: [`app-${s * perSystem}`, `app-${s * perSystem + 1}`],
      }),
    );
  }
  for (let c = 0; c < CLIENTS; c++) records.push(record('Client', `client-${c}`, {}));
  return records;
}

const s = (ms: number) => `${(ms / 1000).toFixed(3)} s`;

async function main() {
  const records = estate();
  const source = memoryRecordSource(records, 2000);
  const entryApplications = records
    .filter(r => r.kind === 'System')
    .flatMap(r => (r.spec as { entryApplications: string[] }).entryApplications);
  console.log(
    `estate: ${APPS.toLocaleString('en-US')} applications, ${(APPS * DEPENDENCIES_PER_APP).toLocaleString('en-US')} ` +
      `dependencies, ${SERVERS} servers, ${SYSTEMS} systems, ${CLIENTS} clients (${records.length} records in memory)`,
  );
  for (const layers of [{}, { infrastructure: true, business: true }]) {
    const started = performance.now();
    const built = await buildBusinessGraph(source, { entry: { applications: entryApplications }, layers });
    const builtAt = performance.now();
    const metrics = graphMetrics(built);
    const measuredAt = performance.now();
    const layout = layoutGraph(built.graph);
    const laidOutAt = performance.now();
    const label = Object.keys(layers).length ? 'both layers' : 'applications only';
    console.log(`\n## ${label}: ${metrics.nodes} nodes, ${metrics.edges} edges, density ${metrics.density.toFixed(6)}`);
    console.log(`  depth histogram: ${metrics.depthHistogram.map(h => `${h.depth}:${h.count}`).join(' ')}`);
    console.log(
      `  cycles (SCCs > 1 and self-loops): ${metrics.cycles.length}, largest ${Math.max(
        0,
        ...metrics.cycles.map(c => c.length),
      )} nodes`,
    );
    console.log(
      `  build ${s(builtAt - started)}, metrics ${s(measuredAt - builtAt)}, layout ${s(laidOutAt - measuredAt)} ` +
        `(${Math.max(0, ...Object.values(layout.nodes).map(node => node.layer)) + 1} layers, ` +
        `${Math.round(layout.width)} × ${Math.round(layout.height)})`,
    );
    console.log(`  build + metrics + layout: ${s(laidOutAt - started)}   target: ≤ 2 s`);
    if (Object.keys(layers).length) comparePeers(built.graph);
    if (Object.keys(layers).length) {
      const impactStarted = performance.now();
      const broken = whatBreaksIfServerFails(built, 'server:default/server-0');
      console.log(
        `  what breaks if server-0 fails: ${broken.applications.length} applications, ${broken.systems.length} ` +
          `systems, ${broken.clients.length} clients in ${s(performance.now() - impactStarted)}   (no target)`,
      );
    }
  }
}

/** The first `count` nodes of the graph in breadth-first order (edges taken both ways) and the edges among them. */
function firstNodes(graph: Graph, count: number) {
  const seen = new Set<string>();
  const queue: string[] = [];
  for (const root of graph.nodes()) {
    if (seen.size >= count) break;
    if (seen.has(root)) continue;
    seen.add(root);
    queue.push(root);
    for (let head = queue.length - 1; head < queue.length && seen.size < count; head++) {
      graph.forEachNeighbor(queue[head], neighbour => {
        if (seen.size < count && !seen.has(neighbour)) {
          seen.add(neighbour);
          queue.push(neighbour);
        }
      });
    }
  }
  const sub = new DirectedGraph();
  for (const key of queue) sub.addNode(key);
  graph.forEachEdge((edge, _attributes, source, target) => {
    if (seen.has(source) && seen.has(target)) sub.addEdgeWithKey(edge, source, target);
  });
  return sub;
}

/** Our layout, elkjs (layered) and dagre on the same subgraphs, side by side. */
function comparePeers(graph: Graph) {
  const timeoutS = Number(process.env.BENCH_PEER_TIMEOUT_S ?? 60);
  const withPeers = process.env.BENCH_PEERS !== '0';
  for (const count of [1000, 2000]) {
    const sub = firstNodes(graph, count);
    const started = performance.now();
    layoutGraph(sub);
    const ours = performance.now() - started;
    const line = [`  layout of the first ${sub.order} nodes (${sub.size} edges): ours ${s(ours)}`];
    if (withPeers) {
      const plain = { nodes: sub.nodes(), edges: sub.mapEdges((_e, _a, u, v) => [u, v] as [string, string]) };
      for (const peer of ['elkjs', 'dagre'] as const) {
        const ms = timePeerLayout(peer, plain, timeoutS * 1000);
        line.push(`${peer} ${ms === undefined ? `gave up after ${timeoutS} s` : s(ms)}`);
      }
    }
    console.log(line.join(', '));
  }
}

main().catch(error => {
  console.error(error);
  process.exit(1);
});
