import type { ResourceList } from '../resourceList';
import { FailureCollector } from '../translate';
import type { DiscoveredRecord } from '../types';
import {
  OpenStackHttpError,
  type NeutronPort,
  type OctaviaMember,
  type OctaviaPool,
  type OpenStackClient,
  type OpenStackServiceType,
} from './client';
import { flavorToRecord, serverLookups, serverToRecord } from './novaRecords';
import {
  imageToRecord,
  loadBalancerToRecord,
  memberServerIndex,
  networkToRecord,
  portToRecord,
  routerToRecord,
  securityGroupToRecord,
  snapshotToRecord,
  subnetToRecord,
  volumeToRecord,
} from './openstackRecords';
import type { OpenStackScope } from './openstackScope';

export * from './novaRecords';
export * from './openstackRecords';
export { flavorProviderId, openstackName, openstackTags, utcIso, type OpenStackScope } from './openstackScope';

/** What a list's crawl gets. */
export interface OpenStackListContext extends OpenStackScope {
  client: OpenStackClient;
  signal?: AbortSignal;
}

/** One of the seed's resource lists: the OpenStack API calls it makes and how it translates what they return. */
export interface OpenStackResourceList extends ResourceList<OpenStackListContext> {
  /**
   * The catalog service the list cannot do without: when the region's catalog lacks it, the crawl throws
   * {@link OpenStackServiceUnavailableError} before any request ("service not available", nothing removed).
   */
  service: OpenStackServiceType;
}

/* ------------------------------------------------------------------------------------------------ lists */

/** Ports of the region when it has Neutron (undefined otherwise: server-network refs are then left out). */
async function optionalPorts(ctx: OpenStackListContext): Promise<NeutronPort[] | undefined> {
  if (!ctx.client.hasService('network', ctx.region)) return undefined;
  return ctx.client.ports(ctx.region, { signal: ctx.signal }).all();
}

const serverList: OpenStackResourceList = {
  id: 'server-list',
  title: 'Servers (Nova), with their flavors and Neutron ports resolved',
  iamActions: ['compute: GET /servers/detail', 'compute: GET /flavors/detail', 'network: GET /v2.0/ports'],
  service: 'compute',
  defaultFrequencyMinutes: 5,
  async crawl(ctx, emit) {
    const { client, region, signal } = ctx;
    const servers = await client.servers(region, { signal }).all();
    const flavors = await client.flavors(region, { signal }).all();
    const ports = await optionalPorts(ctx);
    const lookups = serverLookups(flavors, ports);
    for (const server of servers) if (server.id) emit(serverToRecord(ctx, server, lookups));
  },
};

/**
 * A list that reads one paginated collection and translates each item (flavors, images, volumes, snapshots): the
 * crawl emits every item with an id, page by page.
 */
function pagedList<T extends { id: string }>(
  list: Omit<OpenStackResourceList, 'crawl'>,
  pages: (ctx: OpenStackListContext) => AsyncIterable<T[]>,
  translate: (ctx: OpenStackListContext, item: T) => DiscoveredRecord,
): OpenStackResourceList {
  return {
    ...list,
    async crawl(ctx, emit) {
      for await (const page of pages(ctx)) {
        for (const item of page) if (item.id) emit(translate(ctx, item));
      }
    },
  };
}

const flavorList = pagedList(
  {
    id: 'flavor-list',
    title: 'Flavors (Nova)',
    iamActions: ['compute: GET /flavors/detail'],
    service: 'compute',
    defaultFrequencyMinutes: 24 * 60,
  },
  ctx => ctx.client.flavors(ctx.region, { signal: ctx.signal }),
  flavorToRecord,
);

const imagesList = pagedList(
  {
    id: 'images-list',
    title: 'Images (Glance: the project’s and those shared with it or public)',
    iamActions: ['image: GET /v2/images'],
    service: 'image',
    defaultFrequencyMinutes: 24 * 60,
  },
  ctx => ctx.client.images(ctx.region, { signal: ctx.signal }),
  imageToRecord,
);

const volumesList = pagedList(
  {
    id: 'volumes-list',
    title: 'Volumes (Cinder)',
    iamActions: ['block-storage: GET /volumes/detail'],
    service: 'block-storage',
    defaultFrequencyMinutes: 60,
  },
  ctx => ctx.client.volumes(ctx.region, { signal: ctx.signal }),
  volumeToRecord,
);

const snapshotList = pagedList(
  {
    id: 'snapshot-list',
    title: 'Volume snapshots (Cinder)',
    iamActions: ['block-storage: GET /snapshots/detail'],
    service: 'block-storage',
    defaultFrequencyMinutes: 24 * 60,
  },
  ctx => ctx.client.snapshots(ctx.region, { signal: ctx.signal }),
  snapshotToRecord,
);

