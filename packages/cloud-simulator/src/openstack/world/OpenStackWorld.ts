import { randomUUID } from 'node:crypto';
import type { OpenStackAccountSpec, OpenStackFlavor, OpenStackRegion, OpenStackServer, OpenStackVolume } from './types';

/** The account of a world, with the user's id resolved. */
export type OpenStackAccount = OpenStackAccountSpec & { userId: string };

function removeWhere<T>(items: T[], predicate: (item: T) => boolean): T[] {
  const removed: T[] = [];
  let kept = 0;
  for (const item of items) {
    if (predicate(item)) removed.push(item);
    else items[kept++] = item;
  }
  items.length = kept;
  return removed;
}

/**
 * A simulated OpenStack cloud: one Keystone user and project, and the resources of each region. Every collection
 * is a plain mutable array that the simulator reads on each request, so tests can change the world between calls
 * (rename a server, push a volume, splice one out); {@link OpenStackWorld.removeServer} and
 * {@link OpenStackWorld.removeVolume} also drop what refers to the removed object.
 */
export class OpenStackWorld {
  readonly account: OpenStackAccount;
  readonly regions: Record<string, OpenStackRegion>;
  readonly seed: number;

  constructor(account: OpenStackAccount, regions: Record<string, OpenStackRegion>, options: { seed?: number } = {}) {
    this.account = account;
    this.regions = regions;
    this.seed = options.seed ?? 1;
  }

  /** The region names, in the order of the account's `regions`. */
  get regionNames(): string[] {
    return Object.keys(this.regions);
  }

  /** Whether the cloud has this region. */
  hasRegion(name: string): boolean {
    return Object.prototype.hasOwnProperty.call(this.regions, name);
  }

  /** The resources of a region; throws when the cloud has no such region. */
  region(name: string): OpenStackRegion {
    if (!this.hasRegion(name)) {
      throw new Error(`Unknown OpenStack region ${name}`);
    }
    return this.regions[name];
  }

  /** A server of a region by id. */
  findServer(region: string, id: string): OpenStackServer | undefined {
    return this.region(region).servers.find(s => s.id === id);
  }

  /** A volume of a region by id. */
  findVolume(region: string, id: string): OpenStackVolume | undefined {
    return this.region(region).volumes.find(v => v.id === id);
  }

  /**
   * Deletes a server as Nova would: its ports go, its volumes are detached (and those marked
   * `delete_on_termination` deleted), its floating IPs disassociated and its load-balancer memberships removed.
   * Returns the server, or undefined when there is none with this id.
   */
  removeServer(region: string, id: string): OpenStackServer | undefined {
    const r = this.region(region);
    const [server] = removeWhere(r.servers, s => s.id === id);
    if (!server) return undefined;
    const ports = removeWhere(r.ports, p => p.device_id === id);
    const portIds = new Set(ports.map(p => p.id));
    const addresses = new Set(ports.flatMap(p => p.fixed_ips.map(ip => `${ip.subnet_id}/${ip.ip_address}`)));
    for (const fip of r.floatingIps) {
      if (fip.port_id && portIds.has(fip.port_id)) {
        fip.port_id = null;
        fip.fixed_ip_address = null;
        fip.router_id = null;
        fip.status = 'DOWN';
      }
    }
    for (const pool of r.pools) {
      const members = r.members[pool.id] ?? [];
      const gone = new Set(removeWhere(members, m => addresses.has(`${m.subnet_id}/${m.address}`)).map(m => m.id));
      if (gone.size) removeWhere(pool.members, m => gone.has(m.id));
    }
    for (const attached of server['os-extended-volumes:volumes_attached']) {
      if (attached.delete_on_termination) {
        this.removeVolume(region, attached.id);
        continue;
      }
      const volume = r.volumes.find(v => v.id === attached.id);
      if (volume) {
        removeWhere(volume.attachments, a => a.server_id === id);
        if (volume.attachments.length === 0) volume.status = 'available';
      }
    }
    return server;
  }

  /**
   * Deletes the flavor named `name` and creates another under the same name with a new id and other sizes, as an
   * operator changing a flavor must (Nova never changes a flavor's sizes). Servers built from the old flavor keep
   * their copy of it (the embedded flavor of 2.47+) and, before 2.47, name the old id, which is no longer listed.
   * Returns the new flavor.
   */
  replaceFlavor(
    region: string,
    name: string,
    sizes: Partial<Pick<OpenStackFlavor, 'vcpus' | 'ram' | 'disk'>>,
    id: string = randomUUID(),
  ): OpenStackFlavor {
    const r = this.region(region);
    const at = r.flavors.findIndex(f => f.name === name);
    if (at < 0) throw new Error(`No flavor named ${name} in ${region}`);
    const old = r.flavors[at];
    for (const server of r.servers) {
      if (server.flavor.original_name === name && !server.builtFromFlavorId) server.builtFromFlavorId = old.id;
    }
    const flavor: OpenStackFlavor = {
      ...old,
      ...sizes,
      id,
      extra_specs: { ...old.extra_specs },
    };
    r.flavors[at] = flavor;
    return flavor;
  }

  /**
   * Deletes a volume with its snapshots, detaching it from its servers. Returns the volume, or undefined when there
   * is none with this id.
   */
  removeVolume(region: string, id: string): OpenStackVolume | undefined {
    const r = this.region(region);
    const [volume] = removeWhere(r.volumes, v => v.id === id);
    if (!volume) return undefined;
    removeWhere(r.snapshots, s => s.volume_id === id);
    for (const attachment of volume.attachments) {
      const server = r.servers.find(s => s.id === attachment.server_id);
      if (server) {
        removeWhere(server['os-extended-volumes:volumes_attached'], a => a.id === id);
      }
    }
    return volume;
  }
}
