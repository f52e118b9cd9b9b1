import { mockServices } from '@backstage/backend-test-utils';
import type { SubscriptionTarget } from '@maestro/plugin-maestro-common';
import { describeEachDatabase, migrateTestDatabase } from '../__testUtils__/databases';
import { testServer } from '../__testUtils__/rulesHarness';
import { KnexInventoryStore } from '../records/KnexInventoryStore';
import { Subscriptions } from './Subscriptions';

const server = (name: string, spec: Record<string, unknown> = {}, owner?: string) =>
  testServer(name, { cpu: 2, ...spec }, owner);

jest.setTimeout(60_000);

const alice = { actor: 'user:default/alice' };
const bob = { actor: 'user:default/bob' };
const crawler = { actor: 'maestro:discovery/aws-prod', source: 'discovery/aws-prod' };

describeEachDatabase('Subscriptions', (databases, databaseId) => {
  async function setUp() {
    const knex = await migrateTestDatabase(await databases.init(databaseId));
    const database = mockServices.database({ knex });
    const store = await KnexInventoryStore.create({ database });
    const sent: any[] = [];
    const clock = { now: Date.parse('2026-12-06T10:00:00Z') };
    /** A replica: its own inventory store instance (its feed) and its own Subscriptions. */
    const replica = async (name: string) =>
      new Subscriptions({
        db: knex,
        store: await KnexInventoryStore.create({ database }),
        logger: mockServices.logger.mock(),
        notifications: { send: async (n: any) => void sent.push(n) },
        now: () => clock.now,
        replica: name,
      });
    const one = await replica('one');
    await one.matcher.ensureCursor();
    const subscribe = (
      subscriber: string,
      target: SubscriptionTarget,
      more: { delivery?: 'immediate' | 'daily'; events?: any[]; owners?: string[] } = {},
    ) =>
      one.store.create(
        {
          subscriber,
          target,
          events: more.events ?? ['changes', 'deactivations', 'discoveryFailures'],
          delivery: more.delivery ?? 'immediate',
        },
        { actor: subscriber, now: new Date(clock.now).toISOString(), owners: more.owners ?? [subscriber] },
      );
    const titlesTo = (ref: string) => sent.filter(n => n.recipients.entityRef === ref).map(n => n.payload.title);
    return { knex, store, sent, clock, one, replica, subscribe, titlesTo };
  }

  it('notifies each watcher once per change, across two replicas following the feed at once', async () => {
    const h = await setUp();
    const two = await h.replica('two');
    await h.subscribe('user:default/jane', { type: 'entity', entityRef: 'server:default/web-01' });
    await h.subscribe('group:default/ops', { type: 'kind', kind: 'Server', environment: 'production' });
    const web = await h.store.createRecord(server('web-01'), alice);
    let version = web.version;
    for (let cpu = 3; cpu <= 12; cpu++) {
      version = (await h.store.updateRecord(web.id, { version, spec: { ...web.spec, cpu } }, alice)).version;
    }
    await h.store.createRecord(server('staging-1', { environment: 'staging' }), alice);
    await Promise.all([h.one.matcher.run(), two.matcher.run(), h.one.matcher.run(), two.matcher.run()]);
    await Promise.all([h.one.sendImmediate(), two.sendImmediate()]);
    await Promise.all([h.one.sendImmediate(), two.sendImmediate()]);

    // 1 create + 10 updates each, never twice, and nothing about the staging server
    expect(h.titlesTo('user:default/jane')).toHaveLength(11);
    expect(h.titlesTo('group:default/ops')).toHaveLength(11);
    expect(h.titlesTo('user:default/jane')[0]).toBe('Server web-01 created');
    expect(h.titlesTo('user:default/jane')).toContain('Server web-01 changed: cpu 2 → 3');
    const last = h.sent.find(n => n.payload.title === 'Server web-01 changed: cpu 11 → 12');
    expect(last.payload).toMatchObject({
      link: '/catalog/default/server/web-01',
      scope: `maestro-subscription:record:${web.id}`,
      topic: 'maestro-subscriptions',
    });
    expect(last.payload.description).toContain('by user:default/alice');
    // a group's notification leaves out the member who made the change
    expect(h.sent.find(n => n.recipients.entityRef === 'group:default/ops').recipients.excludeEntityRef).toBe(
      'user:default/alice',
    );
    expect(await h.knex('maestro_subscription_notices').whereNot({ status: 'sent' })).toEqual([]);
  });

  it("matches kinds by datacenter and environment, owners, and events; a user's own edits are not told", async () => {
    const h = await setUp();
    await h.subscribe('user:default/alice', { type: 'kind', kind: 'Server' });
    await h.subscribe('user:default/dc', { type: 'kind', kind: 'Server', datacenter: 'datacenter:default/os-lab' });
    await h.subscribe('user:default/owner', { type: 'owned' }, { owners: ['group:default/team-b'] });
    await h.subscribe('user:default/gone', { type: 'kind', kind: 'Server' }, { events: ['deactivations'] });
    const lab = await h.store.createRecord(server('lab-1', { datacenter: 'os-lab' }, 'group:default/team-b'), bob);
    await h.store.createRecord(server('own-1'), alice);
    await h.store.setActive(lab.id, false, { version: lab.version }, crawler);
    await h.one.matcher.run();
    await h.one.sendImmediate();

    expect(h.titlesTo('user:default/alice')).toEqual(['Server lab-1 created', 'Server lab-1 deactivated']);
    expect(h.titlesTo('user:default/dc')).toEqual(['Server lab-1 created', 'Server lab-1 deactivated']);
    expect(h.titlesTo('user:default/owner')).toEqual(['Server lab-1 created', 'Server lab-1 deactivated']);
    expect(h.titlesTo('user:default/gone')).toEqual(['Server lab-1 deactivated']);
  });

  it('gathers daily notices into one digest per subscriber, once a day at the digest time', async () => {
    const h = await setUp();
    await h.subscribe('user:default/jane', { type: 'kind', kind: 'Server' }, { delivery: 'daily' });
    await h.store.createRecord(server('web-1'), alice);
    await h.store.createRecord(server('web-2'), alice);
    await h.one.matcher.run();
    await h.one.sendImmediate();
    expect(h.sent).toEqual([]);

    // 10:00 UTC, digest at 08:00 (the default): today's has not run yet
    expect(await h.one.digestDue(h.clock.now)).toBe(true);
    expect(await h.one.sendDigests()).toBe(1);
    expect(h.sent).toHaveLength(1);
    expect(h.sent[0].recipients).toEqual({ type: 'entity', entityRef: 'user:default/jane' });
    expect(h.sent[0].payload.title).toBe('Maestro daily digest: 2 updates');
    expect(h.sent[0].payload.description).toBe('• Server web-1 created\n• Server web-2 created');
    expect(await h.one.digestDue(h.clock.now + 3_600_000)).toBe(false);
    // the next day at 07:59: not yet; at 08:00: due
    expect(await h.one.digestDue(Date.parse('2026-12-07T07:59:00Z'))).toBe(false);
    expect(await h.one.digestDue(Date.parse('2026-12-07T08:00:00Z'))).toBe(true);
    h.clock.now = Date.parse('2026-12-07T08:00:00Z');
    expect(await h.one.sendDigests()).toBe(0);
    expect(h.sent).toHaveLength(1);
  });

  it("tells those watching a failing connection's datacenter, its list's kinds, or owning it", async () => {
    const h = await setUp();
    await h.knex('maestro_discovery_scope_index').insert({
      incarnation: 'config',
      connection_id: 'aws-prod',
      provider_id: 'i-1',
      list: 'server-list',
      region: 'eu-west-1',
      kind: 'Server',
      record_id: '00000000-0000-4000-8000-000000000001',
      record_name: 'web-1',
      checksum: 'x',
      fields: '[]',
      active: true,
      seen_at: new Date(h.clock.now).toISOString(),
    });
    await h.subscribe('user:default/dc', { type: 'entity', entityRef: 'datacenter:default/aws-prod' });
    await h.subscribe('user:default/servers', { type: 'kind', kind: 'Server' });
    await h.subscribe('user:default/owner', { type: 'owned' }, { owners: ['group:default/cloud'] });
    await h.subscribe('user:default/volumes', { type: 'kind', kind: 'Volume' });
    await h.subscribe('user:default/other-dc', { type: 'kind', kind: 'Server', datacenter: 'os-lab' });
    await h.subscribe('user:default/quiet', { type: 'kind', kind: 'Server' }, { events: ['changes'] });
    const failure = {
      connectionId: 'aws-prod',
      list: 'server-list',
      datacenter: 'aws-prod',
      owner: 'group:default/cloud',
      error: 'AccessDenied: ec2:DescribeInstances',
    };
    await h.one.discoveryFailing(failure);
    await h.one.sendImmediate();
    const told = h.sent.map(n => n.recipients.entityRef).sort();
    expect(told).toEqual(['user:default/dc', 'user:default/owner', 'user:default/servers']);
    expect(h.sent[0].payload).toMatchObject({
      title: 'Discovery failing: aws-prod server-list',
      link: '/maestro/discovery/aws-prod',
    });
    expect(h.sent[0].payload.description).toContain('AccessDenied');
  });
});
