import { createServiceFactory, createServiceRef } from '@backstage/backend-plugin-api';
import type { GraphView, SavedGraph } from '@maestro/plugin-maestro-common';

/**
 * What the exports and share links need of the saved graphs: a graph by id (with its last generated view) and a
 * view generated now from the current inventory (for live links). The saved graphs' store and `generateGraphView`
 * provide it; {@link NO_SAVED_GRAPHS} until they are wired in.
 */
export interface SharedGraphSource {
  /** The saved graph with its last generation, or undefined when there is no such graph (or it was deleted). */
  get(graphId: string): Promise<SavedGraph | undefined>;
  /** The graph generated now from the current inventory (what a live link shows; the caller caches it). */
  live(graph: SavedGraph): Promise<GraphView>;
}

/** A source that knows no graph: every export and share answers 404. */
export const NO_SAVED_GRAPHS: SharedGraphSource = {
  get: async () => undefined,
  live: async () => {
    throw new Error('no saved graphs');
  },
};

/**
 * The saved graphs the export and share routes read, as a plugin-scoped service: tests (and, until the saved graphs
 * are merged, nothing else) provide one with `createServiceFactory({ service: sharedGraphSourceServiceRef, … })`.
 * Default: {@link NO_SAVED_GRAPHS}.
 */
export const sharedGraphSourceServiceRef = createServiceRef<SharedGraphSource>({
  id: 'maestro.graphs.shared-source',
  scope: 'plugin',
  defaultFactory: async service => createServiceFactory({ service, deps: {}, factory: () => NO_SAVED_GRAPHS }),
});
