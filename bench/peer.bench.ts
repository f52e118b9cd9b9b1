/*
 * AWS EC2 discovery: Maestro's server-list against the peer people install today,
 * @roadiehq/catalog-backend-module-aws (AWSEC2Provider), on the same simulated AWS account. Prints figures; asserts
 * nothing.
 *
 *   ./maestro npm run bench:peer                        # N = 1,000 and 10,000 instances in one region
 *   BENCH_INSTANCES=2000 ./maestro npm run bench:peer   # other sizes (comma-separated)
 *   BENCH_SCENARIOS=plain,storm ./maestro npm run bench:peer   # a subset (storm and outage imply a clean run first)
 *
 * The peer is installed outside the workspace (first run only) into .bench-peer/ (git-ignored) and loaded from
 * there; it is never added to a package.json or package-lock.json of the repo.
 *
 * What is measured is what each tool controls: from the start of a run to the full mutation handed to the catalog
 * (the catalog's own ingestion is the same for both), the entities emitted, the instances they cover, and how many
 * of them the catalog would reject (envelope check at applyMutation, which refuses the WHOLE mutation; then, per
 * entity, the default entity policies and the kind validators of its processing loop).
 *
 * Scenarios (same seed, same N for both tools):
 *   plain       no fault
 *   throttle    { throttle: { everyNth: 3 } }
 *   rate-limit  { rateLimit: { bucketSize: 5, refillPerSecond: 1 } } per account/region/service
 *   storm       once the first DescribeInstances page has been answered, every request is throttled
 *               (run after a clean run: what is left in the catalog / the store?)
 *   outage      every DescribeInstances throttled from the start (after a clean run)
 *   tags        plain, but one instance in ten carries one extra tag of a kind real accounts have (numbers,
 *               booleans, dates, versions, aws:/kubernetes.io/ keys, spaces, e-mail addresses)
 *
 * The simulator pages every listing, unpaginated calls included (1000 per response); real EC2 answers an
 * unpaginated DescribeInstances with every instance. The peer makes exactly that one unpaginated call, so it is
 * served through bench/awsProxy.ts, which gives it AWS's behaviour (see there). BENCH_PEER_RAW=1 skips that.
 */
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { delimiter, dirname, join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import os from 'node:os';
import {
  DefaultNamespaceEntityPolicy,
  Entity,
  entityEnvelopeSchemaValidator,
  EntityPolicies,
  FieldFormatEntityPolicy,
  makeValidator,
  NoForeignRootFieldsEntityPolicy,
  parseLocationRef,
  SchemaValidEntityPolicy,
  stringifyEntityRef,
  apiEntityV1alpha1Validator,
  componentEntityV1alpha1Validator,
  domainEntityV1alpha1Validator,
  groupEntityV1alpha1Validator,
  locationEntityV1alpha1Validator,
  resourceEntityV1alpha1Validator,
  systemEntityV1alpha1Validator,
  userEntityV1alpha1Validator,
} from '@backstage/catalog-model';
import { ConfigReader } from '@backstage/config';
import { AwsFaults, AwsWorld, generateAwsWorld, startAwsSimulator } from '@maestro/cloud-simulator';
import { MaestroEntityProcessor, recordToEntity } from '@maestro/plugin-catalog-backend-module-maestro';
import type { InventoryRecord } from '@maestro/plugin-maestro-common';
import knexFactory from 'knex';
import { applyMigrations } from '../plugins/maestro-backend/src/database/migrations';
import { KnexInventoryStore } from '../plugins/maestro-backend/src/records/KnexInventoryStore';
import { createDiscoveryHarness } from '../plugins/maestro-backend/src/__testUtils__/discoveryHarness';
import { startAwsProxy } from './awsProxy';

const root = resolve(__dirname, '..');
const PEER = '@roadiehq/catalog-backend-module-aws';
const PEER_VERSION = '5.11.0';
const SIZES = (process.env.BENCH_INSTANCES ?? '1000,10000')
  .split(',')
  .map(s => Number(s.trim()))
  .filter(n => n > 0);
const RAW = process.env.BENCH_PEER_RAW === '1';
const SEED = 20260;
const REGION = 'eu-west-1';
const ROLE = 'backstage-catalog-reader';
const ACCOUNT = {
  accountId: '246813579024',
  accessKeyId: 'AKIABENCHPEER0000001',
  secretAccessKey: 'bench-peer-secret-not-real',
  regions: [REGION],
  roles: [{ name: ROLE }],
};
/** "storm": every request (any action) throttled, switched on once the first DescribeInstances page is answered. */
const STORM: AwsFaults = { throttle: { everyNth: 1 } };
/** "outage": every DescribeInstances throttled from the start (STS and the rest still answer). */
const OUTAGE: AwsFaults = { throttle: { everyNth: 1, actions: ['DescribeInstances'] } };
const SCENARIOS = new Set(
  (process.env.BENCH_SCENARIOS ?? 'plain,throttle,rate-limit,storm,outage,tags').split(',').map(s => s.trim()),
);

// ---------------------------------------------------------------------------------------------------------------
// 1. The peer, installed outside the workspace

function ensurePeer() {
  if (existsSync(join(root, '.bench-peer/node_modules', PEER))) return;
  console.log(`installing ${PEER}@${PEER_VERSION} into .bench-peer/ (outside the workspace, first run only)…`);
  // npm of the Node running this script (./maestro puts Node 22 on PATH; make sure its bin dir comes first)
  const env = { ...process.env, PATH: `${dirname(process.execPath)}${delimiter}${process.env.PATH ?? ''}` };
  execFileSync(
    'npm',
    [
      'install',
      '--prefix',
      '.bench-peer',
      '--no-package-lock',
      '--no-save',
      '--legacy-peer-deps',
      '--no-audit',
      '--no-fund',
      `${PEER}@${PEER_VERSION}`,
    ],
    { cwd: root, env, stdio: 'inherit' },
  );
}

// ---------------------------------------------------------------------------------------------------------------
// 2. What the catalog would reject

const envelope = entityEnvelopeSchemaValidator();
const policy = EntityPolicies.allOf([
  new SchemaValidEntityPolicy(),
  new DefaultNamespaceEntityPolicy(),
  new NoForeignRootFieldsEntityPolicy(),
  new FieldFormatEntityPolicy(makeValidator()),
]);
const builtinKinds = [
  apiEntityV1alpha1Validator,
  componentEntityV1alpha1Validator,
  resourceEntityV1alpha1Validator,
  groupEntityV1alpha1Validator,
  locationEntityV1alpha1Validator,
  userEntityV1alpha1Validator,
  systemEntityV1alpha1Validator,
  domainEntityV1alpha1Validator,
];
const maestroProcessor = new MaestroEntityProcessor();
const short = (e: unknown) =>
  String((e as Error)?.message ?? e)
    .replace(/\s+/g, ' ')
    .slice(0, 140);

interface Verdict {
  /** Fails the envelope check of applyMutation: the catalog refuses the whole mutation. */
  envelope: boolean;
  /** Why the catalog's processing would reject it (undefined: accepted). */
  reason?: string;
}

/** The catalog's checks, in its order: envelope (applyMutation), location refs, entity policies, kind validation. */
async function verdict(entity: Entity): Promise<Verdict> {
  try {
    envelope(entity);
  } catch (e) {
    return { envelope: true, reason: `envelope: ${short(e)}` };
  }
  try {
    const annotations = entity.metadata.annotations ?? {};
    parseLocationRef(annotations['backstage.io/managed-by-location']);
    parseLocationRef(annotations['backstage.io/managed-by-origin-location']);
  } catch (e) {
    return { envelope: false, reason: `location: ${short(e)}` };
  }
  let checked: Entity | undefined;
  try {
    checked = await policy.enforce(entity);
    if (!checked) return { envelope: false, reason: 'policy: rejected' };
  } catch (e) {
    return { envelope: false, reason: `policy: ${short(e)}` };
  }
  try {
    for (const validator of builtinKinds) if (await validator.check(checked)) return { envelope: false };
    if (await maestroProcessor.validateEntityKind(checked)) return { envelope: false };
  } catch (e) {
    return { envelope: false, reason: `kind: ${short(e)}` };
  }
  return { envelope: false, reason: `kind: no processor recognises ${checked.apiVersion} ${checked.kind}` };
}

async function judge(entities: Entity[]) {
  const reasons = new Map<string, number>();
  let rejected = 0;
  let envelopeInvalid = 0;
  for (const entity of entities) {
    const v = await verdict(entity);
    if (v.envelope) envelopeInvalid++;
    if (v.reason) {
      rejected++;
      const key = v.reason.replace(/i-[0-9a-f]{8,}/g, 'i-…').replace(/"[^"]*"/g, '"…"');
      reasons.set(key, (reasons.get(key) ?? 0) + 1);
    }
  }
  return { rejected, envelopeInvalid, reasons };
}

// ---------------------------------------------------------------------------------------------------------------
// 3. The world and the simulated endpoint

/** Tags seen in real accounts, one of them on every tenth instance (scenario "tags"). */
const REAL_WORLD_TAGS = [
  { Key: 'cost-center', Value: '4410' },
  { Key: 'backup', Value: 'true' },
  { Key: 'created', Value: '2024-03-18' },
  { Key: 'version', Value: '1.10' },
  { Key: 'aws:cloudformation:stack-name', Value: 'shop-prod' },
  { Key: 'kubernetes.io/cluster/prod-eks', Value: 'owned' },
  { Key: 'Description', Value: 'Frontend web server blue/green' },
  { Key: 'on-call', Value: 'ops@example.com' },
];

function makeWorld(n: number, realWorldTags = false): AwsWorld {
  const world = generateAwsWorld({ seed: SEED, accounts: [ACCOUNT], sizes: { instances: n, volumesPerInstance: 1 } });
  if (realWorldTags) {
    world.region(ACCOUNT.accountId, REGION).instances.forEach((instance, i) => {
      if (i % 10 === 0) instance.Tags = [...(instance.Tags ?? []), REAL_WORLD_TAGS[(i / 10) % REAL_WORLD_TAGS.length]];
    });
  }
  return world;
}

/** The simulator (with faults), a fault-free twin on the same world, and the proxy both tools talk to. */
async function endpointFor(world: AwsWorld, options: { faults?: AwsFaults; stormAfterFirstPage?: boolean } = {}) {
  const sim = await startAwsSimulator({ world, faults: options.faults });
  const clean = await startAwsSimulator({ world });
  let armed = !!options.stormAfterFirstPage;
  const timing = { lastDescribeInstances: 0 };
  const proxy = await startAwsProxy({
    target: sim.endpoint,
    clean: clean.endpoint,
    unpaginated: !RAW,
    onResponse: (action, status) => {
      if (action === 'DescribeInstances' && status === 200) timing.lastDescribeInstances = performance.now();
      if (armed && action === 'DescribeInstances' && status === 200) {
        armed = false;
        sim.faults = STORM;
      }
    },
  });
  return {
    sim,
    timing,
    endpoint: proxy.endpoint,
    close: async () => {
      await proxy.close();
      await sim.close();
      await clean.close();
    },
  };
}

function counts(world: AwsWorld) {
  const instances = world.region(ACCOUNT.accountId, REGION).instances;
  return { all: instances.length, running: instances.filter(i => i.State?.Name === 'running').length };
}

// ---------------------------------------------------------------------------------------------------------------
// 4. The peer: AWSEC2Provider with a recording connection

const quietLogger = (errors: string[]): any => {
  const logger: any = {
    info: () => {},
    debug: () => {},
    warn: (m: string) => errors.push(`warn: ${m}`),
    error: (m: string) => errors.push(`error: ${m}`),
  };
  logger.child = () => logger;
  return logger;
};

interface PeerResult {
  seconds: number;
  /** Until the (last) DescribeInstances answer; the rest is the peer's rendering of the entities. */
  apiSeconds: number;
  mutation?: { type: string; entities: Entity[] };
  error?: string;
  requests: number;
  throttled: number;
  byAction: Record<string, number>;
}

async function runPeer(
  world: AwsWorld,
  options: { faults?: AwsFaults; stormAfterFirstPage?: boolean } = {},
): Promise<PeerResult> {
  const peerRequire = createRequire(join(root, '.bench-peer/'));
  const { AWSEC2Provider } = peerRequire(PEER);
  const target = await endpointFor(world, options);
  // The peer has no endpoint option: point the SDK's default chain at the simulator through the environment.
  const saved = { ...process.env };
  for (const key of Object.keys(process.env)) if (key.startsWith('AWS_')) delete process.env[key];
  Object.assign(process.env, {
    AWS_ENDPOINT_URL: target.endpoint,
    AWS_ACCESS_KEY_ID: ACCOUNT.accessKeyId,
    AWS_SECRET_ACCESS_KEY: ACCOUNT.secretAccessKey,
    AWS_REGION: REGION,
  });
  const errors: string[] = [];
  let mutation: PeerResult['mutation'];
  let mutationAt = 0;
  const connection = {
    applyMutation: async (m: any) => {
      mutationAt = performance.now();
      mutation = { type: m.type, entities: m.entities.map((e: any) => e.entity) };
    },
    refresh: async () => {},
  };
  try {
    const provider = AWSEC2Provider.fromConfig(
      new ConfigReader({
        accountId: ACCOUNT.accountId,
        roleName: ROLE,
        roleArn: `arn:aws:iam::${ACCOUNT.accountId}:role/${ROLE}`,
        region: REGION,
      }),
      { logger: quietLogger(errors), ownerTag: 'team' },
    );
    await provider.connect(connection);
    const started = performance.now();
    let error: string | undefined;
    try {
      await provider.run();
    } catch (e) {
      error = `${(e as any)?.name ?? 'Error'}: ${short(e)}`;
    }
    const end = mutation ? mutationAt : performance.now();
    const answered = target.timing.lastDescribeInstances;
    return {
      seconds: (end - started) / 1000,
      apiSeconds: answered ? (answered - started) / 1000 : 0,
      mutation,
      error,
      requests: target.sim.stats.requests,
      throttled: target.sim.stats.throttled,
      byAction: { ...target.sim.stats.byAction },
    };
  } finally {
    for (const key of Object.keys(process.env)) if (!(key in saved)) delete process.env[key];
    Object.assign(process.env, saved);
    await target.close();
  }
}

// ---------------------------------------------------------------------------------------------------------------
// 5. Maestro: DiscoveryRuns in-process on SQLite

async function maestroOn(world: AwsWorld) {
  const knex = knexFactory({ client: 'better-sqlite3', connection: ':memory:', useNullAsDefault: true });
  const store = await KnexInventoryStore.create({
    database: { getClient: async () => applyMigrations({ getClient: async () => knex } as any) } as any,
  });
  let current: Awaited<ReturnType<typeof endpointFor>> | undefined;
  const warnings: string[] = [];

  async function run(options: { faults?: AwsFaults; stormAfterFirstPage?: boolean } = {}) {
    current = await endpointFor(world, options);
    try {
      const { service } = await createDiscoveryHarness({
        knex,
        connections: [
          {
            id: 'aws-bench',
            provider: 'aws',
            regions: [REGION],
            owner: 'group:default/platform',
            endpoint: current.endpoint,
            aws: { accessKeyId: ACCOUNT.accessKeyId, secretAccessKey: ACCOUNT.secretAccessKey },
          },
        ],
        logger: quietLogger(warnings),
      });
      const started = performance.now();
      const status = await service.runNow('aws-bench', 'server-list');
      const crawled = performance.now();
      // what MaestroEntityProvider's full load hands to the catalog: every active record, projected
      const records: InventoryRecord[] = [];
      for (let offset = 0; ; offset += 1000) {
        const page = await store.listRecords({ active: true, orderBy: 'createdAt', limit: 1000, offset });
        records.push(...page.items);
        if (page.items.length < 1000) break;
      }
      const entities = records.map(recordToEntity);
      const projected = performance.now();
      const activeServers = (await store.listRecords({ kind: 'Server', active: true, limit: 1 })).totalCount;
      const inactiveServers = (await store.listRecords({ kind: 'Server', active: false, limit: 1 })).totalCount;
      return {
        seconds: (projected - started) / 1000,
        crawlSeconds: (crawled - started) / 1000,
        projectSeconds: (projected - crawled) / 1000,
        status,
        entities,
        activeServers,
        inactiveServers,
        requests: current.sim.stats.requests,
        throttled: current.sim.stats.throttled,
      };
    } finally {
      await current.close();
    }
  }
  return { run, close: () => knex.destroy() };
}

// ---------------------------------------------------------------------------------------------------------------
// 6. Scenarios and the table

interface Row {
  tool: string;
  scenario: string;
  n: number;
  seconds: number;
  entities: string;
  rejected: string;
  outcome: string;
}
const rows: Row[] = [];
const notes: string[] = [];
const fmt = (n: number) => n.toLocaleString('en-US');

function add(row: Row) {
  rows.push(row);
  console.log(
    `  ${row.tool.padEnd(7)} ${row.scenario.padEnd(11)} ${String(row.n).padStart(6)}  ${row.seconds
      .toFixed(1)
      .padStart(6)} s  ${row.entities.padEnd(34)} ${row.rejected.padEnd(28)} ${row.outcome}`,
  );
}

function reasonsText(reasons: Map<string, number>) {
  return [...reasons.entries()]
    .sort((a, b) => b[1] - a[1])
    .slice(0, 6)
    .map(([r, c]) => `${c} × ${r}`);
}

async function peerRow(
  n: number,
  scenario: string,
  world: AwsWorld,
  options: Parameters<typeof runPeer>[1],
  previous?: Set<string>,
) {
  const { running } = counts(world);
  const result = await runPeer(world, options);
  const reqs = `${result.apiSeconds ? `API ${result.apiSeconds.toFixed(1)} s, ` : ''}${result.requests} req, ${
    result.throttled
  } throttled`;
  if (!result.mutation) {
    add({
      tool: 'peer',
      scenario,
      n,
      seconds: result.seconds,
      entities: '0 (no mutation)',
      rejected: '–',
      outcome: `run failed (${result.error}); catalog keeps its previous ${
        previous ? fmt(previous.size) : ''
      } entities [${reqs}]`,
    });
    return undefined;
  }
  const entities = result.mutation.entities;
  const ids = new Set(entities.map(e => e.metadata.annotations?.['amazon.com/ec2-instance-id']));
  const judged = await judge(entities);
  const refs = new Set(entities.map(e => stringifyEntityRef(e)));
  const deleted = previous ? [...previous].filter(r => !refs.has(r)).length : 0;
  add({
    tool: 'peer',
    scenario,
    n,
    seconds: result.seconds,
    entities: `${fmt(entities.length)} (${fmt(ids.size)}/${fmt(running)} running)`,
    rejected: judged.envelopeInvalid ? `${fmt(judged.rejected)} + WHOLE mutation refused` : fmt(judged.rejected),
    outcome: `${result.mutation.type} mutation${previous ? `; catalog deletes ${fmt(deleted)}` : ''}${
      result.error ? `; then ${result.error}` : ''
    } [${reqs}]`,
  });
  if (judged.rejected) notes.push(`peer ${scenario} N=${n}: ${reasonsText(judged.reasons).join('; ')}`);
  return refs;
}

async function maestroRow(
  n: number,
  scenario: string,
  world: AwsWorld,
  maestro: Awaited<ReturnType<typeof maestroOn>>,
  options: Parameters<typeof runPeer>[1],
  before?: number,
) {
  const { all } = counts(world);
  const r = await maestro.run(options);
  const judged = await judge(r.entities);
  const c = r.status.counts ?? ({} as any);
  const servers = r.entities.filter(e => e.kind === 'Server').length;
  const region = r.status.regions?.[0];
  add({
    tool: 'maestro',
    scenario,
    n,
    seconds: r.seconds,
    entities: `${fmt(r.entities.length)} (${fmt(servers)}/${fmt(all)} instances)`,
    rejected: judged.envelopeInvalid ? `${fmt(judged.rejected)} + WHOLE mutation refused` : fmt(judged.rejected),
    outcome:
      `${r.status.status}${region && !region.complete ? ' (listing incomplete)' : ''}; seen ${fmt(
        c.seen ?? 0,
      )}, created ${fmt(c.created ?? 0)}, deactivated ${fmt(c.deactivated ?? 0)}` +
      `${before !== undefined ? `; active servers ${fmt(r.activeServers)} of ${fmt(before)}` : ''}` +
      ` [crawl+store ${r.crawlSeconds.toFixed(1)} s, projection ${r.projectSeconds.toFixed(1)} s; ${r.requests} req, ${
        r.throttled
      } throttled]` +
      `${r.status.error ? ` error: ${short(r.status.error).slice(0, 90)}` : ''}`,
  });
  if (judged.rejected) notes.push(`maestro ${scenario} N=${n}: ${reasonsText(judged.reasons).join('; ')}`);
  return r;
}

async function main() {
  ensurePeer();
  const peerVersion = createRequire(join(root, '.bench-peer/'))(`${PEER}/package.json`).version;
  console.log(`\n# AWS EC2 discovery: Maestro server-list vs ${PEER}@${peerVersion} (AWSEC2Provider)`);
  console.log(
    `Node ${process.version}, ${os.cpus().length} cores, seed ${SEED}, one account, one region (${REGION})${
      RAW ? ', RAW simulator paging for the peer' : ''
    }`,
  );
  console.log(
    `  ${'tool'.padEnd(7)} ${'scenario'.padEnd(11)} ${'N'.padStart(6)}  ${'time'.padStart(
      8,
    )}  ${'entities (coverage)'.padEnd(34)} ${'rejected by catalog'.padEnd(28)} outcome`,
  );
  const total = performance.now();
  for (const n of SIZES) {
    const world = makeWorld(n);
    const { all, running } = counts(world);
    console.log(`\n## N = ${fmt(n)} (${fmt(all)} instances, ${fmt(running)} running)`);

    const want = (scenario: string) => SCENARIOS.has(scenario);
    const afterClean = want('storm') || want('outage');

    // peer
    const s0 = want('plain') || afterClean ? await peerRow(n, 'plain', world, {}) : undefined;
    if (want('throttle')) await peerRow(n, 'throttle', world, { faults: { throttle: { everyNth: 3 } } });
    if (want('rate-limit'))
      await peerRow(n, 'rate-limit', world, { faults: { rateLimit: { bucketSize: 5, refillPerSecond: 1 } } });
    if (want('storm')) await peerRow(n, 'storm', world, { stormAfterFirstPage: true }, s0);
    if (want('outage')) await peerRow(n, 'outage', world, { faults: OUTAGE }, s0);

    // maestro: plain, then storm and outage on the same store (after the clean run)
    if (want('plain') || afterClean) {
      const m = await maestroOn(world);
      const clean = await maestroRow(n, 'plain', world, m, {});
      if (want('storm')) await maestroRow(n, 'storm', world, m, { stormAfterFirstPage: true }, clean.activeServers);
      if (want('outage')) await maestroRow(n, 'outage', world, m, { faults: OUTAGE }, clean.activeServers);
      await m.close();
    }
    for (const [scenario, faults] of [
      ['throttle', { throttle: { everyNth: 3 } }],
      ['rate-limit', { rateLimit: { bucketSize: 5, refillPerSecond: 1 } }],
    ] as const) {
      if (!want(scenario)) continue;
      const fresh = await maestroOn(world);
      await maestroRow(n, scenario, world, fresh, { faults });
      await fresh.close();
    }

    // real-world tags
    if (want('tags')) {
      const tagged = makeWorld(n, true);
      await peerRow(n, 'tags', tagged, {});
      const mt = await maestroOn(tagged);
      await maestroRow(n, 'tags', tagged, mt, {});
      await mt.close();
    }
  }

  console.log(`\n## Table (Markdown)\n`);
  console.log('| tool | scenario | N | seconds | entities (coverage) | rejected by the catalog | outcome |');
  console.log('|---|---|---|---|---|---|---|');
  for (const r of rows) {
    console.log(
      `| ${r.tool} | ${r.scenario} | ${fmt(r.n)} | ${r.seconds.toFixed(1)} | ${r.entities} | ${
        r.rejected
      } | ${r.outcome.replace(/\|/g, '/')} |`,
    );
  }
  if (notes.length) {
    console.log('\nRejection reasons:');
    for (const note of notes) console.log(`- ${note}`);
  }
  console.log(`\ntotal ${((performance.now() - total) / 1000).toFixed(0)} s`);
}

main().catch(error => {
  console.error(error);
  process.exit(1);
});
