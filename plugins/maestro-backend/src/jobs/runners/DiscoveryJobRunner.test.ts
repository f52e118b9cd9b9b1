import { mockCredentials, mockServices } from '@backstage/backend-test-utils';
import { ConfigReader } from '@backstage/config';
import type { DiscoveredRecord, DiscoveryDriver } from '@maestro/plugin-maestro-node';
import { describeEachDatabase, migrateTestDatabase } from '../../__testUtils__/databases';
import { systemInventory } from '../../__testUtils__/systemInventory';
import { ConnectionStore } from '../../discovery/ConnectionStore';
import { discoveryOptionsFromConfig } from '../../discovery/discoveryOptions';
import { DiscoveryRuns } from '../../discovery/DiscoveryRuns';
import { Reconciler } from '../../discovery/Reconciler';
import { KnexInventoryStore } from '../../records/KnexInventoryStore';
import { RecordValidator } from '../../records/RecordValidator';
import { BuiltInDiscoveryJobs, DiscoveryJobLog } from '../BuiltInDiscoveryJobs';
import { JobRunner } from '../JobRunner';
import { JobScheduler } from '../JobScheduler';
import { JobService } from '../JobService';
import { DEFAULT_JOBS_OPTIONS } from '../jobsOptions';
import { DiscoveryJobRunner } from './DiscoveryJobRunner';

jest.setTimeout(60_000);

const OWNER = 'group:default/platform';
const alice = mockCredentials.user('user:default/alice');
const BUILT_IN = 'discovery:fake-a:things';

/** A cloud of "things" in region r1, read by a driver of its own; a region in `failing` answers an error. */
function fakeCloud() {
  const failing = new Set<string>();
  const thing = (id: string): DiscoveredRecord => ({
    kind: 'Server',
    providerId: `r1/${id}`,
    name: `fake-${id}`,
    spec: { hostname: id, providerId: `r1/${id}`, region: 'r1' },
  });
  const driver: DiscoveryDriver = {
    provider: 'fake' as any,
    lists: [
      { id: 'things', title: 'Things', iamActions: ['fake:ListThings'], defaultFrequencyMinutes: 5 },
      { id: 'others', title: 'Others', iamActions: ['fake:ListOthers'], defaultFrequencyMinutes: 5 },
    ],
    async open() {
      return {
        accountId: 'acct',
        async crawl(list, region, emit) {
          if (failing.has(region)) throw new Error(`${region} is down: upstream said secret-detail`);
          if (list === 'things') for (const id of ['t1', 't2']) emit(thing(id));
        },
        classify: () => 'error',
        close() {},
      };
    },
  };
  return { driver, failing };
}

