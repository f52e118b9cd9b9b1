import { mockServices, TestDatabaseId, TestDatabases } from '@backstage/backend-test-utils';
import { KnexInventoryStore } from '../records/KnexInventoryStore';
import { RecordValidator } from '../records/RecordValidator';
import { Reconciler } from '../discovery/Reconciler';
import { migrateTestDatabase } from './databases';
import { systemInventory } from './systemInventory';

/** A reconciler over a fresh store on one test database, and a count of the history it wrote. */
export async function createReconcilerHarness(databases: TestDatabases, databaseId: TestDatabaseId) {
  const knex = await databases.init(databaseId);
  const store = await KnexInventoryStore.create({
    database: mockServices.database({ knex: await migrateTestDatabase(knex) }),
  });
  const reconciler = new Reconciler({ db: knex, writer: systemInventory(store), validator: RecordValidator.create() });
  const changeCount = async () => Number((await knex('maestro_changes').count({ n: '*' }))[0].n);
  return { knex, store, reconciler, changeCount };
}
