// What the benchmarks in headless Chromium share (bench:ui, bench:reports-ui): the repository's root, the real
// backend's process, Chromium, a guest's token, a guest's sign-in in the page, screenshots when asked.
import { existsSync, mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(join(root, 'package.json'));
export const { startBackendProcess } = require('./scripts/backend-process.cjs');
export const { chromiumMissing, launchChromium } = require('./scripts/chromium.cjs');

/** A guest's Backstage token, for API calls beside the browser. */
export async function guestToken(baseUrl) {
  const res = await fetch(`${baseUrl}/api/auth/guest/refresh`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: '{}',
  });
  if (!res.ok) throw new Error(`guest sign-in failed: ${res.status} ${await res.text()}`);
  const body = await res.json();
  const token = body.backstageIdentity?.token;
  if (!token) throw new Error(`guest sign-in answered no token: ${JSON.stringify(body).slice(0, 200)}`);
  return token;
}

/** Signs the page in as the guest (the session is then restored on each load) and waits for the sidebar. */
export async function signInAsGuest(page, baseUrl) {
  await page.goto(baseUrl);
  await page.getByRole('button', { name: 'Enter', exact: true }).click({ timeout: 60_000 });
  await page.getByRole('link', { name: 'Maestro' }).first().waitFor({ timeout: 60_000 });
}

/** A function saving a screenshot of the page as `<dir>/<name>.png`, or doing nothing without a directory. */
export function screenshotsOf(page, dir) {
  return async name => {
    if (!dir) return;
    mkdirSync(dir, { recursive: true });
    await page.screenshot({ path: join(dir, `${name}.png`) });
  };
}

/** Prints a figure (ms) beside its target; `target` undefined = informational. */
export function report(name, ms, target, note = '') {
  const verdict = target === undefined ? '' : ms <= target ? '  ok' : '  OVER TARGET';
  console.log(
    `  ${name.padEnd(66)} ${ms.toFixed(0).padStart(7)} ms${
      target === undefined ? '' : `   (target ≤ ${target} ms)`
    }${verdict}${note ? `  ${note}` : ''}`,
  );
}

/**
 * Chromium checked, packages/app built (or its dist reused with BENCH_SKIP_BUILD=1), then the real backend started
 * with the demo inventory (no cloud discovery) and the Maestro catalog provider on `catalogSchedule`.
 */
export async function startUiBench(catalogSchedule) {
  if (chromiumMissing()) throw new Error(chromiumMissing());
  const { buildAppOnce } = await import('../e2e/support.mjs');
  if (process.env.BENCH_SKIP_BUILD === '1' && existsSync(join(root, 'packages/app/dist/index.html'))) {
    console.log('# reusing packages/app/dist (BENCH_SKIP_BUILD=1)');
  } else buildAppOnce();
  return startBackendProcess({
    config: {
      maestro: {
        demo: { enabled: true, aws: { enabled: false }, openstack: { enabled: false } },
        catalog: { schedule: catalogSchedule },
      },
    },
  });
}

/** A page of `browser` signed in as the guest (1400 × 900), and its screenshot function. */
export async function guestPage(browser, baseUrl, screenshotsDir) {
  const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
  await signInAsGuest(page, baseUrl);
  return { page, shot: screenshotsOf(page, screenshotsDir) };
}
