import type { DiscoveredRecord } from '../types';
import { clean, gibOfBytes, limited } from '../translate';
import type {
  CinderSnapshot,
  CinderVolume,
  GlanceImage,
  NeutronNetwork,
  NeutronPort,
  NeutronRouter,
  NeutronSecurityGroup,
  NeutronSecurityGroupRule,
  NeutronSubnet,
  OctaviaLoadBalancer,
  OctaviaMember,
} from './client';
import {
  cidr,
  lower,
  openstackName,
  openstackTags,
  osInfo,
  placement,
  ref,
  sortedUnique,
  unique,
  utcIso,
  type OpenStackScope,
} from './openstackScope';

/* ------------------------------------------------------------------------------------------------ Glance */

/** An Image from a Glance image (os from `os_type`/`os_distro`/`os_version`). */
export function imageToRecord(scope: OpenStackScope, image: GlanceImage): DiscoveredRecord {
  const facts = [
    image.disk_format ? `${image.disk_format} image` : undefined,
    image.min_disk ? `min disk ${image.min_disk} GB` : undefined,
    image.min_ram ? `min RAM ${image.min_ram} MB` : undefined,
    image.protected ? 'protected' : undefined,
  ].filter(Boolean);
  const description = typeof image.description === 'string' && image.description ? image.description : facts.join(', ');
  return {
    kind: 'Image',
    providerId: image.id,
    name: openstackName(scope, image.id),
    title: limited(image.name) ?? image.id,
    spec: clean({
      os: osInfo(image),
      architecture: typeof image.architecture === 'string' ? limited(image.architecture, 32) : undefined,
      visibility: limited(image.visibility, 32),
      sizeGb: gibOfBytes(image.size),
      state: lower(image.status),
      description: limited(description, 4096),
      ...placement(scope, image.id),
      tags: openstackTags(undefined, image.tags),
    }),
  };
}

/* ------------------------------------------------------------------------------------------------ Cinder */

/** A Volume from a Cinder volume (attached to the server of its first attachment). */
export function volumeToRecord(scope: OpenStackScope, volume: CinderVolume): DiscoveredRecord {
  const attachment = (volume.attachments ?? []).find(a => a.server_id);
  return {
    kind: 'Volume',
    providerId: volume.id,
    name: openstackName(scope, volume.id),
    title: limited(volume.name) ?? volume.id,
    spec: clean({
      attachment: 'attached',
      sizeGb: volume.size,
      volumeType: limited(volume.volume_type, 64),
      server: attachment ? ref(scope, 'Server', attachment.server_id) : undefined,
      device: limited(attachment?.device),
      encrypted: volume.encrypted,
      state: lower(volume.status),
      ...placement(scope, volume.id, volume.availability_zone),
      tags: openstackTags(volume.metadata),
    }),
  };
}

/** A Snapshot from a Cinder snapshot. */
export function snapshotToRecord(scope: OpenStackScope, snapshot: CinderSnapshot): DiscoveredRecord {
  return {
    kind: 'Snapshot',
    providerId: snapshot.id,
    name: openstackName(scope, snapshot.id),
    title: limited(snapshot.name) ?? snapshot.id,
    spec: clean({
      volume: snapshot.volume_id ? ref(scope, 'Volume', snapshot.volume_id) : undefined,
      sizeGb: snapshot.size,
      startedAt: utcIso(snapshot.created_at),
      state: lower(snapshot.status),
      description: limited(snapshot.description, 4096),
      ...placement(scope, snapshot.id),
      tags: openstackTags(snapshot.metadata),
    }),
  };
}

/* ------------------------------------------------------------------------------------------------ Neutron */

