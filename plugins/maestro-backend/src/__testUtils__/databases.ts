import { TestDatabaseId, TestDatabases } from '@backstage/backend-test-utils';

/** The engines every SQL path is tested on: the embedded default and production's. */
export const TESTED_DATABASE_IDS: TestDatabaseId[] = ['POSTGRES_15', 'SQLITE_3'];

/**
 * Declares a `describe` block per tested database engine. An engine that is not available (PostgreSQL without
 * BACKSTAGE_TEST_DATABASE_POSTGRES15_CONNECTION_STRING, see ./maestro test) gets `describe.skip`, so its cases
 * show up as skipped in the summary instead of silently passing.
 */
export function describeEachDatabase(
  title: string,
  body: (databases: TestDatabases, databaseId: TestDatabaseId) => void,
) {
  const databases = TestDatabases.create({ ids: TESTED_DATABASE_IDS });
  for (const id of TESTED_DATABASE_IDS) {
    const supported = databases.supports(id);
    (supported ? describe : describe.skip)(`${title} on ${id}${supported ? '' : ' (not available: skipped)'}`, () =>
      body(databases, id),
    );
  }
}

export { migrateTestDatabase } from './migrateTestDatabase';
