import { GROUP_RULES, NETWORK_NAMES } from './catalog';
import { CLOUD_ADMIN_PROJECT_ID, type RegionBuilder } from './context';
import { intToIp, ipToInt, isoSeconds } from './format';
import type {
  OpenStackNetwork,
  OpenStackRouter,
  OpenStackSecurityGroup,
  OpenStackSecurityGroupRule,
  OpenStackSubnet,
} from './types';

/** What {@link buildNetwork} creates. */
export interface NetworkPlan {
  networks: number;
  subnets: number;
  routers: number;
  securityGroups: number;
  /** Addresses the tenant subnets must hold (ports and DHCP). */
  tenantAddresses: number;
  /** Addresses the public subnet must hold (router gateways and floating IPs). */
  publicAddresses: number;
}

/** The prefix length of subnets holding `hosts` addresses each (with room to spare), within `[min, max]`. */
function prefixFor(hosts: number, min: number, max: number): number {
  const bits = Math.ceil(Math.log2(Math.ceil(hosts * 1.3) + 4));
  return Math.min(max, Math.max(min, 32 - bits));
}

function baseNetwork(b: RegionBuilder, name: string, created: Date): OpenStackNetwork {
  const stamp = isoSeconds(created);
  return {
    id: b.uuid(),
    name,
    status: 'ACTIVE',
    subnets: [],
    admin_state_up: true,
    availability_zone_hints: [],
    availability_zones: ['nova'],
    created_at: stamp,
    updated_at: stamp,
    description: '',
    ipv4_address_scope: null,
    ipv6_address_scope: null,
    l2_adjacency: true,
    mtu: 1450,
    port_security_enabled: true,
    project_id: b.projectId,
    tenant_id: b.projectId,
    'provider:network_type': 'vxlan',
    'provider:physical_network': null,
    'provider:segmentation_id': b.rng.int(1, 4000),
    qos_policy_id: null,
    revision_number: 2,
    'router:external': false,
    shared: false,
    tags: [],
  };
}

function baseSubnet(
  b: RegionBuilder,
  network: OpenStackNetwork,
  name: string,
  cidr: string,
  created: Date,
): OpenStackSubnet {
  const [ip, bits] = cidr.split('/');
  const base = ipToInt(ip);
  const size = 2 ** (32 - Number(bits));
  const stamp = isoSeconds(created);
  const subnet: OpenStackSubnet = {
    id: b.uuid(),
    name,
    network_id: network.id,
    cidr,
    ip_version: 4,
    gateway_ip: intToIp(base + 1),
    allocation_pools: [{ start: intToIp(base + 2), end: intToIp(base + size - 2) }],
    enable_dhcp: true,
    dns_nameservers: [],
    host_routes: [],
    ipv6_address_mode: null,
    ipv6_ra_mode: null,
    segment_id: null,
    subnetpool_id: null,
    service_types: [],
    description: '',
    project_id: network.project_id,
    tenant_id: network.tenant_id,
    created_at: stamp,
    updated_at: stamp,
    revision_number: 0,
    tags: [],
  };
  network.subnets.push(subnet.id);
  b.region.subnets.push(subnet);
  return subnet;
}

function buildPublicNetwork(b: RegionBuilder, addresses: number): void {
  const created = b.date(1500);
  const network = baseNetwork(b, 'public', created);
  Object.assign(network, {
    mtu: 1500,
    project_id: CLOUD_ADMIN_PROJECT_ID,
    tenant_id: CLOUD_ADMIN_PROJECT_ID,
    'provider:network_type': 'flat',
    'provider:physical_network': 'public',
    'provider:segmentation_id': null,
    'router:external': true,
    is_default: true,
  });
  const prefix = prefixFor(addresses, 13, 24);
  const subnet = baseSubnet(b, network, 'public-subnet', `172.24.0.0/${prefix}`, created);
  subnet.enable_dhcp = false;
  b.region.networks.push(network);
  b.networksById.set(network.id, network);
  b.publicNetwork = network;
  b.publicSubnet = subnet;
  b.publicAddresses = b.indexSubnet(subnet, false);
}

function buildTenantNetworks(b: RegionBuilder, plan: NetworkPlan): void {
  const networks: OpenStackNetwork[] = [];
  for (let i = 0; i < plan.networks; i++) {
    const name = NETWORK_NAMES[i] ?? `tenant-net-${i + 1}`;
    const network = baseNetwork(b, name, b.date(900));
    if (b.rng.chance(0.3)) network.description = `${name} network`;
    networks.push(network);
    b.region.networks.push(network);
    b.networksById.set(network.id, network);
  }
  if (plan.subnets === 0) return;
  const prefix = prefixFor(Math.ceil(plan.tenantAddresses / plan.subnets), 16, 24);
  const block = 2 ** (32 - prefix);
  if (plan.subnets * block > 2 ** 24) {
    throw new Error(`${plan.subnets} subnets of /${prefix} do not fit in 10.0.0.0/8`);
  }
  const base = ipToInt('10.0.0.0');
  for (let i = 0; i < plan.subnets; i++) {
    const network = i < networks.length ? networks[i] : b.rng.pick(networks);
    const ordinal = network.subnets.length + 1;
    const name = ordinal === 1 ? `${network.name}-subnet` : `${network.name}-subnet-${ordinal}`;
    const created = b.dateAfter(new Date(Date.parse(network.created_at)), 30);
    const subnet = baseSubnet(b, network, name, `${intToIp(base + i * block)}/${prefix}`, created);
    if (b.rng.chance(0.5)) subnet.dns_nameservers = ['1.1.1.1', '8.8.8.8'];
    b.indexSubnet(subnet, true);
  }
}

