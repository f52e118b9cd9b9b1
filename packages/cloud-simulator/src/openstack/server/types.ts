import type { IncomingHttpHeaders } from 'node:http';
import type { OpenStackWorld } from '../world/OpenStackWorld';
import type { OpenStackRegion } from '../world/types';
import type { OpenStackFaults } from './faults';
import type { Microversion } from './microversion';
import type { MarkerIndex } from './pagination';

/**
 * The simulated services, by their primary catalog type. Cinder is also listed as `block-storage`, at the same
 * URL.
 */
export type OpenStackServiceType = 'compute' | 'network' | 'volumev3' | 'image' | 'load-balancer';

/** Every catalog type the simulator lists, with the service it names. */
export const CATALOG_TYPES: ReadonlyArray<{
  type: string;
  name: string;
  service: OpenStackServiceType;
}> = [
  { type: 'compute', name: 'nova', service: 'compute' },
  { type: 'network', name: 'neutron', service: 'network' },
  { type: 'volumev3', name: 'cinderv3', service: 'volumev3' },
  { type: 'block-storage', name: 'cinder', service: 'volumev3' },
  { type: 'image', name: 'glance', service: 'image' },
  { type: 'load-balancer', name: 'octavia', service: 'load-balancer' },
];

/** The first path segment after the region of each service (`/<region>/<segment>/…`). */
export const SERVICE_SEGMENTS: Record<string, OpenStackServiceType> = {
  compute: 'compute',
  network: 'network',
  volume: 'volumev3',
  image: 'image',
  'load-balancer': 'load-balancer',
};

/** The segment of a service in URLs (inverse of {@link SERVICE_SEGMENTS}). */
export const SEGMENT_OF: Record<OpenStackServiceType, string> = {
  compute: 'compute',
  network: 'network',
  volumev3: 'volume',
  image: 'image',
  'load-balancer': 'load-balancer',
};

/** An authenticated request to a service of a region, routed to its handler. */
export interface ServiceRequest {
  method: string;
  service: OpenStackServiceType;
  world: OpenStackWorld;
  region: OpenStackRegion;
  /** The non-empty path segments after the service's segment (`['v2.1', 'servers', 'detail']`). */
  path: string[];
  query: URLSearchParams;
  headers: IncomingHttpHeaders;
  /** The absolute URL of the service's segment (`http://h:p/RegionOne/compute`), for links. */
  root: string;
  /** The page size for a requested `limit` (undefined or 0: the default), capped at the maximum. */
  pageSize(limit: number | undefined): number;
  markers: MarkerIndex;
  /** The faults in force (down cells…). */
  faults: OpenStackFaults;
  /** The newest Nova microversion served (2.60 for a Queens cloud…): above it, 406. */
  novaMaxVersion: Microversion;
}

/** What a handler answers. */
export interface ServiceResponse {
  status: number;
  /** A JSON value, or text sent as it is. */
  body: unknown;
  headers?: Record<string, string>;
}

/** A service's handler. */
export type ServiceHandler = (request: ServiceRequest) => ServiceResponse;
