import { mockCredentials, mockServices } from '@backstage/backend-test-utils';
import { AuthorizeResult, isResourcePermission, PolicyDecision } from '@backstage/plugin-permission-common';
import { describeEachDatabase, migrateTestDatabase } from '../__testUtils__/databases';
import { createMaestroRecordConditionalDecision, maestroRecordConditions } from '../permissions/rules';
import { InventoryService, PrincipalWriter } from './InventoryService';
import { KnexInventoryStore } from './KnexInventoryStore';
import { InvalidRowsError } from './rowChecks';

jest.setTimeout(60_000);

const ALICE = 'user:default/alice';
const server = (
  name: string,
  owner = 'group:default/platform',
  spec: object = { hostname: `${name}.example.com` },
) => ({
  kind: 'Server',
  name,
  owner,
  spec,
});

/** The store the fake policy reads records from (the test's current one). */
const storeOf: { current?: KnexInventoryStore } = {};

/**
 * A permission policy as the service sees it: `create` allowed or not, and update / delete decided per record by
 * its owner (`mayChange`), both as a plain decision (on a stored record) and as a conditional one (for imports).
 */
function policy(options: { create?: boolean; owners?: string[] } = {}) {
  const permissions = mockServices.permissions.mock();
  const owners = options.owners;
  permissions.authorize.mockImplementation(
    async (requests: any[]) =>
      Promise.all(
        requests.map(async ({ permission, resourceRef }) => {
          if (!isResourcePermission(permission)) {
            return { result: options.create === false ? AuthorizeResult.DENY : AuthorizeResult.ALLOW };
          }
          if (!owners) return { result: AuthorizeResult.ALLOW };
          const record = await storeOf.current!.getRecord(resourceRef);
          return { result: record && owners.includes(record.owner) ? AuthorizeResult.ALLOW : AuthorizeResult.DENY };
        }),
      ) as any,
  );
  permissions.authorizeConditional.mockImplementation(
    async (requests: any[]) =>
      requests.map(({ permission }) =>
        owners && isResourcePermission(permission)
          ? createMaestroRecordConditionalDecision(permission as any, maestroRecordConditions.isRecordOwner({ owners }))
          : ({ result: AuthorizeResult.ALLOW } as PolicyDecision),
      ) as any,
  );
  return permissions;
}

