import { scopedName } from '../names';
import { clean, entityRef, iso, limited, stringMap } from '../translate';
import type { DiscoveredRecord } from '../types';
import {
  isEmbeddedFlavor,
  OpenStackHttpError,
  type CinderSnapshot,
  type CinderVolume,
  type GlanceImage,
  type NeutronNetwork,
  type NeutronPort,
  type NeutronRouter,
  type NeutronSecurityGroup,
  type NeutronSecurityGroupRule,
  type NeutronSubnet,
  type NovaFlavor,
  type NovaServer,
  type OctaviaLoadBalancer,
  type OctaviaMember,
  type OctaviaPool,
  type OpenStackClient,
  type OpenStackServiceType,
} from './client';

/** Where the records of one crawl are placed and named: the project (token scope), the region, the Datacenter. */
export interface OpenStackScope {
  /** The project id of the token: scopes entity names. */
  projectId: string;
  region: string;
  /** Entity ref of the connection's Datacenter. */
  datacenter: string;
}

/** What a list's crawl gets. */
export interface OpenStackListContext extends OpenStackScope {
  client: OpenStackClient;
  signal?: AbortSignal;
}

/** One of the seed's resource lists: the OpenStack API calls it makes and how it translates what they return. */
export interface OpenStackResourceList {
  id: string;
  title: string;
  /** The API calls the list makes (`compute: GET /servers/detail`), shown when one is denied. */
  iamActions: string[];
  /**
   * The catalog service the list cannot do without: when the region's catalog lacks it, the crawl throws
   * {@link OpenStackServiceUnavailableError} before any request ("service not available", nothing removed).
   */
  service: OpenStackServiceType;
  /** Default interval between runs (servers every 5 minutes … networks daily). */
  defaultFrequencyMinutes: number;
  /** Emits every resource it reads; resolves only when every page of every call was read. */
  crawl(ctx: OpenStackListContext, emit: (record: DiscoveredRecord) => void): Promise<void>;
}

/* ------------------------------------------------------------------------------------------------ helpers */

/** `os-<first 8 characters of the project id>-<region>-<id>`: short, stable, unique by the uuid. */
export const openstackName = (scope: OpenStackScope, id: string) =>
  scopedName(['os', scope.projectId.slice(0, 8), scope.region, id]);

const ref = (scope: OpenStackScope, kind: string, id: string) => entityRef(kind, openstackName(scope, id));

/** Flavor ids can be as short as `1`: the provider id names the project and region too. */
export const flavorProviderId = (scope: OpenStackScope, id: string) => `${scope.projectId}:${scope.region}:flavor/${id}`;

const placement = (scope: OpenStackScope, providerId: string, zone?: string | null) => ({
  datacenter: scope.datacenter,
  region: scope.region,
  zone: limited(zone, 128),
  providerId,
});

/**
 * OpenStack metadata (key/value) and tags (plain strings, kept as keys with an empty value) as one string map;
 * metadata wins over a tag of the same name.
 */
export function openstackTags(
  metadata?: Record<string, unknown> | null,
  tags?: readonly string[] | null,
): Record<string, string> | undefined {
  return stringMap([
    ...(tags ?? []).map((t): [string, unknown] => [t, '']),
    ...Object.entries(metadata ?? {}),
  ]);
}

/** The first value among the keys (case-insensitive) of a metadata map. */
function metadataValue(metadata: Record<string, unknown> | undefined | null, ...keys: string[]): string | undefined {
  if (!metadata) return undefined;
  for (const key of keys) {
    const found = Object.entries(metadata).find(([k, v]) => k.toLowerCase() === key && typeof v === 'string' && v);
    if (found) return found[1] as string;
  }
  return undefined;
}

/** Cinder and Neutron write UTC times without a zone (`2019-03-11T16:24:34.000000`): read them as UTC. */
export function utcIso(value: string | null | undefined): string | undefined {
  if (!value) return undefined;
  const zoned = /(?:[zZ]|[+-]\d{2}:?\d{2})$/.test(value) ? value : `${value}Z`;
  const date = new Date(zoned);
  return Number.isNaN(date.getTime()) ? undefined : iso(date);
}

const lower = (s: string | null | undefined, n = 64) => limited(s?.toLowerCase(), n);

/** MiB → GiB, two decimals. */
const gib = (mib: number | undefined) => (typeof mib === 'number' ? Math.round((mib / 1024) * 100) / 100 : undefined);

const CIDR = /^[0-9a-fA-F:.]+\/[0-9]{1,3}$/;
const cidr = (value: string | null | undefined) => (value && CIDR.test(value) ? value : undefined);

const IPV4 = /^((25[0-5]|2[0-4][0-9]|1[0-9]{2}|[1-9]?[0-9])\.){3}(25[0-5]|2[0-4][0-9]|1[0-9]{2}|[1-9]?[0-9])$/;
const ipv4 = (value: string | null | undefined) => (value && IPV4.test(value) ? value : undefined);

