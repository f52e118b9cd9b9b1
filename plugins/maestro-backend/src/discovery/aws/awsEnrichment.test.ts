import { TestDatabases } from '@backstage/backend-test-utils';
import { AwsSimulator, AwsWorld, generateAwsWorld, startAwsSimulator } from '@maestro/cloud-simulator';
import { createDiscoveryHarness } from '../../__testUtils__/discoveryHarness';
import { regionOfLocation } from './awsLists';

jest.setTimeout(120_000);

const ACCOUNT = {
  accountId: '210987654323',
  accessKeyId: 'AKIATESTENRICHMENT01',
  secretAccessKey: 'enrichment-secret',
  regions: ['eu-west-1', 'us-east-1'],
};
const EU = 'eu-west-1';

/**
 * Secondary calls that enrich a listing (instance types, bucket tags …) degrade: what was listed is stored, the
 * enriched fields keep their stored values, the list's status says what is missing, and removals still follow the
 * (complete) primary listing. Real SDK against the simulator.
 */
describe('AWS enrichments degrade', () => {
  const databases = TestDatabases.create({ ids: ['SQLITE_3'] });
  let sim: AwsSimulator;
  let world: AwsWorld;

  beforeEach(async () => {
    world = generateAwsWorld({ seed: 21, accounts: [ACCOUNT], sizes: { instances: 30 }, buckets: 6 });
    sim = await startAwsSimulator({ world });
  });
  afterEach(() => sim.close());

  async function setup() {
    const knex = await databases.init('SQLITE_3');
    const { store, service } = await createDiscoveryHarness({
      knex,
      connections: [
        {
          id: 'aws-e',
          provider: 'aws',
          regions: ACCOUNT.regions,
          owner: 'group:default/platform',
          endpoint: sim.endpoint,
          aws: { accessKeyId: ACCOUNT.accessKeyId, secretAccessKey: ACCOUNT.secretAccessKey },
        },
      ],
      discoveryConfig: { aws: { maxAttempts: 2 } },
    });
    const instanceCount = () =>
      ACCOUNT.regions.reduce((n, r) => n + world.region(ACCOUNT.accountId, r).instances.length, 0);
    const active = async (kind: string) => (await store.listRecords({ kind, active: true, limit: 1 })).totalCount;
    const changes = async () => Number((await knex('maestro_changes').count({ n: '*' }))[0].n);
    const server = async (instanceId: string) => {
      const [hit] = await store.findByKeyValues({ kind: 'Server', key: 'providerId', values: [instanceId] });
      return (await store.getRecord(hit.id))!;
    };
    return { store, service, instanceCount, active, changes, server };
  }

  const WARNING = 'instance types not read: access denied (add ec2:DescribeInstanceTypes)';

  it('stores every instance when ec2:DescribeInstanceTypes is denied, and says what is missing', async () => {
    const { service, instanceCount, active } = await setup();
    sim.faults = { accessDenied: ['ec2:DescribeInstanceTypes'] };
    const status = await service.runNow('aws-e', 'server-list');
    expect(status).toMatchObject({ status: 'success', failures: 0 });
    expect(status.error).toBeUndefined();
    expect(status.warnings).toEqual([`${EU}: ${WARNING}`, `us-east-1: ${WARNING}`]);
    expect(status.regions!.map(r => [r.region, r.complete, r.warnings])).toEqual([
      [EU, true, [WARNING]],
      ['us-east-1', true, [WARNING]],
    ]);
    expect(await active('Server')).toBe(instanceCount());
  });

  it('keeps the stored cpu and memory while the types cannot be read (no history either way), and still removes what disappeared', async () => {
    const { service, instanceCount, active, changes, server } = await setup();
    expect((await service.runNow('aws-e', 'server-list')).status).toBe('success');
    const eu = world.region(ACCOUNT.accountId, EU);
    const sample = eu.instances[10];
    const before = await server(sample.InstanceId!);
    expect(before.spec).toMatchObject({ cpu: expect.any(Number), memory: expect.any(Number) });
    const flavors = await active('Flavor');

    sim.faults = { accessDenied: ['ec2:DescribeInstanceTypes'] };
    const gone = eu.instances.splice(0, 2).map(i => i.InstanceId);
    const changesBefore = await changes();
    const degraded = await service.runNow('aws-e', 'server-list');
    expect(degraded).toMatchObject({ status: 'success', warnings: expect.arrayContaining([`${EU}: ${WARNING}`]) });
    // the primary listing was complete: the two instances that went away are deactivated (and a type no longer in use)
    const typesInUse = () =>
      ACCOUNT.regions.reduce(
        (n, r) => n + new Set(world.region(ACCOUNT.accountId, r).instances.map(i => i.InstanceType)).size,
        0,
      );
    expect(degraded.counts!.deactivated).toBe(2 + flavors - typesInUse());
    expect(await active('Server')).toBe(instanceCount());
    for (const id of gone) expect((await server(id!)).active).toBe(false);
    expect(await active('Flavor')).toBe(typesInUse()); // the types in use stay, with their facts
    // nothing but the removals (and the Datacenter's count of its servers) was written: no server lost its cpu and memory
    expect(await changes()).toBe(changesBefore + degraded.counts!.deactivated + 1);
    const kept = await server(sample.InstanceId!);
    expect(kept.spec).toEqual(before.spec);
    expect(kept.version).toBe(before.version);

    sim.faults = {};
    const recovered = await service.runNow('aws-e', 'server-list');
    expect(recovered).toMatchObject({ status: 'success' });
    expect(recovered.warnings).toBeUndefined();
    expect(await changes()).toBe(changesBefore + degraded.counts!.deactivated + 1);
    expect((await server(sample.InstanceId!)).version).toBe(before.version);
  });

  it("reads each bucket's tags in the bucket's own region (three regions)", async () => {
    const { service, store } = await setup();
    const { buckets } = world.account(ACCOUNT.accountId);
    const regions = ['us-east-1', 'eu-west-1', 'ap-southeast-2'];
    buckets.forEach((bucket, i) => {
      bucket.BucketRegion = regions[i % 3];
      bucket.Tags = [{ Key: 'environment', Value: `env-${i}` }];
    });
    const status = await service.runNow('aws-e', 'storage-object-list');
    expect(status).toMatchObject({ status: 'success', counts: expect.objectContaining({ seen: buckets.length }) });
    expect(status.warnings).toBeUndefined();
    const stored = await store.listRecords({ kind: 'Resource', limit: 100 });
    expect(stored.items.map(r => [r.title, (r.spec as any).region, (r.spec as any).environment]).sort()).toEqual(
      buckets.map((b, i) => [b.Name, b.BucketRegion, `env-${i}`]).sort(),
    );
  });

  it('stores every bucket when their tags cannot be read, keeping the tags stored', async () => {
    const { service, store } = await setup();
    const { buckets } = world.account(ACCOUNT.accountId);
    buckets.forEach(bucket => (bucket.Tags = [{ Key: 'team', Value: 'storage' }]));
    await service.runNow('aws-e', 'storage-object-list');
    sim.faults = { accessDenied: ['s3:GetBucketTagging'] };
    const status = await service.runNow('aws-e', 'storage-object-list');
    expect(status).toMatchObject({
      status: 'success',
      counts: expect.objectContaining({ seen: buckets.length, changed: 0, deactivated: 0 }),
      warnings: ['bucket tags not read: access denied (add s3:GetBucketTagging)'],
    });
    const stored = await store.listRecords({ kind: 'Resource', limit: 100 });
    expect(stored.items.every(r => (r.spec as any).tags?.team === 'storage')).toBe(true);
  });

  it('stores every load balancer when their tags or target health cannot be read, keeping what was stored', async () => {
    const { service, active } = await setup();
    const first = await service.runNow('aws-e', 'loadbalance-list');
    expect(first.status).toBe('success');
    const balancers = await active('LoadBalancer');
    expect(balancers).toBeGreaterThan(0);
    sim.faults = { accessDenied: ['elasticloadbalancing:DescribeTags', 'elasticloadbalancing:DescribeTargetHealth'] };
    const status = await service.runNow('aws-e', 'loadbalance-list');
    expect(status).toMatchObject({
      status: 'success',
      counts: expect.objectContaining({ changed: 0, deactivated: 0 }),
    });
    expect(status.regions![0].warnings).toEqual([
      'load balancer tags not read: access denied (add elasticloadbalancing:DescribeTags)',
      'target health not read: access denied (add elasticloadbalancing:DescribeTargetHealth)',
    ]);
    expect(await active('LoadBalancer')).toBe(balancers);
  });

  it('maps GetBucketLocation answers to regions', () => {
    expect(regionOfLocation(undefined)).toBe('us-east-1');
    expect(regionOfLocation('')).toBe('us-east-1');
    expect(regionOfLocation('EU')).toBe('eu-west-1');
    expect(regionOfLocation('ap-southeast-2')).toBe('ap-southeast-2');
  });
});
