import { hashString } from '../../world/build/context';
import { Random } from '../../world/random';
import { buildFloatingIps, buildServers, buildUnboundPorts } from './compute';
import { emptyOpenStackRegion, RegionBuilder } from './context';
import { buildFlavors, buildImages } from './images';
import { buildLoadBalancers } from './loadBalancing';
import { buildNetwork } from './network';
import { OpenStackWorld, type OpenStackAccount } from './OpenStackWorld';
import { buildSnapshots, buildVolumes } from './storage';
import type { OpenStackAccountSpec, OpenStackRegion, OpenStackRegionSizes, OpenStackWorldOptions } from './types';

/** The default user and project of generated worlds, used by the demo. */
export const DEMO_OPENSTACK_ACCOUNT: OpenStackAccountSpec = {
  username: 'maestro-demo',
  password: 'maestro-demo-password',
  userDomainId: 'default',
  userId: '6d61657374726f2d64656d6f75736572',
  projectId: '6f70656e737461636b6d61657374726f',
  projectName: 'maestro-demo',
  projectDomainId: 'default',
  regions: ['RegionOne', 'RegionTwo'],
};

/** The availability zones of every region: Nova's default zone and two more. */
export const OPENSTACK_AVAILABILITY_ZONES = ['nova', 'az-2', 'az-3'];

/**
 * The counts of a region, the ones left out derived from `servers` (default 25): as many volumes as servers; 3
 * networks or one per 250 servers; one and a half subnets per network; a router per 4 networks; 6 security groups
 * or one per 50 servers; 12 flavors; 8 images; a snapshot per 2 volumes; a load balancer per 20 servers (at least
 * 2); a floating IP per 5 servers; and the ports every server, network, routed subnet and load balancer needs plus
 * one in eight servers (second interfaces and unbound ports). `ports` below what is needed are raised to it.
 */
export function resolveOpenStackRegionSizes(sizes: OpenStackRegionSizes = {}): Required<OpenStackRegionSizes> {
  for (const [key, value] of Object.entries(sizes)) {
    if (value !== undefined && (!Number.isInteger(value) || value < 0)) {
      throw new Error(`OpenStack region size ${key} must be a non-negative integer`);
    }
  }
  const servers = sizes.servers ?? 25;
  const volumes = sizes.volumes ?? servers;
  const networks = sizes.networks ?? Math.max(3, Math.ceil(servers / 250));
  const subnets = Math.max(networks, sizes.subnets ?? Math.ceil(networks * 1.5));
  const routers = sizes.routers ?? Math.max(1, Math.ceil(networks / 4));
  const loadBalancers = sizes.loadBalancers ?? Math.max(2, Math.ceil(servers / 20));
  const requiredPorts = servers + networks + (routers > 0 ? subnets : 0) + loadBalancers;
  return {
    servers,
    volumes,
    ports: Math.max(requiredPorts, sizes.ports ?? requiredPorts + Math.ceil(servers / 8)),
    networks,
    subnets,
    routers,
    securityGroups: sizes.securityGroups ?? Math.max(6, Math.ceil(servers / 50)),
    flavors: sizes.flavors ?? 12,
    images: sizes.images ?? 8,
    snapshots: sizes.snapshots ?? Math.ceil(volumes / 2),
    loadBalancers,
    floatingIps: sizes.floatingIps ?? Math.ceil(servers / 5),
  };
}

function generateRegion(
  seed: number,
  account: OpenStackAccount,
  name: string,
  sizes: Required<OpenStackRegionSizes>,
): OpenStackRegion {
  const region = emptyOpenStackRegion(name, [...OPENSTACK_AVAILABILITY_ZONES]);
  const rng = new Random(hashString(`openstack/${seed}/${account.projectId}/${name}`));
  const b = new RegionBuilder(rng, account.projectId, account.userId, region);
  const routerPorts = sizes.routers > 0 ? sizes.subnets : 0;
  const extraPorts = sizes.ports - sizes.servers - sizes.networks - routerPorts - sizes.loadBalancers;
  const secondNics = sizes.servers > 0 ? Math.ceil((extraPorts * 2) / 3) : 0;
  const floatingIps = sizes.routers > 0 ? Math.min(sizes.floatingIps, sizes.servers) : 0;
  if (sizes.networks === 0 && sizes.ports > 0) {
    throw new Error('A region with servers, ports or load balancers needs at least one network');
  }
  buildNetwork(b, {
    networks: sizes.networks,
    subnets: sizes.subnets,
    routers: sizes.routers,
    securityGroups: sizes.securityGroups,
    tenantAddresses: sizes.ports + sizes.subnets,
    publicAddresses: floatingIps,
  });
  buildFlavors(b, sizes.flavors);
  buildImages(b, sizes.images);
  buildServers(b, {
    servers: sizes.servers,
    bootVolumes: sizes.volumes,
    secondNics,
  });
  buildLoadBalancers(b, sizes.loadBalancers);
  buildUnboundPorts(b, extraPorts - secondNics);
  buildFloatingIps(b, floatingIps);
  buildVolumes(b, sizes.volumes);
  buildSnapshots(b, sizes.snapshots);
  region.ports.sort((x, y) => (x.id < y.id ? -1 : 1));
  return region;
}

/**
 * Generates a simulated OpenStack cloud from a seed: for the project of {@link DEMO_OPENSTACK_ACCOUNT} (or
 * `options.project`'s overrides) and each region, flavors, Glance images, a network (the external `public` network,
 * tenant networks and subnets, DHCP ports, routers, security groups), servers with ports, floating IPs and attached
 * volumes, snapshots, and Octavia load balancers whose pool members are servers. Relations hold both ways (see the
 * package README). The same options always produce an identical world, and each region depends only on the seed,
 * the project and its name.
 */
export function generateOpenStackWorld(options: OpenStackWorldOptions = {}): OpenStackWorld {
  const seed = options.seed ?? 1;
  const spec: OpenStackAccountSpec = {
    ...DEMO_OPENSTACK_ACCOUNT,
    ...options.project,
  };
  const regions = options.regions ?? options.project?.regions ?? DEMO_OPENSTACK_ACCOUNT.regions;
  if (regions.length === 0) throw new Error('An OpenStack world needs a region');
  if (new Set(regions).size !== regions.length) {
    throw new Error(`Duplicate OpenStack region in ${regions.join(', ')}`);
  }
  for (const region of regions) {
    if (!/^[A-Za-z0-9][A-Za-z0-9._-]*$/.test(region)) {
      throw new Error(`OpenStack region names are letters, digits, '.', '_' and '-': ${region}`);
    }
  }
  const account: OpenStackAccount = {
    ...spec,
    regions: [...regions],
    userId: spec.userId ?? new Random(hashString(`openstack-user/${spec.username}`)).hex(32),
  };
  const sizes = resolveOpenStackRegionSizes(options.sizes);
  const built: Record<string, OpenStackRegion> = {};
  for (const name of regions) {
    built[name] = generateRegion(seed, account, name, sizes);
  }
  return new OpenStackWorld(account, built, { seed });
}
