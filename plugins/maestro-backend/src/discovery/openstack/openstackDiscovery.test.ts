import { TestDatabases } from '@backstage/backend-test-utils';
import {
  DEMO_OPENSTACK_ACCOUNT as ACCOUNT,
  generateOpenStackWorld,
  OpenStackSimulator,
  OpenStackWorld,
  startOpenStackSimulator,
} from '@maestro/cloud-simulator';
import type { DiscoveryRuns } from '../DiscoveryRuns';
import { setupSimulatedDiscovery } from '../../__testUtils__/simulatedOpenStackDiscovery';
import { secretForms } from './client/redact';

jest.setTimeout(120_000);

const ONE = 'RegionOne';
const TWO = 'RegionTwo';
const REGIONS = [ONE, TWO];
const LISTS = [
  'server-list',
  'flavor-list',
  'images-list',
  'volumes-list',
  'snapshot-list',
  'security-list',
  'network-list',
  'loadbalance-list',
];

/**
 * OpenStack discovery end to end in one process: Maestro's OpenStack client crawls the simulated cloud (Keystone,
 * Nova, Neutron, Cinder, Glance, Octavia) over HTTP, the reconciler writes to a real SQLite store (the reconciler's
 * SQL is also tested on PostgreSQL in Reconciler.test).
 */
