/*
 * AWS discovery benchmark (issue: AWS auto-discovery). Prints figures; asserts nothing.
 *
 *   ./maestro npm run bench:discovery                                  # 10,000 and 1,000 instances, SQLite + PostgreSQL
 *   BENCH_INSTANCES=1000 BENCH_DB=sqlite BENCH_PHASES=crawl ./maestro npm run bench:discovery
 *
 * The simulated AWS (packages/cloud-simulator) holds one account, one region: N instances (each with its root
 * volume: N volumes), N/5 security groups, N/20 subnets, N/50 load balancers, plus VPCs, databases, snapshots.
 * The simulator runs in a worker thread (serving it is not the crawler's work).
 * Phase "crawl" (in this process, real AWS SDK v3 over HTTP, real store):
 *   - first full crawl of every list into the store (lists run as the scheduler would: concurrently, at most
 *     2 per account and region), wall time and peak RSS of this process;
 *   - an unchanged re-crawl (must write nothing: counted from the change table);
 *   - a 1 % change (tags of 1 % of the instances), re-crawl of server-list.
 * Phase "catalog" (the real backend process with the connection in its config):
 *   - from start-up to every discovered entity visible through the catalog API;
 *   - a 1 % change: "sync now" through the API, then until the catalog shows the changed label on all of them.
 */
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { createDiscoveryHarness } from '../plugins/maestro-backend/src/__testUtils__/discoveryHarness';
import { forEachRun, knexFor, PG, runLists, startWorker } from './benchSupport';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { startBackendProcess } = require('../scripts/backend-process.cjs');

const SIZES = (process.env.BENCH_INSTANCES ?? '10000,1000').split(',').map(Number);
const DBS = (process.env.BENCH_DB ?? 'sqlite,postgres').split(',');
const PHASES = (process.env.BENCH_PHASES ?? 'crawl,catalog').split(',');
const ACCOUNT = {
  accountId: '444455556666',
  accessKeyId: 'AKIABENCHDISCOVERY01',
  secretAccessKey: 'bench-secret',
  regions: ['eu-west-1'],
};
const REGION = 'eu-west-1';
const LISTS = [
  'server-list',
  'volumes-list',
  'loadbalance-list',
  'dbs-list',
  'network-list',
  'security-list',
  'snapshot-list',
  'images-list',
  'storage-object-list',
  'cdns-list',
];

const quietLogger = { info() {}, debug() {}, warn: console.warn, error: console.error, child: () => quietLogger };
const s = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

function worldOptions(n: number) {
  return {
    seed: 99,
    accounts: [ACCOUNT],
    sizes: {
      instances: n,
      volumesPerInstance: 0,
      securityGroups: Math.round(n / 5),
      vpcs: 4,
      subnets: Math.round(n / 20),
      classicLoadBalancers: Math.round(n / 200),
      loadBalancers: Math.round(n / 50) - Math.round(n / 200),
      databases: 20,
      snapshots: 50,
      images: 10,
    },
    buckets: 20,
    distributions: 5,
  };
}

/** The simulator in a worker thread (see simulatorWorker.ts). */
async function startSimulator(n: number) {
  const worker = await startWorker(join(__dirname, 'simulatorWorker.ts'), {
    options: worldOptions(n),
    accountId: ACCOUNT.accountId,
    region: REGION,
  });
  return {
    endpoint: worker.ready.endpoint as string,
    changeOnePercent: async (round: number) => (await worker.ask('change', 'changed', { round })).changed as number,
    requests: async () => (await worker.ask('stats', 'stats')).requests as number,
    close: worker.close,
  };
}

async function crawlPhase(n: number, db: string) {
  const sim = await startSimulator(n);
  const knex = await knexFor(db);
  try {
    const { store, service } = await createDiscoveryHarness({
      knex,
      connections: [
        {
          id: 'bench',
          provider: 'aws',
          regions: [REGION],
          owner: 'group:default/bench',
          endpoint: sim.endpoint,
          aws: { accessKeyId: ACCOUNT.accessKeyId, secretAccessKey: ACCOUNT.secretAccessKey },
        },
      ],
      logger: quietLogger as any,
    });
    const changes = async () => Number((await knex('maestro_changes').count({ n: '*' }))[0].n);
    let peak = process.memoryUsage().rss;
    const sampler = setInterval(() => {
      peak = Math.max(peak, process.memoryUsage().rss);
    }, 100);
    const runAll = () => runLists(service, 'bench', LISTS);
    const first = await runAll();
    const records = (await store.listRecords({ limit: 1 })).totalCount;
    const perList = first.statuses.map(st => `${st.list} ${s(st.durationMs ?? 0)}`).join(', ');
    console.log(
      `  first full crawl: ${s(first.ms)} for ${first.seen.toLocaleString(
        'en-US',
      )} resources → ${records.toLocaleString('en-US')} records (peak RSS ${(peak / 2 ** 20).toFixed(
        0,
      )} MB)   target ≤ 60 s, ≤ 1.5 GB`,
    );
    console.log(`    per list: ${perList}`);
    const before = await changes();
    const again = await runAll();
    console.log(`  unchanged re-crawl: ${s(again.ms)}, ${(await changes()) - before} writes   target ≤ 15 s, 0 writes`);
    const changed = await sim.changeOnePercent(1);
    const t = Date.now();
    const st = await service.runNow('bench', 'server-list');
    console.log(
      `  1 % change (${changed} instances): server-list re-crawl ${s(Date.now() - t)}, ${
        st.counts?.changed
      } records changed`,
    );
    clearInterval(sampler);
    console.log(`  simulator: ${await sim.requests()} requests`);
  } finally {
    await knex.destroy();
    await sim.close();
  }
}

