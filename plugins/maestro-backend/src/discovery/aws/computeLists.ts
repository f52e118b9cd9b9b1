import {
  DescribeInstanceTypesCommand,
  Instance,
  InstanceTypeInfo,
  paginateDescribeImages,
  paginateDescribeInstances,
  paginateDescribeSnapshots,
  paginateDescribeVolumes,
} from '@aws-sdk/client-ec2';
import { clean, gib, iso, limited } from '../translate';
import type { DiscoveredRecord } from '../types';
import {
  AwsListContext,
  AwsResourceList,
  awsName,
  awsRef,
  callOptions,
  enrichment,
  keepWhen,
  placement,
  tagMap,
  tagValue,
} from './awsCommon';

/** Server fields that come from the instance type (kept as stored when the types cannot be read). */
const SERVER_TYPE_FIELDS = ['cpu', 'memory'];
/** Flavor fields that come from DescribeInstanceTypes. */
const FLAVOR_FIELDS = ['cpu', 'memory', 'gpu', 'diskGb', 'description'];

/**
 * A Server from an EC2 instance (cpu and memory from its instance type when known). `types` undefined: the instance
 * types could not be read, cpu and memory stay as stored.
 */
export function instanceToServer(
  ctx: AwsListContext,
  instance: Instance,
  types: Map<string, { cpu: number; memory: number }> | undefined,
): DiscoveredRecord {
  const id = instance.InstanceId!;
  const type = instance.InstanceType ? types?.get(instance.InstanceType) : undefined;
  const windows = (instance.PlatformDetails ?? instance.Platform ?? '').toLowerCase().includes('windows');
  return {
    kind: 'Server',
    providerId: id,
    name: awsName(ctx, id),
    title: limited(tagValue(instance.Tags, 'Name')) ?? id,
    spec: clean({
      hostname: instance.PrivateDnsName || instance.PublicDnsName || id,
      ipv4Private: instance.PrivateIpAddress,
      ipv4Public: instance.PublicIpAddress,
      os: clean({ base: windows ? 'windows' : 'linux', distro: limited(instance.PlatformDetails, 64) }),
      // without the types, no cpu from CoreCount either: it would replace the vCPUs stored, then change back
      cpu: types ? type?.cpu ?? instance.CpuOptions?.CoreCount : undefined,
      memory: type?.memory,
      environment: limited(tagValue(instance.Tags, 'environment', 'env', 'stage'), 64),
      role: limited(tagValue(instance.Tags, 'role'), 64),
      status: instance.State?.Name,
      ...placement(ctx, id, instance.Placement?.AvailabilityZone),
      storage: (instance.BlockDeviceMappings ?? [])
        .filter(b => b.Ebs?.VolumeId)
        .map(b =>
          clean({
            mount: b.DeviceName,
            rootDevice: b.DeviceName === instance.RootDeviceName,
            volume: awsRef(ctx, 'Volume', b.Ebs!.VolumeId!),
          }),
        ),
      auth: instance.KeyName ? [{ type: 'pki', keyName: limited(instance.KeyName) }] : undefined,
      image: instance.ImageId ? awsRef(ctx, 'Image', instance.ImageId) : undefined,
      flavor: instance.InstanceType ? awsRef(ctx, 'Flavor', instance.InstanceType) : undefined,
      networks: [
        ...(instance.VpcId ? [awsRef(ctx, 'Network', instance.VpcId)] : []),
        ...(instance.SubnetId ? [awsRef(ctx, 'Network', instance.SubnetId)] : []),
        ...(instance.SecurityGroups ?? []).filter(g => g.GroupId).map(g => awsRef(ctx, 'Network', g.GroupId!)),
      ].filter((r, i, all) => all.indexOf(r) === i),
      tags: tagMap(instance.Tags),
    }),
    ...keepWhen(!types, SERVER_TYPE_FIELDS),
  };
}

/** A Flavor from an instance type; without its facts (not readable) only the name, the facts kept as stored. */
function instanceTypeToFlavor(ctx: AwsListContext, type: string, info: InstanceTypeInfo | undefined): DiscoveredRecord {
  const providerId = `${ctx.accountId}:${ctx.region}:instance-type/${type}`;
  const facts = info?.VCpuInfo?.DefaultVCpus
    ? { cpu: info.VCpuInfo.DefaultVCpus, memory: gib(info.MemoryInfo?.SizeInMiB ?? 0)! }
    : undefined;
  return {
    kind: 'Flavor',
    providerId,
    name: awsName(ctx, type),
    title: type,
    spec: clean({
      ...facts,
      gpu: info?.GpuInfo?.Gpus?.reduce((n, g) => n + (g.Count ?? 0), 0) || undefined,
      diskGb: info?.InstanceStorageInfo?.TotalSizeInGB,
      description: facts ? `${type}: ${facts.cpu} vCPU, ${facts.memory} GiB` : undefined,
      ...placement(ctx, providerId),
    }),
    ...keepWhen(!info, FLAVOR_FIELDS),
  };
}

