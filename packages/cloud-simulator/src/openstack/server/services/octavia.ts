import type { OpenStackRegion } from '../../world/types';
import { OpenStackApiError } from '../errors';
import { filterByAttributes, nextLinks, paginate, selectFields, type Identified } from '../pagination';
import type { ServiceRequest, ServiceResponse } from '../types';

interface Collection {
  plural: string;
  singular: string;
  /** How Octavia names the resource in errors (`Load Balancer`). */
  label: string;
  items(region: OpenStackRegion): readonly Identified[];
}

const COLLECTIONS: Record<string, Collection> = {
  loadbalancers: {
    plural: 'loadbalancers',
    singular: 'loadbalancer',
    label: 'Load Balancer',
    items: r => r.loadBalancers,
  },
  listeners: {
    plural: 'listeners',
    singular: 'listener',
    label: 'Listener',
    items: r => r.listeners,
  },
  pools: {
    plural: 'pools',
    singular: 'pool',
    label: 'Pool',
    items: r => r.pools,
  },
  healthmonitors: {
    plural: 'healthmonitors',
    singular: 'healthmonitor',
    label: 'Health Monitor',
    items: () => [],
  },
};

function notFound(label: string) {
  return (id: string) => new OpenStackApiError(404, `${label} ${id} not found.`);
}

function listing(
  request: ServiceRequest,
  items: readonly Identified[],
  plural: string,
  label: string,
  path: string,
): ServiceResponse {
  const filtered = filterByAttributes(items, request.query);
  const page = paginate(request, filtered, notFound(label), filtered === items);
  return {
    status: 200,
    body: {
      [plural]: selectFields(page.items, request.query),
      // Octavia always writes the links member, empty on the last page
      [`${plural}_links`]: nextLinks(request, path, page) ?? [],
    },
  };
}

function show(request: ServiceRequest, singular: string, item: Identified): ServiceResponse {
  const [selected] = selectFields([item], request.query);
  return { status: 200, body: { [singular]: selected } };
}

/**
 * Octavia (`load-balancer`, `/<region>/load-balancer`): `GET /v2/lbaas/{loadbalancers|listeners|pools|
 * healthmonitors}[/{id}]` and `/v2/lbaas/pools/{pool_id}/members[/{id}]` (`/v2.0` works too), with attribute
 * filters, `fields`, and `limit`/`marker` paging with `<collection>_links` (empty when there is no next page).
 */
export function handleOctavia(request: ServiceRequest): ServiceResponse {
  const [prefix, lbaas, name, id, sub, memberId, extra] = request.path;
  const collection = Object.prototype.hasOwnProperty.call(COLLECTIONS, name ?? '') ? COLLECTIONS[name] : undefined;
  if ((prefix !== 'v2' && prefix !== 'v2.0') || lbaas !== 'lbaas' || !collection || extra) {
    throw new OpenStackApiError(404, 'The resource could not be found.');
  }
  if (request.method !== 'GET' && request.method !== 'HEAD') {
    throw new OpenStackApiError(405, 'The method is not allowed for this resource.');
  }
  const items = collection.items(request.region);
  if (id === undefined) {
    return listing(request, items, collection.plural, collection.label, `v2/lbaas/${name}`);
  }
  const item = items.find(i => i.id === id);
  if (!item) throw notFound(collection.label)(id);
  if (sub === undefined) return show(request, collection.singular, item);
  if (name !== 'pools' || sub !== 'members') {
    throw new OpenStackApiError(404, 'The resource could not be found.');
  }
  const members = request.region.members[id] ?? [];
  if (memberId === undefined) {
    return listing(request, members, 'members', 'Member', `v2/lbaas/pools/${id}/members`);
  }
  const member = members.find(m => m.id === memberId);
  if (!member) throw notFound('Member')(memberId);
  return show(request, 'member', member);
}
