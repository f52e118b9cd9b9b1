import { mockServices, TestDatabases } from '@backstage/backend-test-utils';
import type { Knex } from 'knex';
import { describeEachDatabase, migrateTestDatabase } from '../__testUtils__/databases';
import { KnexInventoryStore } from '../records/KnexInventoryStore';

jest.setTimeout(60_000);

const alice = { actor: 'user:default/alice' };
const server = (name: string, spec: Record<string, unknown> = {}) => ({
  kind: 'Server',
  name,
  owner: 'group:default/platform',
  spec: { hostname: name, ...spec },
});

/** Reads the whole feed after a cursor, page by page, as the catalog module does. */
async function readFeed(store: KnexInventoryStore, after: number, limit = 7) {
  const all = [];
  for (let cursor = after; ; ) {
    const page = await store.changes({ after: cursor, limit });
    all.push(...page);
    if (page.length < limit) return { changes: all, cursor: page.length ? page[page.length - 1].position! : cursor };
    cursor = page[page.length - 1].position!;
  }
}

/** Resolves once `count` PostgreSQL sessions wait for a lock (writers stopped on rows the test holds). */
async function untilSessionsWaitForLocks(knex: Knex, count = 1) {
  for (;;) {
    const { rows } = await knex.raw(`select count(distinct pid)::int as n from pg_locks where not granted`);
    if (rows[0].n >= count) return;
    await new Promise(r => setTimeout(r, 20));
  }
}

function failAfter(ms: number, what: string) {
  return new Promise<never>((_, reject) => setTimeout(() => reject(new Error(what)), ms).unref());
}