describeEachDatabase('InventoryService', (databases, databaseId) => {
  async function setUp(permissions = policy()) {
    const knex = await migrateTestDatabase(await databases.init(databaseId));
    const store = await KnexInventoryStore.create({ database: mockServices.database({ knex }) });
    storeOf.current = store;
    const auditor = mockServices.auditor.mock();
    const inventory = InventoryService.create({ store, permissions, auditor });
    return { knex, store, auditor, inventory };
  }
  const alice = (reason?: string): PrincipalWriter => ({
    credentials: mockCredentials.user(ALICE),
    ...(reason ? { reason: () => reason } : {}),
  });
  const system = { actor: 'maestro:test', source: 'test', reason: 'a test' };

  it('validates every variant: a principal create, a system create, an import, a system upsert', async () => {
    const { inventory, store } = await setUp();
    const bad = server('web-1', 'group:default/platform', { hostname: 'web-1.example.com', cpu: 'two' });
    await expect(inventory.createRecord(bad, alice())).rejects.toThrow(/^spec\.cpu: /);
    await expect(inventory.createRecord(bad, system)).rejects.toThrow(/^spec\.cpu: /);
    await expect(inventory.createRecord({ ...server('-bad-'), kind: 'server' }, system)).rejects.toThrow(
      /^name: must consist/,
    );
    const permit = await inventory.authorizeImport(mockCredentials.user(ALICE));
    const error = await inventory
      .importRecords(
        [
          { row: 1, ...bad },
          { row: 2, ...server('web-2') },
        ],
        { permit, format: 'json' },
      )
      .catch(e => e);
    expect(error).toBeInstanceOf(InvalidRowsError);
    expect(error.message).toBe('1 of 2 rows are invalid; nothing was imported: row 1: spec.cpu: must be integer');
    expect(error.rows).toEqual([{ row: 1, kind: 'Server', name: 'web-1', problems: ['spec.cpu: must be integer'] }]);
    await expect(inventory.upsertRecords([bad], system)).rejects.toThrow('spec.cpu: must be integer (Server row 1)');
    await expect(inventory.upsertRecords([server('web-3', 'not a ref:/x/y/z')], system)).rejects.toThrow(/^owner: /);
    expect((await store.listRecords({ limit: 10 })).totalCount).toBe(0);
  });

  it('lets a merge row leave out required fields of a stored record, not of a record it creates', async () => {
    const { inventory, store } = await setUp();
    const dc = { kind: 'Datacenter', name: 'dc-1', owner: 'group:default/platform' };
    // a new record must be complete, with a valid name
    await expect(
      inventory.upsertRecords([{ ...dc, spec: { regions: ['r1'] }, mergeFields: ['regions'] }], system),
    ).rejects.toThrow('spec.provider: is required (Datacenter row 1)');
    await expect(
      inventory.upsertRecords([{ ...dc, name: '-dc-', spec: { provider: 'aws' }, mergeFields: ['provider'] }], system),
    ).rejects.toThrow(/^name: must consist/);
    const created = await inventory.upsertRecords(
      [{ ...dc, spec: { provider: 'aws' }, mergeFields: ['provider'] }],
      system,
    );
    expect(created.created).toBe(1);
    // merged into the stored record: provider stays
    const merged = await inventory.upsertRecords(
      [{ ...dc, spec: { regions: ['r1'] }, mergeFields: ['regions'] }],
      system,
    );
    expect(merged.updated).toBe(1);
    expect((await store.getRecord(created.rows[0].id))?.spec).toEqual({ provider: 'aws', regions: ['r1'] });
  });

  it('records an auditor event per write: success with the record, failure with the error', async () => {
    const { inventory, auditor } = await setUp();
    const record = await inventory.createRecord(server('web-1'), alice('first'));
    expect(record.warnings).toEqual([]);
    expect(auditor.createEvent).toHaveBeenLastCalledWith(
      expect.objectContaining({
        eventId: 'record-create',
        severityLevel: 'medium',
        meta: { kind: 'Server', name: 'web-1' },
      }),
    );
    const event = await auditor.createEvent.mock.results.at(-1)!.value;
    expect(event.success).toHaveBeenCalledWith({ meta: { recordId: record.id, version: 1 } });

    await expect(inventory.updateRecord(record.id, { version: 7, title: 'x' }, alice())).rejects.toThrow(/^version: /);
    const failed = await auditor.createEvent.mock.results.at(-1)!.value;
    expect(auditor.createEvent).toHaveBeenLastCalledWith(expect.objectContaining({ eventId: 'record-update' }));
    expect(failed.fail).toHaveBeenCalledWith({ error: expect.objectContaining({ name: 'ConflictError' }) });

    await inventory.setActiveMany([record.id], false, system);
    expect(auditor.createEvent).toHaveBeenLastCalledWith(
      expect.objectContaining({
        eventId: 'records-delete',
        severityLevel: 'low',
        meta: { records: 1, actor: 'maestro:test', source: 'test' },
      }),
    );
    const bulk = await auditor.createEvent.mock.results.at(-1)!.value;
    expect(bulk.success).toHaveBeenCalledWith({ meta: { changed: 1 } });
  });

  it('writes history with the actor and reason: the principal, or Maestro itself', async () => {
    const { inventory, store } = await setUp();
    const record = await inventory.createRecord(server('web-1'), alice('first'));
    await inventory.updateRecord(record.id, { version: 1, title: 'Web' }, system);
    const history = await store.history(record.id, { limit: 10 });
    expect(history.map(h => [h.action, h.actor, h.reason])).toEqual([
      ['update', 'maestro:test', 'a test'],
      ['create', ALICE, 'first'],
    ]);
    // a bad reason is refused
    await expect(
      inventory.updateRecord(record.id, { version: 2, title: 'x' }, alice('r'.repeat(2001))),
    ).rejects.toThrow('reason: must be a string of at most 2000 characters');
  });

  it('reverts to a version in the history, with its default reason, and warns about duplicates', async () => {
    const { inventory, store } = await setUp();
    await inventory.createRecord(server('web-0'), system);
    const record = await inventory.createRecord(
      server('web-1', 'group:default/platform', { hostname: 'a.example.com' }),
      system,
    );
    const updated = await inventory.updateRecord(
      record.id,
      { version: 1, spec: { hostname: 'web-0.example.com' } },
      system,
    );
    expect(updated.warnings).toEqual([
      {
        field: 'spec.hostname',
        message: 'hostname web-0.example.com is also used by web-0 (same owner group:default/platform)',
      },
    ]);
    const [, created] = await store.history(record.id, { limit: 10 });
    const reverted = await inventory.revertRecord(record.id, { seq: created.seq, version: 2 }, alice());
    expect(reverted.spec).toEqual({ hostname: 'a.example.com' });
    expect(reverted.warnings).toEqual([]);
    expect((await store.history(record.id, { limit: 1 }))[0].reason).toBe(`revert to version 1 (seq ${created.seq})`);
    await expect(inventory.revertRecord(record.id, { seq: 999999, version: 3 }, alice())).rejects.toThrow(
      `seq: no history entry 999999 for record ${record.id}`,
    );
  });

  it('authorizes principals as the routes do: create, and update / delete against the stored record', async () => {
    const { inventory } = await setUp(policy({ create: false, owners: ['group:default/mine'] }));
    await expect(inventory.createRecord(server('web-1'), alice())).rejects.toThrow(
      'not allowed: maestro.inventory.create',
    );
    // Maestro itself is trusted
    const theirs = await inventory.createRecord(server('theirs'), system);
    const mine = await inventory.createRecord(server('mine', 'group:default/mine'), system);
    await expect(inventory.updateRecord(theirs.id, { version: 1, title: 'x' }, alice())).rejects.toThrow(
      'not allowed: maestro.inventory.update on Server theirs',
    );
    await expect(inventory.setActive(theirs.id, false, { version: 1 }, alice())).rejects.toThrow(
      'not allowed: maestro.inventory.delete on Server theirs',
    );
    await expect(inventory.updateRecord('no-such-id', { version: 1 }, alice())).rejects.toThrow(
      'no inventory record with id no-such-id',
    );
    expect((await inventory.updateRecord(mine.id, { version: 1, title: 'Mine' }, alice())).version).toBe(2);
    expect((await inventory.setActive(mine.id, false, { version: 2 }, alice())).active).toBe(false);
    expect((await inventory.setActive(mine.id, true, { version: 3 }, alice())).active).toBe(true);
  });

  it('authorizes an import before its rows and inside its transaction, against the records as read there', async () => {
    const permissions = policy({ create: false });
    permissions.authorizeConditional.mockResolvedValue([{ result: AuthorizeResult.DENY }] as any);
    const { inventory: nobody } = await setUp(permissions);
    await expect(nobody.authorizeImport(mockCredentials.user(ALICE))).rejects.toThrow(
      'not allowed: maestro.inventory.create or maestro.inventory.update',
    );

    const { inventory, store } = await setUp(policy({ create: false, owners: ['group:default/mine'] }));
    await inventory.upsertRecords([server('mine', 'group:default/mine'), server('theirs')], system);
    const permit = await inventory.authorizeImport(mockCredentials.user(ALICE));
    expect(permit.update.result).toBe(AuthorizeResult.CONDITIONAL);
    const rows = (names: string[]) =>
      names.map((name, i) => ({
        row: i + 1,
        ...server(name, 'group:default/mine'),
        spec: { hostname: `${name}.example.com`, cpu: 4 },
      }));
    await expect(inventory.importRecords(rows(['mine', 'theirs']), { permit, format: 'json' })).rejects.toThrow(
      'not allowed: maestro.inventory.update on 1 existing record(s) of this import',
    );
    await expect(inventory.importRecords(rows(['mine', 'new-one']), { permit, format: 'json' })).rejects.toThrow(
      'not allowed: maestro.inventory.create',
    );
    const result = await inventory.importRecords(rows(['mine']), { permit, format: 'csv' });
    expect(result).toMatchObject({ created: 0, updated: 1, unchanged: 0 });
    const [latest] = await store.searchHistory({ limit: 1 });
    expect([latest.actor, latest.reason]).toEqual([ALICE, 'import (csv)']);
  });
});
