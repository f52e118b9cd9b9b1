// End-to-end test of the record form's editors in headless Chromium (real backend, demo inventory): a person edits a
// demo server — adds a tag, a storage row with a volume picked, a service from the services catalog — saves, and sees
// the values on the entity's Details tab; a bad value is shown under its field and nothing is saved.
// Screenshots are kept in e2e-artifacts/forms-*.png.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { backend, guestHeaders, setUpE2e, signIn, skip, tearDownE2e, withPage } from './support.mjs';

before(async () => {
  if (skip) return;
  await setUpE2e();
});

after(tearDownE2e);

/** The demo server's record, as the Maestro API returns it. */
async function serverRecord(name) {
  const headers = await guestHeaders();
  const list = await (await fetch(`${backend.baseUrl}/api/maestro/records?kind=server&q=${name}`, { headers })).json();
  const found = list.items.find(r => r.name === name);
  assert.ok(found, `${name} is in the store`);
  return found;
}

const SERVER = 'demo-web-02';

/** Opens the server's Maestro tab and its edit form; returns the dialog. */
async function openEditForm(page) {
  await signIn(page, `/catalog/default/server/${SERVER}`);
  await page.getByRole('navigation', { name: 'Content navigation' }).getByRole('link', { name: 'Maestro' }).click();
  await page.getByRole('button', { name: 'Edit' }).click({ timeout: 60_000 });
  const dialog = page.getByRole('dialog');
  await dialog.getByLabel('storage 1 mount').waitFor({ timeout: 30_000 });
  return dialog;
}

/** Opens a tab of the entity's Details tab until it shows `text` (the catalog catches up within seconds). */
async function detailsTabShows(page, tab, text) {
  for (let i = 0; i < 20; i++) {
    await page.getByRole('navigation', { name: 'Content navigation' }).getByRole('link', { name: 'Details' }).click();
    await page.getByRole('tab', { name: tab }).click({ timeout: 30_000 });
    if (await page.getByText(text, { exact: true }).first().isVisible()) return;
    await page.waitForTimeout(3000);
    await page.reload();
  }
  await page.getByText(text, { exact: true }).first().waitFor({ timeout: 10_000 });
}

test(
  'a person edits a demo server with the row editors and sees the values on its Details tab',
  { skip, timeout: 300_000 },
  () =>
    withPage('forms', 'edit', async (page, shot) => {
      const dialog = await openEditForm(page);
      // the demo server's rows are loaded into the editors, not shown as JSON
      assert.equal(await dialog.getByLabel('storage 1 mount').inputValue(), '/');
      assert.equal(await dialog.getByLabel('services 1 name').inputValue(), 'Nginx');
      assert.equal(await dialog.locator('textarea').count(), 0, 'no JSON box left in the server form');
      await dialog.getByRole('group', { name: 'storage', exact: true }).scrollIntoViewIfNeeded();
      await shot('01-edit-form-loaded');

      // a tag
      const tagRows = await dialog.getByRole('group', { name: /^tags \d+$/ }).count();
      await dialog.getByRole('button', { name: 'Add an entry to tags' }).click();
      await dialog.getByLabel(`tags ${tagRows + 1} key`).fill('team');
      await dialog.getByLabel(`tags ${tagRows + 1} value`).fill('checkout');

      // a storage row with a volume picked: the options show each volume's size and type
      await dialog.getByRole('button', { name: 'Add a row to storage' }).click();
      await dialog.getByLabel('storage 2 mount').fill('/data');
      await dialog.getByLabel('storage 2 sizeGb').fill('50');
      await page.getByRole('combobox', { name: 'storage 2 volume' }).fill('db-01-root');
      const option = page.getByRole('option', { name: /demo-db-01-root/ });
      await option.waitFor({ timeout: 30_000 });
      assert.match(await option.innerText(), /20 GB · gp3/);
      await shot('02-volume-picker');
      await option.click();

      // a service from the services catalog (a select of the setting's names)
      await dialog.getByRole('button', { name: 'Add a row to services' }).click();
      await dialog.getByLabel('services 2 name').selectOption('Redis');
      await dialog.getByLabel('services 2 version').fill('7.2');
      await dialog.getByLabel(/^Reason/).fill('forms e2e');
      await dialog.getByRole('group', { name: 'services', exact: true }).scrollIntoViewIfNeeded();
      await shot('03-edit-form-filled');
      await dialog.getByRole('button', { name: 'Save' }).click();
      await dialog.waitFor({ state: 'hidden', timeout: 30_000 });

      const record = await serverRecord(SERVER);
      assert.deepEqual(record.spec.storage[1], {
        mount: '/data',
        sizeGb: 50,
        volume: 'volume:default/demo-db-01-root',
      });
      assert.deepEqual(record.spec.services[1], { name: 'Redis', version: '7.2' });
      assert.equal(record.spec.tags.team, 'checkout');

      // the Details tab (the catalog entity): the new storage row, service and tag
      await detailsTabShows(page, 'Storage', '/data');
      await page.getByRole('link', { name: 'demo-db-01-root' }).first().waitFor({ timeout: 10_000 });
      await shot('04-details-storage');
      await page.getByRole('tab', { name: 'Services' }).click();
      await page.getByText('Redis', { exact: true }).waitFor({ timeout: 10_000 });
      await page.getByText('7.2', { exact: true }).waitFor({ timeout: 10_000 });
      await shot('05-details-services');
      await page.getByRole('tab', { name: 'Tags' }).click();
      await page.getByText('checkout', { exact: true }).waitFor({ timeout: 10_000 });
      await shot('06-details-tags');
    }),
);

test('a bad value is shown under its sub-field and nothing is saved', { skip, timeout: 300_000 }, () =>
  withPage('forms', 'bad-value', async (page, shot) => {
    const before = await serverRecord(SERVER);
    const dialog = await openEditForm(page);
    // a blank row first: the backend's storage[1] is the form's third row
    await dialog.getByRole('button', { name: 'Add a row to storage' }).click();
    const rows = await dialog.getByRole('group', { name: /^storage \d+$/ }).count();
    await dialog.getByRole('button', { name: 'Add a row to storage' }).click();
    await dialog.getByLabel(`storage ${rows + 1} mount`).fill('/scratch');
    await dialog.getByLabel(`storage ${rows + 1} sizeGb`).fill('-5');
    await dialog.getByRole('button', { name: 'Save' }).click();

    const size = dialog.getByLabel(`storage ${rows + 1} sizeGb`);
    await page.waitForFunction(
      label => document.querySelector(`input[aria-label="${label}"]`)?.getAttribute('aria-invalid') === 'true',
      `storage ${rows + 1} sizeGb`,
      { timeout: 30_000 },
    );
    const describedBy = await size.getAttribute('aria-describedby');
    const help = await page.locator(`[id="${describedBy}"]`).innerText();
    assert.match(help, />= 0/);
    assert.equal(await dialog.getByLabel('storage 1 sizeGb').getAttribute('aria-invalid'), 'false');
    await dialog.getByText('The record is not valid').waitFor();
    await shot('07-error-under-sub-field');

    await dialog.getByRole('button', { name: 'Cancel' }).click();
    const after = await serverRecord(SERVER);
    assert.equal(after.version, before.version, 'nothing was saved');
    assert.deepEqual(after.spec, before.spec);
  }),
);
