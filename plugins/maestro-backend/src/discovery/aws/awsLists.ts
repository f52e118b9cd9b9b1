import { ListDistributionsCommand } from '@aws-sdk/client-cloudfront';
import {
  DescribeInstanceTypesCommand,
  DescribeVpnGatewaysCommand,
  Instance,
  paginateDescribeImages,
  paginateDescribeInstances,
  paginateDescribeNatGateways,
  paginateDescribeNetworkAcls,
  paginateDescribeNetworkInterfaces,
  paginateDescribeRouteTables,
  paginateDescribeSecurityGroups,
  paginateDescribeSnapshots,
  paginateDescribeSubnets,
  paginateDescribeVolumes,
  paginateDescribeVpcEndpoints,
  paginateDescribeVpcPeeringConnections,
  paginateDescribeVpcs,
  Tag,
} from '@aws-sdk/client-ec2';
import {
  DescribeTagsCommand as DescribeClassicTagsCommand,
  paginateDescribeLoadBalancers as paginateClassicLoadBalancers,
} from '@aws-sdk/client-elastic-load-balancing';
import {
  DescribeTagsCommand,
  DescribeTargetHealthCommand,
  paginateDescribeLoadBalancers,
  paginateDescribeTargetGroups,
} from '@aws-sdk/client-elastic-load-balancing-v2';
import { paginateDescribeDBInstances } from '@aws-sdk/client-rds';
import { GetBucketTaggingCommand, paginateListBuckets } from '@aws-sdk/client-s3';
import { scopedName } from '../names';
import { clean, entityRef, iso, limited, stringMap } from '../translate';
import type { DiscoveredRecord } from '../types';
import type { AwsClients } from './AwsClients';

/** What a list's crawl gets. */
export interface AwsListContext {
  clients: AwsClients;
  /** A region, or `global` for global services. */
  region: string;
  accountId: string;
  /** Entity ref of the connection's Datacenter. */
  datacenter: string;
  signal?: AbortSignal;
}

/** One of the seed's resource lists: the calls it makes and how it translates what they return. */
export interface AwsResourceList {
  id: string;
  title: string;
  /** Read-only IAM actions the list needs (shown on AccessDenied and in the wizard's policy). */
  iamActions: string[];
  /** S3 and CloudFront are global: crawled once per connection, region `global`. */
  global?: boolean;
  /** Default interval between runs (the seed's: servers every 5 minutes … networks daily). */
  defaultFrequencyMinutes: number;
  /** Emits every resource it reads; resolves only when every page of every call was read. */
  crawl(ctx: AwsListContext, emit: (record: DiscoveredRecord) => void): Promise<void>;
}

const awsName = (ctx: AwsListContext, id: string) => scopedName(['aws', ctx.accountId, ctx.region, id]);
const awsRef = (ctx: AwsListContext, kind: string, id: string) => entityRef(kind, awsName(ctx, id));

/** Cloud tags as a string map (tag keys are unique per resource in AWS). */
export function tagMap(tags: Array<{ Key?: string; Value?: string }> | undefined): Record<string, string> | undefined {
  return stringMap((tags ?? []).map(t => [t.Key, t.Value]));
}

const tagValue = (tags: Tag[] | undefined, ...keys: string[]) => {
  for (const key of keys) {
    const found = tags?.find(t => t.Key?.toLowerCase() === key.toLowerCase())?.Value;
    if (found) return found;
  }
  return undefined;
};


const placement = (ctx: AwsListContext, providerId: string, zone?: string) => ({
  datacenter: ctx.datacenter,
  ...(ctx.region !== 'global' ? { region: ctx.region } : {}),
  zone,
  providerId,
});


/** A Server from an EC2 instance (cpu and memory from its instance type when known). */
export function instanceToServer(
  ctx: AwsListContext,
  instance: Instance,
  types: Map<string, { cpu: number; memory: number }>,
): DiscoveredRecord {
  const id = instance.InstanceId!;
  const type = instance.InstanceType ? types.get(instance.InstanceType) : undefined;
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
      cpu: type?.cpu ?? instance.CpuOptions?.CoreCount,
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
  };
}

