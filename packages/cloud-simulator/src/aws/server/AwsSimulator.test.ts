import * as ec2 from '@aws-sdk/client-ec2';
import * as elb from '@aws-sdk/client-elastic-load-balancing';
import * as elbv2 from '@aws-sdk/client-elastic-load-balancing-v2';
import * as rds from '@aws-sdk/client-rds';
import * as s3 from '@aws-sdk/client-s3';
import * as cloudfront from '@aws-sdk/client-cloudfront';
import * as sts from '@aws-sdk/client-sts';
import { generateAwsWorld } from '../../world/generateAwsWorld';
import type { AwsAccountSpec } from '../../world/types';
import { startAwsSimulator, type AwsSimulator } from './AwsSimulator';

const MAIN: AwsAccountSpec = {
  accountId: '111111111111',
  accessKeyId: 'AKIAMAIN000000000001',
  secretAccessKey: 'main-secret',
  regions: ['eu-west-1', 'us-east-1'],
};
const PARTNER: AwsAccountSpec = {
  accountId: '222222222222',
  accessKeyId: 'AKIAPARTNER000000001',
  secretAccessKey: 'partner-secret',
  regions: ['eu-central-1'],
  roles: [{ name: 'MaestroReader', externalId: 'maestro-ext-42' }, { name: 'OpenRole' }],
};
const REGION = 'eu-west-1';

interface Credentials {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string;
}

/** A world where every paginated listing spans several pages at the smallest page sizes. */
const world = generateAwsWorld({
  seed: 42,
  accounts: [MAIN, PARTNER],
  sizes: {
    instances: 60,
    volumesPerInstance: 1,
    vpcs: 7,
    subnets: 21,
    securityGroups: 20,
    natGateways: 7,
    vpcEndpoints: 9,
    vpnGateways: 2,
    peeringConnections: 7,
    classicLoadBalancers: 7,
    loadBalancers: 8,
    databases: 45,
    snapshots: 12,
    images: 8,
  },
  buckets: 12,
  distributions: 7,
});
const region = world.region(MAIN.accountId, REGION);

// Generous: every test talks HTTP through the real SDK, which is slow inside Jest on a busy machine.
jest.setTimeout(20_000);

let simulator: AwsSimulator;

function config(
  options: {
    region?: string;
    credentials?: Credentials;
    maxAttempts?: number;
  } = {},
) {
  return {
    endpoint: simulator.endpoint,
    region: options.region ?? REGION,
    credentials: options.credentials ?? {
      accessKeyId: MAIN.accessKeyId,
      secretAccessKey: MAIN.secretAccessKey,
    },
    maxAttempts: options.maxAttempts ?? 1,
  };
}

const ec2Client = (options?: Parameters<typeof config>[0]) => new ec2.EC2Client(config(options));
const s3Client = (options?: Parameters<typeof config>[0]) =>
  new s3.S3Client({ ...config(options), forcePathStyle: true });

/** Collects every page of an SDK paginator. */
async function collect<P, T>(
  pages: AsyncIterable<P>,
  items: (page: P) => T[] | undefined,
): Promise<{ items: T[]; pages: number }> {
  const all: T[] = [];
  let count = 0;
  for await (const page of pages) {
    count++;
    all.push(...(items(page) ?? []));
  }
  return { items: all, pages: count };
}

/** The error a promise rejects with. */
async function failure(promise: Promise<unknown>): Promise<any> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected the call to fail');
}

beforeAll(async () => {
  simulator = await startAwsSimulator({ world });
});

afterAll(async () => {
  await simulator.close();
});

beforeEach(() => {
  simulator.faults = {};
  simulator.resetStats();
});

