import { mockServices, TestDatabases } from '@backstage/backend-test-utils';
import { AwsSimulator, AwsWorld, generateAwsWorld, startAwsSimulator } from '@maestro/cloud-simulator';
import { createDiscoveryHarness } from '../../__testUtils__/discoveryHarness';
import type { DiscoveryRuns } from '../DiscoveryRuns';

jest.setTimeout(120_000);

const ACCOUNT = {
  accountId: '210987654321',
  accessKeyId: 'AKIATESTDISCOVERY001',
  secretAccessKey: 'test-secret-never-logged-9f8e7d',
  regions: ['eu-west-1', 'us-east-1'],
};
const EU = 'eu-west-1';
const US = 'us-east-1';

/**
 * AWS discovery end to end in one process: the real AWS SDK v3 clients crawl the simulated AWS over HTTP, the
 * reconciler writes to a real SQLite store (the reconciler's SQL is also tested on PostgreSQL in Reconciler.test).
 */
describe('AWS discovery against the simulated AWS', () => {
  const databases = TestDatabases.create({ ids: ['SQLITE_3'] });
  let sim: AwsSimulator;
  let world: AwsWorld;

  async function startWorld(instances: number) {
    await sim?.close();
    world = generateAwsWorld({
      seed: 11,
      accounts: [ACCOUNT],
      sizes: {
        instances,
        volumesPerInstance: 1,
        securityGroups: 25,
        vpcs: 2,
        subnets: 6,
        classicLoadBalancers: 2,
        loadBalancers: 3,
        databases: 4,
        snapshots: 6,
        images: 3,
        natGateways: 1,
        vpcEndpoints: 1,
        vpnGateways: 1,
        peeringConnections: 1,
      },
      buckets: 3,
      distributions: 2,
    });
    sim = await startAwsSimulator({ world });
  }

  beforeEach(() => startWorld(40));

  afterEach(async () => {
    await sim?.close();
    sim = undefined as unknown as AwsSimulator;
  });

  async function setup(extra: Record<string, unknown> = {}) {
    const knex = await databases.init('SQLITE_3');
    const logger = mockServices.logger.mock();
    const notifications = { send: jest.fn(async (_n: unknown) => {}) };
    const signals = { publish: jest.fn(async (_s: unknown) => {}) };
    const { store, service } = await createDiscoveryHarness({
      knex,
      connections: [
        {
          id: 'aws-test',
          provider: 'aws',
          regions: ACCOUNT.regions,
          owner: 'group:default/platform',
          endpoint: sim.endpoint,
          aws: { accessKeyId: ACCOUNT.accessKeyId, secretAccessKey: ACCOUNT.secretAccessKey },
        },
      ],
      discoveryConfig: { aws: { maxAttempts: 6 }, ...extra } as any,
      logger,
      scheduler: mockServices.scheduler.mock(),
      signals,
      notifications,
    });
    const changeCount = async () => Number((await knex('maestro_changes').count({ n: '*' }))[0].n);
    const count = async (kind: string, active = true) =>
      (await store.listRecords({ kind, active, limit: 1 })).totalCount;
    const logged = () =>
      JSON.stringify([
        logger.info.mock.calls,
        logger.warn.mock.calls,
        logger.error.mock.calls,
        logger.debug.mock.calls,
      ]);
    return { knex, store, service, changeCount, count, logged, notifications, signals };
  }

  const run = (service: DiscoveryRuns, list: string) => service.runNow('aws-test', list);

  it('discovers every list through the SDK paginators, with relations between the records', async () => {
    await startWorld(1100); // more than one DescribeInstances page (1000)
    const { service, store, count } = await setup();
    const server = await run(service, 'server-list');
    expect(server).toMatchObject({ status: 'success', failures: 0 });
    const instances = ACCOUNT.regions.reduce((n, r) => n + world.region(ACCOUNT.accountId, r).instances.length, 0);
    expect(instances).toBeGreaterThan(2000);
    expect(await count('Server')).toBe(instances);
    expect(server.regions!.map(r => [r.region, r.complete])).toEqual([
      [EU, true],
      [US, true],
    ]);

    for (const list of [
      'volumes-list',
      'loadbalance-list',
      'dbs-list',
      'network-list',
      'security-list',
      'snapshot-list',
      'images-list',
      'storage-object-list',
      'cdns-list',
    ]) {
      const status = await run(service, list);
      expect({ list, status: status.status, error: status.error }).toEqual({
        list,
        status: 'success',
        error: undefined,
      });
    }
    const eu = world.region(ACCOUNT.accountId, EU);
    const us = world.region(ACCOUNT.accountId, US);
    expect(await count('Volume')).toBe(eu.volumes.length + us.volumes.length);
    expect(await count('Database')).toBe(eu.dbInstances.length + us.dbInstances.length);
    expect(await count('LoadBalancer')).toBe(
      eu.classicLoadBalancers.length +
        eu.loadBalancers.length +
        us.classicLoadBalancers.length +
        us.loadBalancers.length,
    );
    expect(await count('Image')).toBe(eu.images.length + us.images.length); // owner self only: no public images
    expect(await count('Snapshot')).toBe(eu.snapshots.length + us.snapshots.length);
    expect(
      (await store.listRecords({ kind: 'Resource', specEquals: { type: 'object-storage' }, limit: 1 })).totalCount,
    ).toBe(world.account(ACCOUNT.accountId).buckets.length);
    expect((await store.listRecords({ kind: 'Resource', specEquals: { type: 'cdn' }, limit: 1 })).totalCount).toBe(
      world.account(ACCOUNT.accountId).distributions.length,
    );
    expect(await count('Datacenter')).toBe(1);

    // one instance, translated: ips, tags, placement, and refs to its volume, image, flavor and networks
    const sample = eu.instances.find(i => i.PublicIpAddress && i.BlockDeviceMappings?.length)!;
    const [record] = await store.findByKeyValues({ kind: 'Server', key: 'providerId', values: [sample.InstanceId!] });
    const server1 = (await store.getRecord(record.id))!;
    expect(server1.name).toBe(`aws-${ACCOUNT.accountId}-${EU}-${sample.InstanceId}`);
    expect(server1.spec).toMatchObject({
      ipv4Private: sample.PrivateIpAddress,
      ipv4Public: sample.PublicIpAddress,
      region: EU,
      zone: sample.Placement!.AvailabilityZone,
      datacenter: 'datacenter:default/aws-test',
      providerId: sample.InstanceId,
      tags: expect.objectContaining({ Name: sample.Tags!.find(t => t.Key === 'Name')!.Value }),
    });
    expect((server1.spec as any).cpu).toBeGreaterThan(0);
    const volumeRef = (server1.spec as any).storage[0].volume as string;
    const volumeName = volumeRef.split('/')[1];
    const [volume] = await store.findByNames('Volume', [volumeName]);
    expect(volume).toBeDefined();
    expect((await store.getRecord(volume.id))!.spec).toMatchObject({ server: `server:default/${server1.name}` });
    const flavorName = ((server1.spec as any).flavor as string).split('/')[1];
    expect(await store.findByNames('Flavor', [flavorName])).toHaveLength(1);
  });

  it('writes nothing when nothing changed, and records a change with the crawler as author', async () => {
    const { service, store, changeCount } = await setup();
    await run(service, 'server-list');
    const before = await changeCount();
    const again = await run(service, 'server-list');
    expect(again.counts).toMatchObject({ created: 0, changed: 0, deactivated: 0 });
    expect(again.counts!.unchanged).toBe(again.counts!.seen);
    expect(await changeCount()).toBe(before);

    const instance = world.region(ACCOUNT.accountId, EU).instances[5];
    instance.Tags = [...(instance.Tags ?? []).filter(t => t.Key !== 'role'), { Key: 'role', Value: 'batch' }];
    const third = await run(service, 'server-list');
    expect(third.counts).toMatchObject({ changed: 1 });
    const [hit] = await store.findByKeyValues({ kind: 'Server', key: 'providerId', values: [instance.InstanceId!] });
    const [latest] = await store.history(hit.id, { limit: 1 });
    expect(latest).toMatchObject({
      action: 'update',
      actor: 'maestro:discovery/aws-test',
      reason: `server-list ${EU} run ${third.runId}`,
    });
    expect(latest.after!.spec).toMatchObject({ role: 'batch' });
  });

  it('survives throttling through the SDK retries', async () => {
    const { service, count } = await setup();
    sim.faults = { throttle: { everyNth: 3 } };
    const status = await run(service, 'server-list');
    expect(status.status).toBe('success');
    expect(sim.stats.throttled).toBeGreaterThan(0);
    expect(await count('Server')).toBe(
      world.region(ACCOUNT.accountId, EU).instances.length + world.region(ACCOUNT.accountId, US).instances.length,
    );
  });

  it('reports AccessDenied with the IAM actions needed, and leaves existing records and other lists intact', async () => {
    const { service, count, notifications } = await setup();
    await run(service, 'volumes-list');
    const volumes = await count('Volume');
    expect(volumes).toBeGreaterThan(0);
    sim.faults = { accessDenied: ['ec2:DescribeVolumes'] };
    const denied = await run(service, 'volumes-list');
    expect(denied).toMatchObject({ status: 'error', failures: 1, requiredActions: ['ec2:DescribeVolumes'] });
    expect(denied.error).toMatch(/access denied/);
    expect(await count('Volume')).toBe(volumes);
    expect((await run(service, 'server-list')).status).toBe('success');
    // the owner is told once when it starts failing, and once when it recovers
    await run(service, 'volumes-list');
    expect(notifications.send).toHaveBeenCalledTimes(1);
    expect(notifications.send).toHaveBeenLastCalledWith(
      expect.objectContaining({
        recipients: { type: 'entity', entityRef: 'group:default/platform' },
        payload: expect.objectContaining({
          severity: 'high',
          description: expect.stringContaining('ec2:DescribeVolumes'),
        }),
      }),
    );
    sim.faults = {};
    expect((await run(service, 'volumes-list')).failures).toBe(0);
    expect(notifications.send).toHaveBeenCalledTimes(2);
    expect(notifications.send).toHaveBeenLastCalledWith(
      expect.objectContaining({ payload: expect.objectContaining({ severity: 'normal' }) }),
    );
  });

  it('deactivates nothing in a region whose listing failed, and only what a complete listing lacks', async () => {
    const { service, store, count } = await setup();
    await run(service, 'server-list');
    const total = await count('Server');
    // 3 instances go away in each region; us-east-1 fails
    for (const region of [EU, US]) world.region(ACCOUNT.accountId, region).instances.splice(0, 3);
    sim.faults = { failRegions: [US] };
    const status = await run(service, 'server-list');
    expect(status.status).toBe('error');
    // in eu-west-1: the 3 servers, and the flavors (instance types) no instance uses any more
    expect(status.regions!.map(r => [r.region, r.status, r.complete, r.counts.deactivated >= 3])).toEqual([
      [EU, 'success', true, true],
      [US, 'error', false, false],
    ]);
    expect(status.regions![1].counts.deactivated).toBe(0);
    expect(await count('Server')).toBe(total - 3);
    const removed = await store.listRecords({ kind: 'Server', active: false, limit: 10 });
    expect(removed.items.every(r => (r.spec as any).region === EU)).toBe(true);
  });

  it('holds back a mass removal as `held`, tells the owner, and applies only the removal the operator confirmed', async () => {
    const { service, count, notifications } = await setup();
    await run(service, 'server-list');
    const eu = world.region(ACCOUNT.accountId, EU);
    const us = world.region(ACCOUNT.accountId, US);
    const total = await count('Server');
    const gone = Math.ceil(eu.instances.length / 2);
    eu.instances.splice(0, gone);
    us.instances.splice(0, Math.ceil(us.instances.length / 2));
    const held = await run(service, 'server-list');
    expect(held.status).toBe('held');
    expect(held.held!.map(h => h.region)).toEqual([EU, US]);
    const inEu = held.held![0];
    expect(inEu).toEqual({ region: EU, wouldDeactivate: expect.any(Number), of: expect.any(Number), threshold: 0.3 });
    expect(inEu.wouldDeactivate).toBeGreaterThanOrEqual(gone); // servers, and flavors no longer in use
    expect(await count('Server')).toBe(total);
    expect(notifications.send).toHaveBeenCalledTimes(1);
    expect(notifications.send).toHaveBeenLastCalledWith(
      expect.objectContaining({
        payload: expect.objectContaining({
          description: expect.stringContaining(`${EU}: would deactivate ${inEu.wouldDeactivate} of ${inEu.of}`),
        }),
      }),
    );
    // the operator confirms what the status showed for eu-west-1: us-east-1 stays held
    await service.requestSync('aws-test', {
      list: 'server-list',
      confirmRemovals: { region: EU, atMost: inEu.wouldDeactivate },
    });
    const confirmed = await run(service, 'server-list');
    expect(confirmed.regions!.map(r => [r.region, r.status])).toEqual([
      [EU, 'success'],
      [US, 'held'],
    ]);
    expect(confirmed.counts!.deactivated).toBe(inEu.wouldDeactivate);
    expect(await count('Server')).toBe(total - gone);
    expect(notifications.send).toHaveBeenCalledTimes(1);
  });

  it('never writes a secret into logs, statuses or records', async () => {
    const { service, logged, store } = await setup();
    sim.faults = { accessDenied: ['ec2:DescribeSnapshots'] };
    await run(service, 'snapshot-list');
    await run(service, 'images-list');
    const statuses = JSON.stringify(await service.statuses('aws-test'));
    const records = JSON.stringify(await store.listRecords({ limit: 5000 }));
    for (const text of [logged(), statuses, records]) {
      expect(text).not.toContain(ACCOUNT.secretAccessKey);
    }
    expect(logged()).toContain('snapshot-list');
  });
});
