import { mockServices } from '@backstage/backend-test-utils';
import { describeEachDatabase } from '../__testUtils__/databases';
import { KnexInventoryStore } from '../database/KnexInventoryStore';
import { RecordValidator } from '../database/RecordValidator';
import { Reconciler, ReconcileScope } from './Reconciler';
import { DiscoveredRecord } from './types';

jest.setTimeout(60_000);

const scope: ReconcileScope = {
  connectionId: 'aws-prod',
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
const listing = (records: DiscoveredRecord[], complete = true) => ({ records, complete });
const range = (n: number, from = 0) => Array.from({ length: n }, (_, i) => i + from);

describeEachDatabase('Reconciler', (databases, databaseId) => {
  async function setup() {
    const knex = await databases.init(databaseId);
    const store = await KnexInventoryStore.create({
      database: mockServices.database({ knex, migrations: { skip: false } }),
    });
    const reconciler = new Reconciler({ db: knex, store, validator: RecordValidator.create() });
    const changeCount = async () => Number((await knex('maestro_changes').count({ n: '*' }))[0].n);
    return { knex, store, reconciler, changeCount };
  }

  it('creates, then writes nothing for an unchanged listing, then records a change with the run', async () => {
    const { store, reconciler, changeCount } = await setup();
    const first = await reconciler.reconcile(scope, listing(range(20).map(i => instance(i))), options);
    expect(first.counts).toMatchObject({ seen: 20, created: 20, changed: 0, unchanged: 0, deactivated: 0 });
    expect(await changeCount()).toBe(20);

    const again = await reconciler.reconcile({ ...scope, runId: 'run-2' }, listing(range(20).map(i => instance(i))), options);
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
      { kind: 'Server', name: 'legacy-web', owner: 'group:default/web', spec: { hostname: 'legacy', providerId: 'i-7', role: 'db' } },
      { actor: 'user:default/alice' },
    );
    const out = await reconciler.reconcile(scope, listing([instance(7)]), options);
    expect(out.counts).toMatchObject({ created: 0, changed: 1 });
    expect((await store.listRecords({ kind: 'Server', limit: 5 })).totalCount).toBe(1);
    expect(await store.getRecord(manual.id)).toMatchObject({ name: 'legacy-web', spec: { role: 'db', cpu: 2, hostname: 'ip-10-0-0-7' } });
  });

  it('deactivates only after a complete listing, and reactivates what comes back', async () => {
    const { store, reconciler } = await setup();
    await reconciler.reconcile(scope, listing(range(20).map(i => instance(i))), options);
    // an incomplete listing (throttled, denied, failed) that lacks 5 instances removes nothing
    const partial = await reconciler.reconcile(scope, listing(range(15).map(i => instance(i)), false), options);
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
    const back = await reconciler.reconcile(scope, listing(range(15).map(i => instance(i)).concat(instance(19))), options);
    expect(back.counts).toMatchObject({ reactivated: 1, deactivated: 0 });
    expect(await store.getRecord(inactive.items.find(r => r.title === 'web-19')!.id)).toMatchObject({ active: true });
  });

  it('holds back a mass removal and applies it only when confirmed', async () => {
    const { store, reconciler } = await setup();
    await reconciler.reconcile(scope, listing(range(40).map(i => instance(i))), options);
    const out = await reconciler.reconcile(scope, listing(range(20).map(i => instance(i))), options);
    expect(out.held).toEqual({ region: 'eu-west-1', wouldDeactivate: 20, of: 40, threshold: 0.3 });
    expect(out.counts.deactivated).toBe(0);
    expect((await store.listRecords({ kind: 'Server', active: true, limit: 1 })).totalCount).toBe(40);
    const confirmed = await reconciler.reconcile(scope, listing(range(20).map(i => instance(i))), { ...options, confirmRemovals: true });
    expect(confirmed.counts.deactivated).toBe(20);
  });

  it('reports a record the schema rejects, writes nothing for it and never deactivates it', async () => {
    const { store, reconciler } = await setup();
    await reconciler.reconcile(scope, listing([instance(1), instance(2)]), options);
    const out = await reconciler.reconcile(scope, listing([instance(1), instance(2, { ipv4Private: 'not-an-ip' })]), options);
    expect(out.invalid).toEqual([{ providerId: 'i-2', problems: expect.stringContaining('spec.ipv4Private') }]);
    expect(out.counts).toMatchObject({ invalid: 1, deactivated: 0, unchanged: 1 });
    expect((await store.listRecords({ kind: 'Server', active: true, limit: 1 })).totalCount).toBe(2);
  });
});