describeEachDatabase('KnexChangeHistory', (databases, databaseId) => {
  async function createStore() {
    const knex = await databases.init(databaseId);
    const database = mockServices.database({ knex: await migrateTestDatabase(knex) });
    return { knex, store: await KnexInventoryStore.create({ database }) };
  }

  it('keeps the feed gap-free and in order while writers of every kind run concurrently with a reader', async () => {
    const { store } = await createStore();
    const seeded = await store.upsertRecords(
      Array.from({ length: 30 }, (_, i) => server(`seed-${i}`)),
      alice,
    );
    const ids = seeded.rows.map(r => r.id);
    const seen: Array<{ seq: number; position: number; recordId: string; version?: number }> = [];
    let cursor = 0;
    let writing = true;
    const reader = (async () => {
      while (writing) {
        const page = await readFeed(store, cursor);
        seen.push(
          ...page.changes.map(c => ({
            seq: c.seq,
            position: c.position!,
            recordId: c.recordId,
            version: c.after?.version,
          })),
        );
        cursor = page.cursor;
        await new Promise(r => setImmediate(r));
      }
    })();
    await Promise.all([
      ...Array.from({ length: 20 }, (_, i) => store.createRecord(server(`new-${i}`), alice)),
      ...ids.slice(0, 10).map(id => store.updateRecord(id, { version: 1, spec: { hostname: 'x', cpu: 2 } }, alice)),
      store.setActiveMany(ids.slice(10, 20), false, alice),
      store.upsertRecords(
        Array.from({ length: 25 }, (_, i) => server(`bulk-${i}`)),
        alice,
      ),
    ]);
    writing = false;
    await reader;
    const rest = await readFeed(store, cursor);
    seen.push(
      ...rest.changes.map(c => ({
        seq: c.seq,
        position: c.position!,
        recordId: c.recordId,
        version: c.after?.version,
      })),
    );

    const total = 30 + 20 + 10 + 10 + 25;
    expect(seen).toHaveLength(total);
    expect(new Set(seen.map(c => c.seq)).size).toBe(total);
    expect(seen.map(c => c.position)).toEqual(Array.from({ length: total }, (_, i) => i + 1));
    // per record, changes arrive in the order they were made
    for (const id of ids.slice(0, 20)) {
      expect(seen.filter(c => c.recordId === id).map(c => c.seq)).toEqual(
        seen
          .filter(c => c.recordId === id)
          .map(c => c.seq)
          .sort((a, b) => a - b),
      );
    }
    expect(await store.feedHead()).toBe(total);
  });

  it('answers 409 for concurrent creates of the same kind and name, one of them stored', async () => {
    const { store } = await createStore();
    const results = await Promise.allSettled(
      Array.from({ length: 5 }, () => store.createRecord(server('twin'), alice)),
    );
    expect(results.filter(r => r.status === 'fulfilled')).toHaveLength(1);
    for (const r of results.filter((x): x is PromiseRejectedResult => x.status === 'rejected')) {
      expect(r.reason).toMatchObject({ name: 'ConflictError', message: expect.stringMatching(/^name: /) });
    }
  });

  it('keeps the cursors of earlier versions valid: changes written before the migration keep their seq as position', async () => {
    const knex = await databases.init(databaseId);
    const migrations = `${__dirname}/../../migrations`;
    for (;;) {
      const [, pending] = await knex.migrate.list({ directory: migrations });
      if ((pending[0] as { file: string }).file >= '202612011000_change_feed_positions.js') break;
      await knex.migrate.up({ directory: migrations });
    }
    const change = (name: string) => ({
      record_id: `id-${name}`,
      kind: 'Server',
      name,
      action: 'create',
      actor: 'x',
      at: new Date().toISOString(),
    });
    await knex('maestro_changes').insert([change('a'), change('b'), change('c')]);
    await knex('maestro_changes').where({ name: 'b' }).delete(); // pruned: seqs 1 and 3 remain
    const store = await KnexInventoryStore.create({
      database: mockServices.database({ knex: await migrateTestDatabase(knex) }),
    });
    expect((await store.changes({ after: 0, limit: 10 })).map(c => [c.name, c.seq, c.position])).toEqual([
      ['a', 1, 1],
      ['c', 3, 3],
    ]);
    expect((await store.changes({ after: 1, limit: 10 })).map(c => c.name)).toEqual(['c']);
    await store.createRecord(server('d'), alice);
    expect((await store.changes({ after: 3, limit: 10 })).map(c => [c.name, c.position])).toEqual([['d', 4]]);
  });

  it('prunes in batches, oldest first, and then answers "pruned" instead of "did not exist" for earlier times', async () => {
    const { knex, store } = await createStore();
    const a = await store.createRecord(server('a', { cpu: 1 }), alice);
    for (let v = 1; v <= 4; v++) {
      await store.updateRecord(a.id, { version: v, spec: { hostname: 'a', cpu: v + 1 } }, alice);
    }
    const b = await store.createRecord(server('b'), alice);
    const c = await store.createRecord(server('c'), alice);
    // spread the changes over time: a's at t1..t5, b created at t6, c long before (and never changed)
    const times = ['01-01', '01-02', '01-03', '01-04', '01-05', '01-06'].map(d => `2026-${d}T00:00:00.000Z`);
    times.push('2025-12-01T00:00:00.000Z');
    const rows = await knex('maestro_changes').orderBy('seq').select('seq');
    for (const [i, row] of rows.entries())
      await knex('maestro_changes').where({ seq: row.seq }).update({ at: times[i] });
    expect(await store.recordAsOf(a.id, '2026-01-02T12:00:00.000Z')).toMatchObject({
      status: 'found',
      record: { spec: { cpu: 2 } },
    });

    const queries: string[] = [];
    const onQuery = (q: { sql: string }) => queries.push(q.sql);
    knex.on('query', onQuery);
    const deleted = await store.pruneHistory('2026-01-04T12:00:00.000Z', { batchSize: 2 });
    knex.off('query', onQuery);
    expect(deleted).toBe(4); // a's changes at t1..t4 (each followed by a later one); a's t5, b's and c's kept
    expect(queries.filter(sql => /^delete/i.test(sql))).toHaveLength(2); // one short statement per batch of 2
    expect(await store.prunedBefore()).toBe('2026-01-04T12:00:00.000Z');

    // before the watermark, where a's history is gone: unknown, not "did not exist"
    expect(await store.recordAsOf(a.id, '2026-01-02T12:00:00.000Z')).toEqual({
      status: 'pruned',
      prunedBefore: '2026-01-04T12:00:00.000Z',
    });
    // after the watermark, the state before a's first kept change is that change's "before"
    expect(await store.recordAsOf(a.id, '2026-01-04T18:00:00.000Z')).toMatchObject({
      status: 'found',
      record: { spec: { cpu: 4 } },
    });
    expect(await store.recordAsOf(a.id, '2026-01-05T06:00:00.000Z')).toMatchObject({
      status: 'found',
      record: { spec: { cpu: 5 } },
    });
    // b was created after the cutoff: before that it did not exist, whatever was pruned
    expect(await store.recordAsOf(b.id, '2026-01-02T00:00:00.000Z')).toEqual({ status: 'absent' });
    // c's only change is kept: before the watermark too, its state is known
    expect(await store.recordAsOf(c.id, '2026-01-02T00:00:00.000Z')).toMatchObject({
      status: 'found',
      record: { name: 'c' },
    });

    // an older cutoff does not move the watermark back; the latest change of each record is always kept
    await store.pruneHistory('2026-01-03T00:00:00.000Z');
    expect(await store.prunedBefore()).toBe('2026-01-04T12:00:00.000Z');
    expect(await store.pruneHistory('2030-01-01T00:00:00.000Z')).toBe(0);
    expect((await store.history(a.id, { limit: 10 })).map(ch => ch.after?.spec.cpu)).toEqual([5]);
    expect(await store.recordAsOf(b.id, '2026-01-06T12:00:00.000Z')).toMatchObject({
      status: 'found',
      record: { name: 'b' },
    });
  });
});

