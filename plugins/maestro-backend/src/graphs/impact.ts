import { InputError } from '@backstage/errors';
import type { BusinessGraph } from './buildBusinessGraph';
import type { ImpactItem, NodeImpact, ServerFailureImpact } from '@maestro/plugin-maestro-common';

export type { ImpactItem, NodeImpact, ServerFailureImpact };

function requireNode({ graph }: BusinessGraph, key: string, field: string) {
  if (typeof key !== 'string' || !graph.hasNode(key)) throw new InputError(`${field}: not a node of the graph`);
}

/** Breadth-first from `start` through in-edges (`up`) or out-edges; the start itself left out. */
function reach({ graph }: BusinessGraph, start: string, up: boolean): ImpactItem[] {
  const depthOf = new Map<string, number>([[start, 0]]);
  let frontier = [start];
  for (let depth = 1; frontier.length; depth++) {
    const next: string[] = [];
    for (const key of frontier) {
      const neighbours = up ? graph.inNeighbors(key) : graph.outNeighbors(key);
      for (const neighbour of neighbours) {
        if (depthOf.has(neighbour)) continue;
        depthOf.set(neighbour, depth);
        next.push(neighbour);
      }
    }
    frontier = next;
  }
  depthOf.delete(start);
  return [...depthOf]
    .map(([key, depth]) => ({ key, kind: graph.getNodeAttribute(key, 'kind'), depth }))
    .sort((a, b) => a.depth - b.depth || a.key.localeCompare(b.key));
}

/**
 * A node's upstream (every node with a path to it: applications depending on it, their systems, those systems'
 * clients) and downstream (every node it has a path to), each with its distance. A 400 naming `node` if the key is
 * not in the graph.
 */
export function nodeImpact(built: BusinessGraph, key: string): NodeImpact {
  requireNode(built, key, 'node');
  return { key, upstream: reach(built, key, true), downstream: reach(built, key, false) };
}

/**
 * What breaks if a server fails: the applications (and databases, load balancers) running on it, everything
 * depending on those transitively, their systems and the clients of those systems. The graph must have been built
 * with the infrastructure layer (and the business layer for systems and clients). A 400 naming `server` otherwise.
 */
export function whatBreaksIfServerFails(built: BusinessGraph, serverKey: string): ServerFailureImpact {
  requireNode(built, serverKey, 'server');
  if (built.graph.getNodeAttribute(serverKey, 'kind') !== 'Server') {
    throw new InputError('server: not a server of the graph');
  }
  const out: ServerFailureImpact = {
    server: serverKey,
    applications: [],
    infrastructure: [],
    systems: [],
    clients: [],
  };
  for (const item of reach(built, serverKey, true)) {
    if (item.kind === 'Component' || item.kind === 'Resource') out.applications.push(item);
    else if (item.kind === 'System') out.systems.push(item);
    else if (item.kind === 'Client') out.clients.push(item);
    else out.infrastructure.push(item);
  }
  return out;
}
