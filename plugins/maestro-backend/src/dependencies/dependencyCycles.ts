/** Application dependencies as a directed graph: application key → the keys it depends on. */
export type DependencyGraph = Map<string, ReadonlySet<string>>;

/**
 * The cycle an edge `from → to` closes in `graph` (which already holds it), as the list of keys from `from`
 * back to `from` (`[a, b, c, a]`), or undefined when `to` does not lead back to `from`. Breadth-first, so the
 * cycle shown is a shortest one.
 */
export function cycleThrough(graph: DependencyGraph, from: string, to: string): string[] | undefined {
  if (from === to) return [from, from];
  const cameFrom = new Map<string, string>([[to, from]]);
  let frontier = [to];
  while (frontier.length > 0) {
    const next: string[] = [];
    for (const key of frontier) {
      for (const target of graph.get(key) ?? []) {
        if (cameFrom.has(target)) continue;
        cameFrom.set(target, key);
        if (target === from) {
          const path = [from];
          for (let at = key; at !== from; at = cameFrom.get(at)!) path.push(at);
          path.push(from);
          // collected backwards from `from`: a, c, b, a → a, b, c, a
          return [from, ...path.slice(1, -1).reverse(), from];
        }
        next.push(target);
      }
    }
    frontier = next;
  }
  return undefined;
}

/**
 * The first new edge (in the order given) that closes a cycle in `after`, with the cycle. Only edges absent from
 * `before` are looked at: a cycle already in the data does not block a commit that does not add to it.
 */
export function firstNewCycle<T extends { from: string; to: string }>(
  after: DependencyGraph,
  newEdges: T[],
): { edge: T; cycle: string[] } | undefined {
  for (const edge of newEdges) {
    const cycle = cycleThrough(after, edge.from, edge.to);
    if (cycle) return { edge, cycle };
  }
  return undefined;
}