const unique = <T>(items: T[]) => [...new Set(items)];
const sortedUnique = (items: string[]) => unique(items).sort();

/** `linux` or `windows` (or the `os_type` as given), from an image's or a server's properties. */
function osInfo(props: Record<string, unknown> | null | undefined) {
  if (!props) return undefined;
  const type = typeof props.os_type === 'string' ? props.os_type.toLowerCase() : undefined;
  const distro = typeof props.os_distro === 'string' ? props.os_distro : undefined;
  const version = typeof props.os_version === 'string' ? props.os_version : undefined;
  let base = type;
  if (!base && distro) base = /windows/i.test(distro) ? 'windows' : 'linux';
  const os = clean({ base: limited(base, 64), distro: limited(distro, 64), version: limited(version, 64) });
  return Object.keys(os).length ? os : undefined;
}

/** Ports of servers (device owner `compute:<zone>`), by server id, in id order. */
export function portsByServer(ports: readonly NeutronPort[] | undefined): Map<string, NeutronPort[]> {
  const out = new Map<string, NeutronPort[]>();
  for (const port of [...(ports ?? [])].sort((a, b) => (a.id < b.id ? -1 : 1))) {
    if (!port.device_id || !port.device_owner?.startsWith('compute:')) continue;
    const list = out.get(port.device_id) ?? [];
    list.push(port);
    out.set(port.device_id, list);
  }
  return out;
}

/* ------------------------------------------------------------------------------------------------ Nova */

/** What a server's translation looks up in the other calls of the server list. */
export interface ServerLookups {
  /** Nova flavors by id. */
  flavors: ReadonlyMap<string, NovaFlavor>;
  /** Flavor ids by name (2.47+ servers embed the flavor by `original_name` only). */
  flavorIdByName: ReadonlyMap<string, string>;
  /** The server's Neutron ports by server id; undefined when the region has no Neutron. */
  ports?: ReadonlyMap<string, NeutronPort[]>;
}

/** Lookups of the server list from its flavors and (optionally) Neutron ports. */
export function serverLookups(flavors: readonly NovaFlavor[], ports?: readonly NeutronPort[]): ServerLookups {
  return {
    flavors: new Map(flavors.map(f => [f.id, f])),
    flavorIdByName: new Map(flavors.map(f => [f.name, f.id])),
    ports: ports ? portsByServer(ports) : undefined,
  };
}

/**
 * A Server from a Nova server: addresses (fixed → private, floating → public), cpu and memory from the embedded
 * flavor (2.47+) or the flavor it names, refs to its Flavor (by id), Image, attached Volumes, and — through its
 * Neutron ports — its networks, subnets and security groups.
 */
export function serverToRecord(scope: OpenStackScope, server: NovaServer, lookups: ServerLookups): DiscoveredRecord {
  const id = server.id;
  const addresses = Object.values(server.addresses ?? {}).flat();
  const v4 = (type: string) => addresses.find(a => a['OS-EXT-IPS:type'] === type && ipv4(a.addr))?.addr;
  const ipv4Private = v4('fixed');
  const ipv4Public = v4('floating') ?? (ipv4(server.accessIPv4) !== ipv4Private ? ipv4(server.accessIPv4) : undefined);

  let flavorId: string | undefined;
  let cpu: number | undefined;
  let memory: number | undefined;
  if (server.flavor && isEmbeddedFlavor(server.flavor)) {
    flavorId = lookups.flavorIdByName.get(server.flavor.original_name);
    cpu = server.flavor.vcpus;
    memory = gib(server.flavor.ram);
  } else if (server.flavor?.id) {
    const flavor = lookups.flavors.get(server.flavor.id);
    // a flavor deleted (or private) since the server was built is not listed: no record to point at
    flavorId = flavor?.id;
    cpu = flavor?.vcpus;
    memory = gib(flavor?.ram);
  }

  const ports = lookups.ports?.get(id) ?? [];
  const networkIds = sortedUnique(ports.map(p => p.network_id).filter(Boolean));
  const subnetIds = sortedUnique(ports.flatMap(p => (p.fixed_ips ?? []).map(ip => ip.subnet_id)).filter(Boolean));
  const groupIds = sortedUnique(ports.flatMap(p => p.security_groups ?? []).filter(Boolean));
  const hostname = (server['OS-EXT-SRV-ATTR:hostname'] as string | undefined) || server.name || id;
  const image = server.image && typeof server.image === 'object' && server.image.id ? server.image.id : undefined;
  const volumes = unique((server['os-extended-volumes:volumes_attached'] ?? []).map(v => v.id).filter(Boolean));

  return {
    kind: 'Server',
    providerId: id,
    name: openstackName(scope, id),
    title: limited(server.name) ?? id,
    spec: clean({
      hostname: limited(hostname),
      ipv4Private,
      ipv4Public,
      os: osInfo(server.metadata),
      cpu: cpu && cpu >= 1 ? cpu : undefined,
      memory,
      environment: limited(metadataValue(server.metadata, 'environment', 'env', 'stage'), 64),
      role: limited(metadataValue(server.metadata, 'role'), 64),
      status: lower(server.status),
      ...placement(scope, id, server['OS-EXT-AZ:availability_zone']),
      storage: volumes.map(v => ({ volume: ref(scope, 'Volume', v) })),
      auth: server.key_name ? [{ type: 'pki', keyName: limited(server.key_name) }] : undefined,
      image: image ? ref(scope, 'Image', image) : undefined,
      flavor: flavorId ? ref(scope, 'Flavor', flavorId) : undefined,
      networks: unique([...networkIds, ...subnetIds, ...groupIds].map(n => ref(scope, 'Network', n))),
      tags: openstackTags(server.metadata, server.tags),
    }),
  };
}

