// End-to-end test of business graphs (#14) in headless Chromium, against the real backend serving the built app (see
// support.mjs), over the demo inventory's checkout system (client demo-retail; entry demo-checkout-web → demo-shop-api
// (rest), demo-payments (grpc); demo-payments → demo-orders-db (sql), demo-events (amqp)). A person creates a graph
// of the system through the Graphs tab, reads its metrics, hovers an edge, searches a node, runs the impact analysis
// of an application and of a server, opens an entity page from a node and exports SVG and PNG; edits dependencies
// in the dependency maker and commits them (history and catalog follow, the regenerated graph has the new edge);
// opens the Dependencies tab of an entity; shares the graph, embeds it in a plain page served from another origin
// (<img> and <iframe>), revokes the link and sees the embed stop. Bad input through the API gets a 4xx that names
// the field and writes nothing. Screenshots in e2e-artifacts/graphs-*.png.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  artifacts,
  backend,
  browser,
  catalogHasEntity,
  setUpE2e,
  signIn,
  skip,
  tearDownE2e,
  withPage,
} from './support.mjs';
import {
  api,
  catalogHasRelation,
  edgeMiddle,
  flowEdge,
  flowNode,
  pngSize,
  recordNamed,
  startOutsideSite,
} from './graphsSupport.mjs';

const SYSTEM = 'system:default/demo-checkout';
const WEB = 'component:default/demo-checkout-web';
const SHOP_API = 'component:default/demo-shop-api';
const PAYMENTS = 'component:default/demo-payments';
const GRAPH_NAME = 'E2E checkout graph';
const REASON = 'E2E: the shop API charges through payments directly';

/** The plain site outside Backstage that embeds the shared graph. */
let outside;
/** The saved graph the first test creates, used by the next ones. */
let graphId;

before(async () => {
  if (skip) return;
  outside = await startOutsideSite();
  // the shared page may be framed by the outside site
  await setUpE2e({ maestro: { graphs: { share: { frameAncestors: ["'self'", outside.origin] } } } });
  await catalogHasEntity('component', 'demo-payments');
});

after(async () => {
  await tearDownE2e();
  await outside?.close();
});

/** Picks a record in a RefPicker: types the name and clicks the option of that ref. */
async function pick(page, input, name, ref) {
  await input.fill(name);
  // the option's secondary text is its ref, then facts that tell records apart (` · production`)
  const refThenFacts = new RegExp(`${ref.replace(/[/.]/g, '\\$&')}( · .*)?$`);
  await page.getByRole('option', { name: refThenFacts }).click({ timeout: 30_000 });
}

