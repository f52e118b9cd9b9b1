// @ts-check
/**
 * Starts the real backend (packages/backend/src/index.ts, every plugin `./maestro start` runs) as its own Node
 * process for the smoke and end-to-end tests: a free port on 127.0.0.1, in-memory SQLite, the demo inventory,
 * development mode and app-config.development.yaml, as `./maestro start` (the guest sign-in provider only works there).
 */
const { spawn } = require('node:child_process');
const { mkdtempSync, writeFileSync } = require('node:fs');
const { createServer } = require('node:net');
const { tmpdir } = require('node:os');
const { join, resolve } = require('node:path');

const repoRoot = resolve(__dirname, '..');

/** @returns {Promise<number>} */
function freePort() {
  return new Promise((res, rej) => {
    const srv = createServer();
    srv.listen(0, '127.0.0.1', () => {
      const address = /** @type {import('node:net').AddressInfo} */ (srv.address());
      srv.close(() => res(address.port));
    });
    srv.on('error', rej);
  });
}

/**
 * @param {{ config?: object, database?: object, root?: string }} [options] extra configuration, merged over
 *   app-config.yaml, app-config.development.yaml and the test settings; `database` replaces the in-memory SQLite
 *   default; `root` is the portal to start (default this repository; the packed-install test starts a scratch copy)
 */
async function startBackendProcess(options = {}) {
  const root = options.root ?? repoRoot;
  const port = await freePort();
  const baseUrl = `http://127.0.0.1:${port}`;
  const configFile = join(mkdtempSync(join(tmpdir(), 'maestro-test-')), 'app-config.test.yaml');
  // `config.backend` adds to the test's backend settings (e.g. backend.auth.externalAccess) instead of replacing them
  const { backend: extraBackend, ...config } = /** @type {Record<string, any>} */ (options.config ?? {});
  writeFileSync(
    configFile,
    JSON.stringify({
      app: { baseUrl },
      backend: {
        ...extraBackend,
        baseUrl,
        listen: { port, host: '127.0.0.1' },
        cors: { origin: baseUrl },
        database: options.database ?? { client: 'better-sqlite3', connection: ':memory:' },
      },
      maestro: { demo: { enabled: true } },
      ...config,
    }),
  );
  const child = spawn(
    process.execPath,
    [
      // extra Node flags for the backend, e.g. MAESTRO_BACKEND_NODE_ARGS="--cpu-prof --cpu-prof-dir=/tmp/prof"
      ...(process.env.MAESTRO_BACKEND_NODE_ARGS ?? '').split(' ').filter(Boolean),
      '--enable-source-maps',
      '--require',
      require.resolve('@backstage/cli-node/config/nodeTransform.cjs', {
        paths: [join(root, 'packages/backend')],
      }),
      'src/index.ts',
      '--config',
      join(root, 'app-config.yaml'),
      '--config',
      join(root, 'app-config.development.yaml'),
      '--config',
      configFile,
    ],
    {
      cwd: join(root, 'packages/backend'),
      env: { ...process.env, NODE_ENV: 'development', LOG_LEVEL: 'warn' },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let output = '';
  child.stdout?.on('data', d => (output += d));
  child.stderr?.on('data', d => (output += d));

  /**
   * Polls `check` until it returns a truthy value; fails early with the backend's output if it exits.
   * @template T
   * @param {string} what
   * @param {() => Promise<T>} check
   * @param {number} timeoutMs
   * @returns {Promise<T>}
   */
  async function waitFor(what, check, timeoutMs) {
    const deadline = Date.now() + timeoutMs;
    let last;
    while (Date.now() < deadline) {
      if (child.exitCode !== null) throw new Error(`backend exited with ${child.exitCode}:\n${output}`);
      try {
        const value = await check();
        if (value) return value;
      } catch (error) {
        last = error;
      }
      await new Promise(r => setTimeout(r, 500));
    }
    throw new Error(`${what} did not happen within ${timeoutMs} ms (${last ?? 'no answer'})`);
  }

  async function stop() {
    // a child killed by a signal (SIGKILL in a test) has exited with no exit code
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM');
      await new Promise(r => child.once('exit', r));
    }
  }

  try {
    await waitFor('GET /api/maestro/health', async () => (await fetch(`${baseUrl}/api/maestro/health`)).ok, 120_000);
  } catch (error) {
    await stop(); // a backend that never became healthy is not left running
    throw error;
  }
  return { baseUrl, pid: child.pid, waitFor, stop, kill: signal => child.kill(signal), output: () => output };
}

module.exports = { startBackendProcess };
