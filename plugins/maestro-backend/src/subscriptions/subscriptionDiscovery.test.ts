import { mockServices, TestDatabases } from '@backstage/backend-test-utils';
import { generateOpenStackWorld, startOpenStackSimulator, type OpenStackSimulator } from '@maestro/cloud-simulator';
import { setupSimulatedDiscovery } from '../__testUtils__/simulatedOpenStackDiscovery';
import { Subscriptions } from './Subscriptions';

jest.setTimeout(120_000);

/**
 * Subscriptions fed by real discovery: Maestro's OpenStack driver crawls the simulated OpenStack over HTTP, the
 * reconciler writes the store, the subscriptions follow its change feed.
 */
describe('subscriptions and discovery against the simulated OpenStack', () => {
  const databases = TestDatabases.create({ ids: ['SQLITE_3'] });
  let sim: OpenStackSimulator;

  beforeEach(async () => {
    sim = await startOpenStackSimulator({
      world: generateOpenStackWorld({ seed: 5, regions: ['RegionOne'], sizes: { servers: 6 } }),
    });
  });
  afterEach(() => sim.close());

  async function setUp(password?: string) {
    const sent: any[] = [];
    // discovery is created first and tells the subscriptions made on its database
    const late: { subscriptions?: Subscriptions } = {};
    const discovery = await setupSimulatedDiscovery(databases, sim, {
      regions: ['RegionOne'],
      password,
      onFailing: failure => late.subscriptions!.discoveryFailing(failure),
    });
    const subscriptions = new Subscriptions({
      db: discovery.knex,
      store: discovery.store,
      logger: mockServices.logger.mock(),
      notifications: { send: async (n: any) => void sent.push(n) },
    });
    await subscriptions.matcher.ensureCursor();
    // jane watches what her group ops owns (the connection's owner, so every discovered record)
    await subscriptions.store.create(
      {
        subscriber: 'user:default/jane',
        target: { type: 'owned' },
        events: ['changes', 'deactivations', 'discoveryFailures'],
        delivery: 'immediate',
      },
      { actor: 'user:default/jane', now: new Date().toISOString(), owners: ['user:default/jane', 'group:default/ops'] },
    );
    late.subscriptions = subscriptions;
    const deliver = async () => {
      await subscriptions.matcher.run();
      await subscriptions.sendImmediate();
    };
    return { ...discovery, subscriptions, sent, deliver };
  }

  it('notifies of what a crawl created, and of nothing when a re-crawl finds nothing changed', async () => {
    const h = await setUp();
    await h.run('server-list');
    await h.deliver();
    const servers = await h.count('Server');
    expect(servers).toBeGreaterThan(0);
    const created = h.sent.filter(n => /^Server .* created$/.test(n.payload.title));
    expect(created).toHaveLength(servers);
    expect(created.every(n => n.recipients.entityRef === 'user:default/jane')).toBe(true);
    const before = { sent: h.sent.length, changes: await h.changeCount() };

    await h.run('server-list');
    await h.deliver();
    expect(await h.changeCount()).toBe(before.changes);
    expect(h.sent).toHaveLength(before.sent);
  });

  it('tells the owner-watcher once when a crawl starts failing, not on every failed run', async () => {
    const h = await setUp('a-wrong-password');
    await h.run('server-list');
    await h.deliver();
    await h.run('server-list');
    await h.deliver();
    const failing = h.sent.filter(n => n.payload.title === 'Discovery failing: os server-list');
    expect(failing).toHaveLength(1);
    expect(failing[0]).toMatchObject({
      recipients: { type: 'entity', entityRef: 'user:default/jane' },
      payload: { link: '/maestro/discovery/os', scope: 'maestro-subscription:discovery:os:server-list' },
    });
  });
});
