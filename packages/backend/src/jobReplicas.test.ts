/*
 * Two real backend processes (packages/backend/src/index.ts, as the smoke test starts it) on one fresh PostgreSQL
 * database run Maestro's jobs: each due job runs exactly once per due time, whichever replica dispatches and runs
 * it, and a replica killed (SIGKILL) in the middle of a run does not lose the run: the other replica fails it once
 * its heartbeat is stale, and its failure chain runs. The jobs' knobs (maestro.jobs.*) are shortened so the whole
 * test takes about a minute.
 */
import { randomBytes } from 'node:crypto';
import { createServer, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
// eslint-disable-next-line @backstage/no-relative-monorepo-imports
const { startBackendProcess } = require('../../../scripts/backend-process.cjs');

jest.setTimeout(240_000);

/** The part of `pg`'s client this test uses (the package ships no types). */
interface PgClient {
  connect(): Promise<void>;
  query(sql: string, values?: unknown[]): Promise<{ rows: Array<Record<string, any>> }>;
  end(): Promise<void>;
}
const { Client } = require('pg') as { Client: new (options: { connectionString: string }) => PgClient };

type Backend = Awaited<ReturnType<typeof startBackendProcess>>;

const connectionString = process.env.BACKSTAGE_TEST_DATABASE_POSTGRES15_CONNECTION_STRING;
const JOBS = 20;
const STALE_SECONDS = 8;

/** A local receiver: counts calls per path with their delivery ids; `/hang` never answers, others after 200 ms. */
async function startSink() {
  const calls: Array<{ path: string; delivery: string; at: number }> = [];
  const hanging: ServerResponse[] = [];
  const server = createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      calls.push({ path: req.url ?? '', delivery: String(req.headers['x-maestro-delivery']), at: Date.now() });
      if (req.url === '/hang') hanging.push(res);
      else setTimeout(() => res.writeHead(204).end(), 200);
    });
  });
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    calls,
    close: () => {
      for (const res of hanging) res.destroy();
      return new Promise(resolve => server.close(resolve));
    },
  };
}

