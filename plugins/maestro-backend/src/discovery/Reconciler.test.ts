import { describeEachDatabase } from '../__testUtils__/databases';
import { createReconcilerHarness } from '../__testUtils__/reconcilerHarness';
import { CONFIG_INCARNATION } from './incarnation';
import { INDEX_TABLE, ReconcileScope } from './reconcileIndex';
import { DiscoveredRecord } from './types';

jest.setTimeout(60_000);

const scope: ReconcileScope = {
  connectionId: 'aws-prod',
  incarnation: CONFIG_INCARNATION,
  list: 'server-list',
  region: 'eu-west-1',
  owner: 'group:default/platform',
  runId: 'run-1',
};
const options = { massRemovalThreshold: 0.3, massRemovalMinimum: 10 };

const instance = (i: number, spec: Record<string, any> = {}): DiscoveredRecord => ({
  kind: 'Server',
  providerId: `i-${i}`,
  name: `aws-1-eu-west-1-i-${i}`,
  title: `web-${i}`,
  spec: { hostname: `ip-10-0-0-${i}`, providerId: `i-${i}`, cpu: 2, region: 'eu-west-1', ...spec },
});
/** A public image, as a connection or region sees it. */
const image = (
  id: string,
  where: { region: string; datacenter: string },
  spec: Record<string, any> = {},
): DiscoveredRecord => ({
  kind: 'Image',
  providerId: id,
  name: `os-proj-${where.region}-${id}`,
  title: `image ${id}`,
  spec: { providerId: id, visibility: 'public', sizeGb: 2, ...where, ...spec },
});
const listing = (records: DiscoveredRecord[], complete = true) => ({ records, complete });
const range = (n: number, from = 0) => Array.from({ length: n }, (_, i) => i + from);

