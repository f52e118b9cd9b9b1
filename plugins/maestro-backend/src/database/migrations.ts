import { DatabaseService, resolvePackagePath } from '@backstage/backend-plugin-api';
import type { Knex } from 'knex';

/** The plugin's knex migrations (every table of every feature), `migrations/YYYYMMDDHHMM_verb.js`. */
export const MIGRATIONS_DIRECTORY = resolvePackagePath('@maestro/plugin-maestro-backend', 'migrations');

/**
 * Brings the plugin's database to the latest migration, unless `backend.database.…migrations.skip` says the
 * operator runs them; returns the knex client every store is created on. Called once, from plugin.ts, before any
 * store exists: no store runs migrations of its own.
 */
export async function applyMigrations(database: DatabaseService): Promise<Knex> {
  const client = await database.getClient();
  if (!database.migrations?.skip) {
    await client.migrate.latest({ directory: MIGRATIONS_DIRECTORY });
  }
  return client;
}
