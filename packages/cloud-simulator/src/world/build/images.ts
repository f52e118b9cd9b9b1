import { OPERATING_SYSTEMS, OS_WEIGHTS, ROLES, TEAMS, type OsSpec } from '../catalog';
import type { FakeImage, FakeSnapshot } from '../types';
import { RegionContext, hashString } from './context';
import { Random } from '../random';

const ARCHITECTURES = ['x86_64', 'arm64'] as const;

function imageOf(
  rng: Random,
  os: OsSpec,
  arch: (typeof ARCHITECTURES)[number],
  owner: { ownerId: string; alias?: string; name: string; isPublic: boolean },
  snapshotId: string,
  created: Date,
): FakeImage {
  return {
    ImageId: rng.id('ami'),
    Name: owner.name,
    Description: owner.isPublic ? owner.name : `Golden image ${owner.name}`,
    OwnerId: owner.ownerId,
    ImageOwnerAlias: owner.alias,
    ImageLocation: `${owner.alias ?? owner.ownerId}/${owner.name}`,
    State: 'available',
    CreationDate: created.toISOString(),
    Architecture: arch,
    ImageType: 'machine',
    Platform: os.platform as FakeImage['Platform'],
    PlatformDetails: os.platformDetails,
    UsageOperation: os.usageOperation,
    Public: owner.isPublic,
    Hypervisor: 'xen',
    VirtualizationType: 'hvm',
    EnaSupport: true,
    SriovNetSupport: 'simple',
    BootMode: arch === 'arm64' ? 'uefi' : undefined,
    RootDeviceName: os.rootDeviceName,
    RootDeviceType: 'ebs',
    BlockDeviceMappings: [
      {
        DeviceName: os.rootDeviceName,
        Ebs: {
          SnapshotId: snapshotId,
          VolumeSize: os.rootVolumeGiB,
          VolumeType: 'gp3',
          DeleteOnTermination: true,
          Encrypted: false,
          Iops: 3000,
          Throughput: 125,
        },
      },
    ],
    Tags: [],
  };
}

/**
 * The public images of a region (Amazon Linux, Ubuntu, Debian, RHEL, Windows). They depend only on the region, so
 * every account sees the same ids, as in AWS.
 */
export function buildPublicImages(ctx: RegionContext): void {
  const rng = new Random(hashString(`public-images/${ctx.region.name}`));
  for (const os of OPERATING_SYSTEMS) {
    for (const arch of ARCHITECTURES) {
      if (os.platform === 'windows' && arch === 'arm64') continue;
      const name = os.publicName(arch);
      ctx.region.publicImages.push(
        imageOf(
          rng,
          os,
          arch,
          {
            ownerId: os.publisher.ownerId,
            alias: os.publisher.alias,
            name,
            isPublic: true,
          },
          rng.id('snap'),
          new Date('2025-01-15T08:00:00.000Z'),
        ),
      );
    }
  }
}

/**
 * The account's own images, each with the snapshot backing its root device. The first three cover Linux x86_64,
 * Windows and Linux arm64, so instances of every kind find an image of their own account.
 */
export function buildAccountImages(ctx: RegionContext, count: number): void {
  const { rng, region, accountId } = ctx;
  for (let i = 0; i < count; i++) {
    let os: OsSpec;
    let arch: (typeof ARCHITECTURES)[number];
    if (i === 0) [os, arch] = [OPERATING_SYSTEMS[0], 'x86_64'];
    else if (i === 1) [os, arch] = [OPERATING_SYSTEMS[4], 'x86_64'];
    else if (i === 2) [os, arch] = [OPERATING_SYSTEMS[0], 'arm64'];
    else {
      os = rng.weighted(OS_WEIGHTS);
      arch = os.platform === 'windows' ? 'x86_64' : rng.pick(ARCHITECTURES);
    }
    const role = rng.pick(ROLES);
    const created = rng.dateBefore(ctx.now, 700);
    const name = `${role}-${os.key}-${arch}-${created.toISOString().slice(0, 10).replace(/-/g, '.')}-${i}`;
    const snapshotId = rng.id('snap');
    const image = imageOf(rng, os, arch, { ownerId: accountId, name, isPublic: false }, snapshotId, created);
    image.Tags = ctx.tags({ Name: name, role, team: rng.pick(TEAMS) });
    region.images.push(image);
    const snapshot: FakeSnapshot = {
      SnapshotId: snapshotId,
      VolumeId: 'vol-ffffffff',
      VolumeSize: os.rootVolumeGiB,
      State: 'completed',
      Progress: '100%',
      StartTime: created,
      OwnerId: accountId,
      Description: `Created by CreateImage(${rng.id('i')}) for ${image.ImageId}`,
      Encrypted: false,
      StorageTier: 'standard',
      Tags: [],
    };
    region.snapshots.push(snapshot);
  }
}
