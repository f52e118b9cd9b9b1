import type { InstanceBlockDeviceMapping } from '@aws-sdk/client-ec2';
import {
  ENVIRONMENT_WEIGHTS,
  INSTANCE_TYPES_BY_NAME,
  INSTANCE_TYPE_WEIGHTS,
  ROLES,
  TEAMS,
  envShort,
  internalDnsDomain,
  publicDnsDomain,
} from '../catalog';
import type { FakeImage, FakeInstance, FakeNetworkInterface, FakeSubnet, FakeVolume } from '../types';
import { RegionContext } from './context';

const STATE_CODES: Record<string, number> = {
  pending: 0,
  running: 16,
  'shutting-down': 32,
  terminated: 48,
  stopping: 64,
  stopped: 80,
};

const STATE_WEIGHTS: ReadonlyArray<readonly [string, number]> = [
  ['running', 84],
  ['stopped', 13],
  ['pending', 1],
  ['stopping', 1],
  ['shutting-down', 1],
];

/** What a new instance's generation may be told. */
export interface LaunchOptions {
  /** Data volumes besides the root volume (default 1). */
  dataVolumes?: number;
  /** Launch time (default: a random time in the last three years of the world). */
  launchTime?: Date;
  /** Reservation to put the instance in (default: a new one). */
  reservationId?: string;
  /** Sequence number used in the Name tag. */
  index?: number;
}

/** EC2 reports `windows` (lower case, unlike the SDK's `PlatformValues` enum) for Windows platforms. */
export const WINDOWS_PLATFORM = 'windows' as FakeInstance['Platform'];

function isWindows(image: FakeImage): boolean {
  return image.Platform === WINDOWS_PLATFORM;
}

/** Picks the image: an image of the account of the wanted platform and architecture, or a public one. */
function pickImage(ctx: RegionContext, windows: boolean, arch: string): FakeImage | undefined {
  const { rng, region } = ctx;
  const fits = (i: FakeImage) => isWindows(i) === windows && i.Architecture === arch;
  const own = region.images.filter(fits);
  if (own.length > 0) return rng.pick(own);
  const anyOwn = region.images.filter(i => i.Architecture === arch);
  if (anyOwn.length > 0) return rng.pick(anyOwn);
  const pub = region.publicImages.filter(fits);
  return pub.length > 0 ? rng.pick(pub) : undefined;
}

/** Picks a subnet with free addresses, preferring public ones when the instance should be reachable. */
function pickSubnet(ctx: RegionContext, wantPublic: boolean): FakeSubnet {
  const { rng, region } = ctx;
  for (let attempt = 0; attempt < 8; attempt++) {
    const subnet = rng.pick(region.subnets);
    if (subnet.AvailableIpAddressCount > 0 && subnet.MapPublicIpOnLaunch === wantPublic) {
      return subnet;
    }
  }
  const free = region.subnets.filter(s => s.AvailableIpAddressCount > 0);
  if (free.length === 0) {
    throw new Error(`No free private addresses left in ${region.name}`);
  }
  return rng.pick(free);
}

function deviceName(windows: boolean, index: number): string {
  const letter = String.fromCharCode('f'.charCodeAt(0) + index);
  return windows ? `xvd${letter}` : `/dev/sd${letter}`;
}

function kmsKey(ctx: RegionContext): string {
  return `arn:aws:kms:${ctx.region.name}:${ctx.accountId}:key/${ctx.rng.hex(8)}-${ctx.rng.hex(4)}-4${ctx.rng.hex(
    3,
  )}-8${ctx.rng.hex(3)}-${ctx.rng.hex(12)}`;
}

function createVolume(
  ctx: RegionContext,
  options: {
    size: number;
    type: FakeVolume['VolumeType'];
    az: string;
    created: Date;
    snapshotId?: string;
    name: string;
    env?: string;
    team?: string;
  },
): FakeVolume {
  const { rng } = ctx;
  const encrypted = rng.chance(0.6);
  const volume: FakeVolume = {
    VolumeId: rng.id('vol'),
    Size: options.size,
    VolumeType: options.type,
    State: 'available',
    AvailabilityZone: options.az,
    CreateTime: options.created,
    SnapshotId: options.snapshotId ?? '',
    Attachments: [],
    Encrypted: encrypted,
    KmsKeyId: encrypted ? kmsKey(ctx) : undefined,
    MultiAttachEnabled: false,
    Tags: ctx.tags({
      Name: options.name,
      environment: options.env,
      team: options.team,
    }),
  };
  if (options.type === 'gp3') {
    volume.Iops = 3000;
    volume.Throughput = 125;
  } else if (options.type === 'gp2') {
    volume.Iops = Math.max(100, Math.min(16000, options.size * 3));
  } else if (options.type === 'io2') {
    volume.Iops = rng.pick([4000, 8000, 16000]);
  }
  return volume;
}

