import { TestDatabases } from '@backstage/backend-test-utils';
import {
  generateOpenStackWorld,
  type OpenStackSimulator,
  type OpenStackSimulatorOptions,
  type OpenStackWorld,
  startOpenStackSimulator,
} from '@maestro/cloud-simulator';
import { setupSimulatedDiscovery } from '../../__testUtils__/simulatedOpenStackDiscovery';

jest.setTimeout(120_000);

const ONE = 'RegionOne';

/**
 * Nova as clouds of several releases serve it, through the driver into the store: cells that go down (2.69 stubs),
 * clouds older than the client's newest microversion, flavors re-created under their names, short-lived tokens.
 */
describe('OpenStack discovery of Nova across releases and failures', () => {
  const databases = TestDatabases.create({ ids: ['SQLITE_3'] });
  let sim: OpenStackSimulator;
  let world: OpenStackWorld;

  async function start(options: Partial<OpenStackSimulatorOptions> = {}) {
    world = generateOpenStackWorld({ seed: 31, regions: [ONE], sizes: { servers: 30 } });
    sim = await startOpenStackSimulator({ world, ...options });
    return setupSimulatedDiscovery(databases, sim, { regions: [ONE], discoveryConfig: { openstack: { pageSize: 7 } } });
  }

  afterEach(async () => {
    await sim?.close();
  });

  describe('a cell that goes down and comes back (microversion 2.69 and later)', () => {
    it('keeps the last known data, marks the state unknown, writes no churn, and never deactivates', async () => {
      const { run, server, changeCount, count, knex } = await start();
      expect((await run('server-list')).status).toBe('success');
      const total = world.region(ONE).servers.length;
      const [a, b] = world.region(ONE).servers.filter(s => s.status === 'ACTIVE');
      const before = { a: await server(a.id), b: await server(b.id) };
      expect(before.a!.spec).toMatchObject({
        status: 'active',
        cpu: expect.any(Number),
        ipv4Private: expect.any(String),
      });

      // the cell goes down: two stubs, one history entry each (the state), nothing else touched
      sim.faults = { downCellServers: [a.id, b.id] };
      const changes = await changeCount();
      const down = await run('server-list');
      expect(down).toMatchObject({ status: 'success' });
      expect(down.counts).toMatchObject({ seen: total, changed: 2, deactivated: 0, invalid: 0, created: 0 });
      expect(await changeCount()).toBe(changes + 2);
      for (const [id, was] of [
        [a.id, before.a!],
        [b.id, before.b!],
      ] as const) {
        const now = (await server(id))!;
        expect(now.title).toBe(was.title);
        expect(now.active).toBe(true);
        expect(now.spec).toEqual({ ...was.spec, status: 'unknown' });
      }

      // still down: the same stubs, nothing written
      const changesDown = await changeCount();
      const again = await run('server-list');
      expect(again.counts).toMatchObject({ changed: 0, unchanged: total, deactivated: 0 });
      expect(await changeCount()).toBe(changesDown);

      // the cell is back with unchanged data: only the state changes back
      sim.faults = {};
      const back = await run('server-list');
      expect(back.counts).toMatchObject({ changed: 2, deactivated: 0 });
      expect((await server(a.id))!.spec).toEqual(before.a!.spec);
      expect((await server(a.id))!.title).toBe(before.a!.title);
      const history = await knex('maestro_changes').where({ name: before.a!.name }).orderBy('seq');
      expect(history.map(h => h.action)).toEqual(['create', 'update', 'update']);
      expect(await count('Server')).toBe(total);
      expect(await count('Server', false)).toBe(0);
    });

    it('does not create a server first seen as a stub, and reports it', async () => {
      const { run, server, count } = await start();
      const [fresh] = world.region(ONE).servers.splice(0, 1);
      await run('server-list');
      world.region(ONE).servers.push(fresh);
      sim.faults = { downCellServers: [fresh.id] };
      const status = await run('server-list');
      expect(status.status).toBe('success');
      expect(status.counts).toMatchObject({ invalid: 1, created: 0 });
      expect(status.regions![0].invalid).toEqual([
        { providerId: fresh.id, problems: expect.stringMatching(/only partly answered by the provider/) },
      ]);
      expect(await server(fresh.id)).toBeUndefined();
      sim.faults = {};
      expect((await run('server-list')).counts).toMatchObject({ created: 1 });
      expect((await server(fresh.id))!.title).toBe(fresh.name);
      expect(await count('Server')).toBe(world.region(ONE).servers.length);
    });
  });

  describe('clouds older than Train', () => {
    it.each([
      ['Queens', '2.60'],
      ['Rocky', '2.65'],
      ['Stein', '2.72'],
    ])('lists the servers and flavors of %s (Nova up to %s)', async (_, max) => {
      const { run, count, server } = await start({ novaMaxMicroversion: max });
      for (const list of ['server-list', 'flavor-list']) {
        const status = await run(list);
        expect({ list, status: status.status, error: status.error }).toEqual({
          list,
          status: 'success',
          error: undefined,
        });
      }
      expect(await count('Server')).toBe(world.region(ONE).servers.length);
      expect(await count('Flavor')).toBe(world.region(ONE).flavors.length);
      const sample = world.region(ONE).servers[0];
      expect((await server(sample.id))!.spec).toMatchObject({ cpu: expect.any(Number), flavor: expect.any(String) });
      expect(sim.stats.byOperation['compute GET /v2.1']).toBe(2); // the version document, once per run
    });

    it('takes computeMicroversion as an override', async () => {
      world = generateOpenStackWorld({ seed: 31, regions: [ONE], sizes: { servers: 5 } });
      sim = await startOpenStackSimulator({ world, novaMaxMicroversion: '2.60' });
      const { run } = await setupSimulatedDiscovery(databases, sim, {
        regions: [ONE],
        discoveryConfig: { openstack: { computeMicroversion: '2.79' } },
      });
      const status = await run('server-list');
      expect(status.status).toBe('error');
      expect(status.error).toMatch(
        /HTTP 406: Version 2.79 is not supported by the API. Minimum is 2.1 and maximum is 2.60/,
      );
    });
  });

  describe('a flavor deleted and re-created under its name', () => {
    it.each([
      ['with embedded flavors (2.47 and later)', '2.79'],
      ['with flavor ids (before 2.47)', '2.46'],
    ])('is not linked to the servers built from the old one, %s', async (_, max) => {
      const { run, server, store } = await start({ novaMaxMicroversion: max });
      const built = world.region(ONE).servers[0];
      const old = world.region(ONE).flavors.find(f => f.name === built.flavor.original_name)!;
      const replacement = world.replaceFlavor(ONE, old.name, { vcpus: old.vcpus + 4, ram: old.ram * 2 });
      const same = world
        .region(ONE)
        .servers.find(
          s =>
            s.flavor.original_name !== old.name &&
            world.region(ONE).flavors.some(f => f.name === s.flavor.original_name),
        )!;
      await run('flavor-list');
      await run('server-list');
      const spec = (await server(built.id))!.spec as Record<string, unknown>;
      const [flavorRecord] = await store.findByKeyValues({
        kind: 'Flavor',
        key: 'providerId',
        values: [`${world.account.projectId}:${ONE}:flavor/${replacement.id}`],
      });
      expect(flavorRecord).toBeDefined();
      expect(spec.flavor).toBeUndefined(); // not `flavor:default/<the new flavor>`
      // from 2.47 the server's own copy of its flavor gives its size; before, the old flavor is not listed any more
      expect(spec.cpu).toBe(max === '2.79' ? old.vcpus : undefined);
      // servers of flavors that were not re-created keep their link
      expect((await server(same.id))!.spec).toMatchObject({ flavor: expect.stringMatching(/^flavor:default\//) });
    });

    it('links a flavor re-created with the same sizes (it describes the same server) at 2.47 and later', async () => {
      const { run, server } = await start();
      const built = world.region(ONE).servers[0];
      const replacement = world.replaceFlavor(ONE, built.flavor.original_name, {});
      await run('server-list');
      expect((await server(built.id))!.spec).toMatchObject({
        flavor: expect.stringContaining(replacement.id.slice(0, 8)),
      });
    });
  });

  describe('short-lived tokens', () => {
    it('reuses a 30 s token for the whole run instead of authenticating before every request', async () => {
      const { run } = await start({ tokenTtlSeconds: 30 });
      sim.resetStats();
      const status = await run('server-list');
      expect(status.status).toBe('success');
      expect(sim.stats.serviceRequests).toBeGreaterThan(8); // pages of 7 servers, flavors, ports
      expect(sim.stats.authRequests).toBe(1);
    });
  });
});
