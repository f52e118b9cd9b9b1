/*
 * Report exports benchmark (issue #13). Prints figures side by side with the targets; asserts nothing.
 *
 *   ./maestro npm run bench:exports                                   # SQLite (in-memory) and PostgreSQL
 *   BENCH_DB=postgres BENCH_ROWS=200000 ./maestro npm run bench:exports
 *   BENCH_ONLY=csv ./maestro npm run bench:exports                    # only the CSV export (csv, xlsx, pdf)
 *   BENCH_PROFILE=csv ...                                             # writes export-csv.cpuprofile of that export
 *
 * A store grown to BENCH_ROWS volumes (1,000,000) and 100,000 servers, written through the store's bulk upsert in
 * batches of 20,000 (history included). Then, each through `exportReport` (the export route's entry point) into a
 * stream that counts and discards the bytes (no HTTP, no disk):
 *   - CSV of the volume report (every volume): rows/s, and the process RSS peak during the export (sampled every
 *     50 ms) against RSS just before it;
 *   - XLSX of the server report (100,000 rows);
 *   - PDF of the servers with 2 CPUs (1,000 rows) with the report's automatic charts.
 */
import { writeFileSync } from 'node:fs';
import { Session } from 'node:inspector';
import { Writable } from 'node:stream';
import { applyMigrations } from '../plugins/maestro-backend/src/database/migrations';
import { KnexInventoryStore } from '../plugins/maestro-backend/src/records/KnexInventoryStore';
import { exportReport, ExportFormat } from '../plugins/maestro-backend/src/reports/reportExport';
import { runSingleReport, storeRecordSource } from '../plugins/maestro-backend/src/reports/singleReport';
import { PDF_MAX_CHARTS } from '../plugins/maestro-backend/src/reports/pdfExport';
import knexFactory from 'knex';
import { benchOnDatabases, knexFor, PG } from './benchSupport';

const ROWS = Number(process.env.BENCH_ROWS ?? 1_000_000);
const SERVERS = Number(process.env.BENCH_SERVERS ?? 100_000);
const ONLY = (process.env.BENCH_ONLY ?? 'csv,xlsx,pdf').split(',');
const ctx = { actor: 'user:default/bench' };
const ENVIRONMENTS = ['production', 'staging', 'test', 'development'];
const DISTROS = ['debian', 'ubuntu', 'rhel', 'alpine', 'rocky'];
const BATCH = 20_000;

const volume = (i: number) => ({
  kind: 'Volume',
  name: `volume-${i}`,
  owner: 'group:default/bench',
  spec: { sizeGb: 8 * (1 + (i % 64)), server: `server:default/server-${i % SERVERS}` },
});
const server = (i: number) => ({
  kind: 'Server',
  name: `server-${i}`,
  owner: 'group:default/bench',
  spec: {
    hostname: `server-${i}.example.com`,
    ipv4Private: `10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}`,
    cpu: 2 + (i % 100),
    memory: 4 * (1 + (i % 8)),
    environment: ENVIRONMENTS[i % ENVIRONMENTS.length],
    role: ['web', 'db', 'cache'][i % 3],
    os: { base: 'linux', distro: DISTROS[i % DISTROS.length], version: `${10 + (i % 4)}` },
    region: `region-${i % 6}`,
    tags: { team: `team-${i % 12}` },
  },
});

const post = (session: Session, method: string): Promise<any> =>
  new Promise((resolve, reject) => session.post(method, (error, result) => (error ? reject(error) : resolve(result))));
const s = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
const mb = (bytes: number) => `${Math.round(bytes / 1e6)} MB`;

/** Exports a report into a stream that counts and drops bytes: rows, time, bytes, RSS before and at its peak. */
async function measure(definition: any, source: any, format: ExportFormat) {
  let bytes = 0;
  const sink = new Writable({
    write(chunk, _encoding, done) {
      bytes += chunk.length;
      done();
    },
  });
  if (global.gc) global.gc();
  const rssBefore = process.memoryUsage().rss;
  let rssPeak = rssBefore;
  const sampler = setInterval(() => (rssPeak = Math.max(rssPeak, process.memoryUsage().rss)), 50);
  const profiler = process.env.BENCH_PROFILE === format ? new Session() : undefined;
  if (profiler) {
    profiler.connect();
    await post(profiler, 'Profiler.enable');
    await post(profiler, 'Profiler.start');
  }
  const cpu = process.cpuUsage();
  const started = Date.now();
  const rows = await exportReport(definition, source, format, sink);
  const ms = Date.now() - started;
  const used = process.cpuUsage(cpu);
  clearInterval(sampler);
  if (profiler) {
    const { profile } = await post(profiler, 'Profiler.stop');
    writeFileSync(`export-${format}.cpuprofile`, JSON.stringify(profile));
    profiler.disconnect();
  }
  rssPeak = Math.max(rssPeak, process.memoryUsage().rss);
  return { rows, ms, bytes, rssBefore, growth: rssPeak - rssBefore, cpuMs: (used.user + used.system) / 1000 };
}

