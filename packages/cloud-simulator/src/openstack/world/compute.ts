import { ENVIRONMENTS, SERVER_ROLES, SERVER_STATES, TEAMS } from './catalog';
import type { RegionBuilder, ServerInterface } from './context';
import { after, isoMicros, isoSeconds, newestFirst } from './format';
import { imageWeight } from './images';
import type {
  OpenStackFlavor,
  OpenStackFloatingIp,
  OpenStackImage,
  OpenStackPort,
  OpenStackServer,
  OpenStackSubnet,
} from './types';

/** What {@link buildServers} creates. */
export interface ServerPlan {
  servers: number;
  /** How many servers may boot from a volume (the volumes to come). */
  bootVolumes: number;
  /** Extra interfaces of servers, on another network when there is one. */
  secondNics: number;
}

const FLAVOR_WEIGHTS: Record<string, number> = {
  'm1.tiny': 5,
  'm1.small': 25,
  'm1.medium': 25,
  'm1.large': 15,
  'm1.xlarge': 5,
  'm1.nano': 2,
  'c1.large': 5,
  'c1.xlarge': 3,
  'r1.large': 4,
  'r1.xlarge': 2,
  'v1.medium': 6,
  'g1.xlarge': 1,
};

const ENV_SHORT: Record<string, string> = {
  production: 'prod',
  staging: 'stg',
  development: 'dev',
};

const KEY_NAMES: ReadonlyArray<readonly [string | null, number]> = [
  ['maestro-ops', 50],
  ['deploy', 30],
  [null, 20],
];

/** The flavor as embedded in a server (microversion 2.47 and later). */
export function embeddedFlavor(flavor: OpenStackFlavor): OpenStackServer['flavor'] {
  return {
    original_name: flavor.name,
    vcpus: flavor.vcpus,
    ram: flavor.ram,
    disk: flavor.disk,
    ephemeral: flavor['OS-FLV-EXT-DATA:ephemeral'],
    swap: flavor.swap,
    extra_specs: { ...flavor.extra_specs },
  };
}

/** Adds an interface's fixed address to its server's `addresses`, under the network's name. */
function addAddress(
  b: RegionBuilder,
  server: OpenStackServer,
  port: OpenStackPort,
  addr: string,
  type: 'fixed' | 'floating',
): void {
  const name = b.networksById.get(port.network_id)?.name ?? port.network_id;
  const list = server.addresses[name] ?? [];
  list.push({
    addr,
    version: 4,
    'OS-EXT-IPS:type': type,
    'OS-EXT-IPS-MAC:mac_addr': port.mac_address,
  });
  server.addresses[name] = list;
}

/** Attaches a new interface on `subnet` (or another subnet with room) to a server. */
function plugInterface(
  b: RegionBuilder,
  server: OpenStackServer,
  subnet: OpenStackSubnet,
  groupIds: string[],
  created: Date,
): ServerInterface {
  const fixedIp = b.allocateTenantIp(subnet);
  if (!fixedIp) throw new Error(`No free address left in region ${b.region.name}`);
  const port = b.addPort({
    networkId: b.networkOf(fixedIp.subnet_id),
    fixedIps: [fixedIp],
    deviceId: server.id,
    deviceOwner: `compute:${server['OS-EXT-AZ:availability_zone']}`,
    created,
    status: server.status === 'ACTIVE' ? 'ACTIVE' : 'DOWN',
    securityGroups: groupIds,
  });
  addAddress(b, server, port, fixedIp.ip_address, 'fixed');
  return { server, port, fixedIp };
}

/**
 * Servers of the region: a role (name, metadata, security groups), a state, a flavor and an image that fits it,
 * an availability zone, a hypervisor, and a primary interface on a random tenant subnet (a port whose fixed IP is
 * in `addresses`). About one in eight boots from a volume (`image: ""`; its root volume comes with the volumes).
 * Then `secondNics` extra interfaces on random servers. Servers are listed newest first, as Nova does.
 */
