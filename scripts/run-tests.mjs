#!/usr/bin/env node
// The whole test suite (`npm test`, `./maestro test`):
//   1. every package's Jest tests through the Backstage CLI, once (not in watch mode);
//   2. the end-to-end test in headless Chromium (e2e/), unless arguments select a subset of Jest tests or
//      MAESTRO_SKIP_E2E=1.
// It ends with one line adding both up: "Total: N passed, N failed, N skipped".
//
// Store tests run on SQLite and on PostgreSQL 15 through Backstage's TestDatabases. PostgreSQL is used when it
// answers on BACKSTAGE_TEST_DATABASE_POSTGRES15_CONNECTION_STRING (default postgresql://postgres@127.0.0.1:5432);
// when it does not, its cases are reported as skipped. Docker is never used.
import { spawn } from 'node:child_process';
import { createConnection } from 'node:net';

const PG_VAR = 'BACKSTAGE_TEST_DATABASE_POSTGRES15_CONNECTION_STRING';
const pgUrl = process.env[PG_VAR] || 'postgresql://postgres@127.0.0.1:5432';

function reachable(url) {
  const { hostname, port } = new URL(url);
  return new Promise(resolve => {
    const socket = createConnection({ host: hostname, port: Number(port || 5432) });
    const done = ok => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(2000, () => done(false));
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
  });
}

/** Runs a command, mirrors its output, and returns its exit code and everything it printed. */
function run(command, args, env) {
  return new Promise(resolve => {
    const child = spawn(command, args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let text = '';
    child.stdout.on('data', d => {
      process.stdout.write(d);
      text += d;
    });
    child.stderr.on('data', d => {
      process.stderr.write(d);
      text += d;
    });
    child.on('exit', (code, signal) => resolve({ code: signal ? 1 : code ?? 1, text }));
  });
}

const count = (text, re) => Number(text.match(re)?.[1] ?? 0);

const env = { ...process.env, BACKSTAGE_TEST_DISABLE_DOCKER: '1' };
if (await reachable(pgUrl)) {
  env[PG_VAR] = pgUrl;
  console.log(`run-tests: PostgreSQL at ${new URL(pgUrl).host}: store tests run on POSTGRES_15 and SQLITE_3`);
} else {
  delete env[PG_VAR];
  console.log(`run-tests: no PostgreSQL at ${new URL(pgUrl).host}: POSTGRES_15 cases are reported as skipped`);
}

const jestArgs = process.argv.slice(2);
const jest = await run('backstage-cli', ['repo', 'test', '--watchAll=false', ...jestArgs], env);
// Jest colours its summary when it thinks it writes to a terminal: match on the text without the colour codes
// eslint-disable-next-line no-control-regex
const jestSummary = jest.text.replace(/\x1b\[[0-9;]*m/g, '').match(/^Tests:.*$/m)?.[0] ?? '';
const totals = {
  passed: count(jestSummary, /(\d+) passed/),
  failed: count(jestSummary, /(\d+) failed/) + (jest.code !== 0 && !/failed/.test(jestSummary) ? 1 : 0),
  skipped: count(jestSummary, /(\d+) skipped/),
};

let e2eCode = 0;
if (jestArgs.length === 0 && process.env.MAESTRO_SKIP_E2E !== '1') {
  console.log('\nrun-tests: end-to-end tests in headless Chromium (e2e/)');
  const { readdirSync } = await import('node:fs');
  const files = readdirSync('e2e')
    .filter(f => f.endsWith('.e2e.test.mjs'))
    .map(f => `e2e/${f}`);
  // one file at a time: they share one build of packages/app (the first builds it, the next find it fresh)
  const e2e = await run(process.execPath, ['--test', '--test-concurrency=1', ...files], env);
  e2eCode = e2e.code;
  totals.passed += count(e2e.text, /^# pass (\d+)/m);
  totals.failed += count(e2e.text, /^# fail (\d+)/m) + count(e2e.text, /^# cancelled (\d+)/m);
  totals.skipped += count(e2e.text, /^# skipped (\d+)/m);
  if (e2e.code !== 0 && !/^# fail [1-9]/m.test(e2e.text)) totals.failed += 1;
}

console.log(`\nTotal: ${totals.passed} passed, ${totals.failed} failed, ${totals.skipped} skipped`);
process.exit(jest.code !== 0 || e2eCode !== 0 ? 1 : 0);
