import { ConflictError, NotFoundError } from '@backstage/errors';
import type { ReportDefinition } from '@maestro/plugin-maestro-common';
import type { Knex } from 'knex';
import { describeEachDatabase, migrateTestDatabase } from '../__testUtils__/databases';
import { validateReportDefinition } from './reportDefinition';
import { ReportStore } from './ReportStore';

jest.setTimeout(60_000);

const ann = 'user:default/ann';
const bob = 'user:default/bob';
const servers = (name = 'Linux servers'): ReportDefinition =>
  validateReportDefinition({
    name,
    type: 'single',
    kind: 'server',
    filters: [{ field: 'spec.os.distro', op: 'contains', value: 'ubuntu' }],
    columns: ['name', 'owner'],
    sort: { field: 'name', direction: 'asc' },
  });

describeEachDatabase('ReportStore', (databases, databaseId) => {
  let reports: ReportStore;
  let knex: Knex;

  beforeAll(async () => {
    knex = await databases.init(databaseId);
    await migrateTestDatabase(knex);
    reports = ReportStore.fromKnex(knex);
  });

  it('creates a report owned by its creator at version 1, and gets it back', async () => {
    const created = await reports.create(servers(), ann);
    expect(created).toMatchObject({
      name: 'Linux servers',
      type: 'single',
      owner: ann,
      createdBy: ann,
      updatedBy: ann,
      version: 1,
      definition: { kind: 'Server', columns: ['name', 'owner'], sort: { field: 'name', direction: 'asc' } },
    });
    expect(created.createdAt).toBe(created.updatedAt);
    expect(await reports.get(created.id)).toEqual(created);
  });

  it('lists the reports not deleted, newest first, a page at a time', async () => {
    const before = await reports.list({ offset: 0, limit: 500 });
    const first = await reports.create(servers('first'), ann);
    await new Promise(resolve => setTimeout(resolve, 5));
    const second = await reports.create(servers('second'), ann);
    const page = await reports.list({ offset: 0, limit: 1 });
    expect(page.items.map(r => r.id)).toEqual([second.id]);
    expect(page.totalCount).toBe(before.totalCount + 2);
    expect((await reports.list({ offset: 1, limit: 1 })).items.map(r => r.id)).toEqual([first.id]);
  });

  it('updates with the version read, and refuses a stale version with a 409 naming version', async () => {
    const created = await reports.create(servers(), ann);
    const updated = await reports.update(created.id, servers('Renamed'), 1, bob);
    expect(updated).toMatchObject({ name: 'Renamed', version: 2, owner: ann, createdBy: ann, updatedBy: bob });
    expect(await reports.get(created.id)).toEqual(updated);
    const stale = reports.update(created.id, servers('Lost'), 1, bob);
    await expect(stale).rejects.toThrow(ConflictError);
    await expect(stale).rejects.toThrow(/^version: report .* is at version 2, not 1; reload it$/);
    expect((await reports.get(created.id)).name).toBe('Renamed');
  });

  it('soft-deletes: the report is not found, listed, updated or duplicated afterwards, and its row stays', async () => {
    const created = await reports.create(servers('doomed'), ann);
    await expect(reports.delete(created.id, bob, 7)).rejects.toThrow(ConflictError);
    const deleted = await reports.delete(created.id, bob);
    expect(deleted.version).toBe(2);
    await expect(reports.get(created.id)).rejects.toThrow(NotFoundError);
    await expect(reports.get(created.id)).rejects.toThrow(`no report with id ${created.id}`);
    await expect(reports.update(created.id, servers(), 2, bob)).rejects.toThrow(NotFoundError);
    await expect(reports.duplicate(created.id, bob)).rejects.toThrow(NotFoundError);
    await expect(reports.delete(created.id, bob)).rejects.toThrow(NotFoundError);
    expect((await reports.list({ offset: 0, limit: 500 })).items.map(r => r.id)).not.toContain(created.id);
    expect(await knex('maestro_reports').where({ id: created.id }).first()).toMatchObject({
      deleted_at: expect.any(String),
    });
  });

  it('answers 404 for an id that is not a uuid without asking the database', async () => {
    await expect(reports.get('not-a-uuid')).rejects.toThrow('no report with id not-a-uuid');
  });

  it('duplicates a report as "<name> (copy)" owned by the caller, cutting a long name to fit', async () => {
    const created = await reports.create(servers(), ann);
    const copy = await reports.duplicate(created.id, bob);
    expect(copy.id).not.toBe(created.id);
    expect(copy).toMatchObject({ name: 'Linux servers (copy)', owner: bob, createdBy: bob, version: 1 });
    expect(copy.definition).toEqual({ ...created.definition, name: 'Linux servers (copy)' });
    const long = await reports.create(servers('x'.repeat(128)), ann);
    const longCopy = await reports.duplicate(long.id, bob);
    expect(longCopy.name).toHaveLength(128);
    expect(longCopy.name.endsWith(' (copy)')).toBe(true);
  });
});