/** GPUs a flavor's extra specs ask for (`pci_passthrough:alias` `a100:2,t4:1`, `resources:VGPU`). */
function flavorGpus(extraSpecs: Record<string, string> | undefined): number | undefined {
  if (!extraSpecs) return undefined;
  let gpus = 0;
  for (const [key, value] of Object.entries(extraSpecs)) {
    if (key === 'pci_passthrough:alias') {
      for (const alias of String(value).split(',')) gpus += Number(alias.split(':')[1] ?? 1) || 0;
    } else if (/^resources\d*:VGPU$/.test(key)) {
      gpus += Number(value) || 0;
    }
  }
  return gpus || undefined;
}

/** A Flavor from a Nova flavor (memory in GiB; provider id scoped by project and region). */
export function flavorToRecord(scope: OpenStackScope, flavor: NovaFlavor): DiscoveredRecord {
  const providerId = flavorProviderId(scope, flavor.id);
  const memory = gib(flavor.ram) ?? 0;
  const disabled = flavor['OS-FLV-DISABLED:disabled'] === true;
  const isPublic = flavor['os-flavor-access:is_public'];
  let visibility: string | undefined;
  if (isPublic !== undefined) visibility = isPublic ? 'public' : 'private';
  return {
    kind: 'Flavor',
    providerId,
    name: openstackName(scope, flavor.id),
    title: limited(flavor.name) ?? flavor.id,
    spec: clean({
      cpu: Math.max(1, flavor.vcpus ?? 1),
      memory,
      diskGb: flavor.disk,
      gpu: flavorGpus(flavor.extra_specs),
      visibility,
      description: limited(
        flavor.description ||
          `${flavor.name}: ${flavor.vcpus} vCPU, ${memory} GiB RAM, ${flavor.disk} GB disk${disabled ? ' (disabled)' : ''}`,
        4096,
      ),
      ...placement(scope, providerId),
    }),
  };
}

/* ------------------------------------------------------------------------------------------------ Glance */

/** An Image from a Glance image (os from `os_type`/`os_distro`/`os_version`). */
export function imageToRecord(scope: OpenStackScope, image: GlanceImage): DiscoveredRecord {
  const facts = [
    image.disk_format ? `${image.disk_format} image` : undefined,
    image.min_disk ? `min disk ${image.min_disk} GB` : undefined,
    image.min_ram ? `min RAM ${image.min_ram} MB` : undefined,
    image.protected ? 'protected' : undefined,
  ].filter(Boolean);
  const description =
    typeof image.description === 'string' && image.description ? image.description : facts.join(', ');
  return {
    kind: 'Image',
    providerId: image.id,
    name: openstackName(scope, image.id),
    title: limited(image.name) ?? image.id,
    spec: clean({
      os: osInfo(image),
      architecture: typeof image.architecture === 'string' ? limited(image.architecture, 32) : undefined,
      visibility: limited(image.visibility, 32),
      sizeGb: typeof image.size === 'number' ? Math.round((image.size / 1024 ** 3) * 100) / 100 : undefined,
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
      ? `${network['provider:network_type']}${network['provider:segmentation_id'] ? ` ${network['provider:segmentation_id']}` : ''}`
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
    gateway ? `gateway ${gatewayIps.join(', ') || gateway.network_id}${gateway.enable_snat === false ? ' (no SNAT)' : ''}` : 'no gateway',
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
    // Every call runs even when one fails, so one denied call does not hide the other networks; the first failure
    // is rethrown at the end, which makes the listing incomplete (nothing is deactivated from it).
    const failures: unknown[] = [];
    const step = async <T extends { id: string }>(
      pages: AsyncIterable<T[]>,
      translate: (item: T) => DiscoveredRecord,
    ) => {
      try {
        for await (const page of pages) for (const item of page) if (item.id) emit(translate(item));
      } catch (error) {
        failures.push(error);
      }
    };
    await step(client.networks(region, { signal }), n => networkToRecord(ctx, n));
    await step(client.subnets(region, { signal }), s => subnetToRecord(ctx, s));
    await step(client.ports(region, { signal }), p => portToRecord(ctx, p));
    await step(client.routers(region, { signal }), r => routerToRecord(ctx, r));
    if (failures.length) throw failures[0];
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
