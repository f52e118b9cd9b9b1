/*
 * Runs elkjs (layered) or dagre on a graph in a child process, so a run can be stopped after a timeout. Used by
 * graphs.bench.ts only (issue #14 asks for the peers' figures beside ours); elkjs and dagre are devDependencies.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export type Peer = 'elkjs' | 'dagre';

/** Plain CommonJS run by the child: reads the graph, lays it out, prints the milliseconds the layout took. */
const CHILD = `
const { readFileSync } = require('node:fs');
const { performance } = require('node:perf_hooks');
const [peer, file] = process.argv.slice(1);
const { nodes, edges } = JSON.parse(readFileSync(file, 'utf8'));
const started = performance.now();
const done = () => process.stdout.write(String(performance.now() - started));
if (peer === 'dagre') {
  const dagre = require('@dagrejs/dagre');
  const g = new dagre.graphlib.Graph({ multigraph: true });
  g.setGraph({ rankdir: 'TB', nodesep: 20, ranksep: 60 });
  g.setDefaultEdgeLabel(() => ({}));
  for (const n of nodes) g.setNode(n, { width: 160, height: 40 });
  edges.forEach(([s, t], i) => g.setEdge(s, t, {}, 'e' + i));
  dagre.layout(g);
  done();
} else {
  const ELK = require('elkjs/lib/elk.bundled.js');
  new ELK()
    .layout({
      id: 'root',
      layoutOptions: { 'elk.algorithm': 'layered', 'elk.direction': 'DOWN' },
      children: nodes.map(id => ({ id, width: 160, height: 40 })),
      edges: edges.map(([s, t], i) => ({ id: 'e' + i, sources: [s], targets: [t] })),
    })
    .then(done, e => { console.error(e); process.exit(1); });
}
`;

/** Milliseconds the peer's layout took, or undefined when it was stopped after `timeoutMs`. */
export function timePeerLayout(
  peer: Peer,
  graph: { nodes: string[]; edges: Array<[string, string]> },
  timeoutMs: number,
): number | undefined {
  const dir = mkdtempSync(join(tmpdir(), 'graph-layout-bench-'));
  try {
    const file = join(dir, 'graph.json');
    writeFileSync(file, JSON.stringify(graph));
    const run = spawnSync(process.execPath, ['-e', CHILD, peer, file], {
      timeout: timeoutMs,
      encoding: 'utf8',
      maxBuffer: 1 << 20,
    });
    if (run.error || run.signal) return undefined;
    if (run.status !== 0) throw new Error(`${peer} failed: ${run.stderr}`);
    return Number(run.stdout);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
