// End-to-end test of the Reports tab in headless Chromium, against the real backend serving the built app (see
// support.mjs): a person creates a single report over servers with two typed filters, sees its table, sorts and
// pages it, opens Charts and Info, runs it as of last month, compares two dates, exports it as CSV through the UI
// (and the file is parsed), and creates a pivot report Datacenter → Server. A second test: the Overview's inventory
// charts, a report's Trend tab, and a background CSV run followed to succeeded in the Runs tab, its file downloaded
// through the UI and parsed. Screenshots in e2e-artifacts/.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { artifacts, backend, browser, guestHeaders, root, setUpE2e, signIn, skip, tearDownE2e } from './support.mjs';

const require = createRequire(join(root, 'package.json'));
const { parse } = require('csv-parse/sync');

const SERVERS = 120;
/** The imported servers the report's filters keep: production (2 in 3) with 4 CPUs or more. */
const MATCHING_NAMES = Array.from({ length: SERVERS }, (_, i) => i)
  .filter(i => i % 3 !== 0 && 2 + (i % 8) >= 4)
  .map(i => `rep-${String(i).padStart(3, '0')}`);
const MATCHING = MATCHING_NAMES.length;

let beforeImport;

before(async () => {
  if (skip) return;
  await setUpE2e();
  beforeImport = new Date(Date.now() - 60_000);
  const records = Array.from({ length: SERVERS }, (_, i) => ({
    kind: 'Server',
    name: `rep-${String(i).padStart(3, '0')}`,
    owner: 'group:default/maestro-admins',
    spec: {
      hostname: `rep-${i}.e2e`,
      ipv4Private: `10.77.${i >> 8}.${i & 255}`,
      environment: i % 3 ? 'production' : 'staging',
      cpu: 2 + (i % 8),
    },
  }));
  const res = await fetch(`${backend.baseUrl}/api/maestro/records/import`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', ...(await guestHeaders()) },
    body: JSON.stringify({ records, reason: 'reports e2e' }),
  });
  assert.equal(res.status < 300, true, `import: ${res.status} ${await res.text()}`);
});

after(tearDownE2e);

/** A `datetime-local` value (the browser's local time, as Node's) of a time. */
function localInput(time) {
  const pad = n => String(n).padStart(2, '0');
  return `${time.getFullYear()}-${pad(time.getMonth() + 1)}-${pad(time.getDate())}T${pad(time.getHours())}:${pad(
    time.getMinutes(),
  )}`;
}

/** The first cell of the table's first row. */
const firstName = page => page.getByTestId('report-row').first().locator('td').first().textContent();

