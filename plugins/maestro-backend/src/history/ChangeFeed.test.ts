import { mockServices } from '@backstage/backend-test-utils';
import { ConfigReader } from '@backstage/config';
import { describeEachDatabase, migrateTestDatabase } from '../__testUtils__/databases';
import type { InventoryStore } from '../records/InventoryStore';
import { KnexInventoryStore } from '../records/KnexInventoryStore';
import { ChangeFeed } from './ChangeFeed';

jest.setTimeout(60_000);

const alice = { actor: 'user:default/alice' };
const server = (name: string) => ({ kind: 'Server', name, owner: 'group:default/platform', spec: { hostname: name } });
const HOUR = 3_600_000;

/** Resolves once `check` is true, looking every 10 ms (a wait for a state, not a timing assertion). */
async function until(check: () => boolean) {
  while (!check()) await new Promise(r => setTimeout(r, 10));
}

/** The store with a count of the calls the feed makes to it. */
function counted(store: InventoryStore) {
  const calls = { changes: 0, feedHead: 0 };
  const wrapper = Object.create(store) as InventoryStore;
  wrapper.changes = options => {
    calls.changes += 1;
    return store.changes(options);
  };
  wrapper.feedHead = () => {
    calls.feedHead += 1;
    return store.feedHead();
  };
  wrapper.onCommittedWrite = listener => store.onCommittedWrite(listener);
  return { wrapper, calls };
}

describeEachDatabase('ChangeFeed', (databases, databaseId) => {
  async function stores() {
    const knex = await databases.init(databaseId);
    const database = mockServices.database({ knex: await migrateTestDatabase(knex) });
    // two store instances on one database: this process, and another replica whose writes send no signal here
    return {
      local: await KnexInventoryStore.create({ database }),
      replica: await KnexInventoryStore.create({ database }),
    };
  }

  it('wakes a waiting read from the write path, without polling', async () => {
    const { local } = await stores();
    const feed = new ChangeFeed({ store: local, pollIntervalMs: HOUR });
    const reading = feed.read({ after: 0, limit: 10, waitMs: 20_000 });
    await until(() => feed.waiting === 1);
    await local.createRecord(server('web-01'), alice);
    const changes = await reading;
    expect(changes.map(c => [c.name, c.action, c.position])).toEqual([['web-01', 'create', 1]]);
    expect(feed.waiting).toBe(0);
    feed.stop();
  });

  it("looks for other replicas' writes once per check for every waiter, not once per waiter", async () => {
    const { local, replica } = await stores();
    const { wrapper, calls } = counted(local);
    const feed = new ChangeFeed({ store: wrapper, pollIntervalMs: HOUR });
    const head = (await replica.createRecord(server('before'), alice)) && (await local.feedHead());
    const reads = Array.from({ length: 30 }, () => feed.read({ after: head, limit: 10, waitMs: 20_000 }));
    await until(() => feed.waiting === 30);
    expect(calls).toEqual({ changes: 30, feedHead: 0 });

    // nothing new: two checks read the head twice, and no waiter reads anything
    await feed.check();
    await feed.check();
    expect(calls).toEqual({ changes: 30, feedHead: 2 });
    expect(feed.waiting).toBe(30);

    // a write on the other replica: one check wakes all 30, each reads its changes once
    await replica.createRecord(server('elsewhere'), alice);
    await feed.check();
    const answers = await Promise.all(reads);
    expect(answers.every(a => a.length === 1 && a[0].name === 'elsewhere')).toBe(true);
    expect(calls).toEqual({ changes: 60, feedHead: 3 });
    feed.stop();
  });

  it('refuses waiters over the cap at once (429) and still answers reads that do not wait', async () => {
    const { local } = await stores();
    const feed = new ChangeFeed({ store: local, maxWaiters: 2, pollIntervalMs: HOUR });
    const waiting = [1, 2].map(() => feed.read({ after: 0, limit: 10, waitMs: 20_000 }));
    await until(() => feed.waiting === 2);
    await expect(feed.read({ after: 0, limit: 10, waitMs: 20_000 })).rejects.toMatchObject({
      name: 'TooManyWaitersError',
      statusCode: 429,
      message: expect.stringMatching(/^wait: 2 change-feed requests are already waiting/),
    });
    expect(await feed.read({ after: 0, limit: 10, waitMs: 0 })).toEqual([]);
    // the two waiters still get the next change
    await local.createRecord(server('web-01'), alice);
    expect((await Promise.all(waiting)).map(a => a.length)).toEqual([1, 1]);
    feed.stop();
  });

  it('answers a waiter empty when the client goes away, and forgets it', async () => {
    const { local } = await stores();
    const feed = new ChangeFeed({ store: local, pollIntervalMs: HOUR });
    const gone = new AbortController();
    const reading = feed.read({ after: 0, limit: 10, waitMs: 20_000, signal: gone.signal });
    await until(() => feed.waiting === 1);
    gone.abort();
    expect(await reading).toEqual([]);
    expect(feed.waiting).toBe(0);
    feed.stop();
  });

  it('refuses a waiter cap that is not a whole number ≥ 1, naming the key', async () => {
    const { local } = await stores();
    for (const bad of [0, -1, 2.5, 'many']) {
      expect(() =>
        ChangeFeed.fromConfig(new ConfigReader({ maestro: { changes: { maxWaiters: bad } } }), { store: local }),
      ).toThrow(/^maestro\.changes\.maxWaiters: must be a whole number ≥ 1/);
    }
    expect(ChangeFeed.fromConfig(new ConfigReader({}), { store: local })).toBeInstanceOf(ChangeFeed);
  });
});
