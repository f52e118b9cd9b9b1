import { describeEachDatabase } from '../__testUtils__/databases';
import { createReconcilerHarness } from '../__testUtils__/reconcilerHarness';
import { CONFIG_INCARNATION } from './incarnation';
import type { ReconcileScope } from './reconcileIndex';
import { DiscoveredRecord } from './types';

jest.setTimeout(60_000);

const scope: ReconcileScope = {
  connectionId: 'os-prod',
  incarnation: CONFIG_INCARNATION,
  list: 'server-list',
  region: 'RegionOne',
  owner: 'group:default/platform',
  runId: 'run-1',
};
const options = { massRemovalThreshold: 0.3, massRemovalMinimum: 10 };

const server = (i: number, spec: Record<string, any> = {}): DiscoveredRecord => ({
  kind: 'Server',
  providerId: `s-${i}`,
  name: `os-1-RegionOne-s-${i}`,
  title: `web-${i}`,
  spec: { hostname: `web-${i}`, providerId: `s-${i}`, cpu: 2, memory: 4, zone: 'nova', status: 'active', ...spec },
});
/** What a provider that answers only part of a resource gives (a Nova stub of a down cell). */
const partial = (i: number): DiscoveredRecord => ({
  kind: 'Server',
  providerId: `s-${i}`,
  name: `os-1-RegionOne-s-${i}`,
  partial: true,
  spec: { providerId: `s-${i}`, status: 'unknown' },
});
const listing = (records: DiscoveredRecord[], complete = true) => ({ records, complete });

describeEachDatabase('Reconciler with partial records', (databases, databaseId) => {
  const setup = () => createReconcilerHarness(databases, databaseId);

  it('replaces only the fields a partial record has, writes nothing while it stays the same, and counts it as seen', async () => {
    const { store, reconciler, changeCount } = await setup();
    const all = Array.from({ length: 12 }, (_, i) => i);
    await reconciler.reconcile(scope, listing(all.map(i => server(i))), options);
    const [before] = (await store.listRecords({ kind: 'Server', search: 'web-3', limit: 1 })).items;

    const stubbed = all.map(i => (i < 6 ? partial(i) : server(i)));
    const first = await reconciler.reconcile(scope, listing(stubbed), options);
    expect(first.counts).toMatchObject({ seen: 12, changed: 6, unchanged: 6, deactivated: 0, invalid: 0 });
    expect(first.held).toBeUndefined();
    const after = (await store.getRecord(before.id))!;
    expect(after).toMatchObject({ title: 'web-3', active: true });
    expect(after.spec).toEqual({ ...before.spec, status: 'unknown' });

    const changes = await changeCount();
    const second = await reconciler.reconcile(scope, listing(stubbed), options);
    expect(second.counts).toMatchObject({ changed: 0, unchanged: 12 });
    expect(await changeCount()).toBe(changes);

    // complete again, one field gone meanwhile: the fields of the last full record are still the crawler's
    const withoutZoneOf3 = all.map(i => server(i));
    delete (withoutZoneOf3[3].spec as Record<string, unknown>).zone;
    const back = await reconciler.reconcile(scope, listing(withoutZoneOf3), options);
    expect(back.counts).toMatchObject({ changed: 6, deactivated: 0 });
    const { zone: _zone, ...withoutZone } = before.spec as Record<string, unknown>;
    expect((await store.getRecord(before.id))!.spec).toEqual(withoutZone);
  });

  it('never creates a record from a partial one', async () => {
    const { store, reconciler } = await setup();
    const out = await reconciler.reconcile(scope, listing([partial(1)]), options);
    expect(out.counts).toMatchObject({ seen: 1, created: 0, invalid: 1 });
    expect(out.invalid).toEqual([{ providerId: 's-1', problems: expect.stringContaining('only partly answered') }]);
    expect((await store.listRecords({ kind: 'Server', limit: 1 })).totalCount).toBe(0);
  });
});
