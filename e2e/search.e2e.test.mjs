// End-to-end test of "find anything" in headless Chromium, against the real backend serving the built app (see
// support.mjs) with the demo's simulated AWS account: once discovery has found its servers, a person types a
// discovered server's private IP in the portal's search page (/search, in-memory Lunr engine, Maestro collator) and
// sees the server with its kind, datacenter and IP, types its instance id and sees it again, clicks it and lands on its
// catalog entity page; then the Maestro inventory page's search box finds the same server by its IP and says so under
// its name. Screenshots in e2e-artifacts/search-*.png.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { backend, catalogHasEntity, guestHeaders, setUpE2e, signIn, skip, tearDownE2e, withPage } from './support.mjs';

/** A discovered server of the demo's simulated AWS account: { name, title, ip, instanceId, datacenter }. */
let server;

/** Polls `fn` until it returns something truthy, or fails naming `what` after `timeoutMs`. */
async function waitFor(what, fn, timeoutMs = 120_000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await fn();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`${what}: not after ${timeoutMs / 1000} s`);
    await new Promise(r => setTimeout(r, 1000));
  }
}

/** The titles the search API answers for `term` (type maestro), as a guest. */
async function searchTitles(term) {
  const url = `${backend.baseUrl}/api/search/query?term=${encodeURIComponent(term)}&types%5B0%5D=maestro`;
  const res = await fetch(url, { headers: await guestHeaders() });
  return res.ok ? (await res.json()).results.map(r => r.document.title) : [];
}

before(async () => {
  if (skip) return;
  await setUpE2e({
    maestro: { demo: { enabled: true, aws: { enabled: true, instances: 6 }, openstack: { enabled: false } } },
    // index every few seconds, so the discovered servers are in the index soon after discovery wrote them
    config: {
      search: {
        collators: {
          maestro: { schedule: { frequency: { seconds: 5 }, timeout: { minutes: 2 }, initialDelay: { seconds: 2 } } },
        },
      },
    },
  });
  const headers = await guestHeaders();
  const record = await waitFor('a discovered EC2 server with a private IP', async () => {
    const res = await fetch(`${backend.baseUrl}/api/maestro/records?kind=Server&q=i-&limit=50`, { headers });
    const items = res.ok ? (await res.json()).items : [];
    return items.find(r => /^i-[0-9a-f]+$/.test(r.spec.providerId ?? '') && r.spec.ipv4Private);
  });
  server = {
    name: record.name,
    // discovery titles a server with its Name tag; search results show the title
    title: record.title ?? record.name,
    ip: record.spec.ipv4Private,
    instanceId: record.spec.providerId,
    datacenter: record.spec.datacenter.split('/').pop(),
  };
  await catalogHasEntity('server', server.name);
  await waitFor(`the search index holding ${server.name}`, async () =>
    (await searchTitles(server.ip)).includes(server.title),
  );
});

after(async () => {
  if (!skip) await tearDownE2e();
});

test('the portal search finds a discovered server by private IP and by instance id', { skip }, async () => {
  await withPage('search', 'portal', async (page, shot) => {
    await signIn(page, '/search');
    const box = page.locator('#search-bar-text-field');
    await box.fill(server.ip);
    const result = page.getByTestId('maestro-search-result').filter({ hasText: server.title }).first();
    await result.waitFor({ timeout: 30_000 });
    // Lunr ranks the exact address first
    await assert.doesNotReject(
      page.getByTestId('maestro-search-result').first().filter({ hasText: server.title }).waitFor({ timeout: 5000 }),
    );
    for (const chip of ['Kind: Server', `Datacenter: ${server.datacenter}`, `IP: ${server.ip}`]) {
      await result.getByText(chip, { exact: true }).waitFor();
    }
    await shot('by-ip');

    await box.fill(server.instanceId);
    await page
      .getByTestId('maestro-search-result')
      .first()
      .filter({ hasText: `provider id ${server.instanceId}` })
      .waitFor({ timeout: 30_000 });
    await shot('by-instance-id');

    await page.getByRole('link', { name: server.title, exact: true }).first().click();
    await page.waitForURL(`**/catalog/default/server/${server.name}/maestro`);
    await page.getByRole('heading', { name: server.title }).first().waitFor({ timeout: 30_000 });
    // the Maestro tab shows the record, with the address that found it
    await page.getByText(server.instanceId).first().waitFor({ timeout: 30_000 });
    await shot('entity-page');
  });
});

test(
  'the Maestro inventory search box finds the same server by IP and says it matched the private IP',
  { skip },
  async () => {
    await withPage('search', 'inventory', async (page, shot) => {
      await signIn(page, '/maestro/inventory/server');
      await page.locator('#maestro-inventory-search').fill(server.ip);
      const row = page.getByTestId('maestro-record-row').first();
      await row.filter({ hasText: server.title }).waitFor({ timeout: 30_000 });
      await row
        .getByTestId('maestro-search-match')
        .filter({ hasText: `private IP ${server.ip}` })
        .waitFor();
      await shot('inventory-by-ip');
    });
  },
);
