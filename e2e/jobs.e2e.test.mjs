// End-to-end test of jobs, event rules and webhooks (#15) in headless Chromium, against the real backend serving the
// built app (see support.mjs) and a webhook receiver on 127.0.0.1 (allow-listed in the e2e configuration, as the
// demo's simulated clouds are). A person creates a manual follow-up job and a cron webhook job with a signed body
// chained to it through the Jobs tab, sees both run (the receiver checks the signature), with their counts and run
// logs; creates the rule "when a production server is deactivated, call this webhook and notify its owner",
// deactivates such a server from its entity page, sees the delivery in the rule's log and the notification, and
// redelivers it (same idempotency key). Bad input through the API gets a 400 naming the field and writes nothing.
// Screenshots in e2e-artifacts/jobs-*.png.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createHmac, randomBytes } from 'node:crypto';
import { createServer } from 'node:http';
import { catalogHasEntity, eventually, setUpE2e, signIn, skip, tearDownE2e, withPage } from './support.mjs';
import { api } from './graphsSupport.mjs';

const SECRET = `e2e-${randomBytes(12).toString('hex')}`;
const FOLLOW_UP = 'E2E follow-up';
const PING = 'E2E inventory ping';
const RULE = 'E2E production server deactivated';
const SERVER = 'e2e-prod-01';

/** The webhook receiver: every request with its path, headers and body. */
let receiver;

