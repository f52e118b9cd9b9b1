import { createServiceFactory, createServiceRef } from '@backstage/backend-plugin-api';
import type { GraphView, SavedGraph } from '@maestro/plugin-maestro-common';
import type { InventoryStore } from '../records/InventoryStore';
import { generateGraphView, graphRecordSource } from './generateGraphView';
import type { GraphStore } from './GraphStore';

/**
 * What the exports and share links need of the saved graphs: a graph by id (with its last generated view) and a
 * view generated now from the current inventory (for live links).
 */
export interface SharedGraphSource {
  /** The saved graph with its last generation, or undefined when there is no such graph (or it was deleted). */
  get(graphId: string): Promise<SavedGraph | undefined>;
  /** The graph generated now from the current inventory (what a live link shows; the caller caches it). */
  live(graph: SavedGraph): Promise<GraphView>;
}

/**
 * The saved graphs of the store. A live link has no caller to read the catalog as, so it shows the Maestro store's
 * records only (git-defined Components and Systems are drawn as missing nodes); a snapshot keeps what its creator saw.
 */
export function savedGraphSource(
  graphs: Pick<GraphStore, 'get'>,
  store: Pick<InventoryStore, 'listRecords' | 'recordsAsOf' | 'prunedBefore'>,
): SharedGraphSource {
  return {
    get: async id => {
      try {
        return await graphs.get(id);
      } catch (error) {
        if ((error as Error)?.name === 'NotFoundError') return undefined;
        throw error;
      }
    },
    live: async graph =>
      generateGraphView(
        { entry: graph.entry, depth: graph.depth, layers: graph.layers },
        { source: await graphRecordSource(store) },
      ),
  };
}

/**
 * A test seam: a plugin-scoped service that, when a test provides one (`{ source }`), replaces the saved graphs the
 * export and share routes read (`createServiceFactory({ service: sharedGraphSourceServiceRef, … })`). Default: no
 * source, the routes read the saved graphs through {@link savedGraphSource}. The service is an object, never
 * undefined: Backstage counts a service whose instance is undefined as missing, and the plugin would not start.
 */
export const sharedGraphSourceServiceRef = createServiceRef<{ source?: SharedGraphSource }>({
  id: 'maestro.graphs.shared-source',
  scope: 'plugin',
  defaultFactory: async service => createServiceFactory({ service, deps: {}, factory: () => ({}) }),
});