/** A rule as a line: `ingress IPv4 tcp 22 from 0.0.0.0/0`, `egress IPv6 any any to any`, `… from group web`. */
export function ruleText(rule: NeutronSecurityGroupRule, groupNames: ReadonlyMap<string, string>): string {
  let ports = 'any';
  if (rule.port_range_min !== null && rule.port_range_min !== undefined) {
    const max = rule.port_range_max ?? rule.port_range_min;
    ports = max === rule.port_range_min ? `${rule.port_range_min}` : `${rule.port_range_min}-${max}`;
  }
  if (rule.protocol === 'icmp' || rule.protocol === 'ipv6-icmp') {
    ports = rule.port_range_min === null || rule.port_range_min === undefined ? 'any' : `type ${rule.port_range_min}`;
  }
  let remote = 'any';
  if (rule.remote_ip_prefix) remote = rule.remote_ip_prefix;
  else if (rule.remote_group_id) remote = `group ${groupNames.get(rule.remote_group_id) || rule.remote_group_id}`;
  else if (rule.remote_address_group_id) remote = `address group ${rule.remote_address_group_id}`;
  const direction = rule.direction === 'egress' ? 'to' : 'from';
  return `${rule.direction} ${rule.ethertype} ${rule.protocol ?? 'any'} ${ports} ${direction} ${remote}`.slice(0, 512);
}

/** A Network of type `security-group` from a Neutron security group, its rules as sorted text lines. */
export function securityGroupToRecord(
  scope: OpenStackScope,
  group: NeutronSecurityGroup,
  groupNames: ReadonlyMap<string, string>,
): DiscoveredRecord {
  return {
    kind: 'Network',
    providerId: group.id,
    name: openstackName(scope, group.id),
    title: limited(group.name) ?? group.id,
    spec: clean({
      type: 'security-group',
      rules: unique((group.security_group_rules ?? []).map(r => ruleText(r, groupNames))).sort(),
      description: limited(group.description, 4096),
      ...placement(scope, group.id),
      tags: openstackTags(undefined, group.tags),
    }),
  };
}

/** A Network of type `network` from a Neutron network. */
export function networkToRecord(scope: OpenStackScope, network: NeutronNetwork): DiscoveredRecord {
  const facts = [
    network['router:external'] ? 'external' : undefined,
    network.shared ? 'shared' : undefined,
    network['provider:network_type']
      ? `${network['provider:network_type']}${
          network['provider:segmentation_id'] ? ` ${network['provider:segmentation_id']}` : ''
        }`
      : undefined,
    network.mtu ? `MTU ${network.mtu}` : undefined,
  ].filter(Boolean);
  const description = [network.description, facts.join(', ')].filter(Boolean).join('; ');
  const zones = network.availability_zones ?? [];
  return {
    kind: 'Network',
    providerId: network.id,
    name: openstackName(scope, network.id),
    title: limited(network.name) ?? network.id,
    spec: clean({
      type: 'network',
      state: lower(network.status),
      description: limited(description, 4096),
      ...placement(scope, network.id, zones.length === 1 ? zones[0] : undefined),
      tags: openstackTags(undefined, network.tags),
    }),
  };
}

/** A Network of type `subnet` from a Neutron subnet (parent: its network). */
export function subnetToRecord(scope: OpenStackScope, subnet: NeutronSubnet): DiscoveredRecord {
  const facts = [
    `IPv${subnet.ip_version}`,
    subnet.gateway_ip ? `gateway ${subnet.gateway_ip}` : 'no gateway',
    subnet.enable_dhcp ? 'DHCP' : undefined,
  ].filter(Boolean);
  const description = [subnet.description, facts.join(', ')].filter(Boolean).join('; ');
  return {
    kind: 'Network',
    providerId: subnet.id,
    name: openstackName(scope, subnet.id),
    title: limited(subnet.name) || limited(subnet.cidr) || subnet.id,
    spec: clean({
      type: 'subnet',
      cidr: cidr(subnet.cidr),
      parent: subnet.network_id ? ref(scope, 'Network', subnet.network_id) : undefined,
      description: limited(description, 4096),
      ...placement(scope, subnet.id),
      tags: openstackTags(undefined, subnet.tags),
    }),
  };
}

/** A Network of type `port` from a Neutron port (parent: the subnet of its first address, else its network). */
export function portToRecord(scope: OpenStackScope, port: NeutronPort): DiscoveredRecord {
  const ips = (port.fixed_ips ?? []).map(ip => ip.ip_address).filter(Boolean);
  const subnet = port.fixed_ips?.[0]?.subnet_id;
  let parent: string | undefined;
  if (subnet) parent = ref(scope, 'Network', subnet);
  else if (port.network_id) parent = ref(scope, 'Network', port.network_id);
  const owner = port.device_owner ? `${port.device_owner}${port.device_id ? ` ${port.device_id}` : ''}` : 'unbound';
  const description = [port.description, `${owner}${ips.length ? `; ${ips.join(', ')}` : ''}`, port.mac_address]
    .filter(Boolean)
    .join('; ');
  const zone = port.device_owner?.startsWith('compute:') ? port.device_owner.slice('compute:'.length) : undefined;
  return {
    kind: 'Network',
    providerId: port.id,
    name: openstackName(scope, port.id),
    title: limited(port.name) || ips[0] || port.id,
    spec: clean({
      type: 'port',
      parent,
      state: lower(port.status),
      description: limited(description, 4096),
      ...placement(scope, port.id, zone),
      tags: openstackTags(undefined, port.tags),
    }),
  };
}

