import { FLAVOR_CATALOGUE, IMAGE_CATALOGUE, type ImageTemplate } from './catalog';
import { CLOUD_ADMIN_PROJECT_ID, type RegionBuilder } from './context';
import { isoSeconds, newestFirst } from './format';
import type { OpenStackFlavor, OpenStackImage } from './types';

/** Flavors: the catalogue's, then generated `x1.custom-N` ones. */
export function buildFlavors(b: RegionBuilder, count: number): void {
  for (let i = 0; i < count; i++) {
    const template = FLAVOR_CATALOGUE[i] ?? {
      name: `x1.custom-${i + 1}`,
      vcpus: 2 ** b.rng.int(0, 4),
      ram: 1024 * 2 ** b.rng.int(0, 6),
      disk: 20 * b.rng.int(1, 8),
    };
    const flavor: OpenStackFlavor = {
      id: template.id ?? b.uuid(),
      name: template.name,
      vcpus: template.vcpus,
      ram: template.ram,
      disk: template.disk,
      swap: template.swap ?? 0,
      rxtx_factor: 1.0,
      'OS-FLV-DISABLED:disabled': false,
      'OS-FLV-EXT-DATA:ephemeral': template.ephemeral ?? 0,
      'os-flavor-access:is_public': template.isPublic ?? true,
      description: template.description ?? null,
      extra_specs: { ...template.extraSpecs },
    };
    b.region.flavors.push(flavor);
  }
}

function image(b: RegionBuilder, template: ImageTemplate, name: string, privateImage: boolean): OpenStackImage {
  const id = b.uuid();
  const created = b.date(700);
  const updated = b.dateAfter(created, 2);
  const result: OpenStackImage = {
    id,
    name,
    status: 'active',
    visibility: privateImage ? 'private' : 'public',
    owner: privateImage ? b.projectId : CLOUD_ADMIN_PROJECT_ID,
    disk_format: template.diskFormat,
    container_format: 'bare',
    min_disk: template.minDisk,
    min_ram: template.minRam,
    size: template.size,
    virtual_size: Math.round(template.virtualSize),
    checksum: b.rng.hex(32),
    os_hash_algo: 'sha512',
    os_hash_value: b.rng.hex(128),
    protected: !privateImage && b.rng.chance(0.5),
    os_hidden: false,
    tags: [],
    created_at: isoSeconds(created),
    updated_at: isoSeconds(updated),
    self: `/v2/images/${id}`,
    file: `/v2/images/${id}/file`,
    schema: '/v2/schemas/image',
    os_distro: template.osDistro,
    os_version: template.osVersion,
    architecture: 'x86_64',
    hw_disk_bus: template.osType === 'windows' ? 'scsi' : 'virtio',
    hw_qemu_guest_agent: 'yes',
  };
  if (template.osType) result.os_type = template.osType;
  return result;
}

/**
 * Glance images: the catalogue's distribution images (public, owned by the operator; Windows and RHEL private to
 * the project), then private `golden-<distro>-N` images of the project. Newest first, as Glance lists them.
 */
export function buildImages(b: RegionBuilder, count: number): void {
  for (let i = 0; i < count; i++) {
    const template = IMAGE_CATALOGUE[i];
    if (template) {
      b.region.images.push(image(b, template, template.name, !!template.private));
    } else {
      const base = b.rng.pick(IMAGE_CATALOGUE);
      const golden = image(b, base, `golden-${base.osDistro}-${i + 1 - IMAGE_CATALOGUE.length}`, true);
      golden.tags = ['golden'];
      b.region.images.push(golden);
    }
  }
  b.region.images.sort(newestFirst(i => i.created_at));
}

/** The relative weight of an image when servers are launched. */
export function imageWeight(img: OpenStackImage): number {
  const template = IMAGE_CATALOGUE.find(t => t.name === img.name);
  return template?.weight ?? 2;
}