/** The guest's API client on one backend (development sign-in; the guest is a Maestro editor there). */
async function apiOf(backend: Backend) {
  const refresh = await fetch(`${backend.baseUrl}/api/auth/guest/refresh`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', 'X-Requested-With': 'XMLHttpRequest' },
    body: '{}',
  });
  const token = (await refresh.json()).backstageIdentity.token;
  return async (path: string, method = 'GET', body?: object) => {
    const res = await fetch(`${backend.baseUrl}/api/maestro${path}`, {
      method,
      headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
      ...(body ? { body: JSON.stringify(body) } : {}),
    });
    const text = await res.text();
    if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${text.slice(0, 500)}`);
    return text ? JSON.parse(text) : undefined;
  };
}

const until = async <T>(what: string, check: () => Promise<T | undefined>, timeoutMs: number): Promise<T> => {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`${what} did not happen within ${timeoutMs} ms`);
    await new Promise(r => setTimeout(r, 250));
  }
};

(connectionString ? describe : describe.skip)('jobs on two backend replicas sharing one PostgreSQL', () => {
  const prefix = `maestro_jobs_test_${randomBytes(4).toString('hex')}_`;
  const backends: Backend[] = [];
  let sink: Awaited<ReturnType<typeof startSink>>;
  let db: PgClient;

  beforeAll(async () => {
    sink = await startSink();
    const options = {
      database: { client: 'pg', connection: connectionString, prefix },
      config: {
        maestro: {
          demo: { enabled: true, aws: { enabled: false }, openstack: { enabled: false } },
          egress: { allow: ['127.0.0.1'] },
          jobs: {
            dispatchSeconds: 1,
            pollMilliseconds: 200,
            concurrency: 4,
            heartbeatSeconds: 1,
            staleAfterSeconds: STALE_SECONDS,
          },
        },
      },
    };
    // one after the other: the first creates the databases and runs the migrations
    backends.push(await startBackendProcess(options));
    backends.push(await startBackendProcess(options));
    const maestroDatabase = new URL(connectionString!);
    maestroDatabase.pathname = `/${prefix}maestro`;
    db = new Client({ connectionString: maestroDatabase.toString() });
    await db.connect();
  });

  afterAll(async () => {
    await Promise.all(backends.map(b => b.stop()));
    await db?.end();
    await sink?.close();
    const admin = new Client({ connectionString: connectionString! });
    await admin.connect();
    const { rows } = await admin.query('select datname from pg_database where datname like $1', [`${prefix}%`]);
    for (const { datname } of rows) await admin.query(`drop database if exists "${datname}" with (force)`);
    await admin.end();
  });

  /** The process id in a run's claim (`<host>:<pid>:<suffix>/<claim>`). */
  const pidOf = (claimedBy: string) => Number(claimedBy.split('/')[0].split(':').slice(-2)[0]);

  it('runs each due job exactly once per due time, on both replicas', async () => {
    const api = await apiOf(backends[0]);
    const ids: string[] = [];
    for (let i = 0; i < JOBS; i++) {
      const job = await api('/jobs', 'POST', {
        name: `every ten seconds ${i}`,
        type: 'webhook',
        // due every 10 s, twice: each job must be called exactly twice, once per due time
        schedule: { type: 'cron', expression: '*/10 * * * * *' },
        maxExecutions: 2,
        config: { webhook: { method: 'POST', url: `${sink.url}/job-${i}`, bodyTemplate: '{{ run.id | json }}' } },
      });
      ids.push(job.id);
    }
    await until(
      'two calls per job',
      async () => sink.calls.filter(c => c.path.startsWith('/job-')).length >= 2 * JOBS,
      60_000,
    );
    await new Promise(r => setTimeout(r, 12_000)); // one more due time: nothing may run again

    const perJob = new Map<string, Set<string>>();
    for (const call of sink.calls.filter(c => c.path.startsWith('/job-'))) {
      perJob.set(call.path, new Set([...(perJob.get(call.path) ?? []), call.delivery]));
    }
    expect(sink.calls.filter(c => c.path.startsWith('/job-'))).toHaveLength(2 * JOBS);
    expect([...perJob.values()].map(deliveries => deliveries.size)).toEqual(Array(JOBS).fill(2));

    const { rows } = await db.query(
      'select job_id, queued_at, status, claimed_by from maestro_job_runs where job_id = any($1) order by job_id, queued_at',
      [ids],
    );
    expect(rows).toHaveLength(2 * JOBS);
    expect(rows.every(r => r.status === 'succeeded')).toBe(true);
    for (const id of ids) {
      const [first, second] = rows.filter(r => r.job_id === id);
      // two consecutive due times, 10 s apart: none skipped, none doubled
      expect(Date.parse(second.queued_at) - Date.parse(first.queued_at)).toBe(10_000);
    }
    // the work was shared: runs were claimed by both processes
    expect(new Set(rows.map(r => pidOf(r.claimed_by)))).toEqual(new Set(backends.map(b => b.pid)));
    const jobs = (await api('/jobs')).jobs.filter((j: any) => ids.includes(j.id));
    expect(
      jobs.every((j: any) => j.totalRuns === 2 && !j.enabled && j.disabledReason === 'max executions reached (2)'),
    ).toBe(true);
  });

  it('does not lose the run of a replica killed in the middle of it: the other fails it and its chain runs', async () => {
    const apis = await Promise.all(backends.map(apiOf));
    const after = await apis[0]('/jobs', 'POST', {
      name: 'after a failure',
      type: 'webhook',
      schedule: { type: 'manual' },
      config: { webhook: { method: 'POST', url: `${sink.url}/after` } },
    });
    const hangs = await apis[0]('/jobs', 'POST', {
      name: 'hangs',
      type: 'webhook',
      schedule: { type: 'manual' },
      onFailure: { jobId: after.id },
      config: { webhook: { method: 'POST', url: `${sink.url}/hang`, timeoutSeconds: 60 } },
    });
    const run = await apis[0](`/jobs/${hangs.id}/run`, 'POST');
    await until('the hanging call', async () => sink.calls.some(c => c.path === '/hang'), 20_000);
    const { rows } = await db.query('select status, claimed_by from maestro_job_runs where id = $1', [run.id]);
    expect(rows[0].status).toBe('running');
    const victim = backends.findIndex(b => b.pid === pidOf(rows[0].claimed_by));
    expect(victim).toBeGreaterThanOrEqual(0);
    const killedAt = Date.now();
    backends[victim].kill('SIGKILL');
    const survivor = apis[1 - victim];

    const failed = await until(
      'the run failed by the surviving replica',
      async () => {
        const found = await survivor(`/jobs/${hangs.id}/runs/${run.id}`);
        return found.status === 'failed' ? found : undefined;
      },
      90_000,
    );
    const took = Date.now() - killedAt;
    expect(failed.error).toBe(`the backend replica running it stopped (no heartbeat for ${STALE_SECONDS} s)`);
    expect(took).toBeLessThan(STALE_SECONDS * 1000 + 20_000);
    // counted as a failure, and the failure chain ran on the survivor
    expect(await survivor(`/jobs/${hangs.id}`)).toMatchObject({ consecutiveFailures: 1, lastRun: { id: run.id } });
    const [chained] = await until(
      'the failure chain',
      async () => {
        const { runs } = await survivor(`/jobs/${after.id}/runs`);
        return runs.length && runs[0].status === 'succeeded' ? runs : undefined;
      },
      20_000,
    );
    expect(chained).toMatchObject({ trigger: 'chain', startedBy: run.id });
    expect(sink.calls.filter(c => c.path === '/hang')).toHaveLength(1);
    expect(sink.calls.filter(c => c.path === '/after')).toHaveLength(1);
  });
});