export function buildServers(b: RegionBuilder, plan: ServerPlan): void {
  const { rng, region } = b;
  if (plan.servers === 0) return;
  if (region.flavors.length === 0 || region.images.length === 0) {
    throw new Error('Servers need at least one flavor and one image');
  }
  if (b.tenantSubnets.length === 0) {
    throw new Error('Servers need at least one tenant network');
  }
  const hostIds = Array.from({ length: Math.max(3, Math.ceil(plan.servers / 20)) }, () => rng.hex(56));
  const roles = SERVER_ROLES.map(r => [r, r.weight] as const);
  const states = SERVER_STATES.map(s => [s, s[4]] as const);
  const flavors = region.flavors.map(f => [f, FLAVOR_WEIGHTS[f.name] ?? 2] as const);
  const diskFlavors = flavors.filter(([f]) => f.disk > 0);
  const zones = region.availabilityZones.map((z, i) => [z, i === 0 ? 6 : 2] as const);
  const imagesByFlavor = new Map<string, Array<readonly [OpenStackImage, number]>>();
  const imagesFor = (flavor: OpenStackFlavor) => {
    let list = imagesByFlavor.get(flavor.id);
    if (!list) {
      list = region.images.filter(i => i.min_ram <= flavor.ram).map(i => [i, imageWeight(i)] as const);
      if (list.length === 0) list = region.images.map(i => [i, 1] as const);
      imagesByFlavor.set(flavor.id, list);
    }
    return list;
  };
  let bootVolumes = plan.bootVolumes;

  for (let i = 0; i < plan.servers; i++) {
    const role = rng.weighted(roles);
    const environment = rng.weighted(ENVIRONMENTS);
    const [status, vmState, powerState, taskState] = rng.weighted(states);
    let flavor = rng.weighted(flavors);
    if (flavor.disk === 0 && bootVolumes === 0 && diskFlavors.length) {
      flavor = rng.weighted(diskFlavors);
    }
    const fromVolume = bootVolumes > 0 && (flavor.disk === 0 || rng.chance(0.12));
    if (fromVolume) bootVolumes--;
    const image = rng.weighted(imagesFor(flavor));
    const zone = rng.weighted(zones);
    const created = b.date(400);
    const name = `${role.role}-${ENV_SHORT[environment]}-${String(i + 1).padStart(4, '0')}`;
    const metadata: Record<string, string> = {
      environment,
      role: role.role,
      team: rng.pick(TEAMS),
    };
    if (rng.chance(0.2)) metadata.owner = `${rng.pick(['alice', 'bob', 'carol', 'dave'])}@example.com`;
    const server: OpenStackServer = {
      id: b.uuid(),
      name,
      status,
      tenant_id: b.projectId,
      user_id: b.userId,
      metadata,
      hostId: status === 'ERROR' ? '' : rng.pick(hostIds),
      image: fromVolume ? '' : { id: image.id },
      flavor: embeddedFlavor(flavor),
      created: isoSeconds(created),
      updated: isoSeconds(b.dateAfter(created, 200)),
      addresses: {},
      accessIPv4: '',
      accessIPv6: '',
      key_name: image.os_type === 'windows' ? null : rng.weighted(KEY_NAMES),
      progress: 0,
      config_drive: rng.chance(0.2) ? 'True' : '',
      description: null,
      locked: false,
      locked_reason: null,
      tags: rng.chance(0.3) ? ['terraform'] : [],
      trusted_image_certificates: null,
      'OS-DCF:diskConfig': rng.chance(0.8) ? 'AUTO' : 'MANUAL',
      'OS-EXT-AZ:availability_zone': zone,
      'OS-EXT-SRV-ATTR:hostname': name,
      'OS-EXT-STS:power_state': powerState,
      'OS-EXT-STS:task_state': taskState,
      'OS-EXT-STS:vm_state': vmState,
      'OS-SRV-USG:launched_at': status === 'BUILD' ? null : isoMicros(after(created, rng.int(20, 90)), rng),
      'OS-SRV-USG:terminated_at': null,
      'os-extended-volumes:volumes_attached': [],
      security_groups: [],
      pinned_availability_zone: null,
      scheduler_hints: {},
    };
    const groups = ['default', ...role.groups].map(g => b.groupsByName.get(g)).filter(g => g !== undefined);
    server.security_groups = groups.map(g => ({ name: g.name }));
    const primary = plugInterface(
      b,
      server,
      b.randomTenantSubnet(),
      groups.map(g => g.id),
      created,
    );
    b.primaryInterfaces.push(primary);
    const byNetwork = b.interfacesByNetwork.get(primary.port.network_id) ?? [];
    byNetwork.push(primary);
    b.interfacesByNetwork.set(primary.port.network_id, byNetwork);
    b.bootImages.set(server.id, image);
    if (fromVolume) b.bootFromVolume.push(server);
    region.servers.push(server);
  }

  for (let i = 0; i < plan.secondNics; i++) {
    const { server, port } = rng.pick(b.primaryInterfaces);
    let subnet = b.randomTenantSubnet();
    for (let tries = 0; tries < 3 && subnet.network_id === port.network_id; tries++) {
      subnet = b.randomTenantSubnet();
    }
    plugInterface(b, server, subnet, port.security_groups, new Date(Date.parse(server.created)));
  }
  region.servers.sort(newestFirst(i => i.created));
}

