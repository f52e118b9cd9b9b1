import { mockServices } from '@backstage/backend-test-utils';
import { ConflictError, NotAllowedError } from '@backstage/errors';
import type { InventoryRecord } from '@maestro/plugin-maestro-common';
import { describeEachDatabase, migrateTestDatabase } from '../__testUtils__/databases';
import { KnexInventoryStore } from './KnexInventoryStore';

jest.setTimeout(60_000);

const alice = { actor: 'user:default/alice' };
const server = (name: string, spec: Record<string, any> = {}, owner = 'group:default/platform') => ({
  kind: 'Server',
  name,
  owner,
  spec: { hostname: `${name}.example.com`, ...spec },
});

describeEachDatabase('KnexInventoryStore.upsertRecords integrity', (databases, databaseId) => {
  async function createStore() {
    const knex = await databases.init(databaseId);
    return KnexInventoryStore.create({ database: mockServices.database({ knex: await migrateTestDatabase(knex) }) });
  }

  it('hands authorizeExisting the named records as the transaction reads them; throwing rolls every row back', async () => {
    const store = await createStore();
    const web = await store.createRecord(server('web-01'), alice);
    // the owner changes after whoever imports has looked: the check must see the new owner
    await store.updateRecord(web.id, { version: 1, owner: 'group:default/other' }, alice);
    const head = await store.feedHead();

    let seen: InventoryRecord[] = [];
    const refused = store.upsertRecords([server('web-01', { cpu: 8 }), server('web-02')], alice, {
      authorizeExisting: existing => {
        seen = existing;
        throw new NotAllowedError('not allowed: maestro.inventory.update on 1 existing record(s) of this import');
      },
    });
    await expect(refused).rejects.toThrow(NotAllowedError);
    expect(seen).toEqual([
      expect.objectContaining({
        id: web.id,
        owner: 'group:default/other',
        version: 2,
        spec: { hostname: 'web-01.example.com' },
      }),
    ]);
    expect(await store.feedHead()).toBe(head);
    expect((await store.listRecords({ limit: 10 })).items.map(r => [r.name, r.version])).toEqual([['web-01', 2]]);

    const allowed = await store.upsertRecords(
      [server('web-01', { cpu: 8 }, 'group:default/other'), server('web-02')],
      alice,
      {
        authorizeExisting: existing => {
          seen = existing;
        },
      },
    );
    expect(allowed).toMatchObject({ created: 1, updated: 1 });
    expect(seen.map(r => r.name)).toEqual(['web-01']);
  });

  it("checks a row's expected version in the transaction: a 409 naming the row and version, nothing written", async () => {
    const store = await createStore();
    const web = await store.createRecord(server('web-01'), alice);
    await store.updateRecord(web.id, { version: 1, spec: { hostname: 'web-01.example.com', cpu: 2 } }, alice);
    const head = await store.feedHead();

    const stale = store.upsertRecords(
      [server('new-01'), { ...server('web-01', { cpu: 4 }), expectedVersion: 1 }],
      alice,
    );
    await expect(stale).rejects.toThrow(ConflictError);
    await expect(stale).rejects.toThrow(
      "version: Server 'web-01' (row 2) is at version 2, not 1; reload it and import again",
    );
    const missing = store.upsertRecords([{ ...server('ghost'), expectedVersion: 1 }], alice);
    await expect(missing).rejects.toThrow("version: Server 'ghost' (row 1) does not exist, so it is not at version 1");
    expect(await store.feedHead()).toBe(head);
    expect((await store.listRecords({ limit: 10 })).totalCount).toBe(1);

    const current = await store.upsertRecords([{ ...server('web-01', { cpu: 4 }), expectedVersion: 2 }], alice);
    expect(current).toMatchObject({ updated: 1 });
    // without a version, a row overwrites whatever is stored (the upsert as before)
    const blind = await store.upsertRecords([server('web-01', { cpu: 16 })], alice);
    expect(blind).toMatchObject({ updated: 1 });
    expect(await store.getRecord(web.id)).toMatchObject({ version: 4, spec: { cpu: 16 } });
  });
});