describeEachDatabase('discovery jobs', (databases, databaseId) => {
  async function setup() {
    const cloud = fakeCloud();
    const knex = await migrateTestDatabase(await databases.init(databaseId));
    const store = await KnexInventoryStore.create({ database: mockServices.database({ knex }) });
    const inventory = systemInventory(store);
    const config = new ConfigReader({
      maestro: {
        discovery: {
          connections: [
            { id: 'fake-a', provider: 'fake', regions: ['r1'], owner: OWNER, lists: { others: { enabled: false } } },
          ],
        },
      },
    });
    const drivers = new Map([['fake', cloud.driver]]);
    const logger = mockServices.logger.mock();
    const idle = { scheduleTask: async () => {}, triggerTask: async () => {} } as any;
    const runner = new JobRunner({ scheduler: idle, logger });
    const log = new DiscoveryJobLog(knex);
    const discovery = new DiscoveryRuns({
      db: knex,
      writer: inventory,
      connections: new ConnectionStore({ db: knex, config, drivers }),
      drivers,
      reconciler: new Reconciler({ db: knex, writer: inventory, validator: RecordValidator.create() }),
      jobs: new JobRunner({ scheduler: idle, logger }),
      logger,
      options: discoveryOptionsFromConfig(config),
      runLog: log,
    });
    const scheduler = new JobScheduler({
      db: knex,
      runner,
      types: [new DiscoveryJobRunner({ discovery })],
      logger,
      options: { ...DEFAULT_JOBS_OPTIONS, replica: 'test' },
    });
    const jobs = new JobService({
      scheduler,
      discoveryJobs: new BuiltInDiscoveryJobs({ discovery, log, now: () => Date.now() }),
    });
    const runsOf = (jobId: string) => knex('maestro_job_runs').where({ job_id: jobId }).orderBy('queued_at');
    return { ...cloud, knex, discovery, scheduler, jobs, runsOf };
  }

  it('lists each list as a built-in job with its run count and last run, and logs its runs', async () => {
    const { discovery, jobs, runsOf } = await setup();
    const before = await jobs.get(BUILT_IN);
    expect(before).toMatchObject({
      id: BUILT_IN,
      name: 'Discovery: fake-a / Things',
      type: 'discovery',
      builtIn: true,
      enabled: true,
      owner: OWNER,
      schedule: { type: 'interval', minutes: 5 },
      config: { connectionId: 'fake-a', lists: ['things'] },
      totalRuns: 0,
    });
    expect(before.lastRun).toBeUndefined();
    expect((await jobs.get('discovery:fake-a:others')).enabled).toBe(false);

    await discovery.runNow('fake-a', 'things'); // as its schedule runs it
    const after = await jobs.get(BUILT_IN);
    expect(after).toMatchObject({ totalRuns: 1, consecutiveFailures: 0, lastRun: { status: 'succeeded' } });
    expect(Date.parse(after.nextRunAt!) - Date.parse(after.lastRun!.startedAt!)).toBe(5 * 60_000);
    const [run] = await runsOf(BUILT_IN);
    expect(run).toMatchObject({
      id: after.lastRun!.id,
      trigger: 'schedule',
      status: 'succeeded',
      summary: 'success: 2 records seen (2 created, 0 changed, 0 deactivated)',
    });
    // discovery's own answers are as they were
    const [status] = await discovery.statuses('fake-a');
    expect(status).toMatchObject({ list: 'things', status: 'success', failures: 0 });
    expect(status).not.toHaveProperty('runs');
  });

  it('"run now" of a built-in job is discovery\'s sync now, logged as the run that serves it', async () => {
    const { discovery, jobs, runsOf, failing } = await setup();
    const queued = await jobs.runNow(BUILT_IN, 'user:default/alice');
    expect(queued).toMatchObject({
      jobId: BUILT_IN,
      status: 'queued',
      trigger: 'manual',
      startedBy: 'user:default/alice',
    });
    // a second request while one is pending is the same request
    expect((await jobs.runNow(BUILT_IN, 'user:default/bob')).id).toBe(queued.id);
    expect((await discovery.statuses('fake-a'))[0].requestedAt).toBeDefined();

    failing.add('r1');
    await discovery.runNow('fake-a', 'things'); // the task's next tick serves the request
    const runs = await runsOf(BUILT_IN);
    expect(runs).toHaveLength(1);
    expect(runs[0]).toMatchObject({
      trigger: 'manual',
      started_by: 'user:default/alice',
      queued_at: queued.queuedAt,
      status: 'failed',
    });
    // the log shows the description every reader may see, never the provider's raw error
    expect(runs[0].error).not.toContain('secret-detail');
    const job = await jobs.get(BUILT_IN);
    expect(job).toMatchObject({ consecutiveFailures: 1, lastRun: { status: 'failed' } });
    await expect(jobs.update(BUILT_IN, { enabled: false }, alice, 'user:default/alice')).rejects.toThrow(
      /^enabled: a discovery list is turned on or off on its connection/,
    );
    await expect(jobs.delete(BUILT_IN)).rejects.toThrow(/is a built-in job/);
  });

  it('runs a discovery job of its own through discovery, and checks its connection and lists when saved', async () => {
    const { scheduler, jobs, runsOf, failing } = await setup();
    const job = await jobs.create(
      { name: 'Crawl fake', type: 'discovery', schedule: { type: 'manual' }, config: { connectionId: 'fake-a' } },
      alice,
      'user:default/alice',
    );
    expect(job.config).toEqual({ connectionId: 'fake-a' });
    const run = await jobs.runNow(job.id, 'user:default/alice');
    await scheduler.idle();
    const [own] = await runsOf(job.id);
    expect(own).toMatchObject({ id: run.id, status: 'succeeded', summary: '2 records seen (things: success, 2 seen)' });
    // the list's built-in job logs the run too, started by the job's run
    const [builtIn] = await runsOf(BUILT_IN);
    expect(builtIn).toMatchObject({ trigger: 'chain', started_by: run.id, status: 'succeeded' });

    failing.add('r1');
    await jobs.runNow(job.id, 'user:default/alice');
    await scheduler.idle();
    const failed = (await runsOf(job.id))[1];
    expect(failed.status).toBe('failed');
    expect(failed.error).toMatch(/^things: /);
    expect(failed.error).not.toContain('secret-detail');

    await expect(
      jobs.create(
        { name: 'x', type: 'discovery', schedule: { type: 'manual' }, config: { connectionId: 'nope' } },
        alice,
        'user:default/alice',
      ),
    ).rejects.toThrow("config.connectionId: no discovery connection 'nope'");
    await expect(
      jobs.create(
        {
          name: 'x',
          type: 'discovery',
          schedule: { type: 'manual' },
          config: { connectionId: 'fake-a', lists: ['things', 'stuff'], extra: 1 },
        },
        alice,
        'user:default/alice',
      ),
    ).rejects.toThrow(
      "config.extra: is not a field of a discovery job (connectionId, lists); config.lists[1]: connection fake-a has no list 'stuff' (things, others)",
    );
  });
});
