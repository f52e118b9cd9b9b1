/*
 * What the discovery benchmarks share: databases (an in-memory SQLite, or a fresh PostgreSQL database dropped
 * afterwards), the simulated cloud in a worker thread, and running every list of a connection.
 */
import { spawnSync } from 'node:child_process';
import { Worker } from 'node:worker_threads';
import knexFactory, { Knex } from 'knex';
import type { DiscoveryRuns } from '../plugins/maestro-backend/src/discovery/DiscoveryRuns';

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

/** A simulated cloud in a worker thread: its `ready` message, and request/reply messaging with it. */
export async function startWorker(file: string, workerData: unknown) {
  const worker = new Worker(file, { workerData });
  const next = (type: string) =>
    new Promise<any>((resolve, reject) => {
      const onMessage = (message: any) => {
        if (message.type === 'error') reject(new Error(message.message));
        else if (message.type === type) {
          worker.off('message', onMessage);
          resolve(message);
        }
      };
      worker.on('message', onMessage);
    });
  const ready = await next('ready');
  const ask = async (type: string, reply: string, extra: Record<string, unknown> = {}) => {
    const answer = next(reply);
    worker.postMessage({ type, ...extra });
    return answer;
  };
  return {
    ready,
    ask,
    close: async () => {
      await ask('close', 'closed');
      await worker.terminate();
    },
  };
}

/** Runs every list of a connection at once, as the scheduler would; fails naming the lists that failed. */
export async function runLists(service: DiscoveryRuns, connectionId: string, lists: string[]) {
  const t = Date.now();
  const statuses = await Promise.all(lists.map(list => service.runNow(connectionId, list)));
  const failed = statuses.filter(st => st.status === 'error');
  if (failed.length) throw new Error(`lists failed: ${failed.map(f => `${f.list}: ${f.error}`).join('; ')}`);
  return { ms: Date.now() - t, seen: statuses.reduce((sum, st) => sum + (st.counts?.seen ?? 0), 0), statuses };
}

/**
 * Runs `fn` for every size on every database, PostgreSQL skipped (and said so) when it is not reachable, the
 * benchmark's PostgreSQL databases dropped after each run. `unit` names what the size counts (instances, servers).
 */
export async function forEachRun(
  sizes: number[],
  dbs: string[],
  unit: string,
  fn: (n: number, db: string) => Promise<void>,
) {
  const pgUp = spawnSync('pg_isready', ['-h', PG.host, '-p', String(PG.port)]).status === 0;
  for (const n of sizes) {
    for (const db of dbs) {
      if (db === 'postgres' && !pgUp) {
        console.log(`\n## ${n} ${unit}, postgres: PostgreSQL not reachable, skipped`);
        continue;
      }
      console.log(`\n## ${n.toLocaleString('en-US')} ${unit}, ${db}`);
      await fn(n, db);
      if (db === 'postgres') await dropBenchDatabases();
    }
  }
}

/**
 * A benchmark's entry: `run` once per database of `BENCH_DB` (default `sqlite,postgres`), the benchmark's PostgreSQL
 * databases dropped at the end; an error is printed and exits 1.
 */
export function benchOnDatabases(run: (db: string) => Promise<void>) {
  const dbs = (process.env.BENCH_DB ?? 'sqlite,postgres').split(',');
  (async () => {
    for (const db of dbs) await run(db);
    if (dbs.includes('postgres')) await dropBenchDatabases();
  })().catch(error => {
    console.error(error);
    process.exit(1);
  });
}