test(
  'a person creates a graph of a system, reads its metrics, explores it, runs impact analyses and exports it',
  { skip, timeout: 300_000 },
  () =>
    withPage('graphs', 'create', async (page, shot) => {
      await signIn(page, '/maestro');
      await page.getByRole('tab', { name: 'Graphs' }).click({ timeout: 60_000 });
      await page.waitForURL(/\/maestro\/graphs$/);
      await page.getByRole('button', { name: 'New graph' }).click();
      await page.waitForURL(/\/maestro\/graphs\/new$/);

      // the form: the checkout system as entry, both layers (on by default)
      await page.getByLabel(/^Name/).fill(GRAPH_NAME);
      await page.getByLabel('Description').fill('the checkout system, its infrastructure and clients');
      assert.ok(await page.getByRole('radio', { name: 'A system' }).isChecked());
      await pick(page, page.locator('#graph-entry-system'), 'demo-checkout', SYSTEM);
      assert.equal(await page.locator('#graph-entry-system').inputValue(), SYSTEM);
      assert.ok(await page.getByRole('checkbox', { name: /^Infrastructure/ }).isChecked());
      assert.ok(await page.getByRole('checkbox', { name: /^Business/ }).isChecked());
      await shot('10-form');
      await page.getByRole('button', { name: 'Create graph' }).click();

      // the graph page: the drawing, and the figures the API gives
      await page.waitForURL(/\/maestro\/graphs\/(?!new$)[^/]+$/, { timeout: 60_000 });
      graphId = decodeURIComponent(new URL(page.url()).pathname.split('/').pop());
      await page.getByTestId('graph-node').first().waitFor({ timeout: 60_000 });
      const { status, body: saved } = await api(`/graphs/${encodeURIComponent(graphId)}`);
      assert.equal(status, 200);
      const { metrics, nodes } = saved.view;
      const keys = nodes.map(n => n.key);
      for (const key of [SYSTEM, WEB, SHOP_API, PAYMENTS, 'client:default/demo-retail', 'server:default/demo-web-02'])
        assert.ok(keys.includes(key), `the graph has ${key}`);
      assert.equal(await page.getByTestId('graph-node').count(), nodes.length, 'every node drawn');
      const figures = page.getByRole('region', { name: 'Graph figures' });
      await figures.getByText(`${metrics.nodes} nodes`).waitFor();
      assert.match(await figures.textContent(), new RegExp(`${metrics.edges} edges`));
      assert.match(await figures.textContent(), new RegExp(`density ${metrics.density.toFixed(4)}`));
      assert.equal(metrics.density, metrics.edges / (metrics.nodes * (metrics.nodes - 1)));
      assert.match(await page.getByRole('region', { name: 'Clients' }).textContent(), /client:default\/demo-retail/);
      assert.match(await page.getByRole('region', { name: 'Systems' }).textContent(), /system:default\/demo-checkout/);
      await shot('11-graph-page');
      // the page scrolls inside Backstage's content (a full-page shot stops at the window): a tall window shows all
      await page.setViewportSize({ width: 1400, height: 2400 });
      await page.getByRole('region', { name: 'By kind' }).waitFor();
      await page.waitForTimeout(500);
      await shot('11b-graph-metrics');
      await page.setViewportSize({ width: 1400, height: 1000 });

      // hover the web front's edge to the shop API: its protocol
      const middle = await edgeMiddle(page, WEB, SHOP_API);
      await page.mouse.move(middle.x, middle.y);
      await page.getByRole('tooltip').getByText('rest', { exact: true }).waitFor({ timeout: 10_000 });
      await shot('12-edge-tooltip');
      await page.mouse.move(0, 0);

      // search "payments": found and highlighted
      await page.getByLabel('Find a node').fill('payments');
      await page.getByRole('button', { name: 'Find', exact: true }).click();
      await page.getByRole('status').getByText('1 of 1: Payments').waitFor();
      const payments = page.locator(`${flowNode(PAYMENTS)} [data-testid="graph-node"]`);
      assert.equal(await payments.getAttribute('data-tone'), 'match');
      await page.waitForTimeout(400); // the canvas centres on it
      await shot('13-search');

      // impact of the shop API: the web front is affected if it fails, it needs the orders database
      const node = key => page.locator(`${flowNode(key)} [data-testid="graph-node"]`);
      await node(SHOP_API).click({ position: { x: 4, y: 3 } });
      const panel = page.getByRole('complementary', { name: 'Impact analysis' });
      await panel.getByText('Impact of Shop API').waitFor();
      const upstream = panel.getByRole('region', { name: 'Affected if it fails (upstream)' });
      await upstream.getByText('Checkout web').waitFor({ timeout: 30_000 });
      assert.match(
        await panel.getByRole('region', { name: 'What it needs (downstream)' }).textContent(),
        /Orders database/,
      );
      assert.equal(await node(SHOP_API).getAttribute('data-tone'), 'selected');
      assert.equal(await node(WEB).getAttribute('data-tone'), 'upstream');
      await shot('14-impact-application');

      // a server: what breaks if it fails
      await node('server:default/demo-web-02').click({ position: { x: 4, y: 3 } });
      await panel.getByText('What breaks if this server fails').waitFor({ timeout: 30_000 });
      const apps = await panel.getByRole('region', { name: /^Applications/ }).textContent();
      for (const name of ['Checkout web', 'Shop API', 'Payments']) assert.match(apps, new RegExp(name));
      assert.match(await panel.getByRole('region', { name: /^Systems/ }).textContent(), /Checkout/);
      assert.match(await panel.getByRole('region', { name: /^Clients/ }).textContent(), /Retail customers/);
      await shot('15-impact-server');
      await panel.getByRole('button', { name: 'Clear' }).click();

      // a node's name opens its entity page
      await node(PAYMENTS).locator('a[data-entity-link]').click();
      await page.waitForURL(/\/catalog\/default\/component\/demo-payments/);
      await page
        .getByRole('heading', { name: /demo-payments|Payments/ })
        .first()
        .waitFor({ timeout: 30_000 });
      await shot('16-entity-page');
      await page.goBack();
      await page.getByTestId('graph-node').first().waitFor({ timeout: 30_000 });

      // the exports, downloaded through the UI
      const download = async label => {
        const [file] = await Promise.all([
          page.waitForEvent('download'),
          page.getByRole('button', { name: label }).click(),
        ]);
        const path = join(artifacts, `graphs-export.${label.endsWith('SVG') ? 'svg' : 'png'}`);
        await file.saveAs(path);
        return { name: file.suggestedFilename(), content: readFileSync(path) };
      };
      const svg = await download('Export SVG');
      assert.match(svg.name, /\.svg$/);
      const text = svg.content.toString('utf8');
      assert.match(text, /<svg[\s>]/);
      assert.match(text, /<\/svg>\s*$/);
      for (const key of keys) assert.ok(text.includes(key), `the SVG names ${key}`);
      const png = await download('Export PNG');
      assert.match(png.name, /\.png$/);
      const size = pngSize(png.content);
      assert.ok(size.width >= 200 && size.height >= 100, `PNG ${size.width} × ${size.height}`);
      assert.ok(png.content.length > 2000, `PNG of ${png.content.length} bytes`);
    }),
);