/** One DHCP port per tenant network, with an address in each of its subnets (the first of each pool). */
function buildDhcpPorts(b: RegionBuilder): void {
  const agentHost = b.uuid();
  for (const network of b.region.networks) {
    if (network['router:external'] || network.subnets.length === 0) continue;
    const fixedIps = network.subnets.map(id => ({
      subnet_id: id,
      ip_address: b.addresses.get(id)!.allocate()!,
    }));
    b.addPort({
      networkId: network.id,
      fixedIps,
      deviceId: `dhcp${agentHost}-${network.id}`,
      deviceOwner: 'network:dhcp',
      created: new Date(Date.parse(network.created_at)),
    });
  }
}

/** Routers with a gateway on `public`, each tenant subnet plugged into one of them by its gateway address. */
function buildRouters(b: RegionBuilder, count: number): void {
  const routers: OpenStackRouter[] = [];
  for (let i = 0; i < count; i++) {
    const created = b.date(900);
    const stamp = isoSeconds(created);
    const gatewayIp = b.publicAddresses!.allocate();
    if (!gatewayIp) throw new Error('The public subnet is full');
    const router: OpenStackRouter = {
      id: b.uuid(),
      name: i === 0 ? 'router1' : `router${i + 1}`,
      status: 'ACTIVE',
      admin_state_up: true,
      availability_zone_hints: [],
      availability_zones: ['nova'],
      description: '',
      distributed: false,
      external_gateway_info: {
        network_id: b.publicNetwork!.id,
        enable_snat: true,
        external_fixed_ips: [{ subnet_id: b.publicSubnet!.id, ip_address: gatewayIp }],
      },
      ha: false,
      routes: [],
      project_id: b.projectId,
      tenant_id: b.projectId,
      created_at: stamp,
      updated_at: stamp,
      revision_number: 3,
      tags: [],
    };
    routers.push(router);
    b.region.routers.push(router);
  }
  if (routers.length === 0) return;
  b.tenantSubnets.forEach((subnet, i) => {
    const router = routers[i % routers.length];
    b.routerBySubnet.set(subnet.id, router);
    b.addPort({
      networkId: subnet.network_id,
      fixedIps: [{ subnet_id: subnet.id, ip_address: subnet.gateway_ip! }],
      deviceId: router.id,
      deviceOwner: 'network:router_interface',
      created: new Date(Date.parse(router.created_at)),
    });
  });
}

function rule(
  b: RegionBuilder,
  group: OpenStackSecurityGroup,
  fields: Pick<OpenStackSecurityGroupRule, 'direction' | 'ethertype'> & Partial<OpenStackSecurityGroupRule>,
): void {
  group.security_group_rules.push({
    id: b.uuid(),
    security_group_id: group.id,
    protocol: null,
    port_range_min: null,
    port_range_max: null,
    remote_ip_prefix: null,
    remote_group_id: null,
    description: '',
    project_id: group.project_id,
    tenant_id: group.tenant_id,
    created_at: group.created_at,
    updated_at: group.created_at,
    revision_number: 0,
    tags: [],
    ...fields,
  });
}

const NAMED_GROUPS = Object.keys(GROUP_RULES);

/** `default` (egress anywhere, ingress from its members), then role groups with ingress rules. */
function buildSecurityGroups(b: RegionBuilder, count: number): void {
  for (let i = 0; i < count; i++) {
    let name = 'default';
    if (i > 0) name = NAMED_GROUPS[i - 1] ?? `app-sg-${i}`;
    const stamp = isoSeconds(b.date(900));
    const group: OpenStackSecurityGroup = {
      id: b.uuid(),
      name,
      description: i === 0 ? 'Default security group' : `${name} access`,
      security_group_rules: [],
      project_id: b.projectId,
      tenant_id: b.projectId,
      created_at: stamp,
      updated_at: stamp,
      revision_number: 1,
      stateful: true,
      shared: false,
      tags: [],
    };
    rule(b, group, { direction: 'egress', ethertype: 'IPv4' });
    rule(b, group, { direction: 'egress', ethertype: 'IPv6' });
    if (i === 0) {
      rule(b, group, {
        direction: 'ingress',
        ethertype: 'IPv4',
        remote_group_id: group.id,
      });
      rule(b, group, {
        direction: 'ingress',
        ethertype: 'IPv6',
        remote_group_id: group.id,
      });
    } else {
      const rules = GROUP_RULES[name] ?? [
        ...GROUP_RULES.ssh,
        { protocol: 'tcp', min: 443, max: 443, cidr: '0.0.0.0/0' },
      ];
      for (const r of rules) {
        rule(b, group, {
          direction: 'ingress',
          ethertype: 'IPv4',
          protocol: r.protocol,
          port_range_min: r.min,
          port_range_max: r.max,
          remote_ip_prefix: r.cidr,
        });
      }
    }
    group.revision_number = group.security_group_rules.length + 1;
    b.region.securityGroups.push(group);
    b.groupsByName.set(name, group);
  }
}

/**
 * Builds the region's network: the shared external network `public` with its subnet, tenant networks and subnets
 * (10.0.0.0/8, sized for the addresses needed), a DHCP port per network, routers with interfaces on every tenant
 * subnet, and security groups.
 */
export function buildNetwork(b: RegionBuilder, plan: NetworkPlan): void {
  buildPublicNetwork(b, plan.publicAddresses + plan.routers);
  buildTenantNetworks(b, plan);
  buildDhcpPorts(b);
  buildRouters(b, plan.routers);
  buildSecurityGroups(b, plan.securityGroups);
}