async function seed(store: KnexInventoryStore, count: number, make: (i: number) => object) {
  for (let i = 0; i < count; i += BATCH) {
    const rows = Array.from({ length: Math.min(BATCH, count - i) }, (_, j) => make(i + j));
    await store.upsertRecords(rows as any, ctx);
  }
}

/**
 * A knex on an empty database, and how to drop it: PostgreSQL databases are named `exports_bench_…`, out of reach
 * of the other benchmarks' clean-up (which drops every `bench_…` database, possibly while this one runs).
 */
async function database(db: string) {
  if (db === 'sqlite') return { knex: await knexFor(db), drop: async () => {} };
  const name = `exports_bench_${Date.now()}`;
  const admin = knexFactory({ client: 'pg', connection: { ...PG, database: 'postgres' } });
  await admin.raw(`create database "${name}"`);
  return {
    knex: knexFactory({ client: 'pg', connection: { ...PG, database: name } }),
    drop: async () => {
      await admin.raw(`drop database if exists "${name}" with (force)`);
      await admin.destroy();
    },
  };
}

async function run(db: string) {
  const { knex, drop } = await database(db);
  const store = await KnexInventoryStore.create({
    database: { getClient: async () => applyMigrations({ getClient: async () => knex } as any) } as any,
  });
  const started = Date.now();
  await seed(store, SERVERS, server);
  if (ONLY.includes('csv')) await seed(store, ROWS, volume);
  console.log(
    `\n## ${db}: ${(ONLY.includes('csv') ? ROWS : 0).toLocaleString('en-US')} volumes, ${SERVERS.toLocaleString(
      'en-US',
    )} servers (seeded in ${s(Date.now() - started)})`,
  );
  const source = storeRecordSource(store);
  if (ONLY.includes('csv')) {
    const volumes = {
      name: 'Volumes',
      type: 'single',
      kind: 'Volume',
      filters: [],
      columns: ['name', 'spec.sizeGb', 'spec.server'],
    };
    const csv = await measure(volumes, source, 'csv');
    console.log(
      `CSV, volume report: ${csv.rows.toLocaleString('en-US')} rows, ${mb(csv.bytes)} in ${s(csv.ms)}: ${Math.round(
        csv.rows / (csv.ms / 1000),
      ).toLocaleString('en-US')} rows/s, RSS ${mb(csv.rssBefore)} -> peak +${mb(csv.growth)}, ` +
        `this process's CPU ${s(csv.cpuMs)} (${Math.round(csv.rows / (csv.cpuMs / 1000)).toLocaleString(
          'en-US',
        )} rows per CPU-second)` +
        `   target ≥ 50,000 rows/s, RSS growth ≤ 200 MB (Maestro Server capped exports at 1,500 / 99,999 rows)`,
    );
  }
  const servers = {
    name: 'Servers',
    type: 'single',
    kind: 'Server',
    filters: [],
    columns: ['name', 'spec.hostname', 'spec.ipv4Private', 'spec.cpu', 'spec.memory', 'spec.environment', 'createdAt'],
  };
  if (ONLY.includes('xlsx')) {
    const xlsx = await measure(servers, source, 'xlsx');
    console.log(
      `XLSX, server report: ${xlsx.rows.toLocaleString('en-US')} rows, ${mb(xlsx.bytes)} in ${s(xlsx.ms)} (CPU ${s(
        xlsx.cpuMs,
      )}), RSS +${mb(xlsx.growth)}   target ≤ 15 s for 100,000 rows`,
    );
  }
  if (ONLY.includes('pdf')) {
    const twoCpus = { ...servers, name: 'Servers with 2 CPUs', filters: [{ field: 'spec.cpu', op: 'eq', value: 2 }] };
    const pdf = await measure(twoCpus, source, 'pdf');
    const query = { kind: 'Server', filters: twoCpus.filters as any, limit: 1, charts: true };
    const charts = (await runSingleReport(source, query)).charts ?? [];
    const drawn = Math.min(PDF_MAX_CHARTS, charts.length);
    console.log(
      `PDF, servers with 2 CPUs and ${drawn} of their ${charts.length} automatic charts: ${pdf.rows.toLocaleString(
        'en-US',
      )} rows, ${Math.round(pdf.bytes / 1e3)} kB in ${s(pdf.ms)} (CPU ${s(
        pdf.cpuMs,
      )})   target ≤ 10 s for 1,000 rows + 4 charts`,
    );
  }
  await knex.destroy();
  await drop();
}

benchOnDatabases(run);
