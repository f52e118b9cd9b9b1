import { VOLUME_TYPES } from './catalog';
import type { RegionBuilder } from './context';
import { isoMicros, newestFirst } from './format';
import type { OpenStackImage, OpenStackServer, OpenStackSnapshot, OpenStackVolume } from './types';

/** `/dev/vd` and a letter sequence: 0 → `vda`, 25 → `vdz`, 26 → `vdaa`. */
function deviceName(index: number): string {
  let name = '';
  let n = index;
  do {
    name = String.fromCharCode(97 + (n % 26)) + name;
    n = Math.floor(n / 26) - 1;
  } while (n >= 0);
  return `/dev/vd${name}`;
}

function newVolume(
  b: RegionBuilder,
  created: Date,
  fields: Partial<OpenStackVolume>,
  types: Map<string, string>,
): OpenStackVolume {
  const volumeType = b.rng.weighted(VOLUME_TYPES);
  const volume: OpenStackVolume = {
    id: b.uuid(),
    name: null,
    description: null,
    status: 'available',
    size: 10 * b.rng.int(1, 20),
    availability_zone: b.rng.pick(b.region.availabilityZones),
    bootable: 'false',
    encrypted: volumeType === 'ssd-replicated',
    multiattach: false,
    attachments: [],
    metadata: {},
    volume_type: volumeType,
    volume_type_id: types.get(volumeType)!,
    snapshot_id: null,
    source_volid: null,
    consistencygroup_id: null,
    group_id: null,
    created_at: isoMicros(created, b.rng),
    updated_at: isoMicros(b.dateAfter(created, 30), b.rng),
    user_id: b.userId,
    'os-vol-tenant-attr:tenant_id': b.projectId,
    'os-vol-host-attr:host': null,
    'os-vol-mig-status-attr:migstat': null,
    'os-vol-mig-status-attr:name_id': null,
    migration_status: null,
    replication_status: null,
    provider_id: null,
    service_uuid: null,
    shared_targets: null,
    cluster_name: null,
    consumes_quota: true,
    ...fields,
  };
  b.region.volumes.push(volume);
  return volume;
}

/** Attaches a volume to a server both ways (Cinder `attachments`, Nova `os-extended-volumes:volumes_attached`). */
function attach(
  b: RegionBuilder,
  volume: OpenStackVolume,
  server: OpenStackServer,
  device: string,
  deleteOnTermination: boolean,
): void {
  volume.status = 'in-use';
  volume.availability_zone = server['OS-EXT-AZ:availability_zone'];
  volume.attachments.push({
    id: volume.id,
    server_id: server.id,
    attachment_id: b.uuid(),
    attached_at: volume.created_at,
    host_name: null,
    volume_id: volume.id,
    device,
  });
  server['os-extended-volumes:volumes_attached'].push({
    id: volume.id,
    delete_on_termination: deleteOnTermination,
  });
}

function imageMetadata(image: OpenStackImage): Record<string, string> {
  const metadata: Record<string, string> = {
    image_id: image.id,
    image_name: image.name,
    checksum: image.checksum ?? '',
    container_format: image.container_format,
    disk_format: image.disk_format,
    min_disk: String(image.min_disk),
    min_ram: String(image.min_ram),
    size: String(image.size ?? 0),
  };
  for (const key of ['os_distro', 'os_version', 'architecture', 'hw_disk_bus']) {
    const value = image[key];
    if (typeof value === 'string') metadata[key] = value;
  }
  return metadata;
}

/**
 * Cinder volumes: first the root volume of every server booted from a volume (bootable, from its image, attached
 * at `/dev/vda`, deleted with the server), then data volumes: about 80% attached to random servers (`/dev/vdb` …),
 * 1% in `error`, the rest `available`. Newest first, as Cinder lists them.
 */
export function buildVolumes(b: RegionBuilder, count: number): void {
  const { rng, region } = b;
  const types = new Map(VOLUME_TYPES.map(([name]) => [name, b.uuid()]));
  const nextDevice = new Map<string, number>();
  for (const server of b.bootFromVolume) {
    const image = b.bootImages.get(server.id)!;
    const created = new Date(Date.parse(server.created));
    const volume = newVolume(
      b,
      created,
      {
        name: '',
        size: Math.max(image.min_disk, 10 * rng.int(2, 8)),
        bootable: 'true',
        volume_image_metadata: imageMetadata(image),
      },
      types,
    );
    attach(b, volume, server, deviceName(0), true);
    nextDevice.set(server.id, 1);
  }
  const servers = region.servers;
  for (let i = b.bootFromVolume.length; i < count; i++) {
    const roll = rng.next();
    if (roll < 0.8 && servers.length > 0) {
      const server = rng.pick(servers);
      const index = nextDevice.get(server.id) ?? 1;
      nextDevice.set(server.id, index + 1);
      const created = b.dateAfter(new Date(Date.parse(server.created)), 60);
      const volume = newVolume(b, created, { name: `${server.name}-data-${index}` }, types);
      attach(b, volume, server, deviceName(index), false);
    } else {
      newVolume(
        b,
        b.date(400),
        {
          name: `volume-${String(i + 1).padStart(5, '0')}`,
          status: roll > 0.99 ? 'error' : 'available',
          description: rng.chance(0.3) ? 'Scratch space' : null,
        },
        types,
      );
    }
  }
  region.volumes.sort(newestFirst(i => i.created_at));
}

/** Snapshots of random volumes not in error (of the volume's size), newest first. */
export function buildSnapshots(b: RegionBuilder, count: number): void {
  const sources = b.region.volumes.filter(v => v.status !== 'error');
  if (sources.length === 0) return;
  for (let i = 0; i < count; i++) {
    const volume = b.rng.pick(sources);
    const created = b.dateAfter(new Date(Date.parse(volume.created_at)), 120);
    const creating = b.rng.chance(0.02);
    const snapshot: OpenStackSnapshot = {
      id: b.uuid(),
      name: `${volume.name || 'volume'}-snap-${created.toISOString().slice(0, 10)}`,
      description: b.rng.chance(0.5) ? 'Daily backup' : null,
      volume_id: volume.id,
      size: volume.size,
      status: creating ? 'creating' : 'available',
      metadata: {},
      created_at: isoMicros(created, b.rng),
      updated_at: creating ? null : isoMicros(created, b.rng),
      'os-extended-snapshot-attributes:progress': creating ? '0%' : '100%',
      'os-extended-snapshot-attributes:project_id': b.projectId,
    };
    b.region.snapshots.push(snapshot);
  }
  b.region.snapshots.sort(newestFirst(i => i.created_at));
}
