import { createExtensionPoint } from '@backstage/backend-plugin-api';
import type { DiscoveryDriver } from './driver';

/**
 * Lets backend modules add discovery connections (e.g. a demo cloud started by the module, or connections
 * computed from another source) and cloud drivers to the Maestro plugin.
 * @public
 */
export interface MaestroDiscoveryExtensionPoint {
  /** A connection defined like an entry of `maestro.discovery.connections` (read-only through the API). */
  addConnection(definition: Record<string, unknown>): void;
  /** A cloud provider's driver (its lists and how to open a connection). */
  addDriver(driver: DiscoveryDriver): void;
}

/** @public */
export const maestroDiscoveryExtensionPoint = createExtensionPoint<MaestroDiscoveryExtensionPoint>({
  id: 'maestro.discovery',
});
