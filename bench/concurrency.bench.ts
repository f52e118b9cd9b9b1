/*
 * Writers must not stall each other (issue #11, item 19). Prints figures; asserts nothing.
 *
 *   ./maestro npm run bench:concurrency                      # PostgreSQL and SQLite, 100,000-row import
 *   BENCH_ROWS=20000 BENCH_DBS=postgres ./maestro npm run bench:concurrency
 *
 * One store (one knex pool of 10 connections, as a backend plugin gets) imports BENCH_ROWS new servers with
 * `upsertRecords` (one transaction, history included) while, every second until the import commits, 15
 * single-record edits run at once (read the record, update it with its version). Each edit's latency is printed
 * next to the limit (≤ 2 s), then the import's duration and a check that the change feed holds every change once,
 * in order.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import knexFactory, { Knex } from 'knex';
import { applyMigrations } from '../plugins/maestro-backend/src/database/migrations';
import { KnexInventoryStore } from '../plugins/maestro-backend/src/records/KnexInventoryStore';

const ROWS = Number(process.env.BENCH_ROWS ?? 100_000);
const EDITORS = 15;
const LIMIT_MS = 2000;
const DBS = (process.env.BENCH_DBS ?? 'postgres,sqlite').split(',');
const PG = process.env.BENCH_PG_URL ?? 'postgresql://postgres@127.0.0.1:5432';

const actor = { actor: 'maestro:bench' };
const server = (name: string, cpu = 2) => ({
  kind: 'Server',
  name,
  owner: 'group:default/bench',
  spec: { hostname: `${name}.example.com`, cpu, environment: 'production', providerId: `i-${name}` },
});
const seconds = (ms: number) => `${(ms / 1000).toFixed(2)} s`;

async function run(label: string, knex: Knex) {
  const store = await KnexInventoryStore.create({
    database: { getClient: async () => applyMigrations({ getClient: async () => knex } as any) } as any,
  });
  const targets = [];
  for (let i = 0; i < EDITORS; i++) targets.push(await store.createRecord(server(`edited-${i}`), actor));
  const rows = Array.from({ length: ROWS }, (_, i) => server(`imported-${i}`));

  console.log(
    `\n## ${label}: import of ${ROWS.toLocaleString('en-US')} servers, ${EDITORS} concurrent edits every second`,
  );
  const started = Date.now();
  let importDone = false;
  const importing = store.upsertRecords(rows, { ...actor, reason: 'bench import' }).finally(() => {
    importDone = true;
  });
  const latencies: number[] = [];
  let round = 0;
  // Round n is due n seconds after the import started. Latencies count from when the round was due: on SQLite
  // the import keeps the event loop busy (better-sqlite3 is synchronous), so a late round has waited that long.
  while (!importDone) {
    round += 1;
    const due = started + round * 1000;
    await new Promise(r => setTimeout(r, Math.max(0, due - Date.now())));
    const lateBy = Date.now() - due;
    const value = 2 + round;
    const times = await Promise.all(
      targets.map(async target => {
        const current = (await store.getRecord(target.id))!;
        await store.updateRecord(target.id, { version: current.version, spec: { ...current.spec, cpu: value } }, actor);
        return Date.now() - due;
      }),
    );
    latencies.push(...times);
    const worst = Math.max(...times);
    console.log(
      `round ${round} due at ${seconds(due - started)}${lateBy > 100 ? ` (started ${seconds(lateBy)} late)` : ''}: ` +
        `${times.join(' ')} ms; max ${worst} ms (limit ${LIMIT_MS} ms) ${worst <= LIMIT_MS ? 'ok' : 'OVER'}` +
        `${importDone ? ' (the import had committed)' : ''}`,
    );
  }
  const result = await importing;
  const importMs = Date.now() - started;
  latencies.sort((a, b) => a - b);
  const over = latencies.filter(ms => ms > LIMIT_MS).length;
  console.log(`import: ${seconds(importMs)} (created ${result.created})`);
  console.log(
    `edits: ${latencies.length} in ${round} rounds; p50 ${latencies[Math.floor(latencies.length / 2)]} ms, ` +
      `max ${latencies[latencies.length - 1]} ms; over ${LIMIT_MS} ms: ${over}`,
  );

  // the feed holds every change exactly once, positions strictly increasing
  const expected = Number((await knex('maestro_changes').count({ n: '*' }))[0].n);
  const seen = new Set<number>();
  let after = 0;
  let ordered = true;
  for (;;) {
    const page = await store.changes({ after, limit: 5000 });
    if (page.length === 0) break;
    for (const change of page) {
      const position = change.position ?? change.seq;
      if (position <= after) ordered = false;
      after = position;
      seen.add(change.seq);
    }
  }
  console.log(`change feed: ${seen.size} of ${expected} changes, ${ordered ? 'in order' : 'OUT OF ORDER'}`);
  await knex.destroy();
}

async function main() {
  for (const db of DBS) {
    if (db === 'sqlite') {
      const file = join(mkdtempSync(join(tmpdir(), 'maestro-bench-')), 'concurrency.sqlite');
      await run(
        'SQLite (better-sqlite3, file)',
        knexFactory({ client: 'better-sqlite3', connection: { filename: file }, useNullAsDefault: true }),
      );
      continue;
    }
    const admin = knexFactory({ client: 'pg', connection: `${PG}/postgres` });
    try {
      await admin.raw('select 1');
    } catch {
      console.log(`\n## PostgreSQL: not reachable at ${PG}; skipped`);
      await admin.destroy();
      continue;
    }
    const name = `maestro_bench_concurrency_${Date.now()}`;
    await admin.raw(`create database ${name}`);
    try {
      await run('PostgreSQL 15', knexFactory({ client: 'pg', connection: `${PG}/${name}`, pool: { min: 2, max: 10 } }));
    } finally {
      await admin.raw(`drop database if exists ${name} with (force)`);
      await admin.destroy();
    }
  }
}

main().catch(error => {
  console.error(String(error).slice(0, 2000));
  process.exit(1);
});
