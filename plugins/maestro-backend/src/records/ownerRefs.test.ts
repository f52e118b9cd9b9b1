import { mockServices } from '@backstage/backend-test-utils';
import type { Knex } from 'knex';
import { describeEachDatabase, migrateTestDatabase } from '../__testUtils__/databases';
import { KnexInventoryStore } from './KnexInventoryStore';

jest.setTimeout(60_000);

const alice = { actor: 'user:default/alice' };
const migrations = `${__dirname}/../../migrations`;
const server = (name: string, owner: string, extra: Record<string, unknown> = {}) => ({
  kind: 'Server',
  name,
  owner,
  spec: { hostname: name },
  ...extra,
});

describeEachDatabase('owner refs and field lengths', (databases, databaseId) => {
  async function createStore() {
    const knex = await databases.init(databaseId);
    const database = mockServices.database({ knex: await migrateTestDatabase(knex) });
    return { knex, store: await KnexInventoryStore.create({ database }) };
  }

  it("stores owners in the catalog's full, lower-case form on every write path", async () => {
    const { store } = await createStore();
    const short = await store.createRecord(server('a', 'platform'), alice);
    expect(short.owner).toBe('group:default/platform');
    const mixed = await store.createRecord(server('b', 'User:Default/Alice'), alice);
    expect(mixed.owner).toBe('user:default/alice');
    const moved = await store.updateRecord(short.id, { version: 1, owner: 'infra' }, alice);
    expect(moved.owner).toBe('group:default/infra');
    const imported = await store.upsertRecords([server('c', 'Web'), server('a', 'infra')], alice);
    expect(imported).toMatchObject({ created: 1, unchanged: 1 });
    expect((await store.getRecord(imported.rows[0].id))!.owner).toBe('group:default/web');
    // lookups by owner accept either form
    expect((await store.listRecords({ owner: 'infra', limit: 10 })).items.map(r => r.name)).toEqual(['a']);
    expect((await store.listRecords({ owner: 'group:default/web', limit: 10 })).items.map(r => r.name)).toEqual(['c']);
  });

  it('refuses over-long owner, title, actor, source and reason with a 400 naming the field, writing nothing', async () => {
    const { knex, store } = await createStore();
    const long = (n: number) => 'x'.repeat(n);
    const cases: Array<[() => Promise<unknown>, string]> = [
      [
        () => store.createRecord(server('a', `group:default/${long(250)}`), alice),
        'owner: must be at most 255 characters',
      ],
      [
        () => store.createRecord(server('a', 'platform', { title: long(256) }), alice),
        'title: must be at most 255 characters',
      ],
      [
        () => store.createRecord(server('a', 'platform'), { actor: `user:default/${long(250)}` }),
        'actor: must be at most 255 characters',
      ],
      [
        () => store.createRecord(server('a', 'platform'), { ...alice, source: long(256) }),
        'source: must be at most 255 characters',
      ],
      [
        () => store.createRecord(server('a', 'platform'), { ...alice, reason: long(2001) }),
        'reason: must be at most 2000 characters',
      ],
      [() => store.upsertRecords([server('a', long(250))], alice), 'owner: must be at most 255 characters'],
    ];
    for (const [write, message] of cases) {
      await expect(write()).rejects.toMatchObject({ name: 'InputError', message });
    }
    expect(Number((await knex('maestro_records').count({ n: '*' }))[0].n)).toBe(0);
    expect(Number((await knex('maestro_changes').count({ n: '*' }))[0].n)).toBe(0);

    // characters, not UTF-16 units: 255 emoji fit (PostgreSQL's varchar counts them as one each)
    const emoji = await store.createRecord(server('e', 'platform', { title: '🚀'.repeat(255) }), alice);
    expect((await store.getRecord(emoji.id))!.title).toBe('🚀'.repeat(255));
    const updated = store.updateRecord(emoji.id, { version: 1, owner: long(260) }, alice);
    await expect(updated).rejects.toMatchObject({ message: 'owner: must be at most 255 characters' });
  });

  it('normalises the owners of records written before (migration), leaving what is not a ref alone', async () => {
    const knex = await databases.init(databaseId);
    await migrateUpTo(knex, '202612011020_owner_refs.js');
    const now = new Date().toISOString();
    const row = (id: string, name: string, owner: string) => ({
      id,
      kind: 'Server',
      name,
      title: null,
      owner,
      spec: JSON.stringify({ hostname: name }),
      version: 1,
      active: true,
      source: 'manual',
      created_at: now,
      updated_at: now,
      created_by: 'x',
      updated_by: 'x',
    });
    await knex('maestro_records').insert([
      row('00000000-0000-0000-0000-000000000001', 'a', 'platform'),
      row('00000000-0000-0000-0000-000000000002', 'b', 'Group:Default/Platform'),
      row('00000000-0000-0000-0000-000000000003', 'c', 'user:default/alice'),
      row('00000000-0000-0000-0000-000000000004', 'd', 'user:/broken'),
    ]);
    await knex('maestro_record_keys').insert({
      record_id: '00000000-0000-0000-0000-000000000001',
      kind: 'Server',
      key: 'hostname',
      value: 'a',
      owner: 'platform',
      active: true,
    });
    await knex.migrate.latest({ directory: migrations });
    const owners = await knex('maestro_records').orderBy('name').pluck('owner');
    expect(owners).toEqual(['group:default/platform', 'group:default/platform', 'user:default/alice', 'user:/broken']);
    expect(await knex('maestro_record_keys').pluck('owner')).toEqual(['group:default/platform']);
    // no history entry, no new version: the same owner, written in full
    expect(await knex('maestro_records').distinct('version').pluck('version')).toEqual([1]);
  });
});

/** Runs the migrations that come before `file`. */
async function migrateUpTo(knex: Knex, file: string) {
  for (;;) {
    const [, pending] = await knex.migrate.list({ directory: migrations });
    const next = pending[0] as { file: string } | undefined;
    if (!next || next.file >= file) return;
    await knex.migrate.up({ directory: migrations });
  }
}
