// Projection benchmark (issue: inventory). Prints figures; asserts nothing.
//
//   ./maestro npm run bench:projection                       # 50,000 servers, SQLite then PostgreSQL
//   BENCH_RECORDS=5000 BENCH_DB=sqlite ./maestro npm run bench:projection
//   BENCH_MODE=baseline,maestro ./maestro npm run bench:projection   # the catalog's own rate first, same machine
//
// Mode `maestro` starts the real backend (every plugin of packages/backend) on a free port, writes N servers to
// the Maestro store through the import API, and measures how long the catalog takes to show them (catalog API
// totalItems), then changes 1 % of them and measures how long until the catalog shows the change.
// Mode `baseline` starts the same backend without Maestro records and lets the catalog ingest N plain Resource
// entities (owner + dependsOn: two relations, like a server's owner + datacenter) from one file location: the
// catalog's own ingest rate on this machine, against which the provider's overhead is judged.
import { randomBytes } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const require = createRequire(import.meta.url);
const { startBackendProcess } = require('../scripts/backend-process.cjs');
const root = join(dirname(fileURLToPath(import.meta.url)), '..');

const N = Number(process.env.BENCH_RECORDS ?? 50_000);
const DBS = (process.env.BENCH_DB ?? 'sqlite,postgres').split(',');
const MODES = (process.env.BENCH_MODE ?? 'maestro').split(',');
const PG = { host: '127.0.0.1', port: 5432, user: 'postgres', password: 'postgres' };

const servers = (variant = i => 2) =>
  Array.from({ length: N }, (_, i) => ({
    kind: 'Server',
    name: `proj-${i}`,
    owner: 'group:default/maestro-admins',
    spec: {
      hostname: `proj-${i}.bench`,
      cpu: variant(i),
      environment: 'production',
      datacenter: 'datacenter:default/bench',
    },
  }));

/**
 * N plain Resource entities in YAML files of at most 10,000 entities (one location per file: a single location
 * emitting more than 32,766 entities fails on SQLite, "too many SQL variables"), each entity owned by a group and
 * depending on a shared resource.
 */
function plainEntitiesFiles() {
  const dir = mkdtempSync(join(tmpdir(), 'maestro-bench-'));
  const files = [];
  const shared =
    'apiVersion: backstage.io/v1alpha1\nkind: Resource\nmetadata:\n  name: bench-shared\nspec:\n  type: datacenter\n  owner: group:default/maestro-admins\n';
  for (let start = 0; start < N; start += 10_000) {
    const docs = start === 0 ? [shared] : [];
    for (let i = start; i < Math.min(N, start + 10_000); i++) {
      docs.push(
        `apiVersion: backstage.io/v1alpha1\nkind: Resource\nmetadata:\n  name: plain-${i}\nspec:\n  type: server\n  owner: group:default/maestro-admins\n  dependsOn: [resource:default/bench-shared]\n`,
      );
    }
    const file = join(dir, `plain-${files.length}.yaml`);
    writeFileSync(file, docs.join('---\n'));
    files.push(file);
  }
  return files;
}

