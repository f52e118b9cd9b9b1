import { randomUUID } from 'node:crypto';
import type { Knex } from 'knex';

/** The incarnation of every connection defined in app-config (they cannot be deleted through the API). */
export const CONFIG_INCARNATION = 'config';

/** Thrown when the connection a run works for was deleted (or deleted and created again) during the run. */
export class ConnectionGoneError extends Error {
  constructor(connectionId: string) {
    super(`connection '${connectionId}' was deleted during the run: nothing more is written for it`);
    this.name = 'ConnectionGoneError';
  }
}

/**
 * The incarnation of an API-defined connection: a uuid given on its first run and kept until it is deleted, so a
 * connection created again with the same id gets a new one. Undefined when the connection no longer exists.
 */
export async function incarnationOf(db: Knex, connectionId: string): Promise<string | undefined> {
  await db('maestro_discovery_connections')
    .where({ id: connectionId })
    .whereNull('incarnation')
    .update({ incarnation: randomUUID() });
  const row = await db('maestro_discovery_connections').where({ id: connectionId }).first('incarnation');
  return row?.incarnation ?? undefined;
}

/**
 * Inside a transaction: true when the connection still is this incarnation, and locks its row until the transaction
 * ends (PostgreSQL), so a concurrent delete waits for the writes and then removes them (SQLite writes one
 * transaction at a time). Connections from app-config are always current.
 */
export async function holdIncarnation(tx: Knex, connectionId: string, incarnation: string): Promise<boolean> {
  if (incarnation === CONFIG_INCARNATION) return true;
  const count = await tx('maestro_discovery_connections')
    .where({ id: connectionId, incarnation })
    .update({ incarnation });
  return count === 1;
}
