// End-to-end test of the software template "New service on existing infrastructure" (#16) in headless Chromium,
// against the real backend serving the built app (see support.mjs) with the demo inventory. A person opens Create,
// picks the template, fills the form with the Maestro record picker (typing a server's name, picking two servers and
// the database), runs it and sees the task succeed; then the chosen server's entity page shows the new application,
// and the application's Maestro history names the guest and the template run. A dry run through the scaffolder's
// dry-run API (what the template editor calls) runs the Maestro actions and writes nothing.
// Screenshots in e2e-artifacts/scaffolder-*.png.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import YAML from 'yaml';
import {
  backend,
  catalogPageShows,
  guestHeaders,
  root,
  setUpE2e,
  signIn,
  skip,
  tearDownE2e,
  withPage,
} from './support.mjs';
import { api, catalogHasRelation, recordNamed } from './graphsSupport.mjs';

const TEMPLATE_DIR = join(root, 'examples/templates/new-service-on-existing-infrastructure');
const TEMPLATE_REF = 'template:default/new-service-on-existing-infrastructure';
const APP = 'e2e-orders-api';

before(async () => {
  if (skip) return;
  await setUpE2e();
});

after(async () => {
  await tearDownE2e();
});

/** Picks the option of a Maestro record picker (or any combobox) after typing `text` into it. */
async function pick(page, label, text, option) {
  const input = page.getByRole('combobox', { name: label });
  await input.click();
  await input.fill(text);
  await page.getByRole('option', { name: option }).click({ timeout: 20_000 });
}

test(
  'a person creates a service on existing servers and a database from the template; the server shows it',
  { skip, timeout: 400_000 },
  async () => {
    await withPage('scaffolder', 'run', async (page, shot) => {
      await signIn(page, '/create');
      const card = page.locator('article, .MuiCard-root').filter({ hasText: 'New service on existing infrastructure' });
      await card.getByRole('button', { name: /choose/i }).click({ timeout: 60_000 });

      // step 1: the service
      await page.getByLabel(/^Name/).fill(APP);
      const owner = page
        .getByRole('combobox', { name: /^Owner/ })
        .or(page.getByLabel(/^Owner/))
        .first();
      await owner.click();
      await owner.fill('maestro-admins');
      await page
        .getByRole('option', { name: /maestro-admins/ })
        .first()
        .click({ timeout: 20_000 });
      await shot('1-service');
      await page.getByRole('button', { name: /^next/i }).click();

      // step 2: the infrastructure, through the Maestro record picker (search while typing)
      await pick(page, /^Servers/, 'demo-web-0', /demo-web-01/);
      await pick(page, /^Servers/, 'web-02', /demo-web-02/);
      await pick(page, /^Database/, 'orders', /demo-orders-db/);
      await shot('2-infrastructure');
      await page.getByRole('button', { name: /^review/i }).click();
      await shot('3-review');
      await page.getByRole('button', { name: /^create/i }).click();

      // the task runs; its output links to the new entity
      const open = page.getByRole('link', { name: `Open ${APP} in the catalog` });
      await open.waitFor({ timeout: 120_000 });
      await page.getByText('runsOn server:default/demo-web-01').waitFor();
      await page.getByText('dependsOn database:default/demo-orders-db').waitFor();
      await shot('4-task-done');

      // the chosen server's entity page shows the new application among its relations
      await catalogHasRelation('server/default/demo-web-01', 'runs', `component:default/${APP}`);
      await page.goto(`${backend.baseUrl}/catalog/default/server/demo-web-01`);
      await catalogPageShows(page, APP);
      await shot('5-server-page');

      // the application's Maestro tab: the history names the guest and the template run
      await page.goto(`${backend.baseUrl}/catalog/default/component/${APP}/maestro`);
      await catalogPageShows(page, `Software template ${TEMPLATE_REF}`);
      await shot('6-history');
    });

    const record = await recordNamed('Component', APP);
    assert.deepEqual(record.spec.servers, ['server:default/demo-web-01', 'server:default/demo-web-02']);
    assert.deepEqual(record.spec.dependencies, [{ ref: 'database:default/demo-orders-db', protocol: 'sql' }]);
    const history = (await api(`/records/${record.id}/history`)).body.items;
    assert.deepEqual(
      history.map(h => [h.action, h.actor]),
      [
        ['update', 'user:development/guest'],
        ['create', 'user:development/guest'],
      ],
    );
    for (const entry of history)
      assert.match(
        entry.reason,
        /^Software template template:default\/new-service-on-existing-infrastructure, task [0-9a-f-]{36}$/,
      );
  },
);

test(
  'a dry run of the template (as the template editor runs it) checks everything and writes nothing',
  { skip, timeout: 120_000 },
  async () => {
    const template = YAML.parse(readFileSync(join(TEMPLATE_DIR, 'template.yaml'), 'utf8'));
    const skeleton = readdirSync(join(TEMPLATE_DIR, 'skeleton')).map(file => ({
      path: `skeleton/${file}`,
      base64Content: readFileSync(join(TEMPLATE_DIR, 'skeleton', file)).toString('base64'),
    }));
    const dryRun = async values => {
      const res = await fetch(`${backend.baseUrl}/api/scaffolder/v2/dry-run`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', ...(await guestHeaders()) },
        body: JSON.stringify({ template, values, directoryContents: skeleton }),
      });
      return { status: res.status, body: await res.json() };
    };
    const values = {
      name: 'e2e-dry-api',
      owner: 'group:default/maestro-admins',
      lifecycle: 'experimental',
      servers: ['server:default/demo-web-01'],
      database: 'database:default/demo-orders-db',
      protocol: 'sql',
    };
    const ok = await dryRun(values);
    assert.equal(ok.status, 200, JSON.stringify(ok.body).slice(0, 500));
    const messages = ok.body.log.map(l => l.body.message).join('\n');
    // the record step asked Maestro (?dryRun=true) and wrote nothing: the link and read steps do not find it
    assert.match(messages, /Dry run: component:default\/e2e-dry-api is not in Maestro's inventory yet/);
    assert.match(messages, /Finished step Register the service in Maestro/);
    assert.ok(
      ok.body.directoryContents.some(f => f.path === 'catalog-info.yaml'),
      'catalog-info.yaml rendered',
    );
    const found = await api('/records?kind=Component&q=e2e-dry-api');
    assert.equal(found.body.totalCount, 0, 'a dry run writes no record');

    // Maestro checks the dry run as a write: a name taken is refused
    const taken = await dryRun({ ...values, name: 'demo-shop-api' });
    assert.match(JSON.stringify(taken.body), /name: a Component named 'demo-shop-api' already exists/);

    // a server Maestro does not hold: the dry run fails on the step, naming the field
    const bad = await dryRun({ ...values, servers: ['server:default/no-such-server'] });
    const badMessages = JSON.stringify(bad.body);
    assert.match(badMessages, /servers\[0\]: no active Server named 'no-such-server'/);
  },
);
