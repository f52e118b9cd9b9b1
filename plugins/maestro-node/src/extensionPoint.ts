import { createExtensionPoint } from '@backstage/backend-plugin-api';
import type { DiscoveryDriver } from './driver';

/**
 * Lets backend modules add discovery connections (e.g. a demo cloud started by the module, or connections
 * computed from another source) and cloud providers (drivers) to the Maestro plugin.
 * @public
 */
export interface MaestroDiscoveryExtensionPoint {
  /** A connection defined like an entry of `maestro.discovery.connections` (read-only through the API). */
  addConnection(definition: Record<string, unknown>): void;
  /**
   * A cloud provider: its lists, settings, form and how to open a connection. A driver with the id of a built-in
   * provider (`aws`, `openstack`) replaces it.
   */
  addDriver(driver: DiscoveryDriver): void;
}

/**
 * The Maestro plugin's discovery extension point (`maestro.discovery`).
 * @public
 */
export const maestroDiscoveryExtensionPoint = createExtensionPoint<MaestroDiscoveryExtensionPoint>({
  id: 'maestro.discovery',
});
