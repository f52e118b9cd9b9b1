// Jobs and event rules benchmark (issue #15). Prints figures next to the limits; asserts nothing.
//
//   ./maestro npm run bench:jobs                       # both parts, PostgreSQL
//   BENCH_PART=rules BENCH_CHANGES=2000 ./maestro npm run bench:jobs
//
// Part `rules`: the real backend (every plugin of packages/backend) on a fresh PostgreSQL database; 100 event rules
// "when a Server owned by group bench-<i> changes, POST to a local sink"; BENCH_CHANGES servers (default 10,000,
// owners spread over the 100 groups) imported, then imported again with one field changed (a re-crawl: one change
// per server, each matching exactly one rule). Measured: deliveries per second from the commit of the re-crawl to
// the last delivery (limit ≥ 200/s), the first delivery's delay after the commit (limit ≤ 2 s), the backend's
// resident memory growth (limit ≤ 150 MB), and that every change reached the sink exactly once.
//
// Part `scheduler`: two real backend processes on one fresh PostgreSQL database; BENCH_JOBS webhook jobs (default
// 1,000) on a daily cron at one minute a few minutes ahead, max executions 1: all due in the same minute. Measured: how many calls the sink
// got per job (limit: exactly one), and how long after the due minute the last one started (limit ≤ 60 s).
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { createRequire } from 'node:module';
import pg from 'pg';

const require = createRequire(import.meta.url);
const { startBackendProcess } = require('../scripts/backend-process.cjs');

const PARTS = (process.env.BENCH_PART ?? 'rules,scheduler').split(',');
const CHANGES = Number(process.env.BENCH_CHANGES ?? 10_000);
const RULES = 100;
const JOBS = Number(process.env.BENCH_JOBS ?? 1000);
const PG = { host: '127.0.0.1', port: 5432, user: 'postgres', password: 'postgres' };

const rssMb = pid => {
  const line = readFileSync(`/proc/${pid}/status`, 'utf8')
    .split('\n')
    .find(l => l.startsWith('VmRSS:'));
  return Number(line?.match(/(\d+)/)?.[1] ?? 0) / 1024;
};
const verdict = ok => (ok ? 'met' : 'MISSED');

/**
 * Fresh PostgreSQL databases for one part: Backstage gives each plugin a database of its own named with the
 * configured prefix (`connection.database` is ignored in that mode), so the part gets a prefix of its own and drops
 * every database carrying it at the end.
 */
async function freshDatabase(label) {
  const prefix = `maestro_bench_${label}_${randomBytes(3).toString('hex')}_`;
  return {
    database: { client: 'pg', connection: PG, prefix },
    drop: async () => {
      const c = new pg.Client({ ...PG, database: 'postgres' });
      await c.connect();
      const { rows } = await c.query('select datname from pg_database where datname like $1', [`${prefix}%`]);
      for (const { datname } of rows) await c.query(`drop database if exists "${datname}" with (force)`);
      await c.end();
    },
  };
}

/** A local HTTP sink: counts calls per path and per delivery id, with the time of each. */
async function startSink() {
  const calls = [];
  const server = createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      calls.push({ at: Date.now(), path: req.url, delivery: req.headers['x-maestro-delivery'] });
      res.writeHead(204).end();
    });
  });
  await new Promise(r => server.listen(0, '127.0.0.1', r));
  return { url: `http://127.0.0.1:${server.address().port}`, calls, close: () => server.close() };
}