export const serverList: AwsResourceList = {
  id: 'server-list',
  title: 'Servers (EC2 instances) and their instance types',
  iamActions: ['ec2:DescribeInstances', 'ec2:DescribeInstanceTypes'],
  defaultFrequencyMinutes: 5,
  async crawl(ctx, emit) {
    const ec2 = ctx.clients.ec2(ctx.region);
    const instances: Instance[] = [];
    for await (const page of paginateDescribeInstances({ client: ec2, pageSize: 1000 }, {}, callOptions(ctx))) {
      for (const reservation of page.Reservations ?? []) instances.push(...(reservation.Instances ?? []));
    }
    // flavors: the instance types in use (≤100 per call); an enrichment: without it, the servers are still stored
    const used = [...new Set(instances.map(i => i.InstanceType).filter((t): t is NonNullable<typeof t> => !!t))].sort();
    const infos = await enrichment(ctx, 'instance types', 'ec2:DescribeInstanceTypes', async () => {
      const read = new Map<string, InstanceTypeInfo>();
      for (let i = 0; i < used.length; i += 100) {
        const out = await ec2.send(
          new DescribeInstanceTypesCommand({ InstanceTypes: used.slice(i, i + 100) }),
          callOptions(ctx),
        );
        for (const t of out.InstanceTypes ?? [])
          if (t.InstanceType && t.VCpuInfo?.DefaultVCpus) read.set(t.InstanceType, t);
      }
      return read;
    });
    const types = infos ? new Map<string, { cpu: number; memory: number }>() : undefined;
    for (const type of used) {
      const info = infos?.get(type);
      if (infos && !info) continue; // an instance type AWS does not describe: no flavor, as before
      const flavor = instanceTypeToFlavor(ctx, type, info);
      if (info) types!.set(type, { cpu: flavor.spec.cpu as number, memory: flavor.spec.memory as number });
      emit(flavor);
    }
    for (const instance of instances) {
      if (instance.InstanceId) emit(instanceToServer(ctx, instance, types));
    }
  },
};

export const volumesList: AwsResourceList = {
  id: 'volumes-list',
  title: 'Volumes (EBS)',
  iamActions: ['ec2:DescribeVolumes'],
  defaultFrequencyMinutes: 60,
  async crawl(ctx, emit) {
    for await (const page of paginateDescribeVolumes(
      { client: ctx.clients.ec2(ctx.region), pageSize: 500 },
      {},
      callOptions(ctx),
    )) {
      for (const v of page.Volumes ?? []) {
        if (!v.VolumeId) continue;
        const attachment = v.Attachments?.find(a => a.InstanceId);
        emit({
          kind: 'Volume',
          providerId: v.VolumeId,
          name: awsName(ctx, v.VolumeId),
          title: limited(tagValue(v.Tags, 'Name')) ?? v.VolumeId,
          spec: clean({
            attachment: 'attached',
            sizeGb: v.Size,
            volumeType: v.VolumeType,
            server: attachment ? awsRef(ctx, 'Server', attachment.InstanceId!) : undefined,
            device: attachment?.Device,
            encrypted: v.Encrypted,
            state: v.State,
            ...placement(ctx, v.VolumeId, v.AvailabilityZone),
            tags: tagMap(v.Tags),
          }),
        });
      }
    }
  },
};

export const snapshotList: AwsResourceList = {
  id: 'snapshot-list',
  title: 'Snapshots (EBS, owned by the account)',
  iamActions: ['ec2:DescribeSnapshots'],
  defaultFrequencyMinutes: 24 * 60,
  async crawl(ctx, emit) {
    const input = { OwnerIds: ['self'] };
    for await (const page of paginateDescribeSnapshots(
      { client: ctx.clients.ec2(ctx.region), pageSize: 1000 },
      input,
      callOptions(ctx),
    )) {
      for (const s of page.Snapshots ?? []) {
        if (!s.SnapshotId) continue;
        emit({
          kind: 'Snapshot',
          providerId: s.SnapshotId,
          name: awsName(ctx, s.SnapshotId),
          title: limited(tagValue(s.Tags, 'Name')) ?? s.SnapshotId,
          spec: clean({
            volume: s.VolumeId && s.VolumeId !== 'vol-ffffffff' ? awsRef(ctx, 'Volume', s.VolumeId) : undefined,
            sizeGb: s.VolumeSize,
            startedAt: iso(s.StartTime),
            state: s.State,
            description: limited(s.Description, 4096),
            encrypted: s.Encrypted,
            ...placement(ctx, s.SnapshotId),
            tags: tagMap(s.Tags),
          }),
        });
      }
    }
  },
};

export const imagesList: AwsResourceList = {
  id: 'images-list',
  title: 'Images (AMIs owned by the account)',
  iamActions: ['ec2:DescribeImages'],
  defaultFrequencyMinutes: 24 * 60,
  async crawl(ctx, emit) {
    const input = { Owners: ['self'] };
    for await (const page of paginateDescribeImages(
      { client: ctx.clients.ec2(ctx.region), pageSize: 1000 },
      input,
      callOptions(ctx),
    )) {
      for (const image of page.Images ?? []) {
        if (!image.ImageId) continue;
        const windows = (image.PlatformDetails ?? image.Platform ?? '').toLowerCase().includes('windows');
        emit({
          kind: 'Image',
          providerId: image.ImageId,
          name: awsName(ctx, image.ImageId),
          title: limited(image.Name) ?? image.ImageId,
          spec: clean({
            os: clean({ base: windows ? 'windows' : 'linux', distro: limited(image.PlatformDetails, 64) }),
            architecture: image.Architecture,
            visibility: image.Public ? 'public' : 'private',
            state: image.State,
            description: limited(image.Description, 4096),
            ...placement(ctx, image.ImageId),
            tags: tagMap(image.Tags),
          }),
        });
      }
    }
  },
};
