import type { OpenStackRegion } from '../../world/types';
import { OpenStackApiError } from '../errors';
import { filterByAttributes, listingBody, paginate, selectFields, type Identified } from '../pagination';
import type { ServiceRequest, ServiceResponse } from '../types';

interface Collection {
  /** The JSON member of a listing (`security_groups`). */
  plural: string;
  /** The JSON member of one object (`security_group`). */
  singular: string;
  items(region: OpenStackRegion): readonly Identified[];
  /** Neutron's error type and message for an unknown id. */
  notFound(id: string): OpenStackApiError;
}

const COLLECTIONS: Record<string, Collection> = {
  networks: {
    plural: 'networks',
    singular: 'network',
    items: r => r.networks,
    notFound: id => new OpenStackApiError(404, `Network ${id} could not be found.`, 'NetworkNotFound'),
  },
  subnets: {
    plural: 'subnets',
    singular: 'subnet',
    items: r => r.subnets,
    notFound: id => new OpenStackApiError(404, `Subnet ${id} could not be found.`, 'SubnetNotFound'),
  },
  ports: {
    plural: 'ports',
    singular: 'port',
    items: r => r.ports,
    notFound: id => new OpenStackApiError(404, `Port ${id} could not be found.`, 'PortNotFound'),
  },
  routers: {
    plural: 'routers',
    singular: 'router',
    items: r => r.routers,
    notFound: id => new OpenStackApiError(404, `Router ${id} could not be found`, 'RouterNotFound'),
  },
  'security-groups': {
    plural: 'security_groups',
    singular: 'security_group',
    items: r => r.securityGroups,
    notFound: id => new OpenStackApiError(404, `Security group ${id} does not exist`, 'SecurityGroupNotFound'),
  },
  'security-group-rules': {
    plural: 'security_group_rules',
    singular: 'security_group_rule',
    items: r => r.securityGroups.flatMap(g => g.security_group_rules),
    notFound: id => new OpenStackApiError(404, `Security group rule ${id} does not exist`, 'SecurityGroupRuleNotFound'),
  },
  floatingips: {
    plural: 'floatingips',
    singular: 'floatingip',
    items: r => r.floatingIps,
    notFound: id => new OpenStackApiError(404, `Floating IP ${id} could not be found`, 'FloatingIPNotFound'),
  },
};

/**
 * Neutron (`network`, `/<region>/network`): `GET /v2.0/{networks|subnets|ports|routers|security-groups|
 * security-group-rules|floatingips}[/{id}]` (a `.json` suffix is accepted), with attribute filters
 * (`?device_id=…`), `fields`, and `limit`/`marker` paging with `<collection>_links`. An unknown marker is the
 * collection's 404 (`PortNotFound` …).
 */
export function handleNeutron(request: ServiceRequest): ServiceResponse {
  const path = request.path.map(s => s.replace(/\.json$/, ''));
  const [prefix, name, id, extra] = path;
  const collection = Object.prototype.hasOwnProperty.call(COLLECTIONS, name ?? '') ? COLLECTIONS[name] : undefined;
  if (prefix !== 'v2.0' || !collection || extra !== undefined) {
    throw new OpenStackApiError(404, 'The resource could not be found.');
  }
  if (request.method !== 'GET' && request.method !== 'HEAD') {
    throw new OpenStackApiError(405, 'The method is not allowed for this resource.');
  }
  const all = collection.items(request.region);
  if (id !== undefined) {
    const item = all.find(i => i.id === id);
    if (!item) throw collection.notFound(id);
    const [selected] = selectFields([item], request.query);
    return { status: 200, body: { [collection.singular]: selected } };
  }
  const filtered = filterByAttributes(all, request.query);
  const page = paginate(request, filtered, collection.notFound, filtered === all);
  const body = listingBody(request, page, collection.plural, `v2.0/${name}`, items =>
    selectFields(items, request.query),
  );
  return { status: 200, body };
}