test(
  'a person edits dependencies in the maker and commits them: history, catalog and the regenerated graph follow',
  { skip, timeout: 300_000 },
  () =>
    withPage('graphs', 'maker', async (page, shot) => {
      assert.ok(graphId, 'the first test created the graph');
      const before = await recordNamed('component', 'demo-shop-api');
      await signIn(page, `/maestro/dependencies?entry=${SYSTEM}`);
      const shopApi = page.getByTestId('maker-node-demo-shop-api').first();
      await shopApi.waitFor({ timeout: 60_000 });
      await page.getByTestId('maker-graph-pane').getByTestId('graph-node').first().waitFor({ timeout: 60_000 });

      // "+" on the shop API: a dependency on payments over gRPC
      await page.getByRole('button', { name: 'Add a dependency to demo-shop-api' }).first().click();
      const dialog = page.getByRole('dialog', { name: 'Add a dependency to demo-shop-api' });
      await pick(page, dialog.locator('#maker-add-target'), 'demo-payments', PAYMENTS);
      await dialog.getByRole('button', { name: /Protocol/ }).click();
      await page.getByRole('option', { name: 'grpc', exact: true }).click();
      await dialog.getByRole('button', { name: 'Add', exact: true }).click();
      await dialog.waitFor({ state: 'detached' });
      // "×": the shop API no longer uses the orders database directly
      await page
        .getByRole('button', { name: 'Remove the dependency of demo-shop-api on database:default/demo-orders-db' })
        .first()
        .click();

      // the unsaved changes: one record, one added and one removed
      await page.getByTestId('maker-pending-count').getByText('1', { exact: true }).waitFor();
      const unsaved = await page.getByRole('list', { name: 'Unsaved changes' }).textContent();
      assert.match(unsaved, /demo-shop-api \+ .*demo-payments.* − .*demo-orders-db/);
      await page.mouse.move(0, 0);
      await page.waitForTimeout(300);
      await shot('20-maker-unsaved');
      // nothing written yet
      assert.equal((await recordNamed('component', 'demo-shop-api')).version, before.version);

      await page.getByLabel(/^Reason/).fill(REASON);
      await page.getByRole('button', { name: 'Commit' }).click();
      await page.getByText('No unsaved changes.').waitFor({ timeout: 30_000 });
      // the tree reads the records again: the shop API now needs payments, no longer the orders database
      const shopApiAfter = page.getByTestId('maker-node-demo-shop-api').first();
      await shopApiAfter
        .getByRole('button', { name: 'Add a dependency to demo-shop-api' })
        .waitFor({ timeout: 30_000 });
      await shot('21-maker-committed');

      // the record and its history carry the change and the reason
      const after = await recordNamed('component', 'demo-shop-api');
      assert.ok(after.version > before.version, 'a new version');
      assert.deepEqual(after.spec.dependencies, [{ ref: PAYMENTS, protocol: 'grpc' }]);
      const history = await api(`/records/${after.id}/history`);
      assert.equal(history.status, 200);
      assert.equal(history.body.items[0].reason, REASON);
      assert.equal(history.body.items[0].action, 'update');

      // the catalog follows: the shop API depends on payments
      await catalogHasRelation('component/default/demo-shop-api', 'dependsOn', PAYMENTS);

      // the saved graph, regenerated on its page, has the new edge
      await page.goto(`${backend.baseUrl}/maestro/graphs/${encodeURIComponent(graphId)}`);
      await page.getByTestId('graph-node').first().waitFor({ timeout: 60_000 });
      assert.equal(await page.locator(flowEdge(SHOP_API, PAYMENTS)).count(), 0, 'not before regenerating');
      await page.getByRole('button', { name: 'Regenerate' }).click();
      await page.getByRole('dialog').getByRole('button', { name: 'Regenerate now' }).click();
      await page.locator(flowEdge(SHOP_API, PAYMENTS)).waitFor({ timeout: 60_000 });
      const middle = await edgeMiddle(page, SHOP_API, PAYMENTS);
      await page.mouse.move(middle.x, middle.y);
      await page.getByRole('tooltip').getByText('grpc', { exact: true }).waitFor({ timeout: 10_000 });
      const regenerated = (await api(`/graphs/${encodeURIComponent(graphId)}`)).body.view;
      assert.ok(
        regenerated.edges.some(e => e.source === SHOP_API && e.target === PAYMENTS && e.protocol === 'grpc'),
        'the API has the edge',
      );
      await page
        .getByRole('region', { name: 'Graph figures' })
        .getByText(`${regenerated.metrics.edges} edges`)
        .waitFor();
      await shot('22-graph-regenerated');

      // the Dependencies tab of payments: its neighbours, the shop API now among them
      await page.goto(`${backend.baseUrl}/catalog/default/component/demo-payments`);
      await page
        .getByRole('navigation', { name: 'Content navigation' })
        .getByRole('link', { name: 'Dependencies' })
        .click({ timeout: 60_000 });
      await page.getByTestId('graph-node').first().waitFor({ timeout: 60_000 });
      for (const key of [PAYMENTS, WEB, SHOP_API, 'database:default/demo-orders-db', 'resource:default/demo-events'])
        await page.locator(flowNode(key)).waitFor({ timeout: 10_000 });
      await page.getByText(/\d+ nodes, \d+ edges within 2 hops/).waitFor();
      await shot('23-entity-dependencies-tab');
    }),
);

