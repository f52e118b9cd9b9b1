// UI benchmark of the Reports tab: a single report whose result has 100,000+ rows, in headless Chromium against the
// real backend (packages/backend, in-memory SQLite, demo data) serving the built app (packages/app/dist).
// The target: the table's first row within 2 s. The table only ever loads one page (offset/limit).
//
//   ./maestro npm run bench:reports-ui                       builds packages/app first (unless dist is fresh)
//   BENCH_SKIP_BUILD=1 ./maestro npm run bench:reports-ui    reuses packages/app/dist when it exists
//
// Options (environment): BENCH_RECORDS (default 100000), BENCH_SCREENSHOTS=<dir>, CHROMIUM_PATH.
// It prints figures next to their targets and asserts nothing.
import { guestPage, guestToken, launchChromium, report, startUiBench } from './uiBenchSupport.mjs';

const RECORDS = Number(process.env.BENCH_RECORDS || 100_000);
const BATCH = 50_000;
const SCREENSHOTS = process.env.BENCH_SCREENSHOTS;
const ROW = '[data-testid="report-row"]';

const median = values => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

/** Imports the servers through the import API, in batches of 50,000. */
async function importServers(baseUrl, token) {
  const started = Date.now();
  for (let from = 0; from < RECORDS; from += BATCH) {
    const records = [];
    for (let i = from; i < Math.min(RECORDS, from + BATCH); i++) {
      records.push({
        kind: 'Server',
        name: `rui-${String(i).padStart(6, '0')}`,
        owner: 'group:default/maestro-admins',
        spec: {
          hostname: `rui-${i}.bench`,
          ipv4Private: `10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}`,
          environment: ['production', 'staging', 'development'][i % 3],
          cpu: 2 + (i % 8),
        },
      });
    }
    const res = await fetch(`${baseUrl}/api/maestro/records/import`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${token}` },
      body: JSON.stringify({ records, reason: 'reports ui benchmark' }),
    });
    if (!res.ok) throw new Error(`import failed: ${res.status} ${(await res.text()).slice(0, 500)}`);
  }
  console.log(`# imported ${RECORDS} servers in ${((Date.now() - started) / 1000).toFixed(1)} s`);
}

async function createReport(baseUrl, token) {
  const res = await fetch(`${baseUrl}/api/maestro/reports`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${token}` },
    body: JSON.stringify({
      name: 'Every server',
      type: 'single',
      kind: 'Server',
      filters: [{ field: 'spec.cpu', op: 'gte', value: 1 }],
      columns: ['name', 'owner', 'spec.hostname', 'spec.environment', 'spec.cpu'],
    }),
  });
  if (!res.ok) throw new Error(`report: ${res.status} ${await res.text()}`);
  return (await res.json()).id;
}

/**
 * A write to the store (one more server): it moves the store's change feed, so the next run of the report is a whole
 * run again, not an answer from the result the backend keeps for two minutes.
 */
let bumps = 0;
async function changeStore(baseUrl, token) {
  bumps += 1;
  const res = await fetch(`${baseUrl}/api/maestro/records`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
    body: JSON.stringify({
      kind: 'Server',
      name: `bench-change-${bumps}`,
      owner: 'group:default/bench',
      spec: { hostname: `bench-change-${bumps}`, environment: 'production' },
    }),
  });
  if (!res.ok) throw new Error(`creating a server: ${res.status} ${await res.text()}`);
}

/** The backend's share: GET /reports/:id/results from Node, a whole run (after a store change) and then kept. */
async function apiTimings(baseUrl, token, id) {
  console.log('\nBackend, GET /api/maestro/reports/:id/results from Node (a whole run, then the kept result):');
  const get = async (name, query) => {
    const timed = async () => {
      const started = performance.now();
      const body = await (
        await fetch(`${baseUrl}/api/maestro/reports/${id}/results?${query}`, {
          headers: { Authorization: `Bearer ${token}` },
        })
      ).json();
      return { ms: performance.now() - started, body };
    };
    await changeStore(baseUrl, token);
    const whole = await timed();
    const kept = [await timed(), await timed(), await timed()];
    report(
      `API ${name}, whole run`,
      whole.ms,
      undefined,
      `(totalCount ${whole.body.totalCount}, cached ${whole.body.cached})`,
    );
    report(
      `API ${name}, kept result (median of 3)`,
      median(kept.map(k => k.ms)),
      undefined,
      `(cached ${kept[1].body.cached})`,
    );
  };
  await get('first page (50)', 'offset=0&limit=50');
  await get('page 1,000 (50)', 'offset=50000&limit=50');
  await get('first page sorted by -name (50)', 'offset=0&limit=50&sort=-name');
}

/**
 * Ms from the page's navigation start until a table row shows, read in the page; with when the results request
 * was sent and answered (Resource Timing), to tell the backend's share from the page's.
 */
async function firstRowInPage(page) {
  const handle = await page.waitForFunction(
    sel => {
      if (!document.querySelector(sel)) return false;
      const request = performance
        .getEntriesByType('resource')
        .filter(e => e.name.includes('/results?'))
        .pop();
      return { ms: performance.now(), sent: request?.startTime ?? NaN, answered: request?.responseEnd ?? NaN };
    },
    ROW,
    { polling: 'raf', timeout: 120_000 },
  );
  return handle.jsonValue();
}

const split = t =>
  `(results request sent at ${t.sent.toFixed(0)} ms, answered at ${t.answered.toFixed(0)} ms: API ${(
    t.answered - t.sent
  ).toFixed(0)} ms, the rest in the page)`;

/** Ms from a click until the first row's first cell is not `before` any more. */
async function afterClick(page, click, before) {
  const started = performance.now();
  await click();
  await page.waitForFunction(
    ([sel, old]) => {
      const cell = document.querySelector(`${sel} td`);
      return cell && cell.textContent !== old;
    },
    [ROW, before],
    { polling: 'raf', timeout: 120_000 },
  );
  return performance.now() - started;
}

async function main() {
  // the catalog projection is deferred: the figures measure the Reports page and API, not catalog ingestion
  const backend = await startUiBench({
    frequency: { hours: 24 },
    timeout: { minutes: 10 },
    initialDelay: { hours: 24 },
  });
  let browser;
  try {
    const token = await guestToken(backend.baseUrl);
    await importServers(backend.baseUrl, token);
    const id = await createReport(backend.baseUrl, token);
    await apiTimings(backend.baseUrl, token, id);

    browser = await launchChromium();
    const { page, shot } = await guestPage(browser, backend.baseUrl, SCREENSHOTS);
    const url = `${backend.baseUrl}/maestro/reports/${encodeURIComponent(id)}`;

    console.log(`\nIn Chromium, the report's table (${RECORDS.toLocaleString('en-US')}+ rows):`);
    // the first visit runs the report whole (the store changed since the API timings); the reloads within two
    // minutes answer from the result the backend keeps
    await changeStore(backend.baseUrl, token);
    await page.goto(url);
    const cold = await firstRowInPage(page);
    report('first visit: navigation → first table row', cold.ms, 2000, `(cold caches: whole run) ${split(cold)}`);
    const loads = [];
    for (let i = 0; i < 3; i++) {
      await page.goto(url);
      loads.push(await firstRowInPage(page));
    }
    loads.sort((x, y) => x.ms - y.ms);
    report(
      'reload: navigation → first table row, median of 3',
      loads[1].ms,
      2000,
      `(${loads.map(t => t.ms.toFixed(0)).join(', ')} ms) ${split(loads[1])}`,
    );
    const total = await page.getByTestId('report-total').textContent();
    console.log(`    ${total}; rows in the DOM: ${await page.locator(ROW).count()}`);
    await shot('reports-ui-table');

    const first = () => page.locator(`${ROW} td`).first().textContent();
    report(
      'next page → its first row',
      await afterClick(page, () => page.getByRole('button', { name: /next page/i }).click(), await first()),
      1000,
    );
    report(
      'sort by name (a header click) → first row',
      await afterClick(page, () => page.getByRole('button', { name: 'name', exact: true }).click(), await first()),
      2000,
      '(the server sorts the whole result)',
    );
    const started = performance.now();
    await page.getByRole('button', { name: /rows per page/i }).click();
    await page.getByRole('option', { name: '500' }).click();
    await page.waitForFunction(sel => document.querySelectorAll(sel).length === 500, ROW, { timeout: 120_000 });
    report('page size 500 → 500 rows drawn', performance.now() - started, 2000);
    await shot('reports-ui-500');
  } finally {
    await browser?.close();
    await backend.stop();
  }
}

main().catch(error => {
  console.error(error);
  process.exit(1);
});
