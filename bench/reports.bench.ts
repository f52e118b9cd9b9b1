/*
 * Reports benchmark (issue #13). Prints figures side by side with the targets and Maestro Server's own export caps;
 * asserts nothing.
 *
 *   ./maestro npm run bench:reports                       # SQLite (in-memory) and PostgreSQL
 *   BENCH_DB=sqlite BENCH_SCALE=0.1 ./maestro npm run bench:reports
 *
 * Inventory (scale 1): 1,000 clients, 5,000 systems, 20,000 applications, 50,000 servers, 100,000 volumes, written
 * through the store's bulk upsert (history included). Then: a single report over the servers with 3 filters (first
 * page, then its automatic charts), the pivot client -> system -> application -> server with a filter at two hops,
 * the overview charts of the whole inventory, a CSV export of the volume report (rows/s and RSS growth), the server
 * report as of a time before an update of every server, and the comparison of the two times. The 1,000,000-row
 * history: bench:reports-history; the 1,000,000-row CSV, XLSX and PDF exports: bench:exports; the table page in
 * Chromium: bench:reports-ui.
 */
import { Writable } from 'node:stream';
import { applyMigrations } from '../plugins/maestro-backend/src/database/migrations';
import { KnexInventoryStore } from '../plugins/maestro-backend/src/records/KnexInventoryStore';
import { asOfRecordSource } from '../plugins/maestro-backend/src/reports/asOfSource';
import { compareReports } from '../plugins/maestro-backend/src/reports/compareReports';
import { overviewCharts } from '../plugins/maestro-backend/src/overview/overviewCharts';
import { exportReport } from '../plugins/maestro-backend/src/reports/reportExport';
import { runPivotReport } from '../plugins/maestro-backend/src/reports/pivotReport';
import {
  prepareSingleReport,
  runSingleReport,
  storeRecordSource,
} from '../plugins/maestro-backend/src/reports/singleReport';
import { benchOnDatabases, knexFor } from './benchSupport';

const SCALE = Number(process.env.BENCH_SCALE ?? 1);
const n = (count: number) => Math.max(1, Math.round(count * SCALE));
const ctx = { actor: 'user:default/bench' };
const ENVIRONMENTS = ['production', 'staging', 'test', 'development'];
const DISTROS = ['debian', 'ubuntu', 'rhel', 'alpine', 'rocky'];

function inventory(variant = 0) {
  const owner = 'group:default/bench';
  const clients = Array.from({ length: n(1000) }, (_, i) => ({ kind: 'Client', name: `client-${i}`, owner, spec: {} }));
  const systems = Array.from({ length: n(5000) }, (_, i) => ({
    kind: 'System',
    name: `system-${i}`,
    owner,
    spec: { clients: [`client:default/client-${i % clients.length}`] },
  }));
  const applications = Array.from({ length: n(20000) }, (_, i) => ({
    kind: 'Component',
    name: `app-${i}`,
    owner,
    spec: { type: 'service', system: `system:default/system-${i % systems.length}` },
  }));
  const servers = Array.from({ length: n(50000) }, (_, i) => ({
    kind: 'Server',
    name: `server-${i}`,
    owner,
    spec: {
      hostname: `server-${i}.example.com`,
      cpu: 2 + ((i + variant) % 31),
      memory: 4 * (1 + (i % 8)),
      environment: ENVIRONMENTS[i % ENVIRONMENTS.length],
      os: { base: 'linux', distro: DISTROS[i % DISTROS.length] },
      region: `region-${i % 6}`,
      tags: { team: `team-${i % 12}` },
    },
  }));
  // applications run on servers: each server is named by one application
  for (let i = 0; i < servers.length; i++) {
    const app = applications[i % applications.length].spec as { servers?: string[] };
    (app.servers ??= []).push(`server:default/server-${i}`);
  }
  const volumes = Array.from({ length: n(100000) }, (_, i) => ({
    kind: 'Volume',
    name: `volume-${i}`,
    owner,
    spec: { sizeGb: 8 * (1 + (i % 64)), server: `server:default/server-${i % servers.length}` },
  }));
  return { clients, systems, applications, servers, volumes };
}

const s = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
async function timed<T>(fn: () => Promise<T>): Promise<[T, number]> {
  const started = Date.now();
  const result = await fn();
  return [result, Date.now() - started];
}