test(
  'a person shares the graph, embeds it in a page outside Backstage, then revokes the link',
  { skip, timeout: 300_000 },
  () =>
    withPage('graphs', 'share', async (page, shot) => {
      assert.ok(graphId, 'the first test created the graph');
      await signIn(page, `/maestro/graphs/${encodeURIComponent(graphId)}`);
      await page.getByRole('button', { name: 'Share' }).click({ timeout: 60_000 });
      const dialog = page.getByRole('dialog', { name: `Share ${GRAPH_NAME}` });
      assert.ok(await dialog.getByRole('radio', { name: /^Live/ }).isChecked());
      await dialog.getByLabel('Label').fill('e2e embed');
      await dialog.getByRole('button', { name: 'Create link' }).click();
      const created = dialog.getByRole('region', { name: 'New link' });
      await created.waitFor({ timeout: 30_000 });
      const svgUrl = await created.locator('#share-svg-address').inputValue();
      const embedUrl = await created.locator('#share-embed-address').inputValue();
      const shared = `${backend.baseUrl}/api/maestro/shared/`;
      assert.ok(svgUrl.startsWith(shared) && svgUrl.endsWith('/graph.svg'), svgUrl);
      assert.ok(embedUrl.startsWith(shared) && embedUrl.endsWith('?embed=1'), embedUrl);
      assert.match(await created.locator('#share-image-snippet').inputValue(), /^<img src="/);
      const row = dialog.getByRole('table', { name: 'Share links' }).getByRole('row', { name: /e2e embed/ });
      await row.getByText('active').waitFor();
      await shot('30-share-dialog');

      // without credentials, the SVG and the embed page answer; the page may be framed by the outside site
      const svg = await fetch(svgUrl);
      assert.equal(svg.status, 200);
      assert.match(svg.headers.get('content-type'), /^image\/svg\+xml/);
      assert.match(await svg.text(), /demo-checkout-web/);
      const embed = await fetch(embedUrl);
      assert.equal(embed.status, 200);
      assert.match(embed.headers.get('content-security-policy'), new RegExp(`frame-ancestors [^;]*${outside.origin}`));

      // a plain page on another origin embeds it: the image loads, the frame shows the graph
      outside.setHtml(`<!DOCTYPE html><html><head><title>Outside</title></head><body>
<h1>Our checkout, as Maestro draws it</h1>
<img id="graph" src="${svgUrl}" alt="checkout graph" style="max-width:640px;border:1px solid #ccc">
<iframe id="frame" src="${embedUrl}" title="checkout graph" width="960" height="500" style="border:1px solid #ccc"></iframe>
</body></html>`);
      const visitor = await browser.newPage({ viewport: { width: 1100, height: 1200 } });
      try {
        const loaded = () =>
          visitor.waitForFunction(
            () => {
              const img = document.getElementById('graph');
              return img.complete && img.naturalWidth > 0;
            },
            null,
            { timeout: 30_000 },
          );
        await visitor.goto(outside.origin);
        await loaded();
        const frame = visitor.frameLocator('#frame');
        await frame.locator('#viewport svg').waitFor({ timeout: 30_000 });
        assert.ok((await frame.locator('#viewport svg g.node').count()) >= 5, 'the frame draws the nodes');
        await visitor.screenshot({ path: join(artifacts, 'graphs-31-outside-page.png'), fullPage: true });

        // revoke in the dialog: the SVG address answers 404 at once
        const revokedAt = Date.now();
        await row.getByRole('button', { name: 'Revoke e2e embed' }).click();
        let answer = await fetch(svgUrl);
        while (answer.status !== 404 && Date.now() - revokedAt < 5000) {
          await new Promise(r => setTimeout(r, 50));
          answer = await fetch(svgUrl);
        }
        const elapsed = Date.now() - revokedAt;
        assert.equal(answer.status, 404);
        assert.ok(elapsed <= 1500, `404 ${elapsed} ms after Revoke`);
        await row.getByText(/^revoked /).waitFor({ timeout: 10_000 });
        assert.equal((await fetch(embedUrl)).status, 404);
        await shot('32-share-revoked');

        // the outside page, reloaded: the image no longer loads, the frame shows no graph
        await visitor.reload();
        await visitor.waitForFunction(() => document.getElementById('graph').complete, null, { timeout: 30_000 });
        assert.equal(await visitor.locator('#graph').evaluate(img => img.naturalWidth), 0);
        await visitor.waitForTimeout(500);
        assert.equal(await visitor.frameLocator('#frame').locator('#viewport svg').count(), 0);
        await visitor.screenshot({ path: join(artifacts, 'graphs-33-outside-page-revoked.png'), fullPage: true });
      } finally {
        await visitor.close();
      }
    }),
);

test(
  'bad input through the API gets a 4xx naming the field and writes nothing',
  { skip, timeout: 120_000 },
  async () => {
    const graphsBefore = (await api('/graphs?limit=500')).body.totalCount;
    const create = body => api('/graphs', { method: 'POST', body });

    const unknownSystem = await create({ name: 'bad', entry: { system: 'system:default/no-such-system' } });
    assert.equal(unknownSystem.status, 400);
    assert.match(unknownSystem.body.error.message, /entry\.system/);
    const depthZero = await create({ name: 'bad', entry: { system: SYSTEM }, depth: 0 });
    assert.equal(depthZero.status, 400);
    assert.match(depthZero.body.error.message, /depth/);
    const depthHigh = await create({ name: 'bad', entry: { system: SYSTEM }, depth: 51 });
    assert.equal(depthHigh.status, 400);
    assert.equal((await api('/graphs?limit=500')).body.totalCount, graphsBefore, 'no graph saved');

    // a forged token: 404 on every shared address, and no way to tell it from a revoked one
    const forged = randomBytes(32).toString('base64url');
    for (const path of [`/shared/${forged}/graph.svg`, `/shared/${forged}?embed=1`, `/shared/${forged}/graph.json`]) {
      const res = await fetch(`${backend.baseUrl}/api/maestro${path}`);
      assert.equal(res.status, 404, path);
    }

    // a dependency on a missing application: 400 naming the change, the record untouched
    const shopApi = await recordNamed('component', 'demo-shop-api');
    const historyBefore = (await api(`/records/${shopApi.id}/history`)).body.items.length;
    const commit = await api('/dependencies/commit', {
      method: 'POST',
      body: {
        reason: 'E2E: a target that does not exist',
        changes: [
          {
            id: shopApi.id,
            version: shopApi.version,
            dependencies: [{ ref: PAYMENTS, protocol: 'grpc' }, { ref: 'component:default/no-such-app' }],
          },
        ],
      },
    });
    assert.equal(commit.status, 400);
    assert.match(commit.body.error.message, /changes\[0\]\.dependencies\[1\]/);
    const unchanged = await recordNamed('component', 'demo-shop-api');
    assert.equal(unchanged.version, shopApi.version);
    assert.deepEqual(unchanged.spec.dependencies, shopApi.spec.dependencies);
    assert.equal((await api(`/records/${shopApi.id}/history`)).body.items.length, historyBefore);
  },
);
