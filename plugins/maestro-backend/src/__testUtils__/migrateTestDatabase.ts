import type { Knex } from 'knex';
import { MIGRATIONS_DIRECTORY } from '../database/migrations';

/**
 * Brings a test database to the plugin's latest migration, as plugin.ts does at start-up (stores run none of
 * their own); returns it. In a file of its own so that the harnesses benchmarks run outside Jest do not load
 * `@backstage/backend-test-utils`.
 */
export async function migrateTestDatabase(knex: Knex): Promise<Knex> {
  await knex.migrate.latest({ directory: MIGRATIONS_DIRECTORY });
  return knex;
}