/** A signed-in guest's API client against a backend. */
async function apiOf(baseUrl) {
  const refresh = await fetch(`${baseUrl}/api/auth/guest/refresh`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: '{}',
  });
  const token = (await refresh.json()).backstageIdentity.token;
  return async (path, method = 'GET', body) => {
    const res = await fetch(`${baseUrl}/api/maestro${path}`, {
      method,
      headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
      ...(body ? { body: JSON.stringify(body) } : {}),
    });
    const text = await res.text();
    if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${text.slice(0, 400)}`);
    return text ? JSON.parse(text) : undefined;
  };
}

const config = {
  maestro: {
    egress: { allow: ['127.0.0.1'] },
    demo: { enabled: true, aws: { enabled: false }, openstack: { enabled: false } },
  },
};

async function waitUntil(what, check, timeoutMs) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await check()) return true;
    await new Promise(r => setTimeout(r, 100));
  }
  console.log(`  (gave up waiting: ${what})`);
  return false;
}

async function benchRules() {
  const db = await freshDatabase('rules');
  const sink = await startSink();
  const backend = await startBackendProcess({ config, database: db.database });
  try {
    const api = await apiOf(backend.baseUrl);
    const servers = cpu =>
      Array.from({ length: CHANGES }, (_, i) => ({
        kind: 'Server',
        name: `bench-${i}`,
        owner: `group:default/bench-${i % RULES}`,
        spec: { hostname: `bench-${i}.bench`, cpu, environment: 'production' },
      }));
    await api('/records/import', 'POST', { records: servers(2) });
    for (let i = 0; i < RULES; i++) {
      await api('/rules', 'POST', {
        name: `bench rule ${i}`,
        events: ['changed'],
        conditions: { kinds: ['Server'], owners: [`group:default/bench-${i}`] },
        actions: [
          {
            type: 'webhook',
            webhook: {
              method: 'POST',
              url: `${sink.url}/rule-${i}`,
              bodyTemplate: '{"rule": {{ rule.name | json }}, "server": {{ event.record.name | json }}}',
            },
          },
        ],
      });
    }
    await new Promise(r => setTimeout(r, 2000));
    const rssBefore = rssMb(backend.pid);
    let rssMax = rssBefore;
    const sampler = setInterval(() => {
      rssMax = Math.max(rssMax, rssMb(backend.pid));
    }, 250);
    const started = Date.now();
    await api('/records/import', 'POST', { records: servers(4) });
    const committed = Date.now();
    // what the write itself cost (a 10,000-row import in one request and one transaction), before any delivery
    const rssAtCommit = Math.max(rssMax, rssMb(backend.pid));
    let rssAfterMax = rssMb(backend.pid);
    const afterSampler = setInterval(() => {
      rssAfterMax = Math.max(rssAfterMax, rssMb(backend.pid));
    }, 250);
    await waitUntil(`${CHANGES} deliveries`, () => sink.calls.length >= CHANGES, 15 * 60_000);
    await new Promise(r => setTimeout(r, 3000)); // late duplicates, if any, would arrive now
    clearInterval(sampler);
    clearInterval(afterSampler);
    const calls = sink.calls;
    const last = calls.length ? calls[calls.length - 1].at : NaN;
    const first = calls.length ? calls[0].at : NaN;
    const rate = calls.length / ((last - committed) / 1000);
    const distinct = new Set(calls.map(c => c.delivery)).size;
    console.log(`\n## Event rules: ${CHANGES.toLocaleString('en-US')} changes × ${RULES} rules (PostgreSQL)`);
    console.log(`re-crawl import (write) took ${((committed - started) / 1000).toFixed(1)} s`);
    console.log(
      `deliveries: ${calls.length} (${distinct} distinct ids, expected ${CHANGES} once each: ${verdict(
        calls.length === CHANGES && distinct === CHANGES,
      )})`,
    );
    console.log(`rate from commit to last delivery: ${rate.toFixed(0)}/s   limit ≥ 200/s   ${verdict(rate >= 200)}`);
    console.log(
      `first delivery ${((first - committed) / 1000).toFixed(2)} s after the commit   limit ≤ 2 s   ${verdict(
        first - committed <= 2000,
      )}`,
    );
    const growth = rssMax - rssBefore;
    console.log(
      `backend RSS ${rssBefore.toFixed(0)} MB before, ${rssMax.toFixed(0)} MB at most: growth ${growth.toFixed(
        0,
      )} MB   limit ≤ 150 MB   ${verdict(growth <= 150)}`,
    );
    const deliveryGrowth = rssAfterMax - rssAtCommit;
    console.log(
      `  of which the import until its commit: ${(rssAtCommit - rssBefore).toFixed(
        0,
      )} MB; matching and delivering after the commit: ${deliveryGrowth.toFixed(0)} MB more (${rssAtCommit.toFixed(
        0,
      )} → ${rssAfterMax.toFixed(0)} MB)`,
    );
  } finally {
    await backend.stop();
    sink.close();
    await db.drop();
  }
}