const securityList: OpenStackResourceList = {
  id: 'security-list',
  title: 'Security groups (Neutron)',
  iamActions: ['network: GET /v2.0/security-groups'],
  service: 'network',
  defaultFrequencyMinutes: 24 * 60,
  async crawl(ctx, emit) {
    const groups = await ctx.client.securityGroups(ctx.region, { signal: ctx.signal }).all();
    const names = new Map(groups.map(g => [g.id, g.name]));
    for (const group of groups) if (group.id) emit(securityGroupToRecord(ctx, group, names));
  },
};

const networkList: OpenStackResourceList = {
  id: 'network-list',
  title: 'Networks (Neutron): networks, subnets, ports, routers',
  iamActions: [
    'network: GET /v2.0/networks',
    'network: GET /v2.0/subnets',
    'network: GET /v2.0/ports',
    'network: GET /v2.0/routers',
  ],
  service: 'network',
  defaultFrequencyMinutes: 24 * 60,
  async crawl(ctx, emit) {
    const { client, region, signal } = ctx;
    // every call runs even when one fails, so one denied call does not hide the other networks
    const calls = new FailureCollector();
    const step = <T extends { id: string }>(pages: AsyncIterable<T[]>, translate: (item: T) => DiscoveredRecord) =>
      calls.step(async () => {
        for await (const page of pages) for (const item of page) if (item.id) emit(translate(item));
      });
    await step(client.networks(region, { signal }), n => networkToRecord(ctx, n));
    await step(client.subnets(region, { signal }), s => subnetToRecord(ctx, s));
    await step(client.ports(region, { signal }), p => portToRecord(ctx, p));
    await step(client.routers(region, { signal }), r => routerToRecord(ctx, r));
    calls.rethrow();
  },
};

const loadBalanceList: OpenStackResourceList = {
  id: 'loadbalance-list',
  title: 'Load balancers (Octavia) with the servers of their pools',
  iamActions: [
    'load-balancer: GET /v2/lbaas/loadbalancers',
    'load-balancer: GET /v2/lbaas/pools',
    'load-balancer: GET /v2/lbaas/pools/{pool_id}/members',
    'network: GET /v2.0/ports',
  ],
  service: 'load-balancer',
  defaultFrequencyMinutes: 30,
  async crawl(ctx, emit) {
    const { client, region, signal } = ctx;
    const balancers = await client.loadBalancers(region, { signal }).all();
    if (!balancers.length) return;
    const wanted = new Set(balancers.map(lb => lb.id));
    const pools: OctaviaPool[] = (await client.pools(region, { signal }).all()).filter(p =>
      (p.loadbalancers ?? []).some(l => wanted.has(l.id)),
    );
    const membersByPool = new Map<string, OctaviaMember[]>();
    for (const pool of pools) {
      if (Array.isArray(pool.members) && pool.members.length === 0) continue;
      try {
        membersByPool.set(pool.id, await client.members(region, pool.id, { signal }).all());
      } catch (error) {
        // the pool was deleted between the two calls
        if (!(error instanceof OpenStackHttpError && error.status === 404)) throw error;
      }
    }
    const ports = await optionalPorts(ctx);
    const serverOf = memberServerIndex(ports ?? []);
    const targets = new Map<string, string[]>();
    for (const pool of pools) {
      const servers = (membersByPool.get(pool.id) ?? []).map(serverOf).filter((s): s is string => !!s);
      for (const l of pool.loadbalancers ?? []) targets.set(l.id, [...(targets.get(l.id) ?? []), ...servers]);
    }
    for (const lb of balancers) if (lb.id) emit(loadBalancerToRecord(ctx, lb, targets.get(lb.id) ?? []));
  },
};

/** Every OpenStack resource list, in the order a crawl runs them (servers first: the others refer to them). */
export const OPENSTACK_LISTS: OpenStackResourceList[] = [
  serverList,
  volumesList,
  loadBalanceList,
  networkList,
  securityList,
  snapshotList,
  imagesList,
  flavorList,
];

/**
 * The read-only OpenStack API calls the lists make (and Keystone's token request), for the connection wizard to
 * show as what the user's role must allow (`reader` or `member` on the project is enough with default policies).
 */
export function openstackRequiredCalls(lists: OpenStackResourceList[] = OPENSTACK_LISTS): string[] {
  return ['identity: POST /v3/auth/tokens', ...[...new Set(lists.flatMap(l => l.iamActions))].sort()];
}
