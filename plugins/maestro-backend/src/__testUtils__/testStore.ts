import { mockServices, TestDatabaseId, TestDatabases } from '@backstage/backend-test-utils';
import { KnexInventoryStore } from '../records/KnexInventoryStore';
import { migrateTestDatabase } from './migrateTestDatabase';

/** A fresh test database of `databaseId`, migrated, and the inventory store on it. */
export async function createTestStore(databases: TestDatabases, databaseId: TestDatabaseId) {
  const knex = await databases.init(databaseId);
  const store = await KnexInventoryStore.create({
    database: mockServices.database({ knex: await migrateTestDatabase(knex) }),
  });
  return { knex, store };
}