describe('pagination', () => {
  it('returns every EC2 resource exactly once across pages', async () => {
    const client = ec2Client();
    const pageSize = 5;
    const cases: Array<[string, Promise<{ items: string[]; pages: number }>, string[]]> = [
      [
        'instances',
        collect(ec2.paginateDescribeInstances({ client, pageSize: 25 }, {}), p =>
          p.Reservations?.flatMap(r => r.Instances!.map(i => i.InstanceId!)),
        ),
        region.instances.map(i => i.InstanceId),
      ],
      [
        'volumes',
        collect(ec2.paginateDescribeVolumes({ client, pageSize: 50 }, {}), p => p.Volumes?.map(v => v.VolumeId!)),
        region.volumes.map(v => v.VolumeId),
      ],
      [
        'snapshots',
        collect(ec2.paginateDescribeSnapshots({ client, pageSize }, { OwnerIds: ['self'] }), p =>
          p.Snapshots?.map(s => s.SnapshotId!),
        ),
        region.snapshots.map(s => s.SnapshotId),
      ],
      [
        'own images',
        collect(ec2.paginateDescribeImages({ client, pageSize }, { Owners: ['self'] }), p =>
          p.Images?.map(i => i.ImageId!),
        ),
        region.images.map(i => i.ImageId),
      ],
      [
        'all images',
        collect(ec2.paginateDescribeImages({ client, pageSize: 10 }, {}), p => p.Images?.map(i => i.ImageId!)),
        [...region.images, ...region.publicImages].map(i => i.ImageId),
      ],
      [
        'security groups',
        collect(ec2.paginateDescribeSecurityGroups({ client, pageSize: 10 }, {}), p =>
          p.SecurityGroups?.map(g => g.GroupId!),
        ),
        region.securityGroups.map(g => g.GroupId),
      ],
      [
        'vpcs',
        collect(ec2.paginateDescribeVpcs({ client, pageSize }, {}), p => p.Vpcs?.map(v => v.VpcId!)),
        region.vpcs.map(v => v.VpcId),
      ],
      [
        'subnets',
        collect(ec2.paginateDescribeSubnets({ client, pageSize: 10 }, {}), p => p.Subnets?.map(s => s.SubnetId!)),
        region.subnets.map(s => s.SubnetId),
      ],
      [
        'peerings',
        collect(ec2.paginateDescribeVpcPeeringConnections({ client, pageSize }, {}), p =>
          p.VpcPeeringConnections?.map(c => c.VpcPeeringConnectionId!),
        ),
        region.vpcPeeringConnections.map(c => c.VpcPeeringConnectionId),
      ],
      [
        'endpoints',
        collect(ec2.paginateDescribeVpcEndpoints({ client, pageSize }, {}), p =>
          p.VpcEndpoints?.map(e => e.VpcEndpointId!),
        ),
        region.vpcEndpoints.map(e => e.VpcEndpointId),
      ],
      [
        'route tables',
        collect(ec2.paginateDescribeRouteTables({ client, pageSize }, {}), p =>
          p.RouteTables?.map(r => r.RouteTableId!),
        ),
        region.routeTables.map(r => r.RouteTableId),
      ],
      [
        'network interfaces',
        collect(ec2.paginateDescribeNetworkInterfaces({ client, pageSize: 50 }, {}), p =>
          p.NetworkInterfaces?.map(n => n.NetworkInterfaceId!),
        ),
        region.networkInterfaces.map(n => n.NetworkInterfaceId),
      ],
      [
        'nat gateways',
        collect(ec2.paginateDescribeNatGateways({ client, pageSize }, {}), p =>
          p.NatGateways?.map(n => n.NatGatewayId!),
        ),
        region.natGateways.map(n => n.NatGatewayId),
      ],
      [
        'network acls',
        collect(ec2.paginateDescribeNetworkAcls({ client, pageSize }, {}), p =>
          p.NetworkAcls?.map(a => a.NetworkAclId!),
        ),
        region.networkAcls.map(a => a.NetworkAclId),
      ],
      [
        'instance types',
        collect(ec2.paginateDescribeInstanceTypes({ client, pageSize: 10 }, {}), p =>
          p.InstanceTypes?.map(t => t.InstanceType!),
        ),
        expect.arrayContaining(['t3.micro', 'm5.4xlarge', 'c5.large', 'r5.large']),
      ],
    ];
    for (const [name, listing, expected] of cases) {
      const { items, pages } = await listing;
      expect({ name, items }).toEqual({ name, items: expected });
      expect({ name, unique: new Set(items).size }).toEqual({
        name,
        unique: items.length,
      });
      expect({ name, several: pages > 1 }).toEqual({ name, several: true });
    }
    const vpn = await client.send(new ec2.DescribeVpnGatewaysCommand({}));
    expect(vpn.VpnGateways!.map(g => g.VpnGatewayId)).toEqual(region.vpnGateways.map(g => g.VpnGatewayId));
  }, 30_000);

  it('pages the load balancers, databases, buckets and distributions', async () => {
    const classic = await collect(
      elb.paginateDescribeLoadBalancers({ client: new elb.ElasticLoadBalancingClient(config()) }, { PageSize: 3 }),
      p => p.LoadBalancerDescriptions?.map(lb => lb.LoadBalancerName!),
    );
    expect(classic.items).toEqual(region.classicLoadBalancers.map(lb => lb.LoadBalancerName));
    expect(classic.pages).toBe(3);

    const v2 = new elbv2.ElasticLoadBalancingV2Client(config());
    const lbs = await collect(elbv2.paginateDescribeLoadBalancers({ client: v2 }, { PageSize: 3 }), p =>
      p.LoadBalancers?.map(lb => lb.LoadBalancerArn!),
    );
    expect(lbs.items).toEqual(region.loadBalancers.map(lb => lb.LoadBalancerArn));
    expect(lbs.pages).toBe(3);
    const groups = await collect(elbv2.paginateDescribeTargetGroups({ client: v2 }, { PageSize: 4 }), p =>
      p.TargetGroups?.map(tg => tg.TargetGroupArn!),
    );
    expect(groups.items).toEqual(region.targetGroups.map(tg => tg.TargetGroupArn));
    const alb = region.loadBalancers.find(lb => lb.Type === 'application')!;
    const listeners = await collect(
      elbv2.paginateDescribeListeners({ client: v2 }, { LoadBalancerArn: alb.LoadBalancerArn, PageSize: 1 }),
      p => p.Listeners?.map(l => l.ListenerArn!),
    );
    expect(listeners.items).toEqual(alb.Listeners.map(l => l.ListenerArn));
    expect(listeners.pages).toBe(2);

    const dbs = await collect(
      rds.paginateDescribeDBInstances({ client: new rds.RDSClient(config()), pageSize: 20 }, {}),
      p => p.DBInstances?.map(d => d.DBInstanceIdentifier!),
    );
    expect(dbs.items).toEqual(region.dbInstances.map(d => d.DBInstanceIdentifier));
    expect(dbs.pages).toBe(3);

    const buckets = await collect(s3.paginateListBuckets({ client: s3Client(), pageSize: 5 }, {}), p =>
      p.Buckets?.map(b => b.Name!),
    );
    expect([...buckets.items].sort()).toEqual(
      world
        .account(MAIN.accountId)
        .buckets.map(b => b.Name)
        .sort(),
    );
    expect(buckets.pages).toBe(3);

    const distributions = await collect(
      cloudfront.paginateListDistributions({ client: new cloudfront.CloudFrontClient(config()), pageSize: 3 }, {}),
      p => p.DistributionList?.Items?.map(d => d.Id!),
    );
    expect(distributions.items).toEqual(world.account(MAIN.accountId).distributions.map(d => d.Id));
    expect(distributions.pages).toBe(3);
  });

  it('uses the default page size when the caller gives none', async () => {
    const paged = await startAwsSimulator({ world, defaultPageSize: 7 });
    try {
      const client = new ec2.EC2Client({
        ...config(),
        endpoint: paged.endpoint,
      });
      const first = await client.send(new ec2.DescribeVolumesCommand({}));
      expect(first.Volumes).toHaveLength(7);
      expect(first.NextToken).toBeDefined();
      const all = await collect(ec2.paginateDescribeVolumes({ client }, {}), p => p.Volumes?.map(v => v.VolumeId!));
      expect(all.items).toEqual(region.volumes.map(v => v.VolumeId));
    } finally {
      await paged.close();
    }
  });

  it('rejects out-of-range page sizes with the real error codes', async () => {
    const client = ec2Client();
    let error = await failure(client.send(new ec2.DescribeInstancesCommand({ MaxResults: 4 })));
    expect(error.name).toBe('InvalidParameterValue');
    error = await failure(client.send(new ec2.DescribeInstancesCommand({ MaxResults: 1001 })));
    expect(error.name).toBe('InvalidParameterValue');
    error = await failure(
      client.send(
        new ec2.DescribeInstancesCommand({
          MaxResults: 5,
          InstanceIds: [region.instances[0].InstanceId],
        }),
      ),
    );
    expect(error.name).toBe('InvalidParameterCombination');
    error = await failure(new rds.RDSClient(config()).send(new rds.DescribeDBInstancesCommand({ MaxRecords: 10 })));
    expect(error.name).toBe('InvalidParameterValue');
    error = await failure(
      new elbv2.ElasticLoadBalancingV2Client(config()).send(new elbv2.DescribeLoadBalancersCommand({ PageSize: 401 })),
    );
    expect(error.name).toBe('ValidationError');
    error = await failure(client.send(new ec2.DescribeVolumesCommand({ NextToken: 'not-a-token' })));
    expect(error.name).toBe('InvalidPaginationToken');
  });
});

