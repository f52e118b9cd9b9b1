import type { GraphView, GraphViewEdge, GraphViewNode, InventoryRecord } from '@maestro/plugin-maestro-common';
import { keyOfRecord, keyOfRef, MakerDraft, shortName, storedDependencies } from './makerDraft';

/** Where an unsaved target missing from the drawing is put: under its first source, this far down. */
const NEW_NODE_OFFSET = 90;

/**
 * The graph as it will be once the draft is committed: the saved graph's drawing (laid out by the server) with the
 * removed dependencies taken out and the added ones drawn (as straight edges, keyed `draft:…`); a target the drawing
 * does not hold yet is put under the application that now depends on it. Pure: the pane re-computes it on each edit.
 */
export function overlayDraft(
  view: GraphView,
  draft: MakerDraft,
  recordsById: ReadonlyMap<string, InventoryRecord>,
): GraphView {
  if (draft.size === 0) return view;
  const nodes = new Map<string, GraphViewNode>(view.nodes.map(n => [n.key, n]));
  const removed = new Set<string>();
  const added: GraphViewEdge[] = [];
  for (const [id, edit] of draft) {
    const record = recordsById.get(id);
    if (!record || !edit.dependencies) continue;
    const source = keyOfRecord(record);
    const before = new Set(storedDependencies(record).map(d => keyOfRef(d.ref) ?? d.ref));
    const after = new Map(edit.dependencies.map(d => [keyOfRef(d.ref) ?? d.ref, d]));
    for (const key of before) if (!after.has(key)) removed.add(`${source}->${key}`);
    for (const [key, dependency] of after) {
      if (before.has(key)) continue;
      const from = nodes.get(source);
      if (!from) continue;
      if (!nodes.has(key)) {
        const kind = key.slice(0, key.indexOf(':'));
        nodes.set(key, {
          key,
          kind: kind === 'resource' ? 'Resource' : 'Component',
          name: shortName(key),
          family: 'application',
          depth: from.depth + 1,
          x: from.x,
          y: from.y + NEW_NODE_OFFSET,
          width: from.width,
          height: from.height,
          layer: from.layer + 1,
        });
      }
      added.push({
        key: `draft:${source}->${key}`,
        source,
        target: key,
        kind: 'dependency',
        ...(dependency.protocol ? { protocol: dependency.protocol } : {}),
        points: [],
      });
    }
  }
  const edges = view.edges.filter(e => !(e.kind === 'dependency' && removed.has(`${e.source}->${e.target}`)));
  return { ...view, nodes: [...nodes.values()], edges: [...edges, ...added] };
}
