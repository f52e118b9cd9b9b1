import type { BusinessGraphEdge, ImpactItem, NodeImpact } from '@maestro/plugin-maestro-common';

/**
 * Breadth-first over `next` from `start`: every node reached with the number of edges on the shortest path,
 * sorted by depth then key; `start` itself is left out.
 */
function reach(start: string, next: Map<string, string[]>, kindOf: Map<string, string>): ImpactItem[] {
  const depthOf = new Map<string, number>([[start, 0]]);
  let frontier = [start];
  for (let depth = 1; frontier.length > 0; depth++) {
    const following: string[] = [];
    for (const key of frontier) {
      for (const other of next.get(key) ?? []) {
        if (depthOf.has(other)) continue;
        depthOf.set(other, depth);
        following.push(other);
      }
    }
    frontier = following;
  }
  depthOf.delete(start);
  return [...depthOf]
    .map(([key, depth]) => ({ key, kind: kindOf.get(key) ?? '', depth }))
    .sort((a, b) => a.depth - b.depth || (a.key < b.key ? -1 : 1));
}

/**
 * Who depends on `key` (upstream: the in-direction of every edge, affected if it fails) and what it needs
 * (downstream: the out-direction), both transitively, from a view's edges alone: the entity tab's impact
 * analysis, where no saved graph answers `/impact`. Same shape and order as the backend's answer.
 */
export function clientImpact(
  view: { nodes: Array<{ key: string; kind: string }>; edges: BusinessGraphEdge[] },
  key: string,
): NodeImpact {
  const kindOf = new Map(view.nodes.map(n => [n.key, n.kind]));
  const out = new Map<string, string[]>();
  const into = new Map<string, string[]>();
  for (const edge of view.edges) {
    if (!out.has(edge.source)) out.set(edge.source, []);
    out.get(edge.source)!.push(edge.target);
    if (!into.has(edge.target)) into.set(edge.target, []);
    into.get(edge.target)!.push(edge.source);
  }
  return { key, upstream: reach(key, into, kindOf), downstream: reach(key, out, kindOf) };
}