async function run(db: string) {
  const knex = await knexFor(db);
  const store = await KnexInventoryStore.create({
    database: { getClient: async () => applyMigrations({ getClient: async () => knex } as any) } as any,
  });
  const data = inventory();
  const [, seedMs] = await timed(async () => {
    for (const rows of Object.values(data)) {
      for (let i = 0; i < rows.length; i += 20000) await store.upsertRecords(rows.slice(i, i + 20000) as any, ctx);
    }
  });
  const total = Object.values(data).reduce((sum, rows) => sum + rows.length, 0);
  console.log(`\n## ${db}: ${total.toLocaleString('en-US')} records (seeded in ${s(seedMs)})`);
  const source = storeRecordSource(store);
  const filters = [
    { field: 'spec.environment', op: 'eq', value: 'production' },
    { field: 'spec.cpu', op: 'gte', value: 8 },
    { field: 'spec.os.distro', op: 'oneOf', value: ['debian', 'ubuntu'] },
  ] as any;
  const [page, pageMs] = await timed(() => runSingleReport(source, { kind: 'Server', filters, limit: 50 }));
  console.log(
    `single report, ${data.servers.length} servers, 3 filters: first page ${s(pageMs)} (${
      page.totalCount
    } rows)   target ≤ 1 s`,
  );
  const [charted, chartsMs] = await timed(() =>
    runSingleReport(source, { kind: 'Server', filters, limit: 50, charts: true }),
  );
  console.log(`  with all automatic charts: ${s(chartsMs)} (${charted.charts?.length} charts)   target ≤ 2 s`);

  const [pivot, pivotMs] = await timed(() =>
    runPivotReport(source, [
      { kind: 'Client', columns: ['name'] },
      { kind: 'System', columns: ['name'], filters: [{ field: 'name', op: 'startsWith', value: 'system-1' }] },
      { kind: 'Component', columns: ['name'] },
      {
        kind: 'Server',
        columns: ['name', 'spec.environment'],
        filters: [{ field: 'spec.environment', op: 'eq', value: 'production' }],
      },
    ]),
  );
  console.log(
    `pivot client -> system -> application -> server, filters at 2 hops: first page and full count ${s(pivotMs)} (${
      pivot.totalCount
    } rows)   targets ≤ 5 s / ≤ 15 s`,
  );

  const [overview, overviewMs] = await timed(() => overviewCharts(source));
  console.log(`overview charts of the whole inventory: ${s(overviewMs)} (${overview.length} charts)   (no target)`);

  let bytes = 0;
  const sink = new Writable({
    write(chunk, _encoding, done) {
      bytes += chunk.length;
      done();
    },
  });
  const rssBefore = process.memoryUsage().rss;
  let rssPeak = rssBefore;
  const sampler = setInterval(() => (rssPeak = Math.max(rssPeak, process.memoryUsage().rss)), 50);
  const [rows, exportMs] = await timed(() =>
    exportReport(
      { name: 'Volumes', type: 'single', kind: 'Volume', filters: [], columns: ['name', 'spec.sizeGb', 'spec.server'] },
      source,
      'csv',
      sink,
    ),
  );
  clearInterval(sampler);
  console.log(
    `CSV export of the volume report: ${rows.toLocaleString('en-US')} rows, ${(bytes / 1e6).toFixed(1)} MB in ${s(
      exportMs,
    )}: ` +
      `${Math.round(rows / (exportMs / 1000)).toLocaleString('en-US')} rows/s, RSS +${Math.round(
        (rssPeak - rssBefore) / 1e6,
      )} MB   ` +
      `target ≥ 50,000 rows/s, ≤ 200 MB (Maestro Server capped exports at 1,500 / 99,999 rows)`,
  );

  await new Promise(resolve => setTimeout(resolve, 5));
  const then = new Date().toISOString();
  await new Promise(resolve => setTimeout(resolve, 5));
  const changed = inventory(1).servers;
  for (let i = 0; i < changed.length; i += 20000) await store.upsertRecords(changed.slice(i, i + 20000) as any, ctx);
  const historyRows = Number((await knex('maestro_changes').count({ c: '*' }))[0].c);
  const [asOf, asOfMs] = await timed(async () =>
    runSingleReport(await asOfRecordSource(store, then), { kind: 'Server', filters, limit: 50 }),
  );
  console.log(
    `as-of report (before an update of every server; ${historyRows.toLocaleString('en-US')} history rows): ${s(
      asOfMs,
    )} (${asOf.totalCount} rows)   target ≤ 10 s`,
  );
  const [diff, diffMs] = await timed(async () =>
    compareReports(prepareSingleReport({ kind: 'Server', filters }), await asOfRecordSource(store, then), source),
  );
  console.log(
    `compare then and now: ${s(diffMs)} (added ${diff.counts.added}, removed ${diff.counts.removed}, changed ${
      diff.counts.changed
    })   target ≤ 15 s`,
  );
  await knex.destroy();
}

benchOnDatabases(run);