describe('field values', () => {
  it('round-trips instances with every field', async () => {
    const client = ec2Client();
    const { Reservations } = await client.send(
      new ec2.DescribeInstancesCommand({
        InstanceIds: region.instances.slice(0, 10).map(i => i.InstanceId),
      }),
    );
    const served = Reservations!.flatMap(r => r.Instances!);
    const expected = region.instances.slice(0, 10).map(({ ReservationId, ...rest }) => rest);
    expect(served).toEqual(expected);
    const public1 = region.instances.find(i => i.PublicIpAddress)!;
    const one = await client.send(new ec2.DescribeInstancesCommand({ InstanceIds: [public1.InstanceId] }));
    const instance = one.Reservations![0].Instances![0];
    expect(one.Reservations![0].ReservationId).toBe(public1.ReservationId);
    expect(one.Reservations![0].OwnerId).toBe(MAIN.accountId);
    expect(instance.PublicIpAddress).toBe(public1.PublicIpAddress);
    expect(instance.LaunchTime).toEqual(public1.LaunchTime);
    expect(instance.LaunchTime).toBeInstanceOf(Date);
    expect(instance.Tags).toEqual(public1.Tags);
    expect(instance.BlockDeviceMappings).toEqual(public1.BlockDeviceMappings);
    expect(instance.State).toEqual(public1.State);

    const volumes = await client.send(new ec2.DescribeVolumesCommand({}));
    expect(volumes.Volumes).toEqual(region.volumes);
    const groups = await client.send(new ec2.DescribeSecurityGroupsCommand({}));
    expect(groups.SecurityGroups).toEqual(region.securityGroups);
  });

  it('filters EC2 listings', async () => {
    const client = ec2Client();
    const running = await client.send(
      new ec2.DescribeInstancesCommand({
        Filters: [{ Name: 'instance-state-name', Values: ['running'] }],
      }),
    );
    const ids = running.Reservations!.flatMap(r => r.Instances!.map(i => i.InstanceId));
    expect(ids).toEqual(region.instances.filter(i => i.State.Name === 'running').map(i => i.InstanceId));
    const team = region.instances[0].Tags.find(t => t.Key === 'team')!.Value!;
    const tagged = await client.send(
      new ec2.DescribeInstancesCommand({
        Filters: [{ Name: 'tag:team', Values: [team] }],
      }),
    );
    expect(tagged.Reservations!.flatMap(r => r.Instances!)).toHaveLength(
      region.instances.filter(i => i.Tags.some(t => t.Key === 'team' && t.Value === team)).length,
    );
    const error = await failure(
      client.send(
        new ec2.DescribeInstancesCommand({
          Filters: [{ Name: 'bogus', Values: ['x'] }],
        }),
      ),
    );
    expect(error.name).toBe('InvalidParameterValue');
    const missing = await failure(
      client.send(
        new ec2.DescribeInstancesCommand({
          InstanceIds: ['i-0123456789abcdef0'],
        }),
      ),
    );
    expect(missing.name).toBe('InvalidInstanceID.NotFound');
  });

  it('round-trips load balancers, target health, databases, buckets and distributions', async () => {
    const classic = await new elb.ElasticLoadBalancingClient(config()).send(
      new elb.DescribeTagsCommand({
        LoadBalancerNames: [region.classicLoadBalancers[0].LoadBalancerName],
      }),
    );
    expect(classic.TagDescriptions![0].Tags).toEqual(region.classicLoadBalancers[0].Tags);

    const v2 = new elbv2.ElasticLoadBalancingV2Client(config());
    const group = region.targetGroups.find(tg => tg.Targets.some(t => t.TargetHealth.State === 'healthy'))!;
    const health = await v2.send(
      new elbv2.DescribeTargetHealthCommand({
        TargetGroupArn: group.TargetGroupArn,
      }),
    );
    expect(health.TargetHealthDescriptions!.map(t => t.Target!.Id)).toEqual(group.Targets.map(t => t.Target.Id));
    const healthy = group.Targets.find(t => t.TargetHealth.State === 'healthy')!;
    expect(health.TargetHealthDescriptions!.find(t => t.Target!.Id === healthy.Target.Id)!.TargetHealth).toEqual({
      State: 'healthy',
    });
    const tags = await v2.send(
      new elbv2.DescribeTagsCommand({
        ResourceArns: [region.loadBalancers[0].LoadBalancerArn],
      }),
    );
    expect(tags.TagDescriptions![0].Tags).toEqual(region.loadBalancers[0].Tags);
    const tooMany = await failure(v2.send(new elbv2.DescribeTagsCommand({ ResourceArns: Array(21).fill('arn') })));
    expect(tooMany.name).toBe('ValidationError');

    const db = region.dbInstances[0];
    const dbs = await new rds.RDSClient(config()).send(
      new rds.DescribeDBInstancesCommand({
        DBInstanceIdentifier: db.DBInstanceIdentifier,
      }),
    );
    expect(dbs.DBInstances).toEqual([db]);
    expect(dbs.DBInstances![0].Endpoint).toEqual(db.Endpoint);
    expect(dbs.DBInstances![0].TagList).toEqual(db.TagList);

    const client = s3Client();
    const { buckets } = world.account(MAIN.accountId);
    const tagged = buckets.find(b => b.Tags)!;
    const untagged = buckets.find(b => !b.Tags)!;
    const elsewhere = buckets.find(b => b.BucketRegion !== 'us-east-1')!;
    const listed = await client.send(new s3.ListBucketsCommand({}));
    const served = listed.Buckets!.find(b => b.Name === tagged.Name)!;
    expect(served).toEqual({
      Name: tagged.Name,
      CreationDate: tagged.CreationDate,
      BucketRegion: tagged.BucketRegion,
    });
    expect((await client.send(new s3.GetBucketLocationCommand({ Bucket: elsewhere.Name }))).LocationConstraint).toBe(
      elsewhere.BucketRegion,
    );
    const inRegion = (bucket: { BucketRegion: string }) => s3Client({ region: bucket.BucketRegion });
    expect((await inRegion(tagged).send(new s3.GetBucketTaggingCommand({ Bucket: tagged.Name }))).TagSet).toEqual(
      tagged.Tags,
    );
    const noTags = await failure(inRegion(untagged).send(new s3.GetBucketTaggingCommand({ Bucket: untagged.Name })));
    expect(noTags.name).toBe('NoSuchTagSet');
    expect(noTags.$metadata.httpStatusCode).toBe(404);
    // asked in another region, S3 answers 301 PermanentRedirect naming the bucket's region (not followed)
    const wrongRegion = await failure(
      s3Client({
        region: elsewhere.BucketRegion === 'us-east-1' ? REGION : 'us-east-1',
      }).send(new s3.GetBucketTaggingCommand({ Bucket: elsewhere.Name })),
    );
    expect(wrongRegion.name).toBe('PermanentRedirect');
    expect(wrongRegion.$metadata.httpStatusCode).toBe(301);
    const redirect = await fetch(`${simulator.endpoint}/${elsewhere.Name}?tagging`, {
      headers: {
        authorization: `AWS4-HMAC-SHA256 Credential=${MAIN.accessKeyId}/20260101/ap-south-1/s3/aws4_request, SignedHeaders=host, Signature=x`,
      },
      redirect: 'manual',
    });
    expect(redirect.status).toBe(301);
    expect(redirect.headers.get('x-amz-bucket-region')).toBe(elsewhere.BucketRegion);
    expect(await redirect.text()).toContain('<Code>PermanentRedirect</Code>');

    const list = await new cloudfront.CloudFrontClient(config()).send(new cloudfront.ListDistributionsCommand({}));
    expect(list.DistributionList!.Items).toEqual(world.account(MAIN.accountId).distributions);
    const withAliases = world.account(MAIN.accountId).distributions.find(d => d.Aliases.Quantity! > 0)!;
    expect(list.DistributionList!.Items!.find(d => d.Id === withAliases.Id)!.Aliases).toEqual(withAliases.Aliases);
  });
});

