import { WORLD_EPOCH } from '../../world/build/context';
import type { Random } from '../../world/random';
import { intToIp, ipToInt, isoSeconds, MacAllocator, uuid } from './format';
import type {
  OpenStackFixedIp,
  OpenStackImage,
  OpenStackNetwork,
  OpenStackPort,
  OpenStackRegion,
  OpenStackRouter,
  OpenStackSecurityGroup,
  OpenStackServer,
  OpenStackSubnet,
} from './types';

/** The project of the cloud's operator, owner of the public images and of the external network. */
export const CLOUD_ADMIN_PROJECT_ID = '61646d696e2d70726f6a6563742d3031';

/** An empty region. */
export function emptyOpenStackRegion(name: string, availabilityZones: string[] = ['nova']): OpenStackRegion {
  return {
    name,
    availabilityZones,
    flavors: [],
    servers: [],
    networks: [],
    subnets: [],
    ports: [],
    routers: [],
    securityGroups: [],
    floatingIps: [],
    volumes: [],
    snapshots: [],
    images: [],
    loadBalancers: [],
    listeners: [],
    pools: [],
    members: {},
  };
}

/** Hands out the host addresses of one subnet in order, from its allocation pool (the gateway is `.1`). */
export class SubnetAddresses {
  private next: number;
  private readonly last: number;
  private readonly base: number;

  constructor(cidr: string) {
    const [ip, bits] = cidr.split('/');
    this.base = ipToInt(ip);
    this.next = 2;
    this.last = 2 ** (32 - Number(bits)) - 2;
  }

  allocate(): string | undefined {
    if (this.next > this.last) return undefined;
    return intToIp(this.base + this.next++);
  }
}

/** A server's primary interface, for picking load-balancer members. */
export interface ServerInterface {
  server: OpenStackServer;
  port: OpenStackPort;
  fixedIp: OpenStackFixedIp;
}

/**
 * What generating one region needs: the random generator, the project, the region being filled, and the indexes and
 * allocators shared by the builders (addresses per subnet, MAC addresses, routers by subnet, servers by network).
 */
export class RegionBuilder {
  readonly macs: MacAllocator;
  readonly addresses = new Map<string, SubnetAddresses>();
  readonly tenantSubnets: OpenStackSubnet[] = [];
  readonly subnetsById = new Map<string, OpenStackSubnet>();
  private readonly tenantIndex = new Map<string, number>();
  readonly networksById = new Map<string, OpenStackNetwork>();
  readonly routerBySubnet = new Map<string, OpenStackRouter>();
  readonly groupsByName = new Map<string, OpenStackSecurityGroup>();
  readonly interfacesByNetwork = new Map<string, ServerInterface[]>();
  readonly primaryInterfaces: ServerInterface[] = [];
  /** The image each server was booted from, also for servers booted from a volume (whose `image` is `""`). */
  readonly bootImages = new Map<string, OpenStackImage>();
  /** Servers booted from a volume, waiting for their root volume. */
  readonly bootFromVolume: OpenStackServer[] = [];
  publicNetwork?: OpenStackNetwork;
  publicSubnet?: OpenStackSubnet;
  publicAddresses?: SubnetAddresses;

  constructor(
    readonly rng: Random,
    readonly projectId: string,
    readonly userId: string,
    readonly region: OpenStackRegion,
    readonly now: Date = WORLD_EPOCH,
  ) {
    this.macs = new MacAllocator(rng);
  }

  uuid(): string {
    return uuid(this.rng);
  }

  /** A date at most `maxDaysBefore` days before the world's epoch. */
  date(maxDaysBefore: number): Date {
    return this.rng.dateBefore(this.now, maxDaysBefore);
  }

  /** A date after `from`, at most `maxDays` later and never after the epoch. */
  dateAfter(from: Date, maxDays: number): Date {
    const span = Math.min(maxDays * 86_400, (this.now.getTime() - from.getTime()) / 1000);
    return new Date(from.getTime() + Math.floor(this.rng.next() * Math.max(0, span)) * 1000);
  }

  /** Registers a subnet for address allocation. */
  indexSubnet(subnet: OpenStackSubnet, tenant: boolean): SubnetAddresses {
    const allocator = new SubnetAddresses(subnet.cidr);
    this.addresses.set(subnet.id, allocator);
    this.subnetsById.set(subnet.id, subnet);
    if (tenant) {
      this.tenantIndex.set(subnet.id, this.tenantSubnets.length);
      this.tenantSubnets.push(subnet);
    }
    return allocator;
  }

  /** The network of a subnet of the region. */
  networkOf(subnetId: string): string {
    return this.subnetsById.get(subnetId)!.network_id;
  }

  /**
   * A free address in a tenant subnet: of `preferred` when it has one, else of the next subnet with room (of the
   * same network when `sameNetwork`). Undefined when every candidate is full.
   */
  allocateTenantIp(preferred: OpenStackSubnet, sameNetwork = false): OpenStackFixedIp | undefined {
    const start = this.tenantIndex.get(preferred.id) ?? 0;
    for (let i = 0; i < this.tenantSubnets.length; i++) {
      const subnet = this.tenantSubnets[(start + i) % this.tenantSubnets.length];
      if (sameNetwork && subnet.network_id !== preferred.network_id) continue;
      const ip = this.addresses.get(subnet.id)?.allocate();
      if (ip) return { subnet_id: subnet.id, ip_address: ip };
    }
    return undefined;
  }

  /** A uniformly chosen tenant subnet. */
  randomTenantSubnet(): OpenStackSubnet {
    return this.rng.pick(this.tenantSubnets);
  }

  /** A new port of the project, added to the region. */
  addPort(fields: {
    networkId: string;
    fixedIps: OpenStackFixedIp[];
    deviceId: string;
    deviceOwner: string;
    created: Date;
    name?: string;
    status?: string;
    securityGroups?: string[];
  }): OpenStackPort {
    const created = isoSeconds(fields.created);
    const port: OpenStackPort = {
      id: this.uuid(),
      name: fields.name ?? '',
      network_id: fields.networkId,
      mac_address: this.macs.next(),
      fixed_ips: fields.fixedIps,
      device_id: fields.deviceId,
      device_owner: fields.deviceOwner,
      status: fields.status ?? 'ACTIVE',
      admin_state_up: true,
      allowed_address_pairs: [],
      'binding:vnic_type': 'normal',
      created_at: created,
      updated_at: created,
      data_plane_status: null,
      description: '',
      extra_dhcp_opts: [],
      ip_allocation: 'immediate',
      port_security_enabled: fields.deviceOwner.startsWith('compute:'),
      project_id: this.projectId,
      tenant_id: this.projectId,
      qos_policy_id: null,
      revision_number: 1 + this.rng.int(0, 4),
      security_groups: fields.securityGroups ?? [],
      tags: [],
      uplink_status_propagation: false,
    };
    this.region.ports.push(port);
    return port;
  }
}