/**
 * Launches one instance into the region: picks a subnet, security groups, an image and a private address (and a
 * public one for about 30% of instances), creates its primary network interface and its attached EBS volumes
 * (the root volume from the image's snapshot plus `dataVolumes` data volumes), and applies `overrides` last.
 */
export function launchInstance(
  ctx: RegionContext,
  overrides: Partial<FakeInstance> = {},
  options: LaunchOptions = {},
): FakeInstance {
  const { rng, region, accountId } = ctx;
  const windows = overrides.Platform === WINDOWS_PLATFORM || rng.chance(0.15);
  let type = overrides.InstanceType ?? rng.weighted(INSTANCE_TYPE_WEIGHTS);
  let info = INSTANCE_TYPES_BY_NAME.get(type);
  let arch = info?.ProcessorInfo.SupportedArchitectures?.[0] ?? 'x86_64';
  if (windows && arch === 'arm64' && !overrides.InstanceType) {
    type = 'm5.large';
    info = INSTANCE_TYPES_BY_NAME.get(type);
    arch = 'x86_64';
  }
  const image = overrides.ImageId
    ? [...region.images, ...region.publicImages].find(i => i.ImageId === overrides.ImageId)
    : pickImage(ctx, windows, arch);
  const stateName = overrides.State?.Name ?? rng.weighted(STATE_WEIGHTS);
  const isUp = stateName === 'running' || stateName === 'pending';
  const wantPublic = rng.chance(0.3);
  const subnet = overrides.SubnetId
    ? region.subnets.find(s => s.SubnetId === overrides.SubnetId) ?? pickSubnet(ctx, wantPublic)
    : pickSubnet(ctx, wantPublic);
  const privateIp = overrides.PrivateIpAddress ?? ctx.privateIp(subnet);
  if (!privateIp) throw new Error(`Subnet ${subnet.SubnetId} is full`);
  if (overrides.PrivateIpAddress) ctx.reservePrivateIp(privateIp);
  const publicIp = isUp && subnet.MapPublicIpOnLaunch && wantPublic ? ctx.publicIp() : undefined;

  const env = rng.weighted(ENVIRONMENT_WEIGHTS);
  const role = rng.pick(ROLES);
  const team = rng.pick(TEAMS);
  const index = options.index ?? region.instances.length + 1;
  const name = `${role}-${envShort(env)}-${String(index).padStart(3, '0')}`;
  const launchTime = options.launchTime ?? rng.dateBefore(ctx.now, 1095);
  const instanceId = overrides.InstanceId ?? rng.id('i');
  const domain = internalDnsDomain(region.name);
  const privateDns = `ip-${privateIp.replace(/\./g, '-')}.${domain}`;
  const publicDns = publicIp ? `ec2-${publicIp.replace(/\./g, '-')}.${publicDnsDomain(region.name)}` : '';
  const vpcGroups = ctx.groupsOf(subnet.VpcId);
  const named = ctx.namedGroupsOf(subnet.VpcId);
  const groups = (named.length > 0 ? rng.sample(named, rng.int(1, 2)) : vpcGroups).map(g => ({
    GroupId: g.GroupId,
    GroupName: g.GroupName,
  }));
  const rootDevice = image?.RootDeviceName ?? '/dev/xvda';
  const association = publicIp ? { PublicIp: publicIp, PublicDnsName: publicDns, IpOwnerId: 'amazon' } : undefined;
  const eniId = rng.id('eni');
  const attachTime = launchTime;
  const mac = ctx.macAddress();

  // Volumes: the root volume from the image's snapshot, then the data volumes.
  const rootSnapshot = image?.BlockDeviceMappings[0]?.Ebs;
  const volumes: FakeVolume[] = [
    createVolume(ctx, {
      size: Math.max(rootSnapshot?.VolumeSize ?? 8, rng.pick([8, 20, 30, 50, 100])),
      type: rng.chance(0.8) ? 'gp3' : 'gp2',
      az: subnet.AvailabilityZone,
      created: launchTime,
      snapshotId: rootSnapshot?.SnapshotId,
      name: `${name}-root`,
      env,
      team,
    }),
  ];
  const dataVolumes = options.dataVolumes ?? 1;
  for (let d = 0; d < dataVolumes; d++) {
    volumes.push(
      createVolume(ctx, {
        size: rng.pick([20, 50, 100, 200, 500, 1000, 2000]),
        type: rng.weighted([
          ['gp3', 70],
          ['gp2', 15],
          ['io2', 10],
          ['st1', 5],
        ] as const),
        az: subnet.AvailabilityZone,
        created: launchTime,
        name: `${name}-data-${d + 1}`,
        env,
        team,
      }),
    );
  }
  const blockDevices: InstanceBlockDeviceMapping[] = volumes.map((volume, i) => {
    const device = i === 0 ? rootDevice : deviceName(windows, i - 1);
    const deleteOnTermination = i === 0;
    volume.State = 'in-use';
    volume.Attachments = [
      {
        VolumeId: volume.VolumeId,
        InstanceId: instanceId,
        Device: device,
        State: 'attached',
        AttachTime: attachTime,
        DeleteOnTermination: deleteOnTermination,
      },
    ];
    return {
      DeviceName: device,
      Ebs: {
        VolumeId: volume.VolumeId,
        Status: 'attached',
        AttachTime: attachTime,
        DeleteOnTermination: deleteOnTermination,
      },
    };
  });

  const instance: FakeInstance = {
    InstanceId: instanceId,
    ReservationId: options.reservationId ?? rng.id('r'),
    ImageId: image?.ImageId ?? rng.id('ami'),
    InstanceType: type as FakeInstance['InstanceType'],
    KeyName: rng.chance(0.8) ? `${team}-${envShort(env)}` : undefined,
    LaunchTime: launchTime,
    AmiLaunchIndex: 0,
    Placement: {
      AvailabilityZone: subnet.AvailabilityZone,
      GroupName: '',
      Tenancy: 'default',
    },
    Platform: windows ? WINDOWS_PLATFORM : undefined,
    PlatformDetails: image?.PlatformDetails ?? (windows ? 'Windows' : 'Linux/UNIX'),
    UsageOperation: image?.UsageOperation ?? 'RunInstances',
    UsageOperationUpdateTime: launchTime,
    Monitoring: { State: rng.chance(0.2) ? 'enabled' : 'disabled' },
    SubnetId: subnet.SubnetId,
    VpcId: subnet.VpcId,
    PrivateIpAddress: privateIp,
    PrivateDnsName: privateDns,
    PublicIpAddress: publicIp,
    PublicDnsName: publicDns,
    State: { Code: STATE_CODES[stateName] ?? 16, Name: stateName as 'running' },
    StateTransitionReason:
      stateName === 'stopped' ? `User initiated (${launchTime.toISOString().slice(0, 19).replace('T', ' ')} GMT)` : '',
    StateReason:
      stateName === 'stopped'
        ? {
            Code: 'Client.UserInitiatedShutdown',
            Message: 'Client.UserInitiatedShutdown: User initiated shutdown',
          }
        : undefined,
    Architecture: arch as FakeInstance['Architecture'],
    RootDeviceName: rootDevice,
    RootDeviceType: 'ebs',
    BlockDeviceMappings: blockDevices,
    VirtualizationType: 'hvm',
    Hypervisor: 'xen',
    EbsOptimized: info?.EbsInfo?.EbsOptimizedSupport === 'default',
    EnaSupport: info?.NetworkInfo?.EnaSupport !== 'unsupported',
    SourceDestCheck: true,
    ClientToken: rng.hex(32),
    IamInstanceProfile: rng.chance(0.5)
      ? {
          Arn: `arn:aws:iam::${accountId}:instance-profile/${role}-${envShort(env)}`,
          Id: `AIPA${rng.chars(17, 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567')}`,
        }
      : undefined,
    SecurityGroups: groups,
    NetworkInterfaces: [
      {
        NetworkInterfaceId: eniId,
        SubnetId: subnet.SubnetId,
        VpcId: subnet.VpcId,
        Description: '',
        OwnerId: accountId,
        Status: 'in-use',
        MacAddress: mac,
        PrivateIpAddress: privateIp,
        PrivateDnsName: privateDns,
        SourceDestCheck: true,
        InterfaceType: 'interface',
        Groups: groups,
        Attachment: {
          AttachmentId: rng.id('eni-attach'),
          DeviceIndex: 0,
          NetworkCardIndex: 0,
          Status: 'attached',
          AttachTime: attachTime,
          DeleteOnTermination: true,
        },
        Association: association,
        PrivateIpAddresses: [
          {
            Primary: true,
            PrivateIpAddress: privateIp,
            PrivateDnsName: privateDns,
            Association: association,
          },
        ],
        Ipv6Addresses: [],
      },
    ],
    CpuOptions: {
      CoreCount: info?.VCpuInfo.DefaultCores ?? 1,
      ThreadsPerCore: info?.VCpuInfo.DefaultThreadsPerCore ?? 1,
    },
    MetadataOptions: {
      State: 'applied',
      HttpTokens: rng.chance(0.7) ? 'required' : 'optional',
      HttpPutResponseHopLimit: 2,
      HttpEndpoint: 'enabled',
      HttpProtocolIpv6: 'disabled',
      InstanceMetadataTags: 'disabled',
    },
    EnclaveOptions: { Enabled: false },
    HibernationOptions: { Configured: false },
    BootMode: arch === 'arm64' ? 'uefi' : undefined,
    CurrentInstanceBootMode: arch === 'arm64' ? 'uefi' : 'legacy-bios',
    PrivateDnsNameOptions: {
      HostnameType: 'ip-name',
      EnableResourceNameDnsARecord: false,
      EnableResourceNameDnsAAAARecord: false,
    },
    MaintenanceOptions: { AutoRecovery: 'default' },
    Tags: ctx.tags({ Name: name, environment: env, role, team }),
  };
  // Assigned rather than spread into the literal above, which keeps the common case (no overrides) fast.
  for (const key of Object.keys(overrides) as Array<keyof FakeInstance>) {
    (instance as unknown as Record<string, unknown>)[key] = overrides[key];
  }

  const eni: FakeNetworkInterface = {
    NetworkInterfaceId: eniId,
    SubnetId: subnet.SubnetId,
    VpcId: subnet.VpcId,
    AvailabilityZone: subnet.AvailabilityZone,
    Description: '',
    InterfaceType: 'interface',
    MacAddress: mac,
    OwnerId: accountId,
    RequesterManaged: false,
    PrivateIpAddress: privateIp,
    PrivateDnsName: privateDns,
    PrivateIpAddresses: [
      {
        Primary: true,
        PrivateIpAddress: privateIp,
        PrivateDnsName: privateDns,
        Association: association,
      },
    ],
    Association: association,
    Attachment: {
      AttachmentId: instance.NetworkInterfaces[0]?.Attachment?.AttachmentId,
      InstanceId: instanceId,
      InstanceOwnerId: accountId,
      DeviceIndex: 0,
      Status: 'attached',
      AttachTime: attachTime,
      DeleteOnTermination: true,
    },
    Groups: groups,
    SourceDestCheck: true,
    Status: 'in-use',
    Ipv6Addresses: [],
    TagSet: [],
  };

  region.instances.push(instance);
  region.volumes.push(...volumes);
  region.networkInterfaces.push(eni);
  ctx.indexInstance(instance);
  return instance;
}