async function catalogPhase(n: number, db: string) {
  const sim = await startSimulator(n);
  const started = Date.now();
  const backend = await startBackendProcess({
    database:
      db === 'postgres'
        ? { client: 'pg', connection: PG, prefix: `bench_${Date.now()}_` }
        : { client: 'better-sqlite3', connection: ':memory:' },
    config: {
      // BENCH_PROCESSING_INTERVAL_MINUTES: the catalog's re-processing interval (default 100–150 s)
      ...(process.env.BENCH_PROCESSING_INTERVAL_MINUTES
        ? { catalog: { processingInterval: { minutes: Number(process.env.BENCH_PROCESSING_INTERVAL_MINUTES) } } }
        : {}),
      maestro: {
        demo: { enabled: false, aws: { enabled: false }, openstack: { enabled: false } },
        egress: { allow: ['127.0.0.1'] }, // the simulator's address
        discovery: {
          encryptionKey: randomBytes(32).toString('base64'), // the development key is refused outside the demo
          tickSeconds: 5,
          connections: [
            {
              id: 'bench',
              provider: 'aws',
              regions: [REGION],
              owner: 'group:default/maestro-admins',
              endpoint: sim.endpoint,
              aws: { accessKeyId: ACCOUNT.accessKeyId, secretAccessKey: ACCOUNT.secretAccessKey },
            },
          ],
        },
      },
    },
  });
  const { baseUrl } = backend;
  const up = Date.now();
  try {
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
    const count = async (filter: string) =>
      (
        await (
          await fetch(`${baseUrl}/api/catalog/entities/by-query?filter=${encodeURIComponent(filter)}&limit=1`, {
            headers,
          })
        ).json()
      ).totalItems as number;
    const recordCount = async (query: string) =>
      (await (await fetch(`${baseUrl}/api/maestro/records?limit=1&active=true${query}`, { headers })).json())
        .totalCount as number;
    // every active record but the ports, which stay in the inventory (isProjectedToCatalog)
    const storeCount = async () => (await recordCount('')) - (await recordCount('&kind=Network&spec.type=port'));
    const wait = async (what: string, check: () => Promise<boolean>, limitMs: number) => {
      const t0 = Date.now();
      while (!(await check())) {
        if (Date.now() - t0 > limitMs) throw new Error(`${what}: not after ${s(limitMs)}`);
        await new Promise(r => setTimeout(r, 1000));
      }
      return Date.now() - t0;
    };
    // the crawl: every list's first run
    const conn = async () =>
      (await (await fetch(`${baseUrl}/api/maestro/discovery/connections/bench`, { headers })).json()) as any;
    await wait(
      'first crawl',
      async () => (await conn()).tasks.every((t: any) => t.status === 'success' || t.status === 'empty'),
      10 * 60_000,
    );
    const crawled = Date.now();
    const expected = await storeCount();
    const filter = 'metadata.annotations.maestro.backstage.io/source=discovery/bench';
    await wait('catalog', async () => (await count(filter)) >= expected - 1, 60 * 60_000);
    const visible = Date.now();
    console.log(
      `  backend up ${s(up - started)}; first crawl done ${s(crawled - up)} later; all ${expected.toLocaleString(
        'en-US',
      )} entities visible in the catalog ${s(visible - crawled)} after the crawl (${s(visible - up)} after start-up, ${(
        (expected / (visible - up)) *
        1000
      ).toFixed(0)} entities/s)   target ≤ 5 min`,
    );
    const changed = await sim.changeOnePercent(2);
    const t = Date.now();
    await fetch(`${baseUrl}/api/maestro/discovery/connections/bench/sync`, {
      method: 'POST',
      headers,
      body: JSON.stringify({ list: 'server-list' }),
    });
    await wait(
      'sync',
      async () =>
        (await conn()).tasks.find((x: any) => x.list === 'server-list').finishedAt > new Date(t).toISOString(),
      5 * 60_000,
    );
    const synced = Date.now();
    await wait(
      '1 % change',
      async () => (await count('kind=server,metadata.labels.bench=changed-2')) >= changed,
      10 * 60_000,
    );
    console.log(
      `  1 % change (${changed} instances): sync now → crawl done ${s(synced - t)}, visible in the catalog ${s(
        Date.now() - synced,
      )} after the re-crawl   target ≤ 15 s`,
    );
  } finally {
    await backend.stop();
    await sim.close();
  }
}

async function main() {
  await forEachRun(SIZES, DBS, 'instances', async (n, db) => {
    if (PHASES.includes('crawl')) await crawlPhase(n, db);
    if (PHASES.includes('catalog')) await catalogPhase(n, db);
  });
}

main().catch(error => {
  console.error(error);
  process.exit(1);
});
