/*
 * Store benchmark (issue: inventory). Prints figures; asserts nothing.
 *
 *   ./maestro npm run bench:store                 # SQLite and PostgreSQL (if reachable), 50,000 servers
 *   BENCH_SERVERS=10000 ./maestro npm run bench:store
 *
 * 1. Bulk upsert of N servers through KnexInventoryStore.upsertRecords (records + lookup keys + history, one
 *    transaction), against a "plain" upsert of the same rows (records + keys, no history) to show what history costs.
 * 2. An unchanged re-upsert (checksum comparison: no writes).
 * 3. PostgreSQL only: timeline query of one record among 1,000,000 history rows, p50/p95 over 500 random records.
 * 4. Inventory search (`q` of GET /records: listRecords with a count, a page of 50) by exact IP, exact instance id
 *    and substrings, on both engines. `BENCH_SEARCH_ONLY=1 BENCH_SERVERS=100000` runs only the upsert and this.
 */
import { randomUUID } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import knexFactory, { Knex } from 'knex';
import { applyMigrations } from '../plugins/maestro-backend/src/database/migrations';
import { KnexInventoryStore } from '../plugins/maestro-backend/src/records/KnexInventoryStore';
import { searchTextOf } from '../plugins/maestro-backend/src/records/searchText';

const N = Number(process.env.BENCH_SERVERS ?? 50_000);
const HISTORY_ROWS = Number(process.env.BENCH_HISTORY_ROWS ?? 1_000_000);
const SEARCH_ONLY = process.env.BENCH_SEARCH_ONLY === '1';
const PG = process.env.BENCH_PG_URL ?? 'postgresql://postgres@127.0.0.1:5432';

function servers(n: number, variant = 0) {
  return Array.from({ length: n }, (_, i) => ({
    kind: 'Server',
    name: `bench-${i}`,
    owner: 'group:default/bench',
    spec: {
      hostname: `bench-${i}.example.com`,
      ipv4Private: `10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}`,
      os: { base: 'linux', distro: 'debian', version: '12' },
      cpu: 2 + variant,
      memory: 4,
      environment: 'production',
      datacenter: 'datacenter:default/bench',
      region: 'eu-west-1',
      providerId: `i-${i.toString(16).padStart(17, '0')}`,
      tags: { team: 'bench', index: String(i) },
    },
  }));
}

const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

async function storeOn(knex: Knex) {
  return KnexInventoryStore.create({
    database: { getClient: async () => applyMigrations({ getClient: async () => knex } as any) } as any,
  });
}

/** The same rows written without history: what the upsert would cost if it kept no history at all. */
async function plainInsert(knex: Knex, rows: ReturnType<typeof servers>) {
  const now = new Date().toISOString();
  await knex.transaction(async tx => {
    for (let i = 0; i < rows.length; i += 400) {
      const chunk = rows.slice(i, i + 400).map(r => ({
        id: randomUUID(),
        kind: r.kind,
        name: r.name,
        title: null,
        owner: r.owner,
        spec: JSON.stringify(r.spec),
        // the record's search text, as the store writes it (decision 0021): the baseline differs by history only
        search_text: searchTextOf({ name: r.name, title: null, spec: r.spec }),
        version: 1,
        active: true,
        source: 'bench',
        created_at: now,
        updated_at: now,
        created_by: 'bench',
        updated_by: 'bench',
      }));
      await tx('maestro_records').insert(chunk);
      const keys = chunk.flatMap(r => {
        const spec = JSON.parse(r.spec);
        return ['hostname', 'ipv4Private', 'providerId'].map(key => ({
          record_id: r.id,
          kind: r.kind,
          key,
          value: spec[key],
          owner: r.owner,
          active: true,
        }));
      });
      for (let k = 0; k < keys.length; k += 400) await tx('maestro_record_keys').insert(keys.slice(k, k + 400));
    }
  });
}

async function upsertFigures(label: string, makeKnex: () => Promise<Knex>) {
  const rows = servers(N);
  if (SEARCH_ONLY) {
    const knex = await makeKnex();
    const store = await storeOn(knex);
    await store.upsertRecords(rows, { actor: 'maestro:bench', source: 'bench' });
    console.log(`\n## ${label}: ${N.toLocaleString('en-US')} servers`);
    return { knex, store };
  }
  // plain baseline on its own database
  const plainKnex = await makeKnex();
  await storeOn(plainKnex);
  let t = Date.now();
  await plainInsert(plainKnex, rows);
  const plainMs = Date.now() - t;
  await plainKnex.destroy();

  const knex = await makeKnex();
  const store = await storeOn(knex);
  t = Date.now();
  const first = await store.upsertRecords(rows, { actor: 'maestro:bench', source: 'bench' });
  const withHistoryMs = Date.now() - t;
  t = Date.now();
  const again = await store.upsertRecords(servers(N), { actor: 'maestro:bench' });
  const unchangedMs = Date.now() - t;
  const onePercent = servers(N).map((r, i) => (i % 100 === 0 ? { ...r, spec: { ...r.spec, cpu: 8 } } : r));
  t = Date.now();
  const changed = await store.upsertRecords(onePercent, { actor: 'maestro:bench' });
  const changedMs = Date.now() - t;
  const overhead = ((withHistoryMs - plainMs) / plainMs) * 100;
  console.log(`\n## ${label}: ${N.toLocaleString('en-US')} servers`);
  console.log(`plain upsert (records + keys, no history): ${seconds(plainMs)}`);
  console.log(
    `upsert with history:                      ${seconds(withHistoryMs)} (created ${
      first.created
    }); history adds ${overhead.toFixed(0)} %   target ≤ 20 s, ≤ 30 %`,
  );
  console.log(
    `unchanged re-upsert:                      ${seconds(unchangedMs)} (unchanged ${again.unchanged}, written ${
      again.created + again.updated
    })`,
  );
  console.log(`1 % changed re-upsert:                    ${seconds(changedMs)} (updated ${changed.updated})`);
  return { knex, store };
}