/** Ports on tenant subnets that nothing uses (reserved addresses), in state DOWN. */
export function buildUnboundPorts(b: RegionBuilder, count: number): void {
  const defaultGroup = b.groupsByName.get('default');
  for (let i = 0; i < count; i++) {
    const fixedIp = b.allocateTenantIp(b.randomTenantSubnet());
    if (!fixedIp) throw new Error(`No free address left in region ${b.region.name}`);
    b.addPort({
      networkId: b.networkOf(fixedIp.subnet_id),
      fixedIps: [fixedIp],
      deviceId: '',
      deviceOwner: '',
      created: b.date(300),
      name: `reserved-${i + 1}`,
      status: 'DOWN',
      securityGroups: defaultGroup ? [defaultGroup.id] : [],
    });
  }
}

/**
 * Floating IPs on `public` for distinct servers' primary interfaces (whose subnet has a router), also listed in
 * the servers' `addresses` as `floating`.
 */
export function buildFloatingIps(b: RegionBuilder, count: number): void {
  if (!b.publicNetwork || !b.publicAddresses) return;
  const candidates = b.primaryInterfaces.filter(i => b.routerBySubnet.has(i.fixedIp.subnet_id));
  for (const { server, port, fixedIp } of b.rng.sample(candidates, count)) {
    const address = b.publicAddresses.allocate();
    if (!address) throw new Error(`The public subnet of ${b.region.name} is full`);
    const stamp = isoSeconds(b.dateAfter(new Date(Date.parse(server.created)), 30));
    const floatingIp: OpenStackFloatingIp = {
      id: b.uuid(),
      floating_ip_address: address,
      floating_network_id: b.publicNetwork.id,
      fixed_ip_address: fixedIp.ip_address,
      port_id: port.id,
      router_id: b.routerBySubnet.get(fixedIp.subnet_id)!.id,
      status: server.status === 'ACTIVE' ? 'ACTIVE' : 'DOWN',
      description: '',
      project_id: b.projectId,
      tenant_id: b.projectId,
      created_at: stamp,
      updated_at: stamp,
      revision_number: 1,
      tags: [],
      port_forwardings: [],
      qos_policy_id: null,
    };
    b.region.floatingIps.push(floatingIp);
    addAddress(b, server, port, address, 'floating');
  }
}