/** Generates `count` instances; about one in five reservations launches two or three instances together. */
export function buildInstances(ctx: RegionContext, count: number, dataVolumes: number): void {
  const { rng } = ctx;
  let launched = 0;
  while (launched < count) {
    const group = rng.chance(0.2) ? Math.min(count - launched, rng.int(2, 3)) : 1;
    const reservationId = rng.id('r');
    const launchTime = rng.dateBefore(ctx.now, 1095);
    for (let i = 0; i < group; i++) {
      launchInstance(
        ctx,
        {},
        {
          dataVolumes,
          reservationId,
          launchTime,
          index: ++launched,
        },
      );
    }
  }
}

/** Generates unattached volumes (about 3% of the attached ones, at least one when there are any). */
export function buildUnattachedVolumes(ctx: RegionContext): void {
  const { rng, region } = ctx;
  if (region.volumes.length === 0) return;
  const count = Math.max(1, Math.round(region.volumes.length * 0.03));
  for (let i = 0; i < count; i++) {
    region.volumes.push(
      createVolume(ctx, {
        size: rng.pick([10, 50, 100, 500]),
        type: rng.pick(['gp2', 'gp3', 'sc1'] as const),
        az: rng.pick(ctx.azs),
        created: rng.dateBefore(ctx.now, 800),
        name: `detached-${i + 1}`,
        env: rng.weighted(ENVIRONMENT_WEIGHTS),
        team: rng.pick(TEAMS),
      }),
    );
  }
}

/** Generates `count` snapshots of existing volumes. */
export function buildVolumeSnapshots(ctx: RegionContext, count: number): void {
  const { rng, region, accountId } = ctx;
  if (region.volumes.length === 0) return;
  for (let i = 0; i < count; i++) {
    const volume = rng.pick(region.volumes);
    const started = new Date(
      Math.min(ctx.now.getTime() - 3_600_000, volume.CreateTime.getTime() + rng.int(1, 400) * 86_400_000),
    );
    const name = volume.Tags.find(t => t.Key === 'Name')?.Value ?? volume.VolumeId;
    region.snapshots.push({
      SnapshotId: rng.id('snap'),
      VolumeId: volume.VolumeId,
      VolumeSize: volume.Size,
      State: i % 50 === 49 ? 'pending' : 'completed',
      Progress: i % 50 === 49 ? '42%' : '100%',
      StartTime: started,
      OwnerId: accountId,
      Description: rng.chance(0.5) ? `Daily backup of ${name}` : '',
      Encrypted: volume.Encrypted,
      KmsKeyId: volume.KmsKeyId,
      StorageTier: 'standard',
      Tags: ctx.tags({ Name: `${name}-backup`, team: rng.pick(TEAMS) }),
    });
  }
}