/**
 * Writers that run at the same time: only PostgreSQL has them (SQLite runs one write transaction at a time, so a
 * change can never become visible after a later one there).
 */
const postgres = TestDatabases.create({ ids: ['POSTGRES_15'] });
(postgres.supports('POSTGRES_15') ? describe : describe.skip)(
  'KnexChangeHistory with concurrent writers on POSTGRES_15',
  () => {
    async function createStore() {
      const knex = await postgres.init('POSTGRES_15');
      const database = mockServices.database({ knex: await migrateTestDatabase(knex) });
      return { knex, store: await KnexInventoryStore.create({ database }) };
    }

    it('lets a writer commit while another is held, and delivers the held one after a reader went past it', async () => {
      const { knex, store } = await createStore();
      const bulk = await store.upsertRecords(
        Array.from({ length: 501 }, (_, i) => server(`bulk-${i}`)),
        alice,
      );
      const edited = await store.createRecord(server('edited'), alice);
      const head = await store.feedHead();
      const ids = bulk.rows.map(r => r.id).sort();

      // hold the row of the last record: the bulk delete writes its first 500 changes, then stops on that row
      const holder = await knex.transaction();
      try {
        await holder('maestro_records').where({ id: ids[500] }).forUpdate().first();
        const bulkDelete = store.setActiveMany(ids, false, alice);
        await untilSessionsWaitForLocks(knex);

        // an unrelated edit neither waits for the held writer nor for its changes to be visible
        await Promise.race([
          store.updateRecord(edited.id, { version: 1, spec: { hostname: 'edited', cpu: 4 } }, alice),
          failAfter(15_000, 'the edit waited for the other writer'),
        ]);
        const first = await readFeed(store, head);
        expect(first.changes.map(c => [c.name, c.action])).toEqual([['edited', 'update']]);

        await holder.commit();
        expect(await bulkDelete).toHaveLength(501);
        // 500 of its changes were written before the edit's (smaller seqs) but became visible after: the reader that
        // went past the edit still gets every one of them
        const second = await readFeed(store, first.cursor, 1000);
        expect(second.changes).toHaveLength(501);
        expect(second.changes.every(c => c.action === 'delete')).toBe(true);
        expect(second.changes.filter(c => c.seq < first.changes[0].seq)).toHaveLength(500);
        expect(second.changes[0].position).toBe(first.cursor + 1);
      } finally {
        if (!holder.isCompleted()) await holder.rollback();
      }
    });

    /**
     * An import that inserts 'twin' and then waits on a row held by another transaction (so 'twin' is not visible
     * yet), and a second write of 'twin' started meanwhile, which inserts too and waits on the unique index for the
     * import's outcome; then the held row is released. Answers both writes' outcomes.
     */
    async function raceOnTwin(secondWrite: (store: KnexInventoryStore) => Promise<unknown>) {
      const { knex, store } = await createStore();
      const held = await store.createRecord(server('held'), alice);
      const holder = await knex.transaction();
      try {
        await holder('maestro_records').where({ id: held.id }).forUpdate().first();
        const importing = store.upsertRecords(
          [server('twin'), { ...server('held'), spec: { hostname: 'held', cpu: 2 } }],
          alice,
        );
        await untilSessionsWaitForLocks(knex);
        const second = secondWrite(store);
        second.catch(() => {});
        await untilSessionsWaitForLocks(knex, 2);
        await holder.commit();
        return {
          store,
          first: await importing,
          second: await second.then(
            r => r,
            (e: unknown) => e,
          ),
        };
      } finally {
        if (!holder.isCompleted()) await holder.rollback();
      }
    }

    it('answers 409 naming the name when the same kind and name is created at the same time', async () => {
      const { store, second } = await raceOnTwin(writer => writer.createRecord(server('twin'), alice));
      expect(second).toMatchObject({
        name: 'ConflictError',
        message: 'name: a record of this kind and name was created at the same time; reload and try again',
      });
      expect(await store.findByNames('Server', ['twin'])).toHaveLength(1);
    });

    it('lets two upserts of the same new name both succeed: the one that lost the race runs again and updates', async () => {
      // discovery's first runs: every list of a new connection upserts the same Datacenter at once
      const { store, first, second } = await raceOnTwin(writer =>
        writer.upsertRecords([{ ...server('twin'), spec: { hostname: 'twin', cpu: 8 } }], alice),
      );
      expect(first).toMatchObject({ created: 1, updated: 1 });
      expect(second).toMatchObject({ created: 0, updated: 1 });
      const twins = await store.findByNames('Server', ['twin']);
      expect(twins).toHaveLength(1);
      expect((await store.getRecord(twins[0].id))?.spec).toMatchObject({ cpu: 8 });
    });
  },
);