const serverList: AwsResourceList = {
  id: 'server-list',
  title: 'Servers (EC2 instances) and their instance types',
  iamActions: ['ec2:DescribeInstances', 'ec2:DescribeInstanceTypes'],
  defaultFrequencyMinutes: 5,
  async crawl(ctx, emit) {
    const ec2 = ctx.clients.ec2(ctx.region);
    const instances: Instance[] = [];
    for await (const page of paginateDescribeInstances({ client: ec2, pageSize: 1000 }, {})) {
      for (const reservation of page.Reservations ?? []) instances.push(...(reservation.Instances ?? []));
    }
    // flavors: the instance types in use (≤100 per call)
    const used = [...new Set(instances.map(i => i.InstanceType).filter((t): t is NonNullable<typeof t> => !!t))].sort();
    const types = new Map<string, { cpu: number; memory: number }>();
    for (let i = 0; i < used.length; i += 100) {
      const out = await ec2.send(new DescribeInstanceTypesCommand({ InstanceTypes: used.slice(i, i + 100) }));
      for (const t of out.InstanceTypes ?? []) {
        if (!t.InstanceType || !t.VCpuInfo?.DefaultVCpus) continue;
        const facts = { cpu: t.VCpuInfo.DefaultVCpus, memory: Math.round(((t.MemoryInfo?.SizeInMiB ?? 0) / 1024) * 100) / 100 };
        types.set(t.InstanceType, facts);
        emit({
          kind: 'Flavor',
          providerId: `${ctx.accountId}:${ctx.region}:instance-type/${t.InstanceType}`,
          name: awsName(ctx, t.InstanceType),
          title: t.InstanceType,
          spec: clean({
            ...facts,
            gpu: t.GpuInfo?.Gpus?.reduce((n, g) => n + (g.Count ?? 0), 0) || undefined,
            diskGb: t.InstanceStorageInfo?.TotalSizeInGB,
            description: `${t.InstanceType}: ${facts.cpu} vCPU, ${facts.memory} GiB`,
            ...placement(ctx, `${ctx.accountId}:${ctx.region}:instance-type/${t.InstanceType}`),
          }),
        });
      }
    }
    for (const instance of instances) {
      if (instance.InstanceId) emit(instanceToServer(ctx, instance, types));
    }
  },
};

