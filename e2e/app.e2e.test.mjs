// End-to-end test in headless Chromium: the real backend serving the built app (packages/app/dist) on a free port,
// in-memory SQLite, demo inventory. A person signs in as guest, opens Maestro from the sidebar, sees the demo
// inventory, opens a server's entity page and its Maestro tab with the history.
// Screenshots are kept in e2e-artifacts/.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import {
  artifacts,
  backend,
  browser,
  catalogPageShows,
  guestHeaders,
  setUpE2e,
  signIn,
  skip,
  startSimulatorProcess,
  tearDownE2e,
} from './support.mjs';

before(async () => {
  if (skip) return;
  await setUpE2e();
});

after(tearDownE2e);

/** A server record the given discovery connection wrote (`q` narrows the search by name). */
async function discoveredServer(connection, q) {
  const records = await (
    await fetch(`${backend.baseUrl}/api/maestro/records?kind=server&q=${q}&limit=20`, { headers: await guestHeaders() })
  ).json();
  const server = records.items.find(r => r.source === `discovery/${connection}`);
  assert.ok(server, `a server discovered by ${connection} is in the store`);
  return server;
}

test(
  'a guest opens Maestro, sees the demo inventory and a server with its history',
  { skip, timeout: 300_000 },
  async () => {
    const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    const shot = name => page.screenshot({ path: join(artifacts, `${name}.png`), fullPage: true });
    try {
      await page.goto(backend.baseUrl);
      // guest sign-in
      await page.getByRole('button', { name: /enter/i }).click({ timeout: 60_000 });
      // sidebar entry
      await page.getByRole('link', { name: 'Maestro' }).first().click({ timeout: 60_000 });
      await page.waitForURL(/\/maestro$/);
      await page.getByText('Multi-cloud infrastructure inventory').waitFor({ timeout: 30_000 });
      await page.getByRole('link', { name: 'demo-web-01', exact: true }).waitFor({ timeout: 30_000 });
      const servers = page.getByTestId('maestro-total-Server');
      await assert.doesNotReject(servers.getByText('3').waitFor({ timeout: 10_000 }));
      await shot('01-maestro-page');

      // the entity page, through the catalog
      await page.getByRole('link', { name: 'demo-web-01', exact: true }).click();
      await page.waitForURL(/\/catalog\/default\/server\/demo-web-01/);
      await page.getByText('demo-web-01').first().waitFor({ timeout: 30_000 });
      // the Relations card knows Maestro's relation pairs (maestroCatalogGraphModule)
      await page.getByText('hostedIn').first().waitFor({ timeout: 30_000 });
      await shot('02-server-entity-page');

      // the Details tab: the seed's sections, with links to related entities
      await page.getByRole('navigation', { name: 'Content navigation' }).getByRole('link', { name: 'Details' }).click();
      await page.getByRole('tab', { name: 'Storage' }).click({ timeout: 30_000 });
      await page.getByRole('link', { name: 'demo-web-01-root' }).first().waitFor({ timeout: 10_000 });
      await shot('02b-server-details-tab');

      // the Maestro tab with the record and its history
      await page.getByRole('navigation', { name: 'Content navigation' }).getByRole('link', { name: 'Maestro' }).click();
      await page.getByText('Inventory record').waitFor({ timeout: 30_000 });
      await page.getByText('maestro:demo').first().waitFor({ timeout: 30_000 });
      assert.ok(await page.getByText('created').first().isVisible());
      await shot('03-server-maestro-tab');
    } catch (error) {
      await shot('failure').catch(() => {});
      throw error;
    } finally {
      await page.close();
    }
  },
);