async function startReceiver() {
  const calls = [];
  const server = createServer((req, res) => {
    const chunks = [];
    req.on('data', c => chunks.push(c));
    req.on('end', () => {
      calls.push({ path: req.url, method: req.method, headers: req.headers, body: Buffer.concat(chunks) });
      res.writeHead(200, { 'Content-Type': 'application/json' }).end('{"received":true}');
    });
  });
  await new Promise(resolve => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${server.address().port}`,
    calls,
    on: path => calls.filter(c => c.path === path),
    close: () => new Promise(resolve => server.close(resolve)),
  };
}

before(async () => {
  if (skip) return;
  receiver = await startReceiver();
  await setUpE2e();
});

after(async () => {
  await tearDownE2e();
  await receiver?.close();
});

/** Fills the webhook fields of a form (method POST, URL, body template). */
async function fillWebhook(scope, { url, bodyTemplate }) {
  await scope.getByLabel('Method').selectOption('POST');
  await scope.getByLabel('URL').fill(url);
  await scope.getByLabel('Body template').fill(bodyTemplate);
}

test(
  'a person schedules a signed cron webhook job chained to a second job and sees both run with counts and logs',
  { skip, timeout: 400_000 },
  async () => {
    await withPage('jobs', 'jobs', async (page, shot) => {
      await signIn(page, '/maestro');
      await page.getByRole('tab', { name: 'Jobs' }).click({ timeout: 60_000 });
      await page.waitForURL(/\/maestro\/jobs$/);
      await page.getByTestId('maestro-jobs-table').waitFor({ timeout: 30_000 });
      // the built-in jobs are listed beside the users' own
      await page.getByTestId('maestro-job-row-History retention').waitFor({ timeout: 30_000 });
      await shot('01-jobs-built-in');

      // the follow-up: a manual webhook job
      await page.getByTestId('maestro-new-job').click();
      let form = page.getByTestId('maestro-job-form');
      await form.getByLabel('Name').fill(FOLLOW_UP);
      await form.getByLabel('Manual only').check();
      await fillWebhook(form, {
        url: `${receiver.url}/follow-up`,
        bodyTemplate: '{"job": {{ job.name | json }}, "trigger": {{ run.trigger | json }}}',
      });
      await form.getByTestId('maestro-job-save').click();
      await page.waitForURL(/\/maestro\/jobs\/[0-9a-f-]{36}$/, { timeout: 30_000 });

      // the cron job: a bad expression first, refused under its field
      await page.goto(`${new URL(page.url()).origin}/maestro/jobs/new`);
      form = page.getByTestId('maestro-job-form');
      await form.getByLabel('Name').fill(PING);
      await form.getByLabel('Cron', { exact: true }).check();
      await form.getByLabel('Cron expression').fill('61 * * * *');
      await form.getByLabel('Time zone').fill('Europe/Paris');
      await fillWebhook(form, {
        url: `${receiver.url}/ping`,
        bodyTemplate: '{"job": {{ job.name | json }}, "run": {{ run.id | json }}, "at": {{ now | json }}}',
      });
      await form.getByLabel('Sign the body (HMAC-SHA256)').check();
      await form.getByLabel('Signing secret').fill(SECRET);
      await form.getByLabel('On success, start').selectOption({ label: FOLLOW_UP });
      await form.getByTestId('maestro-job-save').click();
      await form
        .getByText(/schedule\.expression|61/)
        .first()
        .waitFor({ timeout: 30_000 });
      await shot('02-bad-cron-refused');
      const before = (await api('/jobs')).body.jobs.filter(j => j.name === PING);
      assert.equal(before.length, 0, 'the refused job was not saved');

      await form.getByLabel('Cron expression').fill('* * * * *');
      await form.getByTestId('maestro-job-save').click();
      await page.waitForURL(/\/maestro\/jobs\/[0-9a-f-]{36}$/, { timeout: 30_000 });
      await shot('03-cron-job');
      const ping = (await api('/jobs')).body.jobs.find(j => j.name === PING);
      assert.equal(ping.schedule.expression, '* * * * *');
      assert.equal(ping.schedule.timeZone, 'Europe/Paris');
      assert.equal(ping.config.webhook.signature.hasSecret, true);
      assert.equal(ping.config.webhook.signature.secret, undefined, 'the secret is never answered');

      // within the next minute the cron runs it: a signed POST, then the chained follow-up
      const call = await eventually('the cron run reached the receiver', () => receiver.on('/ping')[0], 100_000);
      const expected = `sha256=${createHmac('sha256', SECRET).update(call.body).digest('hex')}`;
      assert.equal(call.headers['x-maestro-signature-256'], expected, 'the body is signed with the secret');
      const body = JSON.parse(call.body.toString('utf8'));
      assert.equal(body.job, PING);
      assert.equal(call.headers['x-maestro-delivery'], body.run, 'the run id is the delivery id');
      const followUp = await eventually('the chained job ran', () => receiver.on('/follow-up')[0], 60_000);
      assert.equal(JSON.parse(followUp.body.toString('utf8')).trigger, 'chain');

      // the page shows the run with its webhook call
      await page.reload();
      const runs = page.getByTestId('maestro-job-runs');
      await runs.locator('[data-status="succeeded"]').first().waitFor({ timeout: 30_000 });
      await runs.getByRole('button', { name: 'Show the webhook call' }).first().click();
      await page.getByTestId('maestro-webhook-request').first().getByText(`${receiver.url}/ping`).waitFor();
      await page.getByTestId('maestro-webhook-response').first().getByText('"received":true').waitFor();
      await shot('04-cron-job-run-log');

      // the list: both with their counts and last runs
      await page.goto(`${new URL(page.url()).origin}/maestro/jobs`);
      const pingRow = page.getByTestId(`maestro-job-row-${PING}`);
      const followRow = page.getByTestId(`maestro-job-row-${FOLLOW_UP}`);
      await eventually(
        'counts on the list',
        async () => {
          await page.reload();
          await pingRow.waitFor({ timeout: 30_000 });
          const total = Number(await pingRow.getByTestId('maestro-job-total-runs').textContent());
          const followTotal = Number(await followRow.getByTestId('maestro-job-total-runs').textContent());
          return total >= 1 && followTotal >= 1;
        },
        60_000,
      );
      await pingRow
        .getByTestId('maestro-job-last-run')
        .getByText(/succeeded/i)
        .waitFor();
      await shot('05-jobs-with-counts');

      // the follow-up's log says the chain started it
      await followRow.getByRole('link', { name: FOLLOW_UP }).click();
      await page.getByTestId('maestro-job-runs').getByText(/chain/i).first().waitFor({ timeout: 30_000 });
      await shot('06-follow-up-run-log');
    });
  },
);

test(
  'a person creates "when a production server is deactivated, call this webhook and notify its owner", deactivates one and sees the delivery',
  { skip, timeout: 300_000 },
  async () => {
    const created = await api('/records', {
      method: 'POST',
      body: {
        kind: 'Server',
        name: SERVER,
        owner: 'user:development/guest',
        spec: { hostname: `${SERVER}.demo.internal`, environment: 'production', cpu: 2 },
      },
    });
    assert.equal(created.status, 201, JSON.stringify(created.body));
    await catalogHasEntity('server', SERVER);

    await withPage('jobs', 'rules', async (page, shot) => {
      await signIn(page, '/maestro/jobs/rules');
      await page.getByTestId('maestro-new-rule').click({ timeout: 60_000 });
      const form = page.getByTestId('maestro-rule-form');
      await form.getByLabel('Name').fill(RULE);
      for (const event of ['Created', 'Changed', 'Reactivated']) {
        const box = form.getByLabel(event, { exact: true });
        if (await box.isChecked()) await box.uncheck();
      }
      await form.getByLabel('Deactivated', { exact: true }).check();
      await form.getByLabel('Kinds').selectOption(['Server']);
      await form.getByRole('button', { name: 'Add filter' }).click();
      const row = form.getByTestId('report-filter-row').nth(0);
      await row.getByLabel('Field').selectOption('spec.environment');
      await row.getByLabel('Operator').selectOption('eq');
      await row.getByLabel('Value').fill('production');
      await form.getByRole('button', { name: 'Add webhook' }).click();
      await fillWebhook(form.getByTestId('maestro-rule-action-0'), {
        url: `${receiver.url}/deactivated`,
        bodyTemplate: '{"server": {{ event.record.name | json }}, "by": {{ event.actor | json }}}',
      });
      await form.getByRole('button', { name: 'Add notification' }).click();
      await form.getByTestId('maestro-rule-action-1').getByLabel("The record's owner").check();
      await shot('10-rule-form');
      await form.getByTestId('maestro-rule-save').click();
      await page.waitForURL(/\/maestro\/jobs\/rules\/[0-9a-f-]{36}$/, { timeout: 30_000 });
      const ruleUrl = page.url();

      // deactivate the server from its entity page
      await page.goto(`${new URL(ruleUrl).origin}/catalog/default/server/${SERVER}`);
      await page.getByRole('navigation', { name: 'Content navigation' }).getByRole('link', { name: 'Maestro' }).click();
      await page.getByRole('button', { name: 'Delete' }).click({ timeout: 30_000 });
      const dialog = page.getByRole('dialog');
      await dialog.getByLabel(/^Reason/).fill('decommissioned in e2e');
      await dialog.getByRole('button', { name: 'Delete' }).click();
      await dialog.waitFor({ state: 'hidden', timeout: 30_000 });

      const call = await eventually('the rule called the webhook', () => receiver.on('/deactivated')[0], 30_000);
      assert.deepEqual(JSON.parse(call.body.toString('utf8')), { server: SERVER, by: 'user:development/guest' });
      assert.equal(call.headers['x-maestro-event'], 'record.deactivated');
      const deliveryId = call.headers['x-maestro-delivery'];
      assert.ok(deliveryId, 'an idempotency key');

      // the rule's delivery log shows it delivered
      await page.goto(ruleUrl);
      const delivery = page.getByTestId(`maestro-delivery-${deliveryId}`);
      await eventually(
        'the delivery shows delivered',
        async () => {
          await page.reload();
          await delivery.waitFor({ timeout: 30_000 });
          return (await delivery.getAttribute('data-status')) === 'delivered';
        },
        30_000,
      );
      await shot('11-rule-delivery-log');

      // redeliver: the same idempotency key again
      await page.getByTestId(`maestro-redeliver-${deliveryId}`).click();
      await eventually('the redelivery', () => receiver.on('/deactivated').length >= 2, 30_000);
      assert.equal(receiver.on('/deactivated')[1].headers['x-maestro-delivery'], deliveryId);

      // the owner (the guest) got a notification
      await page.goto(`${new URL(ruleUrl).origin}/notifications`);
      await page
        .getByText(new RegExp(`${SERVER}.*deactivated`, 'i'))
        .first()
        .waitFor({ timeout: 30_000 });
      await shot('12-owner-notified');
    });
  },
);

test('bad jobs and rules through the API get a 400 naming the field, and nothing is written', { skip }, async () => {
  const jobsBefore = (await api('/jobs')).body.jobs.length;
  const webhookJob = (webhook, extra = {}) => ({
    name: 'E2E refused',
    type: 'webhook',
    schedule: { type: 'manual' },
    config: { webhook: { method: 'POST', ...webhook } },
    ...extra,
  });
  const refusals = [
    [webhookJob({ url: 'http://169.254.169.254/latest/meta-data/' }), /config\.webhook\.url: .*link-local/],
    [webhookJob({ url: 'http://10.0.0.5/hook' }), /config\.webhook\.url: .*private/],
    [
      webhookJob({ url: `${receiver?.url}/x` }, { schedule: { type: 'cron', expression: 'every day' } }),
      /schedule\.expression/,
    ],
    [webhookJob({ url: `${receiver?.url}/x`, bodyTemplate: '{"a": {{ job.name ' }), /config\.webhook\.bodyTemplate/],
    [{ ...webhookJob({ url: `${receiver?.url}/x` }), type: 'ftp' }, /^type: /],
  ];
  for (const [body, message] of refusals) {
    const { status, body: answer } = await api('/jobs', { method: 'POST', body });
    assert.equal(status, 400, JSON.stringify(answer));
    assert.match(answer.error.message, message);
  }
  // a key that would write the prototype of the stored object
  const rule = await api('/rules', {
    method: 'POST',
    body: JSON.parse(
      '{"name":"x","events":["created"],"actions":[{"type":"notify","to":{"type":"owner"}}],"__proto__":{"admin":true}}',
    ),
  });
  assert.equal(rule.status, 400, JSON.stringify(rule.body));
  assert.match(rule.body.error.message, /__proto__/);
  assert.equal((await api('/jobs')).body.jobs.length, jobsBefore, 'no job was written');
});
