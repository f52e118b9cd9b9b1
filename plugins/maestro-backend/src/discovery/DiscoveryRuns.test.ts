import { mockServices } from '@backstage/backend-test-utils';
import { ConfigReader } from '@backstage/config';
import type { JsonObject } from '@backstage/types';
import { describeEachDatabase, migrateTestDatabase } from '../__testUtils__/databases';
import { KnexInventoryStore } from '../records/KnexInventoryStore';
import { RecordValidator } from '../records/RecordValidator';
import { ConnectionStore, parseConnectionInput } from './ConnectionStore';
import type { DiscoveryDriver } from '@maestro/plugin-maestro-node';
import { JobRunner } from '../jobs';
import { discoveryOptionsFromConfig } from './discoveryOptions';
import { DiscoveryRuns } from './DiscoveryRuns';
import { INDEX_TABLE } from './reconcileIndex';
import { Reconciler } from './Reconciler';
import type { DiscoveredRecord } from './types';
import { systemInventory } from '../__testUtils__/systemInventory';

jest.setTimeout(60_000);

const T0 = Date.parse('2026-03-02T10:00:00.000Z');
const OWNER = 'group:default/platform';

/**
 * A cloud of "things" per region, read by a driver of its own (the AWS and OpenStack drivers are tested against
 * the simulators): what these tests look at is the service around it, scheduling, statuses, signals and
 * notifications, on both engines.
 */
function fakeCloud() {
  const world: Record<string, string[]> = {};
  const hooks: { failing: Set<string>; hold?: Promise<void>; entered?: () => void; runMs: number } = {
    failing: new Set(),
    runMs: 0,
  };
  const clock = { now: T0 };
  let crawls = 0;
  const thing = (region: string, id: string): DiscoveredRecord => ({
    kind: 'Server',
    providerId: `${region}/${id}`,
    name: `fake-${region}-${id}`,
    spec: { hostname: id, providerId: `${region}/${id}`, region },
  });
  const driver: DiscoveryDriver = {
    provider: 'fake' as any,
    lists: [{ id: 'things', title: 'Things', iamActions: ['fake:ListThings'], defaultFrequencyMinutes: 5 }],
    async open() {
      return {
        accountId: 'acct',
        async crawl(_list, region, emit) {
          crawls += 1;
          clock.now += hooks.runMs;
          if (hooks.failing.has(region)) throw new Error(`${region} is down: upstream said secret-detail`);
          hooks.entered?.();
          if (hooks.hold) await hooks.hold;
          for (const id of world[region] ?? []) emit(thing(region, id));
        },
        classify: () => 'error',
        close() {},
      };
    },
  };
  return { world, hooks, clock, driver, crawls: () => crawls };
}

const ids = (n: number) => Array.from({ length: n }, (_, i) => `t${i}`);

const configConnection = (extra: JsonObject = {}): JsonObject => ({
  id: 'fake-a',
  provider: 'fake',
  regions: ['r1', 'r2'],
  owner: OWNER,
  ...extra,
});

describe('discovery settings', () => {
  const options = (discovery: JsonObject) => () =>
    discoveryOptionsFromConfig(new ConfigReader({ maestro: { discovery } }));

  it('refuses out-of-bounds values at start-up, naming the key', () => {
    expect(options({})()).toEqual({
      massRemovalThreshold: 0.3,
      massRemovalMinimum: 10,
      concurrencyPerRegion: 2,
      tickSeconds: 30,
      signalRecipients: [],
    });
    expect(options({ tickSeconds: 45 })).toThrow('maestro.discovery.tickSeconds must divide a minute');
    expect(options({ tickSeconds: 3600 })).toThrow('maestro.discovery.tickSeconds');
    expect(options({ tickSeconds: 0 })).toThrow('maestro.discovery.tickSeconds');
    expect(options({ concurrencyPerRegion: 0 })).toThrow(
      'maestro.discovery.concurrencyPerRegion must be a whole number between 1 and 64',
    );
    expect(options({ concurrencyPerRegion: 1.5 })).toThrow('maestro.discovery.concurrencyPerRegion');
    expect(options({ massRemovalMinimum: -1 })).toThrow('maestro.discovery.massRemovalMinimum');
    expect(options({ massRemovalThreshold: 2 })).toThrow('maestro.discovery.massRemovalThreshold');
    expect(options({ signalRecipients: ['component:default/x'] })).toThrow(
      'maestro.discovery.signalRecipients[0] must be a user or group ref',
    );
    expect(options({ signalRecipients: ['Group:default/Discovery-Readers'] })().signalRecipients).toEqual([
      'group:default/discovery-readers',
    ]);
  });

  it('refuses a connection in app-config whose list interval is out of bounds, naming it', () => {
    const { driver } = fakeCloud();
    const config = new ConfigReader({
      maestro: { discovery: { connections: [configConnection({ lists: { things: { frequencyMinutes: 0 } } })] } },
    });
    expect(() => new ConnectionStore({ db: {} as any, config, drivers: new Map([['fake', driver]]) })).toThrow(
      'maestro.discovery.connections[0]: lists.things.frequencyMinutes: must be a whole number of minutes between 1 and 10080',
    );
  });
});