async function benchScheduler() {
  const db = await freshDatabase('sched');
  const sink = await startSink();
  const first = await startBackendProcess({ config, database: db.database });
  const second = await startBackendProcess({ config, database: db.database });
  try {
    const api = await apiOf(first.baseUrl);
    // every job is due at one minute, far enough ahead that creating them all (8 requests at a time) ends before it
    const due = Math.ceil((Date.now() + 150_000) / 60_000) * 60_000;
    const at = new Date(due);
    const expression = `${at.getUTCMinutes()} ${at.getUTCHours()} * * *`;
    const t0 = Date.now();
    let next = 0;
    const create = async () => {
      for (let i = next++; i < JOBS; i = next++) {
        await api('/jobs', 'POST', {
          name: `bench job ${i}`,
          type: 'webhook',
          schedule: { type: 'cron', expression, timeZone: 'UTC' },
          maxExecutions: 1,
          config: {
            webhook: { method: 'POST', url: `${sink.url}/job-${i}`, bodyTemplate: '{"job": {{ job.name | json }}}' },
          },
        });
      }
    };
    await Promise.all(Array.from({ length: 8 }, create));
    console.log(`\n## Scheduler: ${JOBS} jobs due in the same minute, two replicas on one PostgreSQL`);
    console.log(
      `created ${JOBS} jobs through the API in ${((Date.now() - t0) / 1000).toFixed(
        1,
      )} s; all due at ${at.toISOString()} (cron '${expression}' UTC)`,
    );
    if (Date.now() >= due) console.log('  (creation ended after the due minute: the figures below are not comparable)');
    await waitUntil(`${JOBS} calls`, () => sink.calls.length >= JOBS, due - Date.now() + 5 * 60_000);
    // a second minute passes: max executions 1 means no job may run again
    await new Promise(r => setTimeout(r, Math.max(0, due + 120_000 - Date.now())));
    const perJob = new Map();
    for (const c of sink.calls) perJob.set(c.path, (perJob.get(c.path) ?? 0) + 1);
    const once = [...perJob.values()].filter(n => n === 1).length;
    const twice = [...perJob.values()].filter(n => n > 1).length;
    const lastStart = Math.max(...sink.calls.map(c => c.at));
    const within = (lastStart - due) / 1000;
    console.log(
      `calls: ${sink.calls.length}; jobs called once ${once}, more than once ${twice}, never ${
        JOBS - perJob.size
      }   limit: each once   ${verdict(once === JOBS)}`,
    );
    console.log(`last call ${within.toFixed(1)} s after the due minute   limit ≤ 60 s   ${verdict(within <= 60)}`);
    // what the runs of the jobs the sink did not hear from say
    const { jobs } = await api('/jobs');
    const outcomes = new Map();
    for (const job of jobs.filter(j => j.name.startsWith('bench job ') && !perJob.has(`/job-${j.name.slice(10)}`))) {
      const what = `${job.lastRun?.status ?? 'no run'}: ${job.lastRun?.error ?? ''}`.slice(0, 200);
      outcomes.set(what, (outcomes.get(what) ?? 0) + 1);
    }
    for (const [what, n] of outcomes) console.log(`  not received, ${n} job(s): ${what}`);
  } finally {
    await Promise.all([first.stop(), second.stop()]);
    sink.close();
    await db.drop();
  }
}

if (PARTS.includes('rules')) await benchRules();
if (PARTS.includes('scheduler')) await benchScheduler();