test(
  'a person creates a single and a pivot report, pages, sorts, charts, runs as of last month, compares and exports',
  { skip, timeout: 600_000 },
  async () => {
    const page = await browser.newPage({ viewport: { width: 1400, height: 1000 }, acceptDownloads: true });
    const shot = name => page.screenshot({ path: join(artifacts, `${name}.png`), fullPage: true });
    try {
      await signIn(page, '/maestro');
      await page.getByRole('tab', { name: 'Reports' }).click({ timeout: 60_000 });
      await page.waitForURL(/\/maestro\/reports$/);
      await page.getByRole('button', { name: 'New report' }).click();

      // the form: a single report over servers, production with 4 CPUs or more
      await page.getByLabel(/^Name/).fill('E2E production servers');
      await page.getByLabel('Description').fill('servers with 4 CPUs or more in production');
      assert.equal(await page.getByLabel('Kind').inputValue(), 'Server');
      await page.getByRole('button', { name: 'Add filter' }).click();
      let row = page.getByTestId('report-filter-row').nth(0);
      await row.getByLabel('Field').selectOption('spec.environment');
      await row.getByLabel('Operator').selectOption('eq');
      await row.getByLabel('Value').fill('production');
      await page.getByRole('button', { name: 'Add filter' }).click();
      row = page.getByTestId('report-filter-row').nth(1);
      await row.getByLabel('Field').selectOption('spec.cpu');
      const operators = await row
        .getByLabel('Operator')
        .locator('option')
        .evaluateAll(o => o.map(x => x.value));
      assert.deepEqual(operators, ['eq', 'ne', 'gt', 'gte', 'lt', 'lte', 'between', 'exists', 'missing']);
      await row.getByLabel('Operator').selectOption('gte');
      await row.getByLabel('Value').fill('4');
      await page.getByLabel(/^Columns/).selectOption(['name', 'spec.cpu', 'spec.environment', 'spec.hostname']);
      await shot('30-report-form');

      // a bad filter: the backend's 400 names it beside the form, and nothing is saved
      await page.getByRole('button', { name: 'Add filter' }).click();
      row = page.getByTestId('report-filter-row').nth(2);
      await row.getByLabel('Field').selectOption('createdAt');
      await row.getByLabel('Operator').selectOption('last');
      await row.getByLabel('Duration').fill('soon');
      await page.getByRole('button', { name: 'Save and run' }).click();
      const refusal = page.getByTestId('report-form-error');
      await refusal.getByText(/filters\[2\]\.value/).waitFor({ timeout: 30_000 });
      await shot('30b-report-form-400');
      assert.match(page.url(), /\/maestro\/reports\/new$/);
      await row.getByRole('button', { name: 'Remove filter' }).click();
      await page.getByRole('button', { name: 'Save and run' }).click();

      // the table: a page of 50 of the matching servers
      await page.waitForURL(/\/maestro\/reports\/[^/]+$/);
      const total = page.getByTestId('report-total');
      await total.getByText(`${MATCHING} rows`).waitFor({ timeout: 60_000 });
      assert.equal(await page.getByTestId('report-row').count(), 50);
      // sort by name, descending: the last name first
      await page.getByRole('button', { name: 'name', exact: true }).click();
      const firstIs = name =>
        page.waitForFunction(n => document.querySelector('[data-testid="report-row"] td')?.textContent === n, name);
      await firstIs(MATCHING_NAMES[0]);
      await page.getByRole('button', { name: 'name', exact: true }).click();
      await firstIs(MATCHING_NAMES[MATCHING - 1]);
      // the second page: the rest
      await page.getByRole('button', { name: /next page/i }).click();
      await page.waitForFunction(
        n => document.querySelectorAll('[data-testid="report-row"]').length === n,
        MATCHING - 50,
      );
      // descending: the 51st name from the end first
      assert.equal(await firstName(page), MATCHING_NAMES[MATCHING - 51]);
      await page.getByText(`51-${MATCHING} of ${MATCHING}`).waitFor();
      await shot('31-report-table');
      // a column filter: names containing "rep-11"
      await page.getByLabel('Filter name').fill('rep-11');
      await page.waitForFunction(() =>
        [...document.querySelectorAll('[data-testid="report-row"] td:first-child')].every(td =>
          td.textContent.includes('rep-11'),
        ),
      );
      await page.getByLabel('Filter name').fill('');
      await total.getByText(`${MATCHING} rows`).waitFor({ timeout: 30_000 });

      // charts over the whole result
      await page.getByRole('tab', { name: 'Charts' }).click();
      await page.locator('[data-testid^="chart-"] svg.recharts-surface').first().waitFor({ timeout: 60_000 });
      const charts = await page.locator('[data-testid^="chart-"]').count();
      assert.ok(charts >= 1, 'at least one chart');
      await page.waitForTimeout(500);
      await shot('32-report-charts');

      // info: the definition as sent and the last run
      await page.getByRole('tab', { name: 'Info' }).click();
      await page.getByText('spec.cpu gte 4').waitFor();
      // the signed-in guest ran it
      await page
        .getByText(/^user:[a-z]+\/guest$/)
        .first()
        .waitFor();
      await shot('33-report-info');

      // as of last month: the demo inventory and the imported servers did not exist yet
      await page.getByRole('tab', { name: 'Table' }).click();
      await page.getByLabel('As of (empty: now)').fill(localInput(new Date(Date.now() - 30 * 86_400_000)));
      await total.getByText(/^0 rows as of/).waitFor({ timeout: 60_000 });
      await shot('34-report-as-of-last-month');
      await page.getByLabel('As of (empty: now)').fill('');
      await total.getByText(`${MATCHING} rows`).waitFor({ timeout: 60_000 });

      // compare: before the import against now, every row is added
      await page.getByRole('tab', { name: 'Compare' }).click();
      await page.getByLabel('From').fill(localInput(beforeImport));
      await page.getByRole('button', { name: 'Compare', exact: true }).click();
      const counts = page.getByTestId('compare-counts');
      await counts.waitFor({ timeout: 60_000 });
      assert.match(await counts.textContent(), new RegExp(`0 rows before, ${MATCHING} after: ${MATCHING} added`));
      await shot('35-report-compare');

      // the CSV export, downloaded through the UI and parsed
      await page.getByRole('button', { name: 'Export' }).click();
      const [download] = await Promise.all([
        page.waitForEvent('download'),
        page.getByRole('menuitem', { name: 'CSV' }).click(),
      ]);
      const file = join(artifacts, 'report-export.csv');
      await download.saveAs(file);
      assert.match(download.suggestedFilename(), /\.csv$/);
      const csv = parse(readFileSync(file, 'utf8'), { columns: true });
      assert.equal(csv.length, MATCHING);
      assert.ok(csv.every(r => r['spec.environment'] === 'production' && Number(r['spec.cpu']) >= 4));

      // a pivot: Datacenter → Server (the demo's servers are in its datacenter)
      await page.getByRole('tab', { name: 'Reports' }).click();
      await page.getByRole('link', { name: 'E2E production servers' }).waitFor();
      await page.getByRole('button', { name: 'New report' }).click();
      await page.getByLabel(/^Name/).fill('E2E servers per datacenter');
      await page.getByLabel('Type').selectOption('pivot');
      await page.getByLabel('Hop 1 kind').selectOption('Datacenter');
      await page.getByLabel('Hop 2 kind').selectOption('Server');
      await page
        .getByTestId('report-hop-2')
        .getByLabel(/^Columns/)
        .selectOption(['name', 'spec.environment']);
      await shot('36-pivot-form');
      await page.getByRole('button', { name: 'Save and run' }).click();
      await page.getByTestId('report-total').getByText('3 rows').waitFor({ timeout: 60_000 });
      await page.getByRole('cell', { name: 'demo-web-01', exact: true }).waitFor();
      await page.getByRole('cell', { name: 'demo-aws-eu-west-1', exact: true }).first().waitFor();
      await shot('37-pivot-table');
      // a pivot has no trend: the tab says so and cannot be opened
      assert.ok(await page.getByRole('tab', { name: 'Trend (not for pivots)' }).isDisabled());

      // both reports are listed
      await page.getByRole('tab', { name: 'Reports' }).click();
      await page.getByText('Datacenter → Server').waitFor();
      await shot('38-reports-list');
    } catch (error) {
      await shot('failure-reports').catch(() => {});
      throw error;
    } finally {
      await page.close();
    }
  },
);