describe('live world', () => {
  it('serves changes to the world on the next call', async () => {
    const local = generateAwsWorld({ seed: 5, accounts: [MAIN] });
    const live = await startAwsSimulator({ world: local });
    try {
      const c = new ec2.EC2Client({ ...config(), endpoint: live.endpoint });
      const listIds = async () =>
        (await c.send(new ec2.DescribeInstancesCommand({}))).Reservations!.flatMap(r => r.Instances!.map(i => i));
      const target = local.region(MAIN.accountId, REGION);
      const before = await listIds();
      expect(before).toHaveLength(target.instances.length);

      target.instances[0].Tags.find(t => t.Key === 'team')!.Value = 'renamed-team';
      const removed = target.instances.splice(1, 1)[0];
      const added = local.addInstance(MAIN.accountId, REGION, {
        Tags: [{ Key: 'Name', Value: 'fresh' }],
      });
      const after = await listIds();
      expect(after.map(i => i.InstanceId)).not.toContain(removed.InstanceId);
      expect(after.find(i => i.InstanceId === added.InstanceId)!.Tags).toEqual([{ Key: 'Name', Value: 'fresh' }]);
      expect(after[0].Tags!.find(t => t.Key === 'team')!.Value).toBe('renamed-team');
    } finally {
      await live.close();
    }
  });

  it('reports targets of stopped instances as unused', async () => {
    const local = generateAwsWorld({ seed: 9, accounts: [MAIN] });
    const live = await startAwsSimulator({ world: local });
    try {
      const target = local.region(MAIN.accountId, REGION);
      const group = target.targetGroups[0];
      const instance = target.instances.find(i => i.InstanceId === group.Targets[0].Target.Id)!;
      instance.State = { Code: 80, Name: 'stopped' };
      const v2 = new elbv2.ElasticLoadBalancingV2Client({
        ...config(),
        endpoint: live.endpoint,
      });
      const health = await v2.send(
        new elbv2.DescribeTargetHealthCommand({
          TargetGroupArn: group.TargetGroupArn,
        }),
      );
      expect(health.TargetHealthDescriptions![0].TargetHealth).toEqual({
        State: 'unused',
        Reason: 'Target.InvalidState',
        Description: 'Target is in the stopped state',
      });
    } finally {
      await live.close();
    }
  });
});

