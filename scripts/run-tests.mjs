#!/usr/bin/env node
// The whole test suite (`npm test`): every package's Jest tests through the Backstage CLI, once, not in watch mode.
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

const env = { ...process.env, BACKSTAGE_TEST_DISABLE_DOCKER: '1' };
if (await reachable(pgUrl)) {
  env[PG_VAR] = pgUrl;
  console.log(`run-tests: PostgreSQL at ${new URL(pgUrl).host}: store tests run on POSTGRES_15 and SQLITE_3`);
} else {
  delete env[PG_VAR];
  console.log(`run-tests: no PostgreSQL at ${new URL(pgUrl).host}: POSTGRES_15 cases are reported as skipped`);
}

const args = ['repo', 'test', '--watchAll=false', ...process.argv.slice(2)];
const child = spawn('backstage-cli', args, { stdio: 'inherit', env, shell: process.platform === 'win32' });
child.on('exit', (code, signal) => process.exit(signal ? 1 : code ?? 1));