test(
  "the overview draws the inventory's charts; a report shows its trend and runs in the background to a file",
  { skip, timeout: 600_000 },
  async () => {
    const page = await browser.newPage({ viewport: { width: 1400, height: 1000 }, acceptDownloads: true });
    const shot = name => page.screenshot({ path: join(artifacts, `${name}.png`), fullPage: true });
    try {
      // the overview: the totals at once, the charts of the demo inventory below
      await signIn(page, '/maestro');
      const charts = page.getByTestId('maestro-overview-charts');
      await charts.getByTestId('overview-chart-servers-per-environment').waitFor({ timeout: 60_000 });
      await charts.locator('svg.recharts-surface').first().waitFor({ timeout: 30_000 });
      assert.ok((await charts.locator('[data-testid^="overview-chart-"]').count()) >= 3, 'several overview charts');
      await charts.getByText('Servers per environment').waitFor();
      const drawnAt = await charts.getByTestId('overview-charts-drawn-at').textContent();
      assert.match(drawnAt, /^drawn at .+ \(\d+ ms\)$/);
      const overviewCalls = [];
      page.on('request', r => {
        if (r.url().includes('/api/maestro/overview/charts')) overviewCalls.push(r.url());
      });
      await charts.getByRole('button', { name: 'Refresh' }).click();
      await page.waitForFunction(
        () =>
          document.querySelector('[data-testid="overview-charts-drawn-at"]') !== null &&
          !document.querySelector('[data-testid="maestro-overview-charts"] [role="progressbar"]'),
      );
      assert.ok(
        overviewCalls.some(u => u.endsWith('refresh=true')),
        'Refresh asks for refresh=true',
      );
      await page.waitForTimeout(500);
      await shot('40-overview-charts');
      // the page scrolls inside Backstage's content (a full-page shot stops at the window): a tall window shows all
      await page.setViewportSize({ width: 1400, height: 3400 });
      await page.waitForTimeout(500);
      await shot('40b-overview-charts-grid');
      await page.setViewportSize({ width: 1400, height: 1000 });

      // a report of production servers, saved through the API
      const res = await fetch(`${backend.baseUrl}/api/maestro/reports`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', ...(await guestHeaders()) },
        body: JSON.stringify({
          name: 'E2E background servers',
          type: 'single',
          kind: 'Server',
          filters: [{ field: 'spec.environment', op: 'eq', value: 'production' }],
          columns: ['name', 'spec.cpu', 'spec.environment'],
        }),
      });
      assert.equal(res.status, 201, `create report: ${res.status}`);
      const report = await res.json();
      const production = (
        await (
          await fetch(`${backend.baseUrl}/api/maestro/reports/${report.id}/results?limit=1`, {
            headers: await guestHeaders(),
          })
        ).json()
      ).totalCount;
      assert.ok(production >= 80, `production servers: ${production}`);

      // the Trend tab: 4 weeks, then per environment
      await page.goto(`${backend.baseUrl}/maestro/reports/${report.id}`);
      await page.getByRole('tab', { name: 'Trend' }).click({ timeout: 60_000 });
      const trend = page.getByTestId('report-trend-chart');
      await trend.waitFor({ timeout: 60_000 });
      assert.equal(await trend.getAttribute('data-points'), '12');
      await page.getByLabel('Weeks').click();
      await page.getByRole('option', { name: '4', exact: true }).click();
      await page.waitForFunction(
        () => document.querySelector('[data-testid="report-trend-chart"]')?.getAttribute('data-points') === '4',
      );
      await page.getByLabel('Group by').click();
      await page.getByRole('option', { name: 'spec.environment' }).click();
      await page.getByText('Rows per week by spec.environment').waitFor({ timeout: 60_000 });
      await trend.locator('.recharts-line-curve').nth(1).waitFor({ timeout: 30_000 });
      // the last point (now) counts every production server
      await trend.locator('.recharts-line-dots').first().waitFor();
      await page.mouse.move(0, 0);
      await page.waitForTimeout(500);
      await shot('41-report-trend');

      // a background CSV run: queued, then succeeded in the Runs tab, and its file downloaded through the UI
      await page.getByRole('button', { name: 'Run in background…' }).click();
      const dialog = page.getByRole('dialog');
      await dialog.getByText('As of: now').waitFor();
      await shot('42-run-in-background');
      await dialog.getByRole('button', { name: 'Start' }).click();
      await page.waitForURL(/\?run=/);
      const runId = new URL(page.url()).searchParams.get('run');
      const runRow = page.getByTestId(`report-run-${runId}`);
      await runRow.waitFor({ timeout: 30_000 });
      assert.equal(await runRow.getAttribute('data-highlighted'), 'true');
      await page.waitForFunction(
        id => document.querySelector(`[data-testid="report-run-${id}"]`)?.getAttribute('data-status') === 'succeeded',
        runId,
        { timeout: 120_000 },
      );
      assert.match(await runRow.textContent(), new RegExp(production.toLocaleString('en-US')));
      await shot('43-report-runs');
      const [download] = await Promise.all([
        page.waitForEvent('download'),
        runRow.getByRole('button', { name: 'Download' }).click(),
      ]);
      const file = join(artifacts, 'report-run.csv');
      await download.saveAs(file);
      assert.match(download.suggestedFilename(), /\.csv$/);
      const csv = parse(readFileSync(file, 'utf8'), { columns: true });
      assert.equal(csv.length, production);
      assert.ok(csv.every(r => r['spec.environment'] === 'production'));

      // the notification's link opens the Runs tab on that run
      await page.goto(`${backend.baseUrl}/maestro/reports/${report.id}?run=${runId}`);
      await page.getByTestId(`report-run-${runId}`).waitFor({ timeout: 60_000 });
      assert.equal(await page.getByTestId(`report-run-${runId}`).getAttribute('data-highlighted'), 'true');
      assert.equal(await page.getByRole('tab', { name: 'Runs' }).getAttribute('aria-selected'), 'true');
    } catch (error) {
      await shot('failure-reports-ui2').catch(() => {});
      throw error;
    } finally {
      await page.close();
    }
  },
);
