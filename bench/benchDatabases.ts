/* Databases for the benchmarks: an in-memory SQLite, or a fresh PostgreSQL database dropped afterwards. */
import knexFactory, { Knex } from 'knex';

export const PG = { host: '127.0.0.1', port: 5432, user: 'postgres', password: 'postgres' };

/** A knex on an empty database of the given engine (`sqlite` or `postgres`). */
export async function knexFor(db: string): Promise<Knex> {
  if (db === 'sqlite') return knexFactory({ client: 'better-sqlite3', connection: ':memory:', useNullAsDefault: true });
  const name = `bench_discovery_${Date.now()}`;
  const admin = knexFactory({ client: 'pg', connection: { ...PG, database: 'postgres' } });
  await admin.raw(`create database "${name}"`);
  await admin.destroy();
  return knexFactory({ client: 'pg', connection: { ...PG, database: name } });
}

/** Drops every database the benchmarks created (`bench_…`). */
export async function dropBenchDatabases() {
  const admin = knexFactory({ client: 'pg', connection: { ...PG, database: 'postgres' } });
  const { rows } = await admin.raw(`select datname from pg_database where datname like 'bench\\_%'`);
  for (const { datname } of rows) await admin.raw(`drop database if exists "${datname}" with (force)`);
  await admin.destroy();
}
