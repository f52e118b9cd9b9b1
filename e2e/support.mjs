// Shared set-up of the end-to-end tests in headless Chromium: the app built once (packages/app/dist), the real
// backend serving it on a free port (in-memory SQLite, demo inventory), Chromium, a guest sign-in and a few helpers.
// The e2e files run one after the other (`node --test --test-concurrency=1`): the first builds the app, the next ones
// find dist fresh (newer than every frontend source) and skip the build. MAESTRO_E2E_SKIP_BUILD=1 skips it whenever
// a dist exists.
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(join(root, 'package.json'));
const { startBackendProcess } = require('./scripts/backend-process.cjs');
const { chromiumMissing, launchChromium } = require('./scripts/chromium.cjs');

/** Where screenshots (and downloads) are kept. */
export const artifacts = join(root, 'e2e-artifacts');
/** Why the e2e tests are skipped (no Chromium), or false. */
export const skip = chromiumMissing();

/** The backend started by {@link setUpE2e} (`baseUrl`, `stop`), and the browser. Live bindings. */
export let backend;
export let browser;

/** The sources the built app is made of: a change in any of them makes packages/app/dist stale. */
const FRONTEND_SOURCES = [
  'packages/app/src',
  'packages/app/package.json',
  'plugins/maestro/src',
  'plugins/maestro-common/src',
];

/** The newest modification time under a file or folder (ms). */
function newestMtime(path) {
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  let newest = stat.mtimeMs;
  for (const entry of readdirSync(path)) newest = Math.max(newest, newestMtime(join(path, entry)));
  return newest;
}

/** True when packages/app/dist was built after the last change to any frontend source. */
export function distIsFresh() {
  const index = join(root, 'packages/app/dist/index.html');
  if (!existsSync(index)) return false;
  const built = statSync(index).mtimeMs;
  return FRONTEND_SOURCES.every(p => !existsSync(join(root, p)) || newestMtime(join(root, p)) < built);
}

/** Builds packages/app unless dist is fresh (or MAESTRO_E2E_SKIP_BUILD=1 and a dist exists). */
export function buildAppOnce() {
  const dist = join(root, 'packages/app/dist/index.html');
  if (process.env.MAESTRO_E2E_SKIP_BUILD === '1' && existsSync(dist)) return;
  if (distIsFresh()) {
    console.log('# packages/app/dist is newer than the frontend sources: not rebuilt');
    return;
  }
  const started = Date.now();
  const build = spawnSync('npx', ['backstage-cli', 'package', 'build'], {
    cwd: join(root, 'packages/app'),
    stdio: 'inherit',
  });
  assert.equal(build.status, 0, 'building packages/app failed');
  console.log(`# built packages/app in ${((Date.now() - started) / 1000).toFixed(0)} s`);
}

/**
 * Builds the app if needed, starts the backend with the demo inventory and Chromium, and waits until the demo
 * records are in the catalog. `options.backend`: more `backend.*` settings (e.g. `auth.externalAccess`).
 * `options.maestro`: more `maestro.*` configuration, merged over the e2e settings (e.g.
 * `{ graphs: { share: { frameAncestors: [...] } } }`); `options.config`: other top-level keys (e.g. `search`).
 * `options.root`: another portal to start, whose app is built already (the packed-install test's scratch copy);
 * default this repository.
 */
export async function setUpE2e(options = {}) {
  mkdirSync(artifacts, { recursive: true });
  if (!options.root) buildAppOnce();
  // the backend serves the built app (app-backend) on the same port as the API
  // the demo's own simulated AWS stays off here: the discovery test adds a connection to a simulator of its own
  // the simulated clouds the tests start listen on 127.0.0.1: allow-listed for discovery's egress
  backend = await startBackendProcess({
    root: options.root,
    config: {
      maestro: {
        demo: { enabled: true, aws: { enabled: false }, openstack: { enabled: false } },
        egress: { allow: ['127.0.0.1'] },
        ...options.maestro,
      },
      ...(options.backend ? { backend: options.backend } : {}),
      ...options.config,
    },
  });
  browser = await launchChromium();
  // the demo records reach the catalog a few seconds after start-up, and the first tests open catalog pages
  await catalogHasEntity('server', 'demo-web-01');
}