/** A Network of type `router` from a Neutron router (parent: its external gateway network; routes as rules). */
export function routerToRecord(scope: OpenStackScope, router: NeutronRouter): DiscoveredRecord {
  const gateway = router.external_gateway_info;
  const gatewayIps = (gateway?.external_fixed_ips ?? []).map(ip => ip.ip_address).filter(Boolean);
  const facts = [
    gateway
      ? `gateway ${gatewayIps.join(', ') || gateway.network_id}${gateway.enable_snat === false ? ' (no SNAT)' : ''}`
      : 'no gateway',
    router.ha ? 'HA' : undefined,
    router.distributed ? 'distributed' : undefined,
  ].filter(Boolean);
  const description = [router.description, facts.join(', ')].filter(Boolean).join('; ');
  const zones = router.availability_zones ?? [];
  return {
    kind: 'Network',
    providerId: router.id,
    name: openstackName(scope, router.id),
    title: limited(router.name) ?? router.id,
    spec: clean({
      type: 'router',
      parent: gateway?.network_id ? ref(scope, 'Network', gateway.network_id) : undefined,
      rules: (router.routes ?? []).map(r => `${r.destination} → ${r.nexthop}`.slice(0, 512)),
      state: lower(router.status),
      description: limited(description, 4096),
      ...placement(scope, router.id, zones.length === 1 ? zones[0] : undefined),
      tags: openstackTags(undefined, router.tags),
    }),
  };
}

/* ------------------------------------------------------------------------------------------------ Octavia */

/**
 * Finds the server behind a pool member: the server port with the member's address on the member's subnet (or,
 * without a subnet, the only server port with that address).
 */
export function memberServerIndex(ports: readonly NeutronPort[]): (member: OctaviaMember) => string | undefined {
  const bySubnet = new Map<string, string>();
  const byAddress = new Map<string, string | null>();
  for (const port of ports) {
    if (!port.device_id || !port.device_owner?.startsWith('compute:')) continue;
    for (const ip of port.fixed_ips ?? []) {
      bySubnet.set(`${ip.subnet_id}/${ip.ip_address}`, port.device_id);
      const seen = byAddress.get(ip.ip_address);
      byAddress.set(ip.ip_address, seen === undefined || seen === port.device_id ? port.device_id : null);
    }
  }
  return member =>
    (member.subnet_id ? bySubnet.get(`${member.subnet_id}/${member.address}`) : undefined) ??
    byAddress.get(member.address) ??
    undefined;
}

/**
 * A LoadBalancer from an Octavia load balancer: the VIP address as endpoint, its VIP subnet and network, and the
 * servers its pools' members are (by id). Octavia's provisioning and operating status have no field in the
 * schema.
 */
export function loadBalancerToRecord(
  scope: OpenStackScope,
  lb: OctaviaLoadBalancer,
  targetServerIds: readonly string[],
): DiscoveredRecord {
  return {
    kind: 'LoadBalancer',
    providerId: lb.id,
    name: openstackName(scope, lb.id),
    title: limited(lb.name) || limited(lb.vip_address) || lb.id,
    spec: clean({
      service: 'octavia',
      type: limited(lb.provider, 64),
      endpoint: limited(lb.vip_address),
      targets: sortedUnique([...targetServerIds]).map(id => ref(scope, 'Server', id)),
      networks: unique(
        [lb.vip_network_id, lb.vip_subnet_id].filter((id): id is string => !!id).map(id => ref(scope, 'Network', id)),
      ),
      ...placement(scope, lb.id, lb.availability_zone),
      tags: openstackTags(undefined, lb.tags),
    }),
  };
}