describe('faults', () => {
  it('throttles every nth call; the SDK retries survive it and stats count it', async () => {
    simulator.faults = {
      throttle: { everyNth: 3, actions: ['DescribeInstances'] },
    };
    const client = ec2Client({ maxAttempts: 3 });
    const { items } = await collect(ec2.paginateDescribeInstances({ client, pageSize: 20 }, {}), p =>
      p.Reservations?.flatMap(r => r.Instances!.map(i => i.InstanceId!)),
    );
    expect(items).toEqual(region.instances.map(i => i.InstanceId));
    expect(simulator.stats.throttled).toBe(1);
    expect(simulator.stats.byAction.DescribeInstances).toBe(4);
    expect(simulator.stats.requests).toBe(4);
    const vpcs = await client.send(new ec2.DescribeVpcsCommand({}));
    expect(vpcs.Vpcs).toHaveLength(region.vpcs.length);
    expect(simulator.stats.throttled).toBe(1);
  });

  it('limits the request rate per account and region with a token bucket', async () => {
    simulator.faults = { rateLimit: { bucketSize: 3, refillPerSecond: 0.001 } };
    const client = ec2Client({ maxAttempts: 1 });
    for (let i = 0; i < 3; i++) await client.send(new ec2.DescribeVpcsCommand({}));
    const error = await failure(client.send(new ec2.DescribeVpcsCommand({})));
    expect(error.name).toBe('RequestLimitExceeded');
    expect(error.$metadata.httpStatusCode).toBe(503);
    expect(simulator.stats.throttled).toBe(1);
    // Another region has its own bucket; other services answer with their own throttling errors.
    await ec2Client({ region: 'us-east-1' }).send(new ec2.DescribeVpcsCommand({}));
    const rdsClient = new rds.RDSClient(config());
    for (let i = 0; i < 3; i++) await rdsClient.send(new rds.DescribeDBInstancesCommand({}));
    expect((await failure(rdsClient.send(new rds.DescribeDBInstancesCommand({})))).name).toBe('Throttling');
    const s3c = s3Client();
    for (let i = 0; i < 3; i++) await s3c.send(new s3.ListBucketsCommand({}));
    expect((await failure(s3c.send(new s3.ListBucketsCommand({})))).name).toBe('SlowDown');
  });

  it('denies IAM actions with each service’s authorization error', async () => {
    simulator.faults = {
      accessDenied: [
        'ec2:DescribeVolumes',
        'rds:DescribeDBInstances',
        's3:ListAllMyBuckets',
        'elasticloadbalancing:Describe*',
      ],
    };
    const volumes = await failure(ec2Client().send(new ec2.DescribeVolumesCommand({})));
    expect(volumes.name).toBe('UnauthorizedOperation');
    expect(volumes.$metadata.httpStatusCode).toBe(403);
    expect(volumes.message).toContain('ec2:DescribeVolumes');
    const dbs = await failure(new rds.RDSClient(config()).send(new rds.DescribeDBInstancesCommand({})));
    expect(dbs.name).toBe('AccessDenied');
    const buckets = await failure(s3Client().send(new s3.ListBucketsCommand({})));
    expect(buckets.name).toBe('AccessDenied');
    const lbs = await failure(
      new elbv2.ElasticLoadBalancingV2Client(config()).send(new elbv2.DescribeLoadBalancersCommand({})),
    );
    expect(lbs.name).toBe('AccessDenied');
    await ec2Client().send(new ec2.DescribeInstancesCommand({ MaxResults: 5 }));
  });

  it('fails every call in failRegions only', async () => {
    simulator.faults = { failRegions: ['us-east-1'] };
    const error = await failure(ec2Client({ region: 'us-east-1' }).send(new ec2.DescribeVpcsCommand({})));
    expect(error.name).toBe('InternalError');
    expect(error.$metadata.httpStatusCode).toBe(500);
    const query = await failure(
      new rds.RDSClient(config({ region: 'us-east-1' })).send(new rds.DescribeDBInstancesCommand({})),
    );
    expect(query.name).toBe('InternalFailure');
    const ok = await ec2Client().send(new ec2.DescribeVpcsCommand({}));
    expect(ok.Vpcs).toHaveLength(region.vpcs.length);
  });

  it('adds latency', async () => {
    simulator.faults = { latencyMs: 150 };
    const started = Date.now();
    await ec2Client().send(new ec2.DescribeRegionsCommand({}));
    expect(Date.now() - started).toBeGreaterThanOrEqual(140);
  });
});