async function run(db, mode) {
  const database =
    db === 'postgres'
      ? { client: 'pg', connection: PG, prefix: `bench_${Date.now()}_` }
      : { client: 'better-sqlite3', connection: ':memory:' };
  const started = Date.now();
  // a key of its own: the development key of app-config.yaml is refused outside the demo setup
  const config = {
    maestro: {
      demo: { enabled: false, aws: { enabled: false }, openstack: { enabled: false } },
      discovery: { encryptionKey: randomBytes(32).toString('base64') },
    },
  };
  if (mode === 'baseline') {
    config.catalog = {
      locations: plainEntitiesFiles().map(target => ({ type: 'file', target, rules: [{ allow: ['Resource'] }] })),
    };
  }
  const backend = await startBackendProcess({ config, database });
  const { baseUrl } = backend;
  console.log(`\n## ${db}, ${mode}: backend up in ${((Date.now() - started) / 1000).toFixed(0)} s`);
  const token = (
    await (
      await fetch(`${baseUrl}/api/auth/guest/refresh`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: '{}',
      })
    ).json()
  ).backstageIdentity.token;
  const headers = { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' };
  const count = async filter => {
    try {
      const res = await fetch(`${baseUrl}/api/catalog/entities/by-query?filter=${encodeURIComponent(filter)}&limit=1`, {
        headers,
      });
      return (await res.json()).totalItems;
    } catch {
      return -1; // the backend busy parsing a large location may reset a connection: ask again on the next poll
    }
  };
  const waitCount = async (filter, want, label) => {
    const t0 = Date.now();
    let last = -1;
    for (;;) {
      const n = await count(filter);
      if (n !== last && Date.now() - t0 > 0) last = n;
      if (n >= want) return (Date.now() - t0) / 1000;
      if (Date.now() - t0 > 60 * 60 * 1000) throw new Error(`${label}: only ${n}/${want} after an hour`);
      if (process.env.BENCH_DEBUG) console.log(`${label}: ${n}/${want}`);
      await new Promise(r => setTimeout(r, 1000));
    }
  };
  try {
    if (mode === 'baseline') {
      const visibleS = await waitCount('kind=resource,spec.type=server', N, 'baseline load');
      console.log(
        `${N.toLocaleString('en-US')} plain Resource entities from file locations: all visible ${visibleS.toFixed(
          0,
        )} s after start-up (${(N / visibleS).toFixed(0)} entities/s): the catalog's own rate`,
      );
      return;
    }
    let t = Date.now();
    const imp = await fetch(`${baseUrl}/api/maestro/records/import`, {
      method: 'POST',
      headers,
      body: JSON.stringify({ records: servers() }),
    });
    if (!imp.ok) throw new Error(`import failed: ${imp.status} ${(await imp.text()).slice(0, 300)}`);
    const writeS = (Date.now() - t) / 1000;
    const visibleS = await waitCount('kind=server', N, 'initial load');
    const total = writeS + visibleS;
    console.log(
      `${N.toLocaleString('en-US')} servers: written to the store in ${writeS.toFixed(
        1,
      )} s; all visible in the catalog ${visibleS.toFixed(0)} s later (${(N / total).toFixed(
        0,
      )} entities/s end to end)`,
    );

    // 1 % change
    const changed = servers(i => (i % 100 === 0 ? 8 : 2));
    t = Date.now();
    const upd = await fetch(`${baseUrl}/api/maestro/records/import`, {
      method: 'POST',
      headers,
      body: JSON.stringify({ records: changed }),
    });
    const updBody = await upd.json();
    if (!upd.ok) throw new Error(`change import failed: ${upd.status} ${JSON.stringify(updBody).slice(0, 300)}`);
    const writeChange = (Date.now() - t) / 1000;
    const changeVisible = await waitCount('kind=server,spec.cpu=8', Math.ceil(N / 100), '1 % change');
    console.log(
      `1 % change (${updBody.updated} records): written in ${writeChange.toFixed(
        1,
      )} s, visible in the catalog ${changeVisible.toFixed(1)} s after the write   target ≤ 15 s`,
    );
  } catch (error) {
    console.error(`backend output (last 3,000 characters):\n${backend.output().slice(-3000)}`);
    throw error;
  } finally {
    await backend.stop();
    if (db === 'postgres') {
      const knex = require(require.resolve('knex', { paths: [join(root, 'plugins/maestro-backend')] }))({
        client: 'pg',
        connection: { ...PG, database: 'postgres' },
      });
      const { rows } = await knex.raw(`select datname from pg_database where datname like 'bench\\_%'`);
      for (const { datname } of rows) await knex.raw(`drop database if exists "${datname}" with (force)`);
      await knex.destroy();
    }
  }
}

for (const db of DBS) for (const mode of MODES) await run(db, mode);
