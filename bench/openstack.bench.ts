/*
 * OpenStack discovery benchmark (issue: OpenStack auto-discovery). Prints figures; asserts nothing.
 *
 *   ./maestro npm run bench:openstack                                   # 10,000 and 1,000 servers, SQLite + PostgreSQL
 *   BENCH_SERVERS=1000 BENCH_DB=sqlite ./maestro npm run bench:openstack
 *
 * The simulated OpenStack (packages/cloud-simulator) holds one project, one region: N servers, N volumes (boot and
 * data volumes), the ports every server needs (≥ N, so more than the issue's 2,000), networks, subnets, routers,
 * security groups, snapshots, images, flavors and Octavia load balancers, served in a worker thread. In this process,
 * through Maestro's OpenStack client over HTTP into the real store, every list run as the scheduler would
 * (concurrently, at most 2 per project and region):
 *   - the first full crawl (wall time, peak RSS), target ≤ 60 s;
 *   - an unchanged re-crawl (writes counted from the change table: must be 0);
 *   - a 1 % change (metadata of 1 % of the servers), re-crawl of server-list.
 */
import { join } from 'node:path';
import { createDiscoveryHarness } from '../plugins/maestro-backend/src/__testUtils__/discoveryHarness';
import { forEachRun, knexFor, runLists, startWorker } from './benchSupport';

const SIZES = (process.env.BENCH_SERVERS ?? '10000,1000').split(',').map(Number);
const DBS = (process.env.BENCH_DB ?? 'sqlite,postgres').split(',');
const REGION = 'RegionOne';
const PROJECT = {
  username: 'bench',
  password: 'bench-password',
  userDomainId: 'default',
  projectId: '0badc0ffee0badc0ffee0badc0ffee00',
  projectName: 'bench',
  projectDomainId: 'default',
  regions: [REGION],
};
const LISTS = [
  'server-list',
  'flavor-list',
  'images-list',
  'volumes-list',
  'snapshot-list',
  'security-list',
  'network-list',
  'loadbalance-list',
];

const quietLogger = { info() {}, debug() {}, warn: console.warn, error: console.error, child: () => quietLogger };
const s = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

/** The simulator in a worker thread (see openstackSimulatorWorker.ts). */
async function startSimulator(n: number) {
  const options = {
    seed: 99,
    regions: [REGION],
    project: PROJECT,
    sizes: { servers: n, volumes: n, loadBalancers: Math.round(n / 50) },
  };
  const worker = await startWorker(join(__dirname, 'openstackSimulatorWorker.ts'), { options, region: REGION });
  return {
    authUrl: worker.ready.authUrl as string,
    changeOnePercent: async (round: number) => (await worker.ask('change', 'changed', { round })).changed as number,
    stats: () => worker.ask('stats', 'stats'),
    close: worker.close,
  };
}

async function crawl(n: number, db: string) {
  const sim = await startSimulator(n);
  const knex = await knexFor(db);
  try {
    const { store, service } = await createDiscoveryHarness({
      knex,
      connections: [
        {
          id: 'bench',
          provider: 'openstack',
          regions: [REGION],
          owner: 'group:default/bench',
          openstack: {
            authUrl: sim.authUrl,
            username: PROJECT.username,
            password: PROJECT.password,
            userDomainId: 'default',
            projectId: PROJECT.projectId,
          },
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
    const seenOf = (list: string) => first.statuses.find(st => st.list === list)?.counts?.seen ?? 0;
    console.log(
      `  first full crawl: ${s(first.ms)} for ${first.seen.toLocaleString('en-US')} resources (${seenOf(
        'server-list',
      ).toLocaleString('en-US')} servers, ${seenOf('volumes-list').toLocaleString('en-US')} volumes, ${seenOf(
        'network-list',
      ).toLocaleString('en-US')} networks/subnets/ports/routers) → ${records.toLocaleString(
        'en-US',
      )} records (peak RSS ${(peak / 2 ** 20).toFixed(0)} MB)   target ≤ 60 s`,
    );
    console.log(`    per list: ${first.statuses.map(st => `${st.list} ${s(st.durationMs ?? 0)}`).join(', ')}`);
    const before = await changes();
    const again = await runAll();
    console.log(`  unchanged re-crawl: ${s(again.ms)}, ${(await changes()) - before} writes   target: 0 writes`);
    const changed = await sim.changeOnePercent(1);
    const t = Date.now();
    const st = await service.runNow('bench', 'server-list');
    console.log(
      `  1 % change (${changed} servers): server-list re-crawl ${s(Date.now() - t)}, ${
        st.counts?.changed
      } records changed`,
    );
    clearInterval(sampler);
    const stats = await sim.stats();
    console.log(`  simulator: ${stats.requests} service requests, ${stats.auth} authentications`);
  } finally {
    await knex.destroy();
    await sim.close();
  }
}

async function main() {
  await forEachRun(SIZES, DBS, 'servers', crawl);
}

main().catch(error => {
  console.error(error);
  process.exit(1);
});