describeEachDatabase('DiscoveryRuns', (databases, databaseId) => {
  async function setup(options: { connections?: JsonObject[]; discovery?: JsonObject } = {}) {
    const cloud = fakeCloud();
    const knex = await databases.init(databaseId);
    const store = await KnexInventoryStore.create({
      database: mockServices.database({ knex: await migrateTestDatabase(knex) }),
    });
    const inventory = systemInventory(store);
    const config = new ConfigReader({
      maestro: { discovery: { ...options.discovery, connections: options.connections ?? [configConnection()] } },
    });
    const drivers = new Map([['fake', cloud.driver]]);
    const tasks = new Map<string, (signal: AbortSignal) => Promise<void>>();
    const scheduler = {
      scheduleTask: async (task: { id: string; fn: (signal: AbortSignal) => Promise<void> }) =>
        void tasks.set(task.id, task.fn),
      triggerTask: async () => {},
    };
    const signals = { publish: jest.fn(async (_signal: any) => {}) };
    const notifications = { send: jest.fn(async (_notification: any) => {}) };
    const logger = mockServices.logger.mock();
    const service = new DiscoveryRuns({
      db: knex,
      writer: inventory,
      connections: new ConnectionStore({ db: knex, config, drivers }),
      drivers,
      reconciler: new Reconciler({ db: knex, writer: inventory, validator: RecordValidator.create() }),
      jobs: new JobRunner({ scheduler: scheduler as any, logger, now: () => cloud.clock.now }),
      logger,
      signals: signals as any,
      notifications: notifications as any,
      options: discoveryOptionsFromConfig(config),
    });
    await service.scheduleAll();
    const tick = (connectionId = 'fake-a') =>
      tasks.get(`maestro-discovery:${connectionId}:things`)!(new AbortController().signal);
    const active = async () => (await store.listRecords({ kind: 'Server', active: true, limit: 1 })).totalCount;
    return { ...cloud, knex, store, service, tick, signals, notifications, drivers, active };
  }

  it("counts a list's interval from the start of its last run, and runs it at the tick nearest its due time", async () => {
    const { service, tick, clock, hooks, crawls } = await setup({
      connections: [configConnection({ regions: ['r1'], lists: { things: { frequencyMinutes: 1 } } })],
    });
    hooks.runMs = 20_000; // each run takes 20 s
    await tick();
    expect(crawls()).toBe(1);
    const [first] = await service.statuses('fake-a');
    expect(first).toMatchObject({
      startedAt: new Date(T0).toISOString(),
      finishedAt: new Date(T0 + 20_000).toISOString(),
    });
    for (const at of [30_000, 44_000]) {
      clock.now = T0 + at;
      await tick();
      expect(crawls()).toBe(1);
    }
    // the tick near one minute after the start (the scheduler's ticks are a few seconds off): due, not 90 s later
    clock.now = T0 + 57_000;
    await tick();
    expect(crawls()).toBe(2);
    // the next ticks: 33 s after that start (not due), then 63 s (due)
    clock.now = T0 + 90_000;
    await tick();
    expect(crawls()).toBe(2);
    clock.now = T0 + 120_000;
    await tick();
    expect(crawls()).toBe(3);
  });

  it('holds a mass removal as `held`, tells the owner once, and applies a confirmation only in its region and up to its count', async () => {
    const { service, world, notifications, active } = await setup();
    world.r1 = ids(30);
    world.r2 = ids(30);
    expect(await service.runNow('fake-a', 'things')).toMatchObject({ status: 'success' });
    world.r1 = ids(18);
    world.r2 = ids(18);
    const held = await service.runNow('fake-a', 'things');
    expect(held).toMatchObject({ status: 'held', failures: 0 });
    expect(held.held).toEqual([
      { region: 'r1', wouldDeactivate: 12, of: 30, threshold: 0.3 },
      { region: 'r2', wouldDeactivate: 12, of: 30, threshold: 0.3 },
    ]);
    expect(held.regions!.map(r => r.status)).toEqual(['held', 'held']);
    expect(notifications.send).toHaveBeenCalledTimes(1);
    expect(notifications.send).toHaveBeenLastCalledWith({
      recipients: { type: 'entity', entityRef: OWNER },
      payload: expect.objectContaining({
        title: 'Maestro discovery held a removal back: fake-a things',
        description: expect.stringContaining(
          'r1: would deactivate 12 of 30 (over 30 %); r2: would deactivate 12 of 30 (over 30 %)',
        ),
        link: '/maestro/discovery/fake-a',
      }),
    });
    // still held on the next run: not told again
    await service.runNow('fake-a', 'things');
    expect(notifications.send).toHaveBeenCalledTimes(1);

    // the operator confirms r1's 12 and r2's 12; r2's removal then grows to 20
    await service.requestSync('fake-a', { list: 'things', confirmRemovals: { region: 'r1', atMost: 12 } });
    await service.requestSync('fake-a', { list: 'things', confirmRemovals: { region: 'r2', atMost: 12 } });
    expect((await service.statuses('fake-a'))[0].confirmedRemovals).toEqual([
      { region: 'r1', atMost: 12 },
      { region: 'r2', atMost: 12 },
    ]);
    world.r2 = ids(10);
    const after = await service.runNow('fake-a', 'things');
    expect(after.regions!.map(r => [r.region, r.status, r.counts.deactivated])).toEqual([
      ['r1', 'success', 12],
      ['r2', 'held', 0],
    ]);
    expect(after).toMatchObject({
      status: 'held',
      held: [{ region: 'r2', wouldDeactivate: 20, of: 30, threshold: 0.3 }],
    });
    expect(after.confirmedRemovals).toBeUndefined(); // used by this run
    expect(await active()).toBe(18 + 30);
    // a confirmation is used once: r2 stays held on the next run
    expect((await service.runNow('fake-a', 'things')).held).toEqual([
      { region: 'r2', wouldDeactivate: 20, of: 30, threshold: 0.3 },
    ]);
    await expect(service.requestSync('fake-a', { confirmRemovals: { region: 'r2', atMost: 20 } })).rejects.toThrow(
      'list: is required',
    );
    await expect(
      service.requestSync('fake-a', { list: 'things', confirmRemovals: { region: 'r9', atMost: 20 } }),
    ).rejects.toThrow("confirmRemovals.region: must be one of the list's regions: r1, r2");
  });

  it("publishes progress only to the connection's owner and the configured readers, without error texts", async () => {
    const { service, world, hooks, signals } = await setup({
      discovery: { signalRecipients: ['group:default/Discovery-Readers', 'user:default/alice'] },
    });
    world.r1 = ids(3);
    hooks.failing.add('r2');
    await service.runNow('fake-a', 'things');
    expect(signals.publish.mock.calls.length).toBe(4); // running, r1, r2, finished
    for (const [signal] of signals.publish.mock.calls) {
      expect(signal.recipients).toEqual({
        type: 'user',
        entityRef: ['group:default/platform', 'group:default/discovery-readers', 'user:default/alice'],
      });
      expect(signal.channel).toBe('maestro:discovery');
      for (const key of Object.keys(signal.message)) {
        expect(['connectionId', 'list', 'status', 'runId', 'region', 'regionStatus', 'seen', 'counts']).toContain(key);
      }
    }
    expect(signals.publish.mock.calls.map(([s]) => s.message.status)).toEqual([
      'running',
      'running',
      'running',
      'error',
    ]);
    expect(JSON.stringify(signals.publish.mock.calls)).not.toContain('secret-detail');
  });

  it('forgets at start-up what a connection no longer defined discovered, so it holds no shared record', async () => {
    const { service, world, knex } = await setup();
    world.r1 = ids(2);
    await service.runNow('fake-a', 'things');
    const [kept] = await knex(INDEX_TABLE).where({ connection_id: 'fake-a' });
    await knex(INDEX_TABLE).insert({ ...kept, connection_id: 'removed-from-config' });
    await service.start();
    service.stop();
    expect((await knex(INDEX_TABLE).select('connection_id')).map(r => r.connection_id)).toEqual(['fake-a', 'fake-a']);
  });

  it('writes nothing for a connection deleted during its run; one created again with its id starts clean', async () => {
    const { service, world, hooks, drivers, knex, store, active } = await setup({ connections: [] });
    const input = parseConnectionInput({ id: 'fake-b', provider: 'fake', regions: ['r1'], owner: OWNER }, drivers);
    await service.connections.create(input, 'user:default/alice');
    world.r1 = ids(5);
    let release!: () => void;
    hooks.hold = new Promise<void>(resolve => (release = resolve));
    const entered = new Promise<void>(resolve => (hooks.entered = resolve));
    const stale = service.runNow('fake-b', 'things');
    await entered; // the crawl is reading
    await service.deleteConnection('fake-b');
    await service.connections.create(input, 'user:default/alice');
    release();
    hooks.hold = undefined;
    await stale;
    expect((await service.statuses('fake-b'))[0]).toMatchObject({ status: 'never' });
    expect(await active()).toBe(0);
    expect(await knex(INDEX_TABLE).where({ connection_id: 'fake-b' })).toEqual([]);

    // the new connection sees an empty region: nothing of the deleted one's is deactivated through it
    world.r1 = [];
    const fresh = await service.runNow('fake-b', 'things');
    expect(fresh).toMatchObject({ status: 'empty', counts: expect.objectContaining({ deactivated: 0 }) });
    expect((await store.listRecords({ kind: 'Server', active: false, limit: 1 })).totalCount).toBe(0);
  });
});
