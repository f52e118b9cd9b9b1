import { mockServices } from '@backstage/backend-test-utils';
import { AwsSimulator, AwsWorld, generateAwsWorld, startAwsSimulator } from '@maestro/cloud-simulator';
import { describeEachDatabase } from '../../__testUtils__/databases';
import { createDiscoveryHarness } from '../../__testUtils__/discoveryHarness';

jest.setTimeout(120_000);

const ACCOUNT = {
  accountId: '310987654322',
  accessKeyId: 'AKIATESTINSTANCES001',
  secretAccessKey: 'test-secret-instances-5a4b',
  regions: ['eu-west-1', 'us-east-1'],
};
const EU = 'eu-west-1';

/**
 * The Datacenter's `instances`, maintained by discovery: the real AWS SDK crawls the simulated AWS, the records go
 * through the inventory service into SQLite and PostgreSQL, and the connection's Datacenter counts its servers.
 */
describeEachDatabase('Datacenter instances counted by discovery', (databases, databaseId) => {
  let sim: AwsSimulator;
  let world: AwsWorld;

  beforeEach(async () => {
    world = generateAwsWorld({
      seed: 23,
      accounts: [ACCOUNT],
      sizes: { instances: 12, volumesPerInstance: 1, securityGroups: 3, vpcs: 1, subnets: 2 },
    });
    sim = await startAwsSimulator({ world });
  });

  afterEach(async () => {
    await sim?.close();
  });

  async function setup() {
    const knex = await databases.init(databaseId);
    const { store, service } = await createDiscoveryHarness({
      knex,
      connections: [
        {
          id: 'aws-count',
          provider: 'aws',
          regions: ACCOUNT.regions,
          owner: 'group:default/platform',
          endpoint: sim.endpoint,
          aws: { accessKeyId: ACCOUNT.accessKeyId, secretAccessKey: ACCOUNT.secretAccessKey },
        },
      ],
      discoveryConfig: { aws: { maxAttempts: 6 } },
      logger: mockServices.logger.mock(),
    });
    const datacenter = async () => {
      const [{ id }] = await store.findByNames('Datacenter', ['aws-count']);
      return (await store.getRecord(id))!;
    };
    const datacenterChanges = async () => store.history((await datacenter()).id, { limit: 50 });
    const instancesIn = () =>
      ACCOUNT.regions.reduce((n, r) => n + world.region(ACCOUNT.accountId, r).instances.length, 0);
    return { store, service, datacenter, datacenterChanges, instancesIn };
  }

  it('sets instances to the active servers after a crawl, through the one write path, and not again when unchanged', async () => {
    const { service, datacenter, datacenterChanges, instancesIn } = await setup();
    const first = await service.runNow('aws-count', 'server-list');
    expect(first.status).toBe('success');
    expect(instancesIn()).toBeGreaterThan(10);
    expect((await datacenter()).spec).toMatchObject({
      provider: 'aws',
      regions: ACCOUNT.regions,
      instances: instancesIn(),
    });
    const [latest] = await datacenterChanges();
    expect(latest).toMatchObject({
      action: 'update',
      actor: 'maestro:discovery/aws-count',
      reason: `servers counted after server-list run ${first.runId}`,
    });
    expect(latest.after!.spec).toMatchObject({ instances: instancesIn() });

    // an unchanged re-crawl, and a list of other things, write nothing to the Datacenter
    const before = (await datacenterChanges()).length;
    const version = (await datacenter()).version;
    await service.runNow('aws-count', 'server-list');
    expect((await service.runNow('aws-count', 'volumes-list')).status).toBe('success');
    expect((await datacenterChanges()).length).toBe(before);
    expect((await datacenter()).version).toBe(version);
  });

  it('counts down when servers are removed, and counts the servers entered by hand in the Datacenter', async () => {
    const { store, service, datacenter, datacenterChanges, instancesIn } = await setup();
    await service.runNow('aws-count', 'server-list');
    const all = instancesIn();

    world.region(ACCOUNT.accountId, EU).instances.splice(0, 2);
    const second = await service.runNow('aws-count', 'server-list');
    expect(second.counts).toMatchObject({ deactivated: expect.any(Number) });
    expect((await datacenter()).spec).toMatchObject({ instances: all - 2 });

    // a server entered by hand with the Datacenter's bare name, another in another Datacenter
    const ctx = { actor: 'user:default/alice', source: 'manual', reason: 'rack 4' };
    await store.createRecord(
      {
        kind: 'Server',
        name: 'rack-4',
        owner: 'group:default/platform',
        spec: { hostname: 'rack-4', datacenter: 'aws-count' },
      },
      ctx,
    );
    await store.createRecord(
      {
        kind: 'Server',
        name: 'rack-5',
        owner: 'group:default/platform',
        spec: { hostname: 'rack-5', datacenter: 'elsewhere' },
      },
      ctx,
    );
    world.region(ACCOUNT.accountId, EU).instances.splice(0, 2);
    const third = await service.runNow('aws-count', 'server-list');
    expect((await datacenter()).spec).toMatchObject({ instances: all - 4 + 1 });
    const [latest] = await datacenterChanges();
    expect(latest.reason).toBe(`servers counted after server-list run ${third.runId}`);
    expect(latest.before!.spec).toMatchObject({ instances: all - 2 });
  });

  it('keeps the count right when two lists of the connection run at once (two replicas run different lists)', async () => {
    const { service, datacenter, instancesIn } = await setup();
    await service.runNow('aws-count', 'server-list');
    world.region(ACCOUNT.accountId, EU).instances.splice(0, 3);
    const runs = await Promise.all([
      service.runNow('aws-count', 'server-list'),
      service.runNow('aws-count', 'volumes-list'),
      service.runNow('aws-count', 'network-list'),
    ]);
    expect(runs.map(r => r.status)).toEqual(['success', 'success', 'success']);
    expect((await datacenter()).spec).toMatchObject({ instances: instancesIn() });
  });
});
