import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { DEFAULT_AWS_REGION_SIZES, DEMO_AWS_ACCOUNT, generateAwsWorld } from './generateAwsWorld';
import { INSTANCE_TYPES_BY_NAME } from './catalog';

const ACCOUNT = DEMO_AWS_ACCOUNT.accountId;

describe('generateAwsWorld', () => {
  it('generates the same world from the same options, and another from another seed', () => {
    const a = generateAwsWorld({ seed: 7 });
    const b = generateAwsWorld({ seed: 7 });
    const c = generateAwsWorld({ seed: 8 });
    expect(JSON.stringify(a.accounts)).toEqual(JSON.stringify(b.accounts));
    expect(a.accounts).toEqual(b.accounts);
    const ids = (w: typeof a) => w.region(ACCOUNT, 'eu-west-1').instances.map(i => i.InstanceId);
    expect(ids(c)).not.toEqual(ids(a));
    expect(JSON.stringify(c.accounts)).not.toEqual(JSON.stringify(a.accounts));
  });

  it('uses the demo account by default and throws on unknown accounts and regions', () => {
    const world = generateAwsWorld();
    expect(world.accounts.map(a => a.spec)).toEqual([DEMO_AWS_ACCOUNT]);
    expect(Object.keys(world.account(ACCOUNT).regions)).toEqual(['eu-west-1', 'us-east-1']);
    expect(() => world.account('000000000000')).toThrow(/Unknown AWS account/);
    expect(() => world.region(ACCOUNT, 'ap-south-1')).toThrow(/not enabled/);
  });

  it('generates a consistent region', () => {
    const world = generateAwsWorld({
      seed: 3,
      sizes: { instances: 300, volumesPerInstance: 2, databases: 30 },
    });
    const region = world.region(ACCOUNT, 'eu-west-1');
    const volumes = new Map(region.volumes.map(v => [v.VolumeId, v]));
    const subnets = new Map(region.subnets.map(s => [s.SubnetId, s]));
    const vpcIds = new Set(region.vpcs.map(v => v.VpcId));
    const imageIds = new Set(region.images.map(i => i.ImageId));

    expect(region.instances).toHaveLength(300);
    for (const instance of region.instances) {
      // Every block device is an existing volume attached to this instance.
      expect(instance.BlockDeviceMappings).toHaveLength(3);
      for (const mapping of instance.BlockDeviceMappings) {
        const volume = volumes.get(mapping.Ebs!.VolumeId!)!;
        expect(volume.Attachments[0]).toMatchObject({
          InstanceId: instance.InstanceId,
          Device: mapping.DeviceName,
          State: 'attached',
        });
        expect(volume.AvailabilityZone).toBe(instance.Placement.AvailabilityZone);
      }
      expect(instance.BlockDeviceMappings[0].DeviceName).toBe(instance.RootDeviceName);
      const subnet = subnets.get(instance.SubnetId)!;
      expect(subnet.VpcId).toBe(instance.VpcId);
      expect(subnet.AvailabilityZone).toBe(instance.Placement.AvailabilityZone);
      expect(imageIds.has(instance.ImageId)).toBe(true);
      expect(INSTANCE_TYPES_BY_NAME.has(instance.InstanceType)).toBe(true);
      const tagKeys = instance.Tags.map(t => t.Key);
      expect(tagKeys).toEqual(['Name', 'environment', 'role', 'team']);
    }
    for (const subnet of region.subnets) {
      expect(vpcIds.has(subnet.VpcId)).toBe(true);
      expect(['eu-west-1a', 'eu-west-1b', 'eu-west-1c']).toContain(subnet.AvailabilityZone);
    }
    const privateIps = region.networkInterfaces.map(n => n.PrivateIpAddress);
    expect(new Set(privateIps).size).toBe(privateIps.length);
    expect(region.volumes.filter(v => v.State === 'available').length).toBeGreaterThan(0);
    const volumeSnapshots = region.snapshots.filter(s => s.VolumeId !== 'vol-ffffffff');
    expect(volumeSnapshots.length).toBeGreaterThan(0);
    expect(volumeSnapshots.filter(s => !volumes.has(s.VolumeId))).toEqual([]);

    const share = (predicate: (i: (typeof region.instances)[0]) => boolean) =>
      region.instances.filter(predicate).length / region.instances.length;
    expect(share(i => i.PublicIpAddress !== undefined)).toBeGreaterThan(0.15);
    expect(share(i => i.PublicIpAddress !== undefined)).toBeLessThan(0.45);
    expect(share(i => i.State.Name === 'running')).toBeGreaterThan(0.7);
    expect(share(i => i.State.Name === 'stopped')).toBeGreaterThan(0.03);
    expect(share(i => i.PlatformDetails === 'Windows')).toBeGreaterThan(0.05);
    expect(share(i => i.PlatformDetails === 'Windows')).toBeLessThan(0.3);

    const instanceIds = new Set(region.instances.map(i => i.InstanceId));
    for (const group of region.targetGroups) {
      expect(group.Targets.length).toBeGreaterThan(0);
      for (const target of group.Targets) {
        expect(instanceIds.has(target.Target.Id!)).toBe(true);
      }
    }
    for (const lb of region.classicLoadBalancers) {
      for (const { InstanceId } of lb.Instances) {
        expect(instanceIds.has(InstanceId!)).toBe(true);
      }
    }

    const engines = new Set(region.dbInstances.map(d => d.Engine));
    expect(engines.size).toBeGreaterThanOrEqual(4);
    const replicas = region.dbInstances.filter(d => d.ReadReplicaSourceDBInstanceIdentifier);
    expect(replicas.length).toBeGreaterThan(0);
    for (const replica of replicas) {
      const source = region.dbInstances.find(
        d => d.DBInstanceIdentifier === replica.ReadReplicaSourceDBInstanceIdentifier,
      )!;
      expect(source.ReadReplicaDBInstanceIdentifiers).toContain(replica.DBInstanceIdentifier);
    }
    for (const db of region.dbInstances) {
      expect(vpcIds.has(db.DBSubnetGroup.VpcId!)).toBe(true);
      expect(db.Endpoint.Address).toContain('.eu-west-1.rds.amazonaws.com');
    }
  });

  it('generates buckets with and without tags and distributions with origins', () => {
    const world = generateAwsWorld({ buckets: 20, distributions: 10 });
    const account = world.account(ACCOUNT);
    expect(account.buckets).toHaveLength(20);
    expect(account.buckets.some(b => b.Tags === undefined)).toBe(true);
    expect(account.buckets.some(b => b.Tags !== undefined)).toBe(true);
    for (const bucket of account.buckets) {
      expect(DEMO_AWS_ACCOUNT.regions).toContain(bucket.BucketRegion);
    }
    expect(account.distributions).toHaveLength(10);
    expect(account.distributions.some(d => d.Aliases.Quantity! > 0)).toBe(true);
    for (const distribution of account.distributions) {
      expect(distribution.Origins.Items).toHaveLength(1);
      expect(distribution.Origins.Items![0].DomainName).toMatch(/\.s3\..+\.amazonaws\.com$|\.elb\.amazonaws\.com$/);
    }
  });

  it('adds instances with a root volume and a free private address', () => {
    const world = generateAwsWorld({ sizes: { instances: 5 } });
    const region = world.region(ACCOUNT, 'us-east-1');
    const instance = world.addInstance(ACCOUNT, 'us-east-1', {
      Tags: [{ Key: 'Name', Value: 'added' }],
    });
    expect(region.instances).toContain(instance);
    expect(instance.State).toEqual({ Code: 16, Name: 'running' });
    expect(instance.Tags).toEqual([{ Key: 'Name', Value: 'added' }]);
    expect(instance.PrivateDnsName).toMatch(/\.ec2\.internal$/);
    expect(instance.BlockDeviceMappings).toHaveLength(1);
    const root = region.volumes.find(v => v.VolumeId === instance.BlockDeviceMappings[0].Ebs!.VolumeId);
    expect(root?.Attachments[0].InstanceId).toBe(instance.InstanceId);
    const ips = region.networkInterfaces.map(n => n.PrivateIpAddress);
    expect(new Set(ips).size).toBe(ips.length);

    const none = Object.fromEntries(Object.keys(DEFAULT_AWS_REGION_SIZES).map(key => [key, 0]));
    const empty = generateAwsWorld({ sizes: none });
    expect(empty.region(ACCOUNT, 'eu-west-1').vpcs).toEqual([]);
    const added = empty.addInstance(ACCOUNT, 'eu-west-1');
    expect(added.SubnetId).toMatch(/^subnet-/);
  });

  it('generates a large region quickly', () => {
    // Measured in a plain Node process, as benchmarks and the demo run it: code running inside Jest's VM context
    // is several times slower. CPU time keeps the check meaningful on a busy machine.
    const script = `
      const { generateAwsWorld } = require(${JSON.stringify(require.resolve('./generateAwsWorld'))});
      const wall = Date.now();
      const cpu = process.cpuUsage();
      const world = generateAwsWorld({
        accounts: [{ accountId: '111111111111', accessKeyId: 'AKIA1', secretAccessKey: 's', regions: ['eu-west-1'] }],
        sizes: { instances: 10000, volumesPerInstance: 0, securityGroups: 2000, subnets: 500, loadBalancers: 200 },
      });
      const used = process.cpuUsage(cpu);
      const region = world.region('111111111111', 'eu-west-1');
      console.log(JSON.stringify({
        cpuMs: (used.user + used.system) / 1000,
        wallMs: Date.now() - wall,
        instances: region.instances.length,
        volumes: region.volumes.length,
        securityGroups: region.securityGroups.length,
        subnets: region.subnets.length,
        loadBalancers: region.loadBalancers.length,
      }));
    `;
    const output = execFileSync(
      process.execPath,
      ['--require', '@backstage/cli-node/config/nodeTransform.cjs', '-e', script],
      { cwd: path.resolve(__dirname, '../../../..'), encoding: 'utf8' },
    );
    const result = JSON.parse(output.trim().split('\n').pop()!);
    expect(result).toMatchObject({
      instances: 10_000,
      securityGroups: 2_000,
      subnets: 500,
      loadBalancers: 200,
    });
    expect(result.volumes).toBeGreaterThanOrEqual(10_000);
    expect(result.cpuMs).toBeLessThan(2_000);
  }, 30_000);
});