/** `q` as the inventory page and the pickers send it: a page of 50 with the total count, p50/p95 over 20 runs. */
async function searchFigures(store: KnexInventoryStore) {
  const i = Math.floor(N * 0.7);
  const cases = [
    ['no q (baseline: the same page)', ''],
    ['exact private IP', `10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}`],
    ['exact instance id', `i-${i.toString(16).padStart(17, '0')}`],
    ['substring of names (11 hits)', `bench-${Math.floor(i / 10)}`],
    ['substring, most records match', '.example.'],
    ['no match', 'no-such-host'],
  ];
  for (const [label, term] of cases) {
    const times: number[] = [];
    let found = 0;
    let first = '';
    for (let run = 0; run < 20; run++) {
      const t = performance.now();
      const page = await store.listRecords({ kind: 'Server', search: term || undefined, active: true, limit: 50 });
      times.push(performance.now() - t);
      found = page.totalCount;
      first = page.items[0]?.name ?? '-';
    }
    times.sort((a, b) => a - b);
    console.log(
      `q ${label.padEnd(30)} ${term.padEnd(22)} p50 ${times[10].toFixed(1)} ms, p95 ${times[19].toFixed(
        1,
      )} ms (${found} found, first ${first})   limit 200 ms`,
    );
  }
}

async function timelineFigures(knex: Knex, store: KnexInventoryStore) {
  const ids: string[] = (await knex('maestro_records').select('id').limit(N)).map((r: any) => r.id);
  const existing = Number((await knex('maestro_changes').count({ n: '*' }))[0].n);
  const missing = Math.max(0, HISTORY_ROWS - existing);
  let t = Date.now();
  // fill the history up to HISTORY_ROWS with updates spread over the records (generated in SQL)
  await knex.raw(
    `insert into maestro_changes (record_id, kind, name, action, actor, at, reason, before, after)
     select r.id, r.kind, r.name, 'update', 'maestro:bench', to_char(now() + (g || ' seconds')::interval, 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'),
            null, r.spec, r.spec
     from generate_series(1, ?) g
     join (select id, kind, name, spec, row_number() over () as rn from maestro_records) r on r.rn = (g % ?) + 1`,
    [missing, ids.length],
  );
  await knex.raw('analyze maestro_changes');
  const total = Number((await knex('maestro_changes').count({ n: '*' }))[0].n);
  console.log(`history filled to ${total.toLocaleString('en-US')} rows in ${seconds(Date.now() - t)}`);
  const times: number[] = [];
  for (let i = 0; i < 500; i++) {
    const id = ids[Math.floor(Math.random() * ids.length)];
    t = performance.now();
    const items = await store.history(id, { limit: 50 });
    times.push(performance.now() - t);
    if (items.length === 0) throw new Error('empty timeline');
  }
  times.sort((a, b) => a - b);
  const p = (q: number) => times[Math.min(times.length - 1, Math.floor(q * times.length))].toFixed(1);
  console.log(
    `timeline of one record (limit 50) among ${total.toLocaleString('en-US')} rows: p50 ${p(0.5)} ms, p95 ${p(
      0.95,
    )} ms, max ${p(1)} ms   target p95 ≤ 20 ms`,
  );
}

async function main() {
  const dir = mkdtempSync(join(tmpdir(), 'maestro-bench-'));
  let n = 0;
  const sqlite = await upsertFigures('SQLite (better-sqlite3, file)', async () =>
    knexFactory({
      client: 'better-sqlite3',
      connection: { filename: join(dir, `bench-${n++}.sqlite`) },
      useNullAsDefault: true,
    }),
  );
  await searchFigures(sqlite.store);
  await sqlite.knex.destroy();

  const admin = knexFactory({ client: 'pg', connection: `${PG}/postgres` });
  try {
    await admin.raw('select 1');
  } catch {
    console.log(`\n## PostgreSQL: not reachable at ${PG}; skipped`);
    await admin.destroy();
    return;
  }
  const created: string[] = [];
  try {
    const pg = await upsertFigures('PostgreSQL 15', async () => {
      const name = `maestro_bench_${Date.now()}_${n++}`;
      await admin.raw(`create database ${name}`);
      created.push(name);
      return knexFactory({ client: 'pg', connection: `${PG}/${name}`, pool: { min: 1, max: 5 } });
    });
    await searchFigures(pg.store);
    if (!SEARCH_ONLY) await timelineFigures(pg.knex, pg.store);
    await pg.knex.destroy();
  } finally {
    for (const name of created) await admin.raw(`drop database if exists ${name} with (force)`);
    await admin.destroy();
  }
}

main().catch(error => {
  console.error(String(error).slice(0, 2000));
  process.exit(1);
});