describe('OpenStack discovery against the simulated OpenStack', () => {
  const databases = TestDatabases.create({ ids: ['SQLITE_3'] });
  let sim: OpenStackSimulator;
  let world: OpenStackWorld;

  async function startWorld(servers: number, options: { maxPageSize?: number } = {}) {
    await sim?.close();
    world = generateOpenStackWorld({ seed: 17, regions: REGIONS, sizes: { servers } });
    sim = await startOpenStackSimulator({ world, maxPageSize: options.maxPageSize });
  }

  beforeEach(() => startWorld(40));

  afterEach(async () => {
    await sim?.close();
    sim = undefined as unknown as OpenStackSimulator;
  });

  const setup = (options: { password?: string; regions?: string[]; discoveryConfig?: Record<string, unknown> } = {}) =>
    setupSimulatedDiscovery(databases, sim, { ...options, regions: options.regions ?? REGIONS });

  const run = (service: DiscoveryRuns, list: string) => service.runNow('os', list);
  const total = (pick: (region: ReturnType<OpenStackWorld['region']>) => number) =>
    REGIONS.reduce((n, r) => n + pick(world.region(r)), 0);

  it('discovers every list page by page, with relations between the records', async () => {
    const { service, store, count } = await setup({ discoveryConfig: { openstack: { pageSize: 7 } } });
    for (const list of LISTS) {
      const status = await run(service, list);
      expect({ list, status: status.status, error: status.error, invalid: status.counts?.invalid }).toEqual({
        list,
        status: 'success',
        error: undefined,
        invalid: 0,
      });
      expect(status.regions!.map(r => [r.region, r.status, r.complete])).toEqual([
        [ONE, 'success', true],
        [TWO, 'success', true],
      ]);
    }
    // more than one page of every paginated call (7 items a page)
    expect(sim.stats.byOperation['compute GET /v2.1/servers/detail']).toBeGreaterThanOrEqual(2 * Math.ceil(40 / 7));
    expect(sim.stats.byOperation['network GET /v2.0/ports']).toBeGreaterThan(4);

    expect(await count('Server')).toBe(total(r => r.servers.length));
    expect(await count('Flavor')).toBe(total(r => r.flavors.length));
    expect(await count('Image')).toBe(total(r => r.images.length));
    expect(await count('Volume')).toBe(total(r => r.volumes.length));
    expect(await count('Snapshot')).toBe(total(r => r.snapshots.length));
    expect(await count('LoadBalancer')).toBe(total(r => r.loadBalancers.length));
    expect(await count('Network')).toBe(
      total(r => r.networks.length + r.subnets.length + r.ports.length + r.routers.length + r.securityGroups.length),
    );
    expect(await count('Datacenter')).toBe(1);

    // one server, translated: addresses, placement, and refs to records the other lists wrote
    const one = world.region(ONE);
    const sample = one.servers.find(s => s.image && s['os-extended-volumes:volumes_attached'].length)!;
    const [hit] = await store.findByKeyValues({ kind: 'Server', key: 'providerId', values: [sample.id] });
    const server = (await store.getRecord(hit.id))!;
    const spec = server.spec as any;
    expect(server.name).toBe(`os-${ACCOUNT.projectId.slice(0, 8)}-${ONE}-${sample.id}`);
    expect(spec).toMatchObject({
      hostname: sample.name,
      region: ONE,
      zone: sample['OS-EXT-AZ:availability_zone'],
      datacenter: 'datacenter:default/os',
      providerId: sample.id,
    });
    expect(spec.cpu).toBeGreaterThan(0);
    const names = (refs: string[]) => refs.map(r => r.split('/')[1]);
    expect(await store.findByNames('Flavor', names([spec.flavor]))).toHaveLength(1);
    expect(await store.findByNames('Image', names([spec.image]))).toHaveLength(1);
    const volumes = names(spec.storage.map((s: any) => s.volume));
    expect(await store.findByNames('Volume', volumes)).toHaveLength(
      sample['os-extended-volumes:volumes_attached'].length,
    );
    expect((await store.findByNames('Network', names(spec.networks))).length).toBe(spec.networks.length);
    expect(spec.networks.length).toBeGreaterThanOrEqual(3); // network, subnet, security group(s)
    const [volume] = await store.findByNames('Volume', [volumes[0]]);
    expect((await store.getRecord(volume.id))!.spec).toMatchObject({ server: `server:default/${server.name}` });

    // load balancers point at servers that exist
    const lbs = await store.listRecords({ kind: 'LoadBalancer', limit: 100 });
    const targets = lbs.items.flatMap(lb => ((lb.spec as any).targets ?? []) as string[]);
    expect(targets.length).toBeGreaterThan(0);
    expect(await store.findByNames('Server', [...new Set(names(targets))])).toHaveLength(new Set(targets).size);
  });

  it('writes nothing when nothing changed, and records a change with the crawler as author', async () => {
    const { service, store, changeCount } = await setup();
    await run(service, 'server-list');
    const before = await changeCount();
    const again = await run(service, 'server-list');
    expect(again.counts).toMatchObject({ created: 0, changed: 0, deactivated: 0 });
    expect(again.counts!.unchanged).toBe(again.counts!.seen);
    expect(await changeCount()).toBe(before);

    const renamed = world.region(ONE).servers[3];
    renamed.name = 'renamed-by-test';
    const third = await run(service, 'server-list');
    expect(third.counts).toMatchObject({ changed: 1 });
    const [hit] = await store.findByKeyValues({ kind: 'Server', key: 'providerId', values: [renamed.id] });
    const [latest] = await store.history(hit.id, { limit: 1 });
    expect(latest).toMatchObject({
      action: 'update',
      actor: 'maestro:discovery/os',
      reason: `server-list ${ONE} run ${third.runId}`,
    });
    expect(latest.after).toMatchObject({
      title: 'renamed-by-test',
      spec: expect.objectContaining({ hostname: 'renamed-by-test' }),
    });
  });

  it('keeps an image shared by two regions unchanged in each region, its region stable', async () => {
    const { service, store, changeCount } = await setup();
    // one Glance image (same id) visible in both regions, as with a Glance shared between regions
    const shared = world.region(ONE).images[0];
    world.region(TWO).images.push(shared);
    const first = await run(service, 'images-list');
    expect(first.status).toBe('success');
    const settled = await changeCount();
    for (let i = 0; i < 2; i++) {
      const again = await run(service, 'images-list');
      expect(again.counts).toMatchObject({ changed: 0, created: 0, deactivated: 0 });
      expect(again.regions!.map(r => r.counts.unchanged)).toEqual([
        world.region(ONE).images.length,
        world.region(TWO).images.length,
      ]);
    }
    expect(await changeCount()).toBe(settled);
    const [record] = await store.findByKeyValues({ kind: 'Image', key: 'providerId', values: [shared.id] });
    expect(await store.history(record.id, { limit: 10 })).toHaveLength(1);
    expect((await store.getRecord(record.id))!.spec).toMatchObject({ region: ONE });
  });

  it('recovers from a token revoked in the middle of a crawl', async () => {
    await startWorld(60, { maxPageSize: 10 });
    const { service, count } = await setup();
    sim.faults = { unauthorizedAfterRequests: 4 };
    const status = await run(service, 'server-list');
    expect(status).toMatchObject({ status: 'success', failures: 0 });
    expect(sim.stats.unauthorized).toBeGreaterThan(0);
    expect(sim.stats.tokensIssued).toBeGreaterThanOrEqual(2);
    expect(await count('Server')).toBe(total(r => r.servers.length));
  });

  it('reports a region without Octavia as "service not available", without requests or removals', async () => {
    const { service, count, notifications } = await setup();
    expect((await run(service, 'loadbalance-list')).status).toBe('success');
    const lbs = await count('LoadBalancer');
    expect(lbs).toBe(total(r => r.loadBalancers.length));

    sim.faults = { missingServices: ['load-balancer'] };
    sim.resetStats();
    const status = await run(service, 'loadbalance-list');
    expect(status).toMatchObject({ status: 'unavailable', failures: 0 });
    expect(status.error).toBeUndefined();
    expect(status.regions!.map(r => [r.region, r.status, r.complete, r.counts.deactivated])).toEqual([
      [ONE, 'unavailable', false, 0],
      [TWO, 'unavailable', false, 0],
    ]);
    expect(status.regions![0].error).toMatch(/service not available: .*load-balancer/);
    expect(sim.stats.serviceRequests).toBe(0); // one catalog check, no request
    expect(await count('LoadBalancer')).toBe(lbs);
    expect(notifications.send).not.toHaveBeenCalled();
    for (const list of ['server-list', 'network-list', 'volumes-list']) {
      expect({ list, status: (await run(service, list)).status }).toEqual({ list, status: 'success' });
    }
  });

  it('lists servers without Neutron (no network refs), and reports the Neutron lists as not available', async () => {
    const { service, store, count } = await setup();
    sim.faults = { missingServices: ['network'] };
    const servers = await run(service, 'server-list');
    expect(servers).toMatchObject({ status: 'success', failures: 0 });
    expect(await count('Server')).toBe(total(r => r.servers.length));
    const sample = (await store.listRecords({ kind: 'Server', limit: 1 })).items[0];
    expect(sample.spec).not.toHaveProperty('networks');
    expect((sample.spec as any).flavor).toBeDefined();
    for (const list of ['network-list', 'security-list']) {
      expect({ list, status: (await run(service, list)).status }).toEqual({ list, status: 'unavailable' });
    }
    // Neutron back: the servers get their networks
    sim.faults = {};
    expect((await run(service, 'server-list')).counts).toMatchObject({ changed: total(r => r.servers.length) });
  });

  it('fails a region the catalog does not have, with the regions it has', async () => {
    const { service } = await setup({ regions: [ONE, 'RegionThree'] });
    const status = await run(service, 'flavor-list');
    expect(status.status).toBe('error');
    expect(status.regions!.map(r => [r.region, r.status])).toEqual([
      [ONE, 'success'],
      ['RegionThree', 'error'],
    ]);
    expect(status.error).toMatch(
      /RegionThree: region RegionThree is not in the service catalog .*RegionOne, RegionTwo/,
    );
  });

  it('fails only the lists of a failing service, and leaves their records intact', async () => {
    const { service, count, notifications } = await setup();
    await run(service, 'volumes-list');
    await run(service, 'snapshot-list');
    const volumes = await count('Volume');
    const snapshots = await count('Snapshot');
    expect(volumes).toBeGreaterThan(0);
    sim.faults = { failServices: { volumev3: 503 } };
    const failed = await run(service, 'volumes-list');
    expect(failed).toMatchObject({ status: 'error', failures: 1 });
    expect(failed.error).toMatch(/HTTP 503/);
    expect(failed.regions!.every(r => r.status === 'error' && !r.complete && r.counts.deactivated === 0)).toBe(true);
    expect((await run(service, 'snapshot-list')).status).toBe('error');
    expect(await count('Volume')).toBe(volumes);
    expect(await count('Snapshot')).toBe(snapshots);
    expect(await count('Volume', false)).toBe(0);
    for (const list of ['server-list', 'images-list', 'flavor-list']) {
      expect({ list, status: (await run(service, list)).status }).toEqual({ list, status: 'success' });
    }
    expect(notifications.send).toHaveBeenCalledWith(
      expect.objectContaining({
        payload: expect.objectContaining({ title: 'Maestro discovery failing: os volumes-list' }),
      }),
    );
    sim.faults = {};
    expect((await run(service, 'volumes-list')).failures).toBe(0);
  });

  it('removes networks only in the regions whose network listing is complete', async () => {
    const { service, count } = await setup();
    await run(service, 'network-list');
    const networks = await count('Network');
    world.region(ONE).routers.splice(0, 1);
    sim.faults = { failRegions: [TWO] };
    const status = await run(service, 'network-list');
    expect(status.regions!.map(r => [r.region, r.status, r.complete])).toEqual([
      [ONE, 'success', true],
      [TWO, 'error', false],
    ]);
    expect(status.regions![0].counts.deactivated).toBe(1);
    expect(status.regions![1].counts.deactivated).toBe(0);
    expect(await count('Network')).toBe(networks - 1);
  });

  it('deactivates a deleted server after a complete listing, and nothing in a region whose listing failed', async () => {
    const { service, store, count } = await setup();
    await run(service, 'server-list');
    const servers = await count('Server');
    const goneOne = world.region(ONE).servers[0].id;
    const goneTwo = world.region(TWO).servers[0].id;
    world.removeServer(ONE, goneOne);
    world.removeServer(TWO, goneTwo);
    sim.faults = { failRegions: [TWO] };
    const status = await run(service, 'server-list');
    expect(status.status).toBe('error');
    expect(status.regions!.map(r => [r.region, r.status, r.complete, r.counts.deactivated])).toEqual([
      [ONE, 'success', true, 1],
      [TWO, 'error', false, 0],
    ]);
    expect(await count('Server')).toBe(servers - 1);
    const removed = await store.listRecords({ kind: 'Server', active: false, limit: 10 });
    expect(removed.items.map(r => (r.spec as any).providerId)).toEqual([goneOne]);

    sim.faults = {};
    const recovered = await run(service, 'server-list');
    expect(recovered.status).toBe('success');
    expect(await count('Server')).toBe(servers - 2);
  });

  it('fails the run with a clear message on a wrong password, never writing the password', async () => {
    const wrong = 'wrong-password-never-logged-5c1d';
    const { service, logged, count } = await setup({ password: wrong });
    const status = await run(service, 'server-list');
    expect(status.status).toBe('error');
    expect(status.error).toMatch(/Keystone .* rejected the credentials of user "maestro-demo"/);
    expect(status.regions ?? []).toEqual([]);
    expect(await count('Server')).toBe(0);
    const statuses = JSON.stringify(await service.statuses('os'));
    for (const text of [logged(), statuses]) {
      expect(text).not.toContain(wrong);
      expect(text).not.toContain(ACCOUNT.password);
    }
    expect(logged()).toContain('server-list');
  });

  it.each(['quo"te\\back-slash', 'pct%41&plus+', 'ünïcödé-Пароль-🔑'])(
    'keeps a password that Keystone echoes, in any encoding, out of the status, the log and the database: %s',
    async password => {
      const { service, logged, knex } = await setup({ password });
      sim.faults = { echoAuthRequests: true };
      const status = await run(service, 'server-list');
      expect(status.status).toBe('error');
      expect(status.error).toMatch(/identity POST .* returned HTTP 400: Invalid request body: .*\*\*\*/);
      const stored = JSON.stringify(await knex('maestro_discovery_status').select());
      const texts = [logged(), JSON.stringify(await service.statuses('os')), stored];
      for (const form of secretForms(password)) {
        for (const text of texts) expect(text.toLowerCase()).not.toContain(form.toLowerCase());
      }
      for (const text of texts) expect(text).not.toContain(password.slice(0, 5));
    },
  );

  it('never writes the password into logs, statuses or records of a working connection', async () => {
    const { service, logged, store } = await setup();
    sim.faults = { failServices: { image: 500 } };
    await run(service, 'images-list');
    await run(service, 'server-list');
    const statuses = JSON.stringify(await service.statuses('os'));
    const records = JSON.stringify(await store.listRecords({ limit: 5000 }));
    for (const text of [logged(), statuses, records]) expect(text).not.toContain(ACCOUNT.password);
    expect(logged()).toContain('images-list');
  });
});