test(
  'a guest creates a datacenter and a server in the UI, edits the server, and sees both versions in its history',
  { skip, timeout: 300_000 },
  async () => {
    const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    const shot = name => page.screenshot({ path: join(artifacts, `${name}.png`), fullPage: true });
    try {
      await signIn(page, '/maestro');
      await page.getByText('Multi-cloud infrastructure inventory').waitFor({ timeout: 60_000 });

      // a Datacenter
      await page.getByLabel('Kind').selectOption('Datacenter');
      await page.getByRole('button', { name: 'Create', exact: true }).click();
      let dialog = page.getByRole('dialog');
      await dialog.getByLabel(/^Name/).fill('e2e-dc');
      await dialog.getByLabel(/^provider/).selectOption('aws');
      await dialog.getByLabel(/^regions/).fill('eu-west-1, us-east-1');
      await shot('10-create-datacenter-form');
      await dialog.getByRole('button', { name: 'Create', exact: true }).click();
      await page.getByTestId('maestro-created').getByText('e2e-dc').waitFor({ timeout: 30_000 });
      // the form closes (a click during its closing animation lands on its backdrop, as it would for a person)
      await dialog.waitFor({ state: 'hidden', timeout: 30_000 });

      // a Server in it; a first try without hostname is refused with the field named
      await page.getByLabel('Kind').selectOption('Server');
      await page.getByRole('button', { name: 'Create', exact: true }).click();
      dialog = page.getByRole('dialog');
      await dialog.getByLabel(/^Name/).fill('e2e-web');
      await dialog.getByLabel(/^datacenter/).fill('datacenter:default/e2e-dc');
      await dialog.getByLabel(/^cpu/).fill('2');
      await dialog.getByRole('button', { name: 'Create', exact: true }).click();
      assert.equal(await dialog.isVisible(), true, 'the form stays open when hostname is missing');
      await dialog.getByLabel(/^hostname/).fill('e2e-web.example.com');
      await dialog.getByLabel(/^ipv4Private/).fill('10.9.0.1');
      await dialog.getByRole('button', { name: 'Create', exact: true }).click();
      await page.getByTestId('maestro-created').getByText('e2e-web').waitFor({ timeout: 30_000 });
      await dialog.waitFor({ state: 'hidden', timeout: 30_000 });
      await shot('11-created-server');

      // the server reaches the catalog (through the entity provider), with its datacenter relation
      await page.getByTestId('maestro-created').getByRole('link', { name: 'e2e-web' }).click();
      await page.waitForURL(/\/catalog\/default\/server\/e2e-web/);
      await catalogPageShows(page, 'hostedIn');
      await shot('12-server-in-catalog');

      // edit it from its Maestro tab
      await page.getByRole('navigation', { name: 'Content navigation' }).getByRole('link', { name: 'Maestro' }).click();
      await page.getByRole('button', { name: 'Edit' }).click();
      dialog = page.getByRole('dialog');
      await dialog.getByLabel(/^cpu/).fill('8');
      await dialog.getByLabel(/^Reason/).fill('resized in e2e');
      await dialog.getByRole('button', { name: 'Save' }).click();
      await dialog.waitFor({ state: 'hidden', timeout: 30_000 });

      // both versions in the history: the creation and the update of spec.cpu, with its reason
      await page.getByText('resized in e2e').waitFor({ timeout: 30_000 });
      await page.getByText('spec.cpu').first().waitFor({ timeout: 10_000 });
      await page.getByText(': 2 → 8').first().waitFor({ timeout: 10_000 });
      const rows = page.locator('table').last().locator('tbody tr');
      assert.ok((await rows.count()) >= 2, 'history shows the create and the update');
      await assert.doesNotReject(page.getByRole('cell', { name: 'create' }).first().waitFor({ timeout: 5_000 }));
      await assert.doesNotReject(page.getByRole('cell', { name: 'update' }).first().waitFor({ timeout: 5_000 }));
      await shot('13-server-history-after-edit');
    } catch (error) {
      await shot('failure-create-edit').catch(() => {});
      throw error;
    } finally {
      await page.close();
    }
  },
);

test(
  'a guest adds an AWS connection with the wizard, syncs it, watches its status and opens a discovered server',
  { skip, timeout: 300_000 },
  async () => {
    const simulator = await startSimulatorProcess(['--instances', '6', '--seed', '7']);
    const secret = 'maestro-demo-secret-key';
    const page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
    const shot = name => page.screenshot({ path: join(artifacts, `${name}.png`), fullPage: true });
    try {
      await signIn(page, '/maestro/discovery');
      await page.getByRole('button', { name: 'Add connection' }).click({ timeout: 60_000 });
      const dialog = page.getByRole('dialog');
      await dialog.getByLabel('Connection id').fill('e2e-aws');
      await dialog.getByLabel('Title').fill('E2E account');
      await dialog.getByRole('button', { name: 'Next' }).click();
      await dialog.getByLabel('Regions').fill('eu-west-1');
      await dialog.getByRole('button', { name: 'Next' }).click();
      await dialog.getByLabel('Access key id').fill('AKIAMAESTRODEMO00001');
      await dialog.getByLabel('Secret access key').fill(secret);
      await dialog.getByLabel('Endpoint').fill(simulator.endpoint);
      await dialog.getByText('sts:GetCallerIdentity').first().waitFor(); // the read-only IAM policy to copy
      await shot('20-discovery-wizard-credentials');
      await dialog.getByRole('button', { name: 'Next' }).click();
      await dialog.getByRole('button', { name: 'Create connection' }).click();
      const card = page.getByTestId('maestro-discovery-connection-e2e-aws');
      await card.waitFor({ timeout: 30_000 });

      await card.getByRole('button', { name: 'Sync now' }).click();
      const serverStatus = page.getByTestId('maestro-discovery-task-e2e-aws-server-list-status');
      await page.waitForFunction(
        el => el && el.textContent === 'success',
        await serverStatus.elementHandle({ timeout: 30_000 }),
        { timeout: 120_000 },
      );
      for (const list of ['volumes-list', 'network-list', 'loadbalance-list', 'dbs-list']) {
        const status = page.getByTestId(`maestro-discovery-task-e2e-aws-${list}-status`);
        await page.waitForFunction(
          el => el && ['success', 'empty'].includes(el.textContent),
          await status.elementHandle(),
          { timeout: 120_000 },
        );
      }
      assert.match(
        await page.getByTestId('maestro-discovery-task-e2e-aws-server-list-counts').textContent(),
        /seen \d+/,
      );
      assert.equal((await page.content()).includes(secret), false, 'the secret is never shown');
      await shot('21-discovery-status');

      // a discovered server, in the catalog, with its datacenter relation and the seed's tabs
      const server = await discoveredServer('e2e-aws', 'aws-');
      await page.goto(`${backend.baseUrl}/catalog/default/server/${server.name}`);
      await catalogPageShows(page, 'hostedIn');
      await shot('22-discovered-server');
      await page.getByRole('navigation', { name: 'Content navigation' }).getByRole('link', { name: 'Details' }).click();
      await page.getByRole('tab', { name: 'Datacenter' }).click({ timeout: 30_000 });
      await page.getByText(server.spec.providerId).first().waitFor({ timeout: 30_000 });
      await shot('23-discovered-server-details');
    } finally {
      await page.close();
      simulator.stop();
    }
  },
);

