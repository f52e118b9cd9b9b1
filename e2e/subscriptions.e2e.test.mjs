// End-to-end test of subscriptions (#16) in headless Chromium, against the real backend serving the built app (see
// support.mjs). The guest watches a demo server from its entity page (immediately); another principal (a static
// external-access token: not the guest, whose own edits are not told) changes it through the API; the guest sees the
// notification on the Notifications page. The guest watches the Servers of a simulated AWS account: the first crawl
// tells of each discovered server, a re-crawl with nothing changed tells nothing. Settings → Subscriptions lists the
// subscriptions and deletes one. Screenshots in e2e-artifacts/subscriptions-*.png.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import {
  artifacts,
  backend,
  eventually,
  guestHeaders,
  setUpE2e,
  signIn,
  skip,
  startSimulatorProcess,
  tearDownE2e,
  withPage,
} from './support.mjs';
import { api, recordNamed } from './graphsSupport.mjs';

const EDITOR_TOKEN = `e2e-editor-${randomBytes(16).toString('hex')}`;
const SERVER = 'demo-web-01';

/** The guest's notifications (titles), newest first, from the notifications backend. */
async function guestNotifications() {
  const res = await fetch(`${backend.baseUrl}/api/notifications/notifications?limit=200`, {
    headers: await guestHeaders(),
  });
  assert.equal(res.status, 200);
  return (await res.json()).notifications.map(n => n.payload.title);
}

/** A call to the Maestro API as the editor service (another principal than the guest). */
async function asEditor(path, method, body) {
  const res = await fetch(`${backend.baseUrl}/api/maestro${path}`, {
    method,
    headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${EDITOR_TOKEN}` },
    body: JSON.stringify(body),
  });
  return { status: res.status, body: await res.json() };
}

before(async () => {
  if (skip) return;
  await setUpE2e({
    backend: {
      auth: { externalAccess: [{ type: 'static', options: { token: EDITOR_TOKEN, subject: 'e2e-editor' } }] },
    },
  });
});

after(async () => {
  await tearDownE2e();
});

test('the guest watches a server from its page and is notified when someone else changes it', { skip }, async () => {
  await withPage('subscriptions', 'watch', async (page, shot) => {
    await signIn(page, `/catalog/default/server/${SERVER}/maestro`);
    await page.getByRole('button', { name: 'Watch', exact: true }).click({ timeout: 60_000 });
    const dialog = page.getByRole('dialog');
    await dialog.getByText('Backstage notifications about this record').waitFor();
    await shot('01-watch-dialog');
    await dialog.getByRole('button', { name: 'Watch', exact: true }).click();
    await page.getByRole('button', { name: 'Watching · immediately' }).waitFor({ timeout: 30_000 });
    await shot('02-watching');

    // someone else resizes the server
    const record = await recordNamed('Server', SERVER);
    const cpu = Number(record.spec.cpu ?? 2);
    const changed = await asEditor(`/records/${record.id}`, 'PUT', {
      version: record.version,
      spec: { ...record.spec, cpu: cpu + 2 },
      reason: 'e2e: resize',
    });
    assert.equal(changed.status, 200, JSON.stringify(changed.body));
    const title = `Server ${SERVER} changed: cpu ${cpu} → ${cpu + 2}`;
    await eventually('the notification', async () => (await guestNotifications()).includes(title), 30_000);

    await page.goto(`${backend.baseUrl}/notifications`);
    await page.getByText(title).first().waitFor({ timeout: 30_000 });
    await shot('03-notified');
  });
});

test(
  'a crawl tells the watcher of each new server; a re-crawl with nothing changed tells nothing',
  { skip },
  async () => {
    const created = await api('/subscriptions', {
      method: 'POST',
      body: { target: { type: 'kind', kind: 'Server', datacenter: 'e2e-subs' } },
    });
    assert.equal(created.status, 201, JSON.stringify(created.body));
    const simulator = await startSimulatorProcess(['--instances', '4', '--seed', '9']);
    try {
      const connection = await api('/discovery/connections', {
        method: 'POST',
        body: {
          id: 'e2e-subs',
          provider: 'aws',
          regions: ['eu-west-1'],
          owner: 'group:default/maestro-admins',
          endpoint: simulator.endpoint,
          aws: { accessKeyId: 'AKIAMAESTRODEMO00001', secretAccessKey: 'maestro-demo-secret-key' },
        },
      });
      assert.equal(connection.status, 201, JSON.stringify(connection.body));
      const crawl = async () => {
        const before = (await api('/discovery/connections/e2e-subs')).body.tasks.find(t => t.list === 'server-list');
        assert.equal(
          (await api('/discovery/connections/e2e-subs/sync', { method: 'POST', body: { list: 'server-list' } })).status,
          202,
        );
        return eventually(
          'the server-list crawl',
          async () => {
            const task = (await api('/discovery/connections/e2e-subs')).body.tasks.find(t => t.list === 'server-list');
            return task.finishedAt && task.finishedAt !== before.finishedAt && task.status !== 'running' && task;
          },
          90_000,
        );
      };
      const first = await crawl();
      assert.equal(first.status, 'success', JSON.stringify(first));
      const discovered = (await api('/records?kind=Server&limit=200')).body.items.filter(r =>
        String(r.spec.datacenter ?? '').endsWith('e2e-subs'),
      );
      assert.ok(discovered.length >= 4, `discovered ${discovered.length} servers`);
      const createdTitles = titles =>
        titles.filter(t => / created$/.test(t) && discovered.some(r => t === `Server ${r.name} created`));
      await eventually(
        'a notification per discovered server',
        async () => createdTitles(await guestNotifications()).length === discovered.length,
        30_000,
      );
      const total = (await guestNotifications()).length;
      const head = (await api('/changes/head')).body;

      const second = await crawl();
      assert.equal(second.status, 'success', JSON.stringify(second));
      assert.deepEqual((await api('/changes/head')).body, head, 'the re-crawl wrote nothing');
      await new Promise(r => setTimeout(r, 3000)); // a notification would be sent within a second or two
      assert.equal((await guestNotifications()).length, total, 'no notification for an unchanged re-crawl');
    } finally {
      simulator.stop();
    }
  },
);

test('Settings → Subscriptions lists the subscriptions and deletes one', { skip }, async () => {
  await withPage('subscriptions', 'settings', async page => {
    await signIn(page, '/maestro/settings');
    const section = page.getByTestId('maestro-settings-subscriptions');
    await section.getByText(`server:default/${SERVER}`).waitFor({ timeout: 60_000 });
    await section.getByText('Server records in e2e-subs').waitFor();
    // the section sits below the settings lists, inside the page's scrolling content: shot on its own
    await section.scrollIntoViewIfNeeded();
    await section.screenshot({ path: join(artifacts, 'subscriptions-04-settings.png') });
    await section
      .getByRole('button', { name: `Delete subscription server:default/${SERVER} for user:development/guest` })
      .click();
    await section.getByText(`server:default/${SERVER}`).waitFor({ state: 'detached', timeout: 30_000 });
    await section.screenshot({ path: join(artifacts, 'subscriptions-05-settings-deleted.png') });
    const left = (await api('/subscriptions')).body.subscriptions;
    assert.deepEqual(
      left.map(s => s.target.type),
      ['kind'],
    );
  });
});
