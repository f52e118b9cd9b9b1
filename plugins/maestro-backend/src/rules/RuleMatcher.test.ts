import { describeEachDatabase } from '../__testUtils__/databases';
import { rulesOnDatabase, testServer as server, until } from '../__testUtils__/rulesHarness';

jest.setTimeout(60_000);

const alice = { actor: 'user:default/alice' };
const crawler = { actor: 'maestro:discovery/aws-prod', source: 'discovery/aws-prod' };
const HOUR = 3_600_000;

describeEachDatabase('RuleMatcher', (databases, databaseId) => {
  const setUp = () => rulesOnDatabase(databases, databaseId);

  it('matches each condition: events, actor, kinds, owners, datacenters, changed fields and filters', async () => {
    const h = await setUp();
    const { matcher } = await h.matcher();
    await matcher.ensureCursor();
    const rules = {
      deactivated: await h.addRule({ name: 'deactivated', events: ['deactivated'] }),
      person: await h.addRule({ name: 'person', events: ['created'], actor: 'person' }),
      discovery: await h.addRule({ name: 'discovery', events: ['created'], actor: 'discovery' }),
      databases: await h.addRule({ name: 'databases', conditions: { kinds: ['Database'] } }),
      owned: await h.addRule({ name: 'owned', events: ['created'], conditions: { owners: ['team-b'] } }),
      placed: await h.addRule({
        name: 'placed',
        events: ['created'],
        conditions: { datacenters: ['datacenter:default/OS-LAB'] },
      }),
      title: await h.addRule({ name: 'title', events: ['changed'], conditions: { changedFields: ['title'] } }),
      environment: await h.addRule({
        name: 'environment',
        events: ['changed'],
        conditions: { changedFields: ['spec.environment'] },
      }),
      production: await h.addRule({
        name: 'production servers deactivated',
        events: ['deactivated'],
        conditions: {
          kinds: ['Server'],
          filters: [{ field: 'spec.environment', op: 'eq', value: 'production' }],
        },
      }),
      disabled: await h.addRule({ name: 'disabled', enabled: false }),
    };

    const web1 = await h.store.createRecord(server('web-1'), alice);
    const web2 = await h.store.createRecord(server('web-2', { environment: 'staging' }), crawler);
    await h.store.createRecord(
      server('lab-1', { datacenter: 'datacenter:default/os-lab' }, 'group:default/team-b'),
      alice,
    );
    await h.store.createRecord({ kind: 'Database', name: 'db-1', owner: 'group:default/platform', spec: {} }, alice);
    const renamed = await h.store.updateRecord(web1.id, { version: 1, title: 'Web one' }, alice);
    const moved = await h.store.updateRecord(
      web2.id,
      { version: 1, spec: { ...web2.spec, environment: 'uat' } },
      alice,
    );
    await h.store.setActive(web1.id, false, { version: renamed.version }, alice);
    await h.store.setActive(web2.id, false, { version: moved.version }, crawler);

    expect(await matcher.run()).toBeGreaterThan(0);
    const rows = await h.deliveryRows();
    const matched = (ruleId: string) =>
      rows.filter(r => r.rule_id === ruleId).map(r => `${r.name} ${r.event} by ${r.actor.split(':')[0]}`);
    expect(matched(rules.deactivated.id)).toEqual(['web-1 deactivated by user', 'web-2 deactivated by maestro']);
    expect(matched(rules.person.id)).toEqual([
      'web-1 created by user',
      'lab-1 created by user',
      'db-1 created by user',
    ]);
    expect(matched(rules.discovery.id)).toEqual(['web-2 created by maestro']);
    expect(matched(rules.databases.id)).toEqual(['db-1 created by user']);
    expect(matched(rules.owned.id)).toEqual(['lab-1 created by user']);
    expect(matched(rules.placed.id)).toEqual(['lab-1 created by user']);
    expect(matched(rules.title.id)).toEqual(['web-1 changed by user']);
    expect(matched(rules.environment.id)).toEqual(['web-2 changed by user']);
    // web-2 was staging then uat: only web-1 is a production server
    expect(matched(rules.production.id)).toEqual(['web-1 deactivated by user']);
    expect(matched(rules.disabled.id)).toEqual([]);

    // what the action will need of the change is kept with the delivery
    const deactivation = rows.find(r => r.rule_id === rules.production.id);
    expect(deactivation).toMatchObject({ status: 'pending', attempts: 0, action_type: 'notify', kind: 'Server' });
    const context = JSON.parse(deactivation.context);
    expect(context.record).toMatchObject({ name: 'web-1', active: false, title: 'Web one' });
    expect(context.before).toMatchObject({ name: 'web-1', active: true });
    expect(context.changedFields).toEqual(['active']);
  });

  it('starts at the feed head, and a rule never sees changes from before it was created', async () => {
    const h = await setUp();
    const early = await h.addRule({ name: 'early' });
    await h.store.createRecord(server('old-1'), alice); // before the first start: not replayed
    const { matcher } = await h.matcher();
    expect(await matcher.ensureCursor()).toBe(1);
    await h.store.createRecord(server('new-1'), alice);
    await h.addRule({ name: 'late' });
    await h.store.createRecord(server('new-2'), alice);
    await matcher.run();
    const rows = await h.deliveryRows();
    expect(rows.map(r => `${r.rule_id === early.id ? 'early' : 'late'}:${r.name}`).sort()).toEqual([
      'early:new-1',
      'early:new-2',
      'late:new-2',
    ]);
    expect(await matcher.cursor()).toBe(3);
  });

  it('keeps its cursor across a restart: nothing lost, nothing twice', async () => {
    const h = await setUp();
    const rule = await h.addRule({
      actions: [
        { type: 'notify', to: { type: 'owner' } },
        { type: 'job', jobId: 'j1' },
      ],
    });
    const first = (await h.matcher()).matcher;
    await first.ensureCursor();
    await h.store.createRecord(server('a-1'), alice);
    await h.store.createRecord(server('a-2'), alice);
    await first.run();
    await first.stop();
    // written while no matcher runs
    await h.store.createRecord(server('a-3'), alice);
    const second = (await h.matcher()).matcher;
    await second.run();
    await second.run();
    const rows = await h.deliveryRows();
    expect(rows.map(r => `${r.name}#${r.action_index}`)).toEqual([
      'a-1#0',
      'a-1#1',
      'a-2#0',
      'a-2#1',
      'a-3#0',
      'a-3#1',
    ]);
    expect(new Set(rows.map(r => r.rule_id))).toEqual(new Set([rule.id]));
  });

  it('two replicas matching the same feed at once write each delivery once', async () => {
    const h = await setUp();
    await h.addRule({ name: 'one' });
    await h.addRule({ name: 'two', conditions: { kinds: ['Server'] } });
    const one = (await h.matcher({ batchSize: 7 })).matcher;
    const two = (await h.matcher({ batchSize: 7 })).matcher;
    await one.ensureCursor();
    const writes = (async () => {
      for (let i = 0; i < 60; i++) await h.store.createRecord(server(`s-${i}`), alice);
    })();
    const matching = async (m: typeof one) => {
      for (let i = 0; i < 40; i++) {
        await m.run();
        await new Promise(r => setTimeout(r, 5));
      }
    };
    await Promise.all([writes, matching(one), matching(two)]);
    await Promise.all([one.run(), two.run()]);
    const rows = await h.deliveryRows();
    expect(rows).toHaveLength(120);
    expect(new Set(rows.map(r => `${r.rule_id}:${r.change_position}`)).size).toBe(120);
    expect(await one.cursor()).toBe(60);
  });

  it('wakes on a committed write of its own process, without waiting for the poll', async () => {
    const h = await setUp();
    await h.addRule();
    let woken = 0;
    const { matcher, feed } = await h.matcher({ pollIntervalMs: HOUR, onDeliveries: () => (woken += 1) });
    await matcher.start();
    await feed.createRecord(server('quick-1'), alice);
    await until(() => woken > 0);
    expect((await h.deliveryRows()).map(r => r.name)).toEqual(['quick-1']);
    await matcher.stop();
  });

  it('skips changes that history retention deleted before they were matched, with a warning', async () => {
    const h = await setUp();
    await h.addRule({ events: ['changed'] });
    const { matcher } = await h.matcher();
    await matcher.ensureCursor();
    const record = await h.store.createRecord(server('p-1'), alice);
    let version = record.version;
    for (let i = 0; i < 3; i++) {
      version = (await h.store.updateRecord(record.id, { version, title: `t${i}` }, alice)).version;
    }
    await h.store.feedHead(); // positions given
    await h.store.pruneHistory(new Date(Date.now() + HOUR).toISOString()); // keeps the latest change only
    await matcher.run();
    expect((await h.deliveryRows()).map(r => Number(r.change_position))).toEqual([4]);
    expect(h.logger.warn).toHaveBeenCalledWith(
      expect.stringMatching(/3 changes between feed positions 0 and 4 .* skipped/),
    );
  });
});