const volumesList: AwsResourceList = {
  id: 'volumes-list',
  title: 'Volumes (EBS)',
  iamActions: ['ec2:DescribeVolumes'],
  defaultFrequencyMinutes: 60,
  async crawl(ctx, emit) {
    for await (const page of paginateDescribeVolumes({ client: ctx.clients.ec2(ctx.region), pageSize: 500 }, {})) {
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

const snapshotList: AwsResourceList = {
  id: 'snapshot-list',
  title: 'Snapshots (EBS, owned by the account)',
  iamActions: ['ec2:DescribeSnapshots'],
  defaultFrequencyMinutes: 24 * 60,
  async crawl(ctx, emit) {
    const input = { OwnerIds: ['self'] };
    for await (const page of paginateDescribeSnapshots({ client: ctx.clients.ec2(ctx.region), pageSize: 1000 }, input)) {
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

const imagesList: AwsResourceList = {
  id: 'images-list',
  title: 'Images (AMIs owned by the account)',
  iamActions: ['ec2:DescribeImages'],
  defaultFrequencyMinutes: 24 * 60,
  async crawl(ctx, emit) {
    const input = { Owners: ['self'] };
    for await (const page of paginateDescribeImages({ client: ctx.clients.ec2(ctx.region), pageSize: 1000 }, input)) {
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

const securityList: AwsResourceList = {
  id: 'security-list',
  title: 'Security groups',
  iamActions: ['ec2:DescribeSecurityGroups'],
  defaultFrequencyMinutes: 24 * 60,
  async crawl(ctx, emit) {
    for await (const page of paginateDescribeSecurityGroups({ client: ctx.clients.ec2(ctx.region), pageSize: 1000 }, {})) {
      for (const g of page.SecurityGroups ?? []) {
        if (!g.GroupId) continue;
        const rules = (g.IpPermissions ?? []).flatMap(p => {
          let ports = `${p.FromPort}-${p.ToPort}`;
          if (p.FromPort === undefined) ports = 'all';
          else if (p.FromPort === p.ToPort) ports = `${p.FromPort}`;
          const proto = p.IpProtocol === '-1' ? 'all' : p.IpProtocol;
          const sources = [
            ...(p.IpRanges ?? []).map(r => r.CidrIp),
            ...(p.Ipv6Ranges ?? []).map(r => r.CidrIpv6),
            ...(p.UserIdGroupPairs ?? []).map(r => r.GroupId),
          ].filter(Boolean);
          return sources.map(source => `ingress ${proto} ${ports} from ${source}`.slice(0, 512));
        });
        emit({
          kind: 'Network',
          providerId: g.GroupId,
          name: awsName(ctx, g.GroupId),
          title: limited(g.GroupName) ?? g.GroupId,
          spec: clean({
            type: 'security-group',
            parent: g.VpcId ? awsRef(ctx, 'Network', g.VpcId) : undefined,
            rules,
            description: limited(g.Description, 4096),
            ...placement(ctx, g.GroupId),
            tags: tagMap(g.Tags),
          }),
        });
      }
    }
  },
};

const CIDR = /^[0-9a-fA-F:.]+\/[0-9]{1,3}$/;
const cidr = (value: string | undefined) => (value && CIDR.test(value) ? value : undefined);

const networkList: AwsResourceList = {
  id: 'network-list',
  title: 'Networks: VPCs, subnets, peering, VPN gateways, endpoints, route tables, interfaces, NAT gateways, ACLs',
  iamActions: [
    'ec2:DescribeVpcs',
    'ec2:DescribeSubnets',
    'ec2:DescribeVpcPeeringConnections',
    'ec2:DescribeVpnGateways',
    'ec2:DescribeVpcEndpoints',
    'ec2:DescribeRouteTables',
    'ec2:DescribeNetworkInterfaces',
    'ec2:DescribeNatGateways',
    'ec2:DescribeNetworkAcls',
  ],
  defaultFrequencyMinutes: 24 * 60,
  async crawl(ctx, emit) {
    const client = ctx.clients.ec2(ctx.region);
    const net = (id: string, title: string | undefined, spec: Record<string, unknown>, tags?: Tag[]) =>
      emit({
        kind: 'Network',
        providerId: id,
        name: awsName(ctx, id),
        title: limited(tagValue(tags, 'Name') ?? title) ?? id,
        spec: clean({ ...spec, ...placement(ctx, id, spec.zone as string | undefined), tags: tagMap(tags) }),
      });
    const parent = (vpcId?: string) => (vpcId ? awsRef(ctx, 'Network', vpcId) : undefined);
    // Every call runs even when one fails, so one denied action does not hide the other networks; the first
    // failure is rethrown at the end, which makes the listing incomplete (nothing is deactivated from it).
    const failures: unknown[] = [];
    const step = async (fn: () => Promise<void>) => {
      try {
        await fn();
      } catch (error) {
        failures.push(error);
      }
    };
    await step(async () => {
      for await (const page of paginateDescribeVpcs({ client, pageSize: 1000 }, {})) {
        for (const v of page.Vpcs ?? []) if (v.VpcId) net(v.VpcId, undefined, { type: 'vpc', cidr: cidr(v.CidrBlock), state: v.State }, v.Tags);
      }
    });
    await step(async () => {
      for await (const page of paginateDescribeSubnets({ client, pageSize: 1000 }, {})) {
        for (const s of page.Subnets ?? []) {
          if (s.SubnetId) {
            net(s.SubnetId, undefined, { type: 'subnet', cidr: cidr(s.CidrBlock), parent: parent(s.VpcId), state: s.State, zone: s.AvailabilityZone }, s.Tags);
          }
        }
      }
    });
    await step(async () => {
      for await (const page of paginateDescribeVpcPeeringConnections({ client, pageSize: 1000 }, {})) {
        for (const p of page.VpcPeeringConnections ?? []) {
          if (!p.VpcPeeringConnectionId) continue;
          const sameAccount = !p.AccepterVpcInfo?.OwnerId || p.AccepterVpcInfo.OwnerId === ctx.accountId;
          net(
            p.VpcPeeringConnectionId,
            undefined,
            {
              type: 'peering',
              parent: parent(p.RequesterVpcInfo?.VpcId),
              peer: sameAccount ? parent(p.AccepterVpcInfo?.VpcId) : undefined,
              state: p.Status?.Code,
              description: p.AccepterVpcInfo?.VpcId ? `peers ${p.RequesterVpcInfo?.VpcId} with ${p.AccepterVpcInfo.VpcId}` : undefined,
            },
            p.Tags,
          );
        }
      }
    });
    await step(async () => {
      const out = await client.send(new DescribeVpnGatewaysCommand({}));
      for (const g of out.VpnGateways ?? []) {
        if (g.VpnGatewayId) {
          net(g.VpnGatewayId, undefined, { type: 'vpn-gateway', parent: parent(g.VpcAttachments?.[0]?.VpcId), state: g.State }, g.Tags);
        }
      }
    });
    await step(async () => {
      for await (const page of paginateDescribeVpcEndpoints({ client, pageSize: 1000 }, {})) {
        for (const e of page.VpcEndpoints ?? []) {
          if (e.VpcEndpointId) {
            net(e.VpcEndpointId, e.ServiceName, { type: 'endpoint', parent: parent(e.VpcId), state: e.State, description: e.ServiceName }, e.Tags);
          }
        }
      }
    });
    await step(async () => {
      for await (const page of paginateDescribeRouteTables({ client, pageSize: 100 }, {})) {
        for (const t of page.RouteTables ?? []) {
          if (!t.RouteTableId) continue;
          const rules = (t.Routes ?? []).map(r =>
            `${r.DestinationCidrBlock ?? r.DestinationIpv6CidrBlock ?? r.DestinationPrefixListId} → ${
              r.GatewayId ?? r.NatGatewayId ?? r.VpcPeeringConnectionId ?? r.NetworkInterfaceId ?? r.TransitGatewayId ?? 'local'
            }`.slice(0, 512),
          );
          net(t.RouteTableId, undefined, { type: 'route-table', parent: parent(t.VpcId), rules }, t.Tags);
        }
      }
    });
    await step(async () => {
      for await (const page of paginateDescribeNetworkInterfaces({ client, pageSize: 1000 }, {})) {
        for (const n of page.NetworkInterfaces ?? []) {
          if (n.NetworkInterfaceId) {
            net(
              n.NetworkInterfaceId,
              undefined,
              {
                type: 'port',
                parent: n.SubnetId ? awsRef(ctx, 'Network', n.SubnetId) : parent(n.VpcId),
                state: n.Status,
                description: limited(n.Description ?? n.PrivateIpAddress, 4096),
                zone: n.AvailabilityZone,
              },
              n.TagSet,
            );
          }
        }
      }
    });
    await step(async () => {
      for await (const page of paginateDescribeNatGateways({ client, pageSize: 1000 }, {})) {
        for (const g of page.NatGateways ?? []) {
          if (g.NatGatewayId) {
            net(g.NatGatewayId, undefined, { type: 'nat-gateway', parent: g.SubnetId ? awsRef(ctx, 'Network', g.SubnetId) : parent(g.VpcId), state: g.State }, g.Tags);
          }
        }
      }
    });
    await step(async () => {
      for await (const page of paginateDescribeNetworkAcls({ client, pageSize: 100 }, {})) {
        for (const a of page.NetworkAcls ?? []) {
          if (!a.NetworkAclId) continue;
          const rules = (a.Entries ?? []).map(e =>
            `${e.Egress ? 'egress' : 'ingress'} #${e.RuleNumber} ${e.RuleAction} ${e.Protocol === '-1' ? 'all' : e.Protocol} ${e.CidrBlock ?? e.Ipv6CidrBlock}`.slice(0, 512),
          );
          net(a.NetworkAclId, undefined, { type: 'acl', parent: parent(a.VpcId), rules }, a.Tags);
        }
      }
    });
    if (failures.length) throw failures[0];
  },
};

const loadBalanceList: AwsResourceList = {
  id: 'loadbalance-list',
  title: 'Load balancers (classic ELB and ELBv2) with their targets',
  iamActions: [
    'elasticloadbalancing:DescribeLoadBalancers',
    'elasticloadbalancing:DescribeTags',
    'elasticloadbalancing:DescribeTargetGroups',
    'elasticloadbalancing:DescribeTargetHealth',
  ],
  defaultFrequencyMinutes: 30,
  async crawl(ctx, emit) {
    // classic
    const elb = ctx.clients.elb(ctx.region);
    const classic = [];
    for await (const page of paginateClassicLoadBalancers({ client: elb, pageSize: 400 }, {})) {
      classic.push(...(page.LoadBalancerDescriptions ?? []));
    }
    const classicTags = new Map<string, Tag[]>();
    for (let i = 0; i < classic.length; i += 20) {
      const names = classic.slice(i, i + 20).map(l => l.LoadBalancerName!).filter(Boolean);
      if (!names.length) continue;
      const out = await elb.send(new DescribeClassicTagsCommand({ LoadBalancerNames: names }));
      for (const d of out.TagDescriptions ?? []) if (d.LoadBalancerName) classicTags.set(d.LoadBalancerName, d.Tags ?? []);
    }
    for (const lb of classic) {
      if (!lb.LoadBalancerName) continue;
      const id = `${ctx.accountId}:${ctx.region}:loadbalancer/${lb.LoadBalancerName}`;
      const tags = classicTags.get(lb.LoadBalancerName);
      const targets = (lb.Instances ?? []).filter(i => i.InstanceId).map(i => awsRef(ctx, 'Server', i.InstanceId!));
      emit({
        kind: 'LoadBalancer',
        providerId: id,
        name: awsName(ctx, `elb-${lb.LoadBalancerName}`),
        title: lb.LoadBalancerName,
        spec: clean({
          service: 'elb',
          type: 'classic',
          scheme: lb.Scheme === 'internal' ? 'internal' : 'internet-facing',
          environment: limited(tagValue(tags, 'environment', 'env'), 64),
          endpoint: limited(lb.DNSName),
          healthcheck: limited(lb.HealthCheck?.Target),
          targets,
          networks: [...(lb.Subnets ?? []), ...(lb.SecurityGroups ?? [])].map(id2 => awsRef(ctx, 'Network', id2)),
          ...placement(ctx, id, lb.AvailabilityZones?.length === 1 ? lb.AvailabilityZones[0] : undefined),
          tags: tagMap(tags),
        }),
      });
    }

    // v2: application, network and gateway load balancers; targets through their target groups
    const v2 = ctx.clients.elbv2(ctx.region);
    const balancers = [];
    for await (const page of paginateDescribeLoadBalancers({ client: v2, pageSize: 400 }, {})) {
      balancers.push(...(page.LoadBalancers ?? []));
    }
    const tagsByArn = new Map<string, Tag[]>();
    for (let i = 0; i < balancers.length; i += 20) {
      const arns = balancers.slice(i, i + 20).map(l => l.LoadBalancerArn!).filter(Boolean);
      if (!arns.length) continue;
      const out = await v2.send(new DescribeTagsCommand({ ResourceArns: arns }));
      for (const d of out.TagDescriptions ?? []) if (d.ResourceArn) tagsByArn.set(d.ResourceArn, d.Tags ?? []);
    }
    const targetsByLb = new Map<string, { targets: Set<string>; healthcheck?: string }>();
    for await (const page of paginateDescribeTargetGroups({ client: v2, pageSize: 400 }, {})) {
      for (const group of page.TargetGroups ?? []) {
        if (!group.TargetGroupArn) continue;
        const health = await v2.send(new DescribeTargetHealthCommand({ TargetGroupArn: group.TargetGroupArn }));
        const instances = (health.TargetHealthDescriptions ?? [])
          .map(d => d.Target?.Id)
          .filter((id): id is string => !!id && id.startsWith('i-'));
        for (const lbArn of group.LoadBalancerArns ?? []) {
          const entry = targetsByLb.get(lbArn) ?? { targets: new Set<string>() };
          instances.forEach(id => entry.targets.add(id));
          entry.healthcheck ??= group.HealthCheckPath
            ? `${group.HealthCheckProtocol ?? 'HTTP'}:${group.HealthCheckPort ?? 'traffic-port'}${group.HealthCheckPath}`
            : undefined;
          targetsByLb.set(lbArn, entry);
        }
      }
    }
    for (const lb of balancers) {
      if (!lb.LoadBalancerArn) continue;
      const tags = tagsByArn.get(lb.LoadBalancerArn);
      const found = targetsByLb.get(lb.LoadBalancerArn);
      emit({
        kind: 'LoadBalancer',
        providerId: lb.LoadBalancerArn,
        name: awsName(ctx, lb.LoadBalancerArn.split(':loadbalancer/')[1] ?? lb.LoadBalancerName ?? lb.LoadBalancerArn),
        title: lb.LoadBalancerName ?? lb.LoadBalancerArn,
        spec: clean({
          service: 'elbv2',
          type: lb.Type,
          scheme: lb.Scheme === 'internal' ? 'internal' : 'internet-facing',
          environment: limited(tagValue(tags, 'environment', 'env'), 64),
          endpoint: limited(lb.DNSName),
          healthcheck: limited(found?.healthcheck),
          targets: [...(found?.targets ?? [])].sort().map(id => awsRef(ctx, 'Server', id)),
          networks: [
            ...(lb.VpcId ? [lb.VpcId] : []),
            ...(lb.AvailabilityZones ?? []).map(z => z.SubnetId).filter((s): s is string => !!s),
            ...(lb.SecurityGroups ?? []),
          ].map(id => awsRef(ctx, 'Network', id)),
          ...placement(ctx, lb.LoadBalancerArn),
          tags: tagMap(tags),
        }),
      });
    }
  },
};

/** How an RDS instance is deployed: part of a cluster, master/replica, multi-AZ or single. */
function clusterModeOf(db: { DBClusterIdentifier?: string; ReadReplicaSourceDBInstanceIdentifier?: string; ReadReplicaDBInstanceIdentifiers?: string[]; MultiAZ?: boolean }) {
  if (db.DBClusterIdentifier) return 'cluster';
  if (db.ReadReplicaSourceDBInstanceIdentifier || db.ReadReplicaDBInstanceIdentifiers?.length) return 'master-replica';
  return db.MultiAZ ? 'multi-az' : 'single';
}

/** Database family of an RDS engine name. */
export function databaseFamily(engine: string): 'oracle' | 'mysql' | 'other' {
  if (engine.startsWith('oracle')) return 'oracle';
  if (['mysql', 'mariadb', 'aurora', 'aurora-mysql'].includes(engine)) return 'mysql';
  return 'other';
}

const dbsList: AwsResourceList = {
  id: 'dbs-list',
  title: 'Databases (RDS instances)',
  iamActions: ['rds:DescribeDBInstances'],
  defaultFrequencyMinutes: 30,
  async crawl(ctx, emit) {
    for await (const page of paginateDescribeDBInstances({ client: ctx.clients.rds(ctx.region), pageSize: 100 }, {})) {
      for (const db of page.DBInstances ?? []) {
        const id = db.DBInstanceArn ?? db.DBInstanceIdentifier;
        if (!id || !db.Engine) continue;
        const family = databaseFamily(db.Engine);
        const replica = !!db.ReadReplicaSourceDBInstanceIdentifier;
        emit({
          kind: 'Database',
          providerId: id,
          name: awsName(ctx, `rds-${db.DBInstanceIdentifier}`),
          title: db.DBInstanceIdentifier,
          spec: clean({
            family,
            engine: db.Engine,
            version: db.EngineVersion,
            environment: limited(tagValue(db.TagList, 'environment', 'env'), 64),
            clusterMode: clusterModeOf(db),
            ...(family === 'oracle' ? { storageType: 'network', oracleRole: 'single' } : {}),
            role: db.Endpoint?.Address
              ? clean({ endpoint: limited(db.Endpoint.Address), port: db.Endpoint.Port, description: replica ? `replica of ${db.ReadReplicaSourceDBInstanceIdentifier}` : undefined })
              : undefined,
            ...placement(ctx, id, db.AvailabilityZone),
            tags: tagMap(db.TagList),
          }),
        });
      }
    }
  },
};

const storageObjectList: AwsResourceList = {
  id: 'storage-object-list',
  title: 'Object storage (S3 buckets)',
  iamActions: ['s3:ListAllMyBuckets', 's3:GetBucketTagging'],
  global: true,
  defaultFrequencyMinutes: 24 * 60,
  async crawl(ctx, emit) {
    const s3 = ctx.clients.s3();
    for await (const page of paginateListBuckets({ client: s3, pageSize: 1000 }, {})) {
      for (const bucket of page.Buckets ?? []) {
        if (!bucket.Name) continue;
        let tags: Tag[] | undefined;
        try {
          tags = (await s3.send(new GetBucketTaggingCommand({ Bucket: bucket.Name }))).TagSet;
        } catch (error) {
          // a bucket without tags answers NoSuchTagSet
          if ((error as Error).name !== 'NoSuchTagSet') throw error;
        }
        const id = `arn:aws:s3:::${bucket.Name}`;
        emit({
          kind: 'Resource',
          providerId: id,
          name: scopedName(['aws', ctx.accountId, 's3', bucket.Name]),
          title: bucket.Name,
          spec: clean({
            type: 'object-storage',
            service: 's3',
            environment: limited(tagValue(tags, 'environment', 'env'), 64),
            datacenter: ctx.datacenter,
            region: bucket.BucketRegion,
            providerId: id,
            tags: tagMap(tags),
          }),
        });
      }
    }
  },
};

const cdnsList: AwsResourceList = {
  id: 'cdns-list',
  title: 'CDNs (CloudFront distributions)',
  iamActions: ['cloudfront:ListDistributions'],
  global: true,
  defaultFrequencyMinutes: 24 * 60,
  async crawl(ctx, emit) {
    const client = ctx.clients.cloudfront();
    let marker: string | undefined;
    do {
      const out = await client.send(new ListDistributionsCommand({ Marker: marker, MaxItems: 100 }));
      const list = out.DistributionList;
      for (const d of list?.Items ?? []) {
        if (!d.Id) continue;
        const id = d.ARN ?? d.Id;
        const aliases = d.Aliases?.Items ?? [];
        emit({
          kind: 'Resource',
          providerId: id,
          name: scopedName(['aws', ctx.accountId, 'cloudfront', d.Id]),
          title: aliases[0] ?? d.DomainName ?? d.Id,
          spec: clean({
            type: 'cdn',
            service: 'cloudfront',
            datacenter: ctx.datacenter,
            providerId: id,
            role: clean({
              endpoint: limited(d.DomainName),
              description: limited(
                [aliases.length ? `aliases: ${aliases.join(', ')}` : '', `origins: ${(d.Origins?.Items ?? []).map(o => o.DomainName).join(', ')}`]
                  .filter(Boolean)
                  .join('; '),
                4096,
              ),
            }),
          }),
        });
      }
      marker = list?.IsTruncated ? list.NextMarker : undefined;
    } while (marker);
  },
};

/** Every AWS resource list, in the order a crawl runs them (servers first: the others refer to them). */
export const AWS_LISTS: AwsResourceList[] = [
  serverList,
  volumesList,
  loadBalanceList,
  dbsList,
  networkList,
  securityList,
  snapshotList,
  imagesList,
  storageObjectList,
  cdnsList,
];

/** The read-only IAM policy a connection needs, for the wizard to show. */
export function awsReadOnlyPolicy(lists: AwsResourceList[] = AWS_LISTS) {
  return {
    Version: '2012-10-17',
    Statement: [
      {
        Sid: 'MaestroDiscoveryReadOnly',
        Effect: 'Allow',
        Action: ['sts:GetCallerIdentity', ...new Set(lists.flatMap(l => l.iamActions))].sort(),
        Resource: '*',
      },
    ],
  };
}
