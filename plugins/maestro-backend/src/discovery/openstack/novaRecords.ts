import type { DiscoveredRecord } from '../types';
import { clean, limited } from '../translate';
import {
  isDownCellStub,
  isEmbeddedFlavor,
  type NeutronPort,
  type NovaEmbeddedFlavor,
  type NovaFlavor,
  type NovaServer,
} from './client';
import {
  flavorProviderId,
  gib,
  ipv4,
  lower,
  metadataValue,
  openstackName,
  openstackTags,
  osInfo,
  placement,
  ref,
  sortedUnique,
  unique,
  type OpenStackScope,
} from './openstackScope';

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
  /** Nova flavors by name (2.47+ servers embed a copy of their flavor, named by `original_name`, without its id). */
  flavorsByName: ReadonlyMap<string, NovaFlavor>;
  /** The server's Neutron ports by server id; undefined when the region has no Neutron. */
  ports?: ReadonlyMap<string, NeutronPort[]>;
}

/** Lookups of the server list from its flavors and (optionally) Neutron ports. */
export function serverLookups(flavors: readonly NovaFlavor[], ports?: readonly NeutronPort[]): ServerLookups {
  return {
    flavors: new Map(flavors.map(f => [f.id, f])),
    flavorsByName: new Map(flavors.map(f => [f.name, f])),
    ports: ports ? portsByServer(ports) : undefined,
  };
}

const sizeOf = (value: unknown) => (typeof value === 'number' ? value : 0); // swap is "" before 2.75

/**
 * The listed flavor a 2.47+ embedded flavor is a copy of. Embedded flavors have no id: the flavor listed under the
 * same name is taken only when its sizes, which Nova never changes on a flavor, are the same (vCPUs, RAM, disk,
 * ephemeral, swap). A flavor deleted and re-created under its name with other sizes is therefore not linked; one
 * re-created with the same sizes cannot be told apart (it describes the same server). Extra specs can be edited
 * on a flavor, so they are not compared.
 */
export function listedFlavorOf(embedded: NovaEmbeddedFlavor, lookups: ServerLookups): NovaFlavor | undefined {
  const flavor = lookups.flavorsByName.get(embedded.original_name);
  if (!flavor) return undefined;
  const same =
    flavor.vcpus === embedded.vcpus &&
    flavor.ram === embedded.ram &&
    flavor.disk === embedded.disk &&
    sizeOf(flavor['OS-FLV-EXT-DATA:ephemeral']) === sizeOf(embedded.ephemeral) &&
    sizeOf(flavor.swap) === sizeOf(embedded.swap);
  return same ? flavor : undefined;
}

/**
 * What a stub of a down Nova cell tells (see {@link isDownCellStub}): only that the server exists and its state
 * is unknown. A partial record: the stored name, addresses, flavor, cpu, memory, zone… stay as last seen, and the
 * translation is the same on every run while the cell is down (no history).
 */
export function downCellServerToRecord(scope: OpenStackScope, server: NovaServer): DiscoveredRecord {
  return {
    kind: 'Server',
    providerId: server.id,
    name: openstackName(scope, server.id),
    partial: true,
    spec: clean({ status: 'unknown', ...placement(scope, server.id) }),
  };
}

/**
 * A Server from a Nova server: addresses (fixed → private, floating → public), cpu and memory from the embedded
 * flavor (2.47+) or the flavor it names, refs to its Flavor (by id before 2.47, see {@link listedFlavorOf} after),
 * Image, attached Volumes, and — through its Neutron ports — its networks, subnets and security groups. A stub of a
 * down cell gives a partial record ({@link downCellServerToRecord}).
 */
export function serverToRecord(scope: OpenStackScope, server: NovaServer, lookups: ServerLookups): DiscoveredRecord {
  if (isDownCellStub(server)) return downCellServerToRecord(scope, server);
  const id = server.id;
  const addresses = Object.values(server.addresses ?? {}).flat();
  const v4 = (type: string) => addresses.find(a => a['OS-EXT-IPS:type'] === type && ipv4(a.addr))?.addr;
  const ipv4Private = v4('fixed');
  const ipv4Public = v4('floating') ?? (ipv4(server.accessIPv4) !== ipv4Private ? ipv4(server.accessIPv4) : undefined);

  let flavorId: string | undefined;
  let cpu: number | undefined;
  let memory: number | undefined;
  if (server.flavor && isEmbeddedFlavor(server.flavor)) {
    flavorId = listedFlavorOf(server.flavor, lookups)?.id;
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
          `${flavor.name}: ${flavor.vcpus} vCPU, ${memory} GiB RAM, ${flavor.disk} GB disk${
            disabled ? ' (disabled)' : ''
          }`,
        4096,
      ),
      ...placement(scope, providerId),
    }),
  };
}