describeEachDatabase('Reconciler', (databases, databaseId) => {
  const setup = () => createReconcilerHarness(databases, databaseId);

  it('creates, then writes nothing for an unchanged listing, then records a change with the run', async () => {
    const { store, reconciler, changeCount } = await setup();
    const first = await reconciler.reconcile(scope, listing(range(20).map(i => instance(i))), options);
    expect(first.counts).toMatchObject({ seen: 20, created: 20, changed: 0, unchanged: 0, deactivated: 0 });
    expect(await changeCount()).toBe(20);

    const again = await reconciler.reconcile(
      { ...scope, runId: 'run-2' },
      listing(range(20).map(i => instance(i))),
      options,
    );
    expect(again.counts).toMatchObject({ seen: 20, created: 0, changed: 0, unchanged: 20 });
    expect(await changeCount()).toBe(20);

    const changed = range(20).map(i => (i === 3 ? instance(3, { cpu: 8 }) : instance(i)));
    const third = await reconciler.reconcile({ ...scope, runId: 'run-3' }, listing(changed), options);
    expect(third.counts).toMatchObject({ changed: 1, unchanged: 19 });
    const [record] = (await store.listRecords({ kind: 'Server', search: 'web-3', limit: 5 })).items;
    const [latest] = await store.history(record.id, { limit: 1 });
    expect(latest).toMatchObject({
      action: 'update',
      actor: 'maestro:discovery/aws-prod',
      reason: 'server-list eu-west-1 run run-3',
    });
  });

  it('keeps hand-entered fields and owner through crawls, and drops fields the provider no longer reports', async () => {
    const { store, reconciler } = await setup();
    await reconciler.reconcile(scope, listing([instance(1, { ipv4Public: '1.2.3.4' })]), options);
    const [record] = (await store.listRecords({ kind: 'Server', limit: 5 })).items;
    await store.updateRecord(
      record.id,
      { version: record.version, owner: 'group:default/web', spec: { ...record.spec, role: 'frontend' } },
      { actor: 'user:default/alice' },
    );
    await reconciler.reconcile(scope, listing([instance(1, { cpu: 4 })]), options);
    const after = await store.getRecord(record.id);
    expect(after).toMatchObject({ owner: 'group:default/web', spec: { role: 'frontend', cpu: 4 } });
    expect(after!.spec).not.toHaveProperty('ipv4Public');
  });

  it('adopts a hand-entered record with the same provider id instead of creating a second one', async () => {
    const { store, reconciler } = await setup();
    const manual = await store.createRecord(
      {
        kind: 'Server',
        name: 'legacy-web',
        owner: 'group:default/web',
        spec: { hostname: 'legacy', providerId: 'i-7', role: 'db' },
      },
      { actor: 'user:default/alice' },
    );
    const out = await reconciler.reconcile(scope, listing([instance(7)]), options);
    expect(out.counts).toMatchObject({ created: 0, changed: 1 });
    expect((await store.listRecords({ kind: 'Server', limit: 5 })).totalCount).toBe(1);
    expect(await store.getRecord(manual.id)).toMatchObject({
      name: 'legacy-web',
      spec: { role: 'db', cpu: 2, hostname: 'ip-10-0-0-7' },
    });
  });

  it('deactivates only after a complete listing, and reactivates what comes back', async () => {
    const { store, reconciler } = await setup();
    await reconciler.reconcile(scope, listing(range(20).map(i => instance(i))), options);
    // an incomplete listing (throttled, denied, failed) that lacks 5 instances removes nothing
    const partial = await reconciler.reconcile(
      scope,
      listing(
        range(15).map(i => instance(i)),
        false,
      ),
      options,
    );
    expect(partial.counts.deactivated).toBe(0);
    expect((await store.listRecords({ kind: 'Server', active: true, limit: 1 })).totalCount).toBe(20);
    // a complete one does: 5 of 20 is below the 30 % guard
    const complete = await reconciler.reconcile(scope, listing(range(15).map(i => instance(i))), options);
    expect(complete.counts.deactivated).toBe(5);
    expect(complete.held).toBeUndefined();
    const inactive = await store.listRecords({ kind: 'Server', active: false, limit: 10 });
    expect(inactive.items.map(r => r.title).sort()).toEqual(['web-15', 'web-16', 'web-17', 'web-18', 'web-19']);
    const [removal] = await store.history(inactive.items[0].id, { limit: 1 });
    expect(removal).toMatchObject({ action: 'delete', actor: 'maestro:discovery/aws-prod' });
    // another region's listing of the same list does not touch this scope
    await reconciler.reconcile({ ...scope, region: 'us-east-1' }, listing([]), options);
    expect((await store.listRecords({ kind: 'Server', active: true, limit: 1 })).totalCount).toBe(15);
    // instance 19 comes back
    const back = await reconciler.reconcile(
      scope,
      listing(
        range(15)
          .map(i => instance(i))
          .concat(instance(19)),
      ),
      options,
    );
    expect(back.counts).toMatchObject({ reactivated: 1, deactivated: 0 });
    expect(await store.getRecord(inactive.items.find(r => r.title === 'web-19')!.id)).toMatchObject({ active: true });
  });

  it('holds back a mass removal and applies it only when confirmed for at least its size', async () => {
    const { store, reconciler } = await setup();
    const active = async () => (await store.listRecords({ kind: 'Server', active: true, limit: 1 })).totalCount;
    await reconciler.reconcile(scope, listing(range(30).map(i => instance(i))), options);
    const out = await reconciler.reconcile(scope, listing(range(18).map(i => instance(i))), options);
    expect(out.held).toEqual({ region: 'eu-west-1', wouldDeactivate: 12, of: 30, threshold: 0.3 });
    expect(out.counts.deactivated).toBe(0);
    expect(await active()).toBe(30);
    // the operator confirmed 12; meanwhile the removal grew to 20: it stays held
    const grown = await reconciler.reconcile(scope, listing(range(10).map(i => instance(i))), {
      ...options,
      confirmedRemovals: 12,
    });
    expect(grown.held).toMatchObject({ wouldDeactivate: 20, of: 30 });
    expect(grown.counts.deactivated).toBe(0);
    expect(await active()).toBe(30);
    const confirmed = await reconciler.reconcile(scope, listing(range(10).map(i => instance(i))), {
      ...options,
      confirmedRemovals: 20,
    });
    expect(confirmed.held).toBeUndefined();
    expect(confirmed.counts.deactivated).toBe(20);
    expect(await active()).toBe(10);
  });

  it('reports a record the schema rejects, writes nothing for it and never deactivates it', async () => {
    const { store, reconciler } = await setup();
    await reconciler.reconcile(scope, listing([instance(1), instance(2)]), options);
    const out = await reconciler.reconcile(
      scope,
      listing([instance(1), instance(2, { ipv4Private: 'not-an-ip' })]),
      options,
    );
    expect(out.invalid).toEqual([{ providerId: 'i-2', problems: expect.stringContaining('spec.ipv4Private') }]);
    expect(out.counts).toMatchObject({ invalid: 1, deactivated: 0, unchanged: 1 });
    expect((await store.listRecords({ kind: 'Server', active: true, limit: 1 })).totalCount).toBe(2);
  });

  describe('records several scopes hold', () => {
    const a: ReconcileScope = { ...scope, connectionId: 'os-a', list: 'images-list', region: 'RegionOne' };
    const b: ReconcileScope = { ...scope, connectionId: 'os-b', list: 'images-list', region: 'RegionOne' };
    const atA = { region: 'RegionOne', datacenter: 'datacenter:default/os-a' };
    const atB = { region: 'RegionOne', datacenter: 'datacenter:default/os-b' };
    const images = (where: typeof atA, ids: string[]) => listing(ids.map(id => image(id, where)));
    const ids = (n: number) => range(n).map(i => `img-${i}`);

    it('never deactivates a record another connection still sees', async () => {
      const { store, reconciler } = await setup();
      await reconciler.reconcile(a, images(atA, ids(5)), options);
      const viaB = await reconciler.reconcile(b, images(atB, ids(5)), options);
      expect(viaB.counts).toMatchObject({ created: 0 }); // adopted by provider id
      expect((await store.listRecords({ kind: 'Image', limit: 1 })).totalCount).toBe(5);
      // connection a no longer sees img-4 (unshared from its project); b still does
      const out = await reconciler.reconcile(a, images(atA, ids(4)), options);
      expect(out.counts.deactivated).toBe(0);
      expect((await store.listRecords({ kind: 'Image', active: true, limit: 1 })).totalCount).toBe(5);
      // once b does not see it either, it goes
      const gone = await reconciler.reconcile(b, images(atB, ids(4)), options);
      expect(gone.counts.deactivated).toBe(1);
      expect((await store.listRecords({ kind: 'Image', active: false, limit: 5 })).items.map(r => r.title)).toEqual([
        'image img-4',
      ]);
      // and comes back through either
      const back = await reconciler.reconcile(a, images(atA, ids(5)), options);
      expect(back.counts.reactivated).toBe(1);
    });

    it('restores a record deactivated by discovery from the unchanged fast path, in one query, but not one a person deleted', async () => {
      const { knex, store, reconciler, changeCount } = await setup();
      await reconciler.reconcile(a, images(atA, ids(3)), options);
      await reconciler.reconcile(b, images(atB, ids(3)), options);
      const [byA, byPerson] = await store
        .findByKeyValues({ kind: 'Image', key: 'providerId', values: ['img-0', 'img-1'] })
        .then(found => ['img-0', 'img-1'].map(id => found.find(f => f.value === id)!.id));
      // an earlier run of connection a deactivated img-0 (what releases before this fix did); a person deleted img-1
      await store.setActiveMany([byA], false, { actor: 'maestro:discovery/os-a', reason: 'not seen' });
      await store.setActive(
        byPerson,
        false,
        { version: (await store.getRecord(byPerson))!.version },
        { actor: 'user:default/alice', reason: 'decommissioned' },
      );
      const before = await changeCount();
      const queries: string[] = [];
      knex.on('query', (q: { sql: string }) => queries.push(q.sql));
      const out = await reconciler.reconcile({ ...b, runId: 'run-2' }, images(atB, ids(3)), options);
      knex.removeAllListeners('query');
      expect(out.counts).toMatchObject({ reactivated: 1, unchanged: 2, changed: 0 });
      expect(await store.getRecord(byA)).toMatchObject({ active: true });
      expect(await store.getRecord(byPerson)).toMatchObject({ active: false });
      expect(await changeCount()).toBe(before + 1);
      const [restore] = await store.history(byA, { limit: 1 });
      expect(restore).toMatchObject({ action: 'restore', actor: 'maestro:discovery/os-b' });
      // the records' state came with the index read: one query for the listing, whatever its size
      expect(
        queries.filter(sql => /maestro_records/.test(sql) && /maestro_discovery_scope_index/.test(sql)),
      ).toHaveLength(1);

      // a re-crawl with nothing deactivated still writes nothing
      const again = await reconciler.reconcile({ ...b, runId: 'run-3' }, images(atB, ids(3)), options);
      expect(again.counts).toMatchObject({ unchanged: 3, reactivated: 0 });
      expect(await changeCount()).toBe(before + 1);
    });

    it('keeps a resource seen in two regions of one connection unchanged in each, its placement from the first region', async () => {
      const { store, reconciler, changeCount } = await setup();
      const one: ReconcileScope = { ...a, region: 'RegionOne' };
      const two: ReconcileScope = { ...a, region: 'RegionTwo' };
      const at = (region: string) => ({ region, datacenter: 'datacenter:default/os-a' });
      // RegionTwo's run comes first: it creates the record; RegionOne, first by name, then owns its placement
      await reconciler.reconcile(two, images(at('RegionTwo'), ['shared', 'only-two']), options);
      await reconciler.reconcile(one, images(at('RegionOne'), ['shared', 'only-one']), options);
      const [shared] = await store.findByKeyValues({ kind: 'Image', key: 'providerId', values: ['shared'] });
      expect((await store.getRecord(shared.id))!.spec).toMatchObject({ region: 'RegionOne' });
      const settled = await changeCount();
      for (let run = 0; run < 3; run++) {
        expect(
          (await reconciler.reconcile(two, images(at('RegionTwo'), ['shared', 'only-two']), options)).counts,
        ).toMatchObject({ unchanged: 2 });
        expect(
          (await reconciler.reconcile(one, images(at('RegionOne'), ['shared', 'only-one']), options)).counts,
        ).toMatchObject({ unchanged: 2 });
      }
      expect(await changeCount()).toBe(settled);
      // a real change, seen by both regions: one history entry, the region stays
      await reconciler.reconcile(
        two,
        listing(['shared', 'only-two'].map(id => image(id, at('RegionTwo'), { sizeGb: 3 }))),
        options,
      );
      await reconciler.reconcile(
        one,
        listing(['shared', 'only-one'].map(id => image(id, at('RegionOne'), { sizeGb: 3 }))),
        options,
      );
      expect((await store.getRecord(shared.id))!.spec).toMatchObject({ region: 'RegionOne', sizeGb: 3 });
      expect(await store.history(shared.id, { limit: 10 })).toHaveLength(3); // create, RegionOne's placement, sizeGb
      // the shared image leaves RegionTwo only: RegionOne still holds it
      const left = await reconciler.reconcile(two, images(at('RegionTwo'), ['only-two']), options);
      expect(left.counts.deactivated).toBe(0);
      expect((await store.getRecord(shared.id))!.active).toBe(true);
    });
  });

  describe('names', () => {
    it('never merges into a record of another provider id that holds the generated name, and names a clash the same way every time', async () => {
      const { store, reconciler } = await setup();
      const squatter = await store.createRecord(
        {
          kind: 'Server',
          name: 'aws-1-eu-west-1-i-7',
          owner: 'group:default/web',
          spec: { hostname: 'legacy', providerId: 'i-other' },
        },
        { actor: 'user:default/alice' },
      );
      // two resources of one listing whose generated names are the same (sanitised ids), and one whose name is taken
      const twin = (id: string): DiscoveredRecord => ({
        ...instance(1),
        providerId: id,
        name: 'aws-1-eu-west-1-logs-a',
        spec: { ...instance(1).spec, providerId: id },
      });
      const out = await reconciler.reconcile(scope, listing([instance(7), twin('logs--a'), twin('logs-a')]), options);
      expect(out.invalid).toEqual([]);
      expect(out.counts).toMatchObject({ created: 3, changed: 0 });
      expect(await store.getRecord(squatter.id)).toMatchObject({
        spec: { hostname: 'legacy', providerId: 'i-other' },
        version: 1,
      });
      const found = await store.findByKeyValues({
        kind: 'Server',
        key: 'providerId',
        values: ['i-7', 'logs--a', 'logs-a'],
      });
      const names = Object.fromEntries(found.map(f => [f.value, f.name]));
      expect(names['i-7']).toMatch(/^aws-1-eu-west-1-i-7-[0-9a-f]{8}$/);
      expect(names['logs--a']).toBe('aws-1-eu-west-1-logs-a');
      expect(names['logs-a']).toMatch(/^aws-1-eu-west-1-logs-a-[0-9a-f]{8}$/);
      // the same on another store: the alternative depends on the provider id only
      const other = await setup();
      await other.store.createRecord(
        {
          kind: 'Server',
          name: 'aws-1-eu-west-1-i-7',
          owner: 'group:default/web',
          spec: { hostname: 'x', providerId: 'i-x' },
        },
        { actor: 'user:default/alice' },
      );
      await other.reconciler.reconcile(scope, listing([instance(7)]), options);
      const [again] = await other.store.findByKeyValues({ kind: 'Server', key: 'providerId', values: ['i-7'] });
      expect(again.name).toBe(names['i-7']);
      // and the next run finds each by its index: nothing written
      const next = await reconciler.reconcile(scope, listing([instance(7), twin('logs--a'), twin('logs-a')]), options);
      expect(next.counts).toMatchObject({ unchanged: 3, created: 0 });
    });
  });

  describe('connections deleted during a run', () => {
    it('writes nothing for a deleted connection, and a connection created again with its id starts clean', async () => {
      const { knex, store, reconciler } = await setup();
      const connection = (incarnation: string) => ({
        id: 'aws-api',
        provider: 'aws',
        definition: '{}',
        secret: null,
        version: 1,
        incarnation,
        created_at: '2026-01-01T00:00:00.000Z',
        updated_at: '2026-01-01T00:00:00.000Z',
        updated_by: 'user:default/alice',
      });
      const first: ReconcileScope = { ...scope, connectionId: 'aws-api', incarnation: 'first' };
      await knex('maestro_discovery_connections').insert(connection('first'));
      await reconciler.reconcile(first, listing(range(5).map(i => instance(i))), options);
      // deleted while its next listing was being read
      await knex('maestro_discovery_connections').where({ id: 'aws-api' }).delete();
      await reconciler.forgetConnection('aws-api');
      await expect(reconciler.reconcile(first, listing(range(8).map(i => instance(i))), options)).rejects.toThrow(
        "connection 'aws-api' was deleted during the run",
      );
      expect(await knex(INDEX_TABLE).where({ connection_id: 'aws-api' })).toEqual([]);
      expect((await store.listRecords({ kind: 'Server', limit: 1 })).totalCount).toBe(5);
      // created again: its empty listing deactivates nothing of what the first one discovered
      await knex('maestro_discovery_connections').insert(connection('second'));
      const out = await reconciler.reconcile({ ...first, incarnation: 'second' }, listing([]), options);
      expect(out.counts.deactivated).toBe(0);
      expect((await store.listRecords({ kind: 'Server', active: true, limit: 1 })).totalCount).toBe(5);
    });
  });
});