export async function tearDownE2e() {
  await browser?.close();
  await backend?.stop();
}

/** Headers for API calls beside the browser, as a guest. */
export async function guestHeaders() {
  const session = await (
    await fetch(`${backend.baseUrl}/api/auth/guest/refresh`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: '{}',
    })
  ).json();
  return { Authorization: `Bearer ${session.backstageIdentity.token}` };
}

/** Waits until the open catalog page shows `text`, reloading now and then: a new record reaches the catalog within seconds. */
export async function catalogPageShows(page, text) {
  for (let i = 0; i < 30 && !(await page.getByText(text).first().isVisible()); i++) {
    await page.waitForTimeout(1000);
    if (i % 5 === 4) await page.reload();
  }
  await page.getByText(text).first().waitFor({ timeout: 10_000 });
}

/** Waits until the catalog serves an entity with its relations (the provider and the catalog run after start-up). */
export async function catalogHasEntity(kind, name, timeoutMs = 90_000) {
  const deadline = Date.now() + timeoutMs;
  const headers = await guestHeaders();
  for (;;) {
    const res = await fetch(`${backend.baseUrl}/api/catalog/entities/by-name/${kind}/default/${name}`, { headers });
    if (res.ok && ((await res.json()).relations ?? []).length > 0) return;
    if (Date.now() > deadline)
      throw new Error(`${kind}:default/${name} not in the catalog after ${timeoutMs / 1000} s`);
    await new Promise(r => setTimeout(r, 500));
  }
}

/** Opens `path` and signs in as guest. */
export async function signIn(page, path = '/') {
  await page.goto(`${backend.baseUrl}${path}`);
  await page.getByRole('button', { name: /enter/i }).click({ timeout: 60_000 });
}

/**
 * Runs `body(page, shot)` with a new page of 1400 × 1000 (downloads accepted); `shot(name)` saves
 * `e2e-artifacts/<prefix>-<name>.png`. On failure it keeps a screenshot `<prefix>-failure-<failureName>.png`; the
 * page is closed either way.
 */
export async function withPage(prefix, failureName, body) {
  const page = await browser.newPage({ viewport: { width: 1400, height: 1000 }, acceptDownloads: true });
  const shot = name => page.screenshot({ path: join(artifacts, `${prefix}-${name}.png`), fullPage: true });
  try {
    await body(page, shot);
  } catch (error) {
    await shot(`failure-${failureName}`).catch(() => {});
    throw error;
  } finally {
    await page.close();
  }
}

/**
 * Starts the simulated clouds' command line (packages/cloud-simulator) on a free port; resolves the AWS endpoint and,
 * with `--openstack-port`, the OpenStack auth URL.
 */
export async function startSimulatorProcess(args) {
  const child = spawn(
    process.execPath,
    [
      '--require',
      require.resolve('@backstage/cli-node/config/nodeTransform.cjs'),
      'packages/cloud-simulator/src/cli.ts',
      '--port',
      '0',
      ...args,
    ],
    { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let output = '';
  const wantsOpenStack = args.includes('--openstack-port');
  const [endpoint, authUrl] = await new Promise((resolvePromise, reject) => {
    const timer = setTimeout(() => reject(new Error(`simulator did not start: ${output}`)), 60_000);
    const onData = data => {
      output += data;
      const aws = output.match(/Simulated AWS endpoint: (\S+)/);
      const openstack = output.match(/Simulated OpenStack cloud \(Keystone v3\): (\S+)/);
      if (aws && (openstack || !wantsOpenStack)) {
        clearTimeout(timer);
        resolvePromise([aws[1], openstack?.[1]]);
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.on('exit', code => reject(new Error(`simulator exited (${code}): ${output}`)));
  });
  return { endpoint, authUrl, stop: () => child.kill('SIGTERM') };
}

/** Waits until `check` returns a truthy value (polling every 500 ms). */
export async function eventually(what, check, timeoutMs) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`${what}: not within ${timeoutMs / 1000} s`);
    await new Promise(r => setTimeout(r, 500));
  }
}