describe('authentication', () => {
  const stranger = {
    accessKeyId: 'AKIAUNKNOWN000000000',
    secretAccessKey: 'x',
  };

  it('rejects unknown access keys with each service’s auth error', async () => {
    const e = await failure(ec2Client({ credentials: stranger }).send(new ec2.DescribeVpcsCommand({})));
    expect(e.name).toBe('AuthFailure');
    expect(e.$metadata.httpStatusCode).toBe(401);
    const q = await failure(
      new rds.RDSClient(config({ credentials: stranger })).send(new rds.DescribeDBInstancesCommand({})),
    );
    expect(q.name).toBe('InvalidClientTokenId');
    const b = await failure(s3Client({ credentials: stranger }).send(new s3.ListBucketsCommand({})));
    expect(b.name).toBe('InvalidAccessKeyId');
  });

  it('identifies the caller and assumes roles with their external id', async () => {
    const client = new sts.STSClient(config());
    const me = await client.send(new sts.GetCallerIdentityCommand({}));
    expect(me.Account).toBe(MAIN.accountId);
    expect(me.Arn).toBe(`arn:aws:iam::${MAIN.accountId}:user/maestro`);

    const roleArn = `arn:aws:iam::${PARTNER.accountId}:role/MaestroReader`;
    const without = await failure(
      client.send(
        new sts.AssumeRoleCommand({
          RoleArn: roleArn,
          RoleSessionName: 'crawl',
        }),
      ),
    );
    expect(without.name).toBe('AccessDenied');
    const wrong = await failure(
      client.send(
        new sts.AssumeRoleCommand({
          RoleArn: roleArn,
          RoleSessionName: 'crawl',
          ExternalId: 'wrong',
        }),
      ),
    );
    expect(wrong.name).toBe('AccessDenied');
    const unknownRole = await failure(
      client.send(
        new sts.AssumeRoleCommand({
          RoleArn: `arn:aws:iam::${PARTNER.accountId}:role/Nope`,
          RoleSessionName: 'crawl',
        }),
      ),
    );
    expect(unknownRole.name).toBe('AccessDenied');

    const assumed = await client.send(
      new sts.AssumeRoleCommand({
        RoleArn: roleArn,
        RoleSessionName: 'crawl',
        ExternalId: 'maestro-ext-42',
      }),
    );
    expect(assumed.AssumedRoleUser!.Arn).toBe(`arn:aws:sts::${PARTNER.accountId}:assumed-role/MaestroReader/crawl`);
    expect(assumed.Credentials!.Expiration).toBeInstanceOf(Date);
    const credentials = {
      accessKeyId: assumed.Credentials!.AccessKeyId!,
      secretAccessKey: assumed.Credentials!.SecretAccessKey!,
      sessionToken: assumed.Credentials!.SessionToken!,
    };
    const asPartner = await new sts.STSClient(config({ credentials })).send(new sts.GetCallerIdentityCommand({}));
    expect(asPartner.Account).toBe(PARTNER.accountId);
    const partnerVpcs = await ec2Client({
      region: 'eu-central-1',
      credentials,
    }).send(new ec2.DescribeVpcsCommand({}));
    expect(partnerVpcs.Vpcs!.map(v => v.VpcId)).toEqual(
      world.region(PARTNER.accountId, 'eu-central-1').vpcs.map(v => v.VpcId),
    );
    const open = await client.send(
      new sts.AssumeRoleCommand({
        RoleArn: `arn:aws:iam::${PARTNER.accountId}:role/OpenRole`,
        RoleSessionName: 'crawl',
      }),
    );
    expect(open.Credentials!.AccessKeyId).toMatch(/^ASIA/);
  });

  it('answers unsupported operations with InvalidAction', async () => {
    const error = await failure(ec2Client().send(new ec2.DescribeKeyPairsCommand({})));
    expect(error.name).toBe('InvalidAction');
    expect(simulator.stats.byAction.DescribeKeyPairs).toBe(1);
  });
});