test(
  'a guest adds an OpenStack connection with its form, syncs it and opens a discovered server',
  { skip, timeout: 300_000 },
  async () => {
    const simulator = await startSimulatorProcess(['--instances', '5', '--seed', '11', '--openstack-port', '0']);
    const password = 'maestro-demo-password';
    const page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
    const shot = name => page.screenshot({ path: join(artifacts, `${name}.png`), fullPage: true });
    try {
      await signIn(page, '/maestro/discovery');
      await page.getByRole('button', { name: 'Add connection' }).click({ timeout: 60_000 });
      const dialog = page.getByRole('dialog');
      await dialog.getByLabel('Provider').selectOption('openstack');
      await dialog.getByLabel('Connection id').fill('e2e-os');
      await dialog.getByLabel('Title').fill('E2E OpenStack');
      await dialog.getByRole('button', { name: 'Next' }).click();
      await dialog.getByLabel('Regions').fill('RegionOne');
      await dialog.getByRole('button', { name: 'Next' }).click();
      await dialog.getByLabel(/^Auth URL/).fill(simulator.authUrl);
      await dialog.getByLabel(/^Username/).fill('maestro-demo');
      await dialog.getByLabel(/^Password/).fill(password);
      await dialog.getByLabel(/^Project ID/).fill('6f70656e737461636b6d61657374726f');
      await dialog
        .getByTestId('maestro-discovery-api-calls')
        .getByText(/servers\/detail/)
        .first()
        .waitFor();
      await shot('24-discovery-openstack-form');
      await dialog.getByRole('button', { name: 'Next' }).click();
      await dialog.getByRole('button', { name: 'Create connection' }).click();
      const card = page.getByTestId('maestro-discovery-connection-e2e-os');
      await card.waitFor({ timeout: 30_000 });

      await card.getByRole('button', { name: 'Sync now' }).click();
      for (const list of [
        'server-list',
        'flavor-list',
        'images-list',
        'volumes-list',
        'snapshot-list',
        'network-list',
        'security-list',
        'loadbalance-list',
      ]) {
        const status = page.getByTestId(`maestro-discovery-task-e2e-os-${list}-status`);
        const expected = list === 'server-list' ? ['success'] : ['success', 'empty'];
        await page.waitForFunction(
          ([el, ok]) => el && ok.includes(el.textContent),
          [await status.elementHandle({ timeout: 30_000 }), expected],
          { timeout: 120_000 },
        );
      }
      assert.equal((await page.content()).includes(password), false, 'the password is never shown');
      await card.screenshot({ path: join(artifacts, '25-discovery-openstack-status.png') }); // the page scrolls inside its frame

      // a discovered OpenStack server in the catalog, with its flavor relation
      const server = await discoveredServer('e2e-os', 'os-');
      assert.ok(server.spec.flavor, 'the server refers to its flavor');
      await page.goto(`${backend.baseUrl}/catalog/default/server/${server.name}`);
      await catalogPageShows(page, 'usesFlavor');
      await shot('26-discovered-openstack-server');
    } finally {
      await page.close();
      simulator.stop();
    }
  },
);
