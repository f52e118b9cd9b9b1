// UI benchmark of the business graph pages (issue #14), in headless Chromium against the real backend
// (packages/backend, in-memory SQLite) serving the built app (packages/app/dist). It prints figures beside the
// issue's targets and asserts nothing:
//   - the graph page of a ~1,000-node graph: first paint ≤ 3 s, panning frame time p95 ≤ 50 ms;
//   - a ~5,000-node graph: first paint (grouped by system), expanding a group, panning;
//   - the same 1,000-node neighbourhood in Backstage's catalog-graph page, for comparison;
//   - the shared SVG of the 1,000-node graph through its share link (cached) ≤ 500 ms.
//
//   ./maestro npm run bench:graphs-ui                     builds packages/app first (unless dist is fresh)
//   BENCH_SKIP_BUILD=1 ./maestro npm run bench:graphs-ui  reuses packages/app/dist when it exists
//
// Options (environment): BENCH_SCREENSHOTS=<dir>, BENCH_CATALOG_GRAPH=0 (skips the catalog-graph comparison),
// BENCH_BIG=0 (skips the 5,000-node graph), CHROMIUM_PATH.
import { guestPage, guestToken, launchChromium, report, startUiBench } from './uiBenchSupport.mjs';
import { estateRecords, panFrameTimes, waitForNodes } from './graphsUiBenchSupport.mjs';

const SCREENSHOTS = process.env.BENCH_SCREENSHOTS;
const OWNER = 'group:default/maestro-admins';

async function api(baseUrl, token, method, path, body) {
  const res = await fetch(`${baseUrl}/api/maestro${path}`, {
    method,
    headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${(await res.text()).slice(0, 500)}`);
  return res.status === 204 ? undefined : res.json();
}

async function importRecords(baseUrl, token, records) {
  for (let from = 0; from < records.length; from += 20_000) {
    await api(baseUrl, token, 'POST', '/records/import', {
      records: records.slice(from, from + 20_000),
      reason: 'graphs ui benchmark',
    });
  }
}

/** Imports an estate and saves a graph over it; answers the graph's id and its node / edge counts. */
async function savedGraph(baseUrl, token, prefix, size) {
  const { records, entry } = estateRecords(prefix, size, OWNER);
  const started = performance.now();
  await importRecords(baseUrl, token, records);
  const imported = performance.now() - started;
  const createdAt = performance.now();
  const graph = await api(baseUrl, token, 'POST', '/graphs', {
    name: `${prefix} (${size.apps} applications)`,
    entry,
    depth: 50,
    layers: { infrastructure: true, business: true },
  });
  console.log(
    `# ${prefix}: imported ${records.length} records in ${(imported / 1000).toFixed(1)} s; graph saved in ` +
      `${((performance.now() - createdAt) / 1000).toFixed(2)} s: ${graph.nodeCount} nodes, ${graph.edgeCount} edges`,
  );
  return graph;
}

async function graphPage(page, baseUrl, graph, shot, name) {
  await page.goto(`${baseUrl}/maestro/graphs/${encodeURIComponent(graph.id)}`);
  const painted = await waitForNodes(page, '.react-flow__node', 1);
  report(`${name}: navigation → first nodes painted`, painted.ms, 3000, `(${painted.count} nodes in the DOM)`);
  await page.waitForTimeout(500);
  await shot(`graphs-ui-${name}`);
  const pan = await panFrameTimes(page, '.react-flow__pane');
  report(
    `${name}: panning, frame time p95 (${pan.frames} frames)`,
    pan.p95,
    50,
    `(median ${pan.median.toFixed(1)} ms, worst ${pan.max.toFixed(0)} ms)`,
  );
  return painted;
}

/** Waits until the catalog holds the entities (the Maestro provider projects the imported records). */
async function waitForCatalog(baseUrl, token, refs) {
  const started = performance.now();
  for (const ref of refs) {
    const [kind, rest] = ref.split(':');
    const [namespace, name] = rest.split('/');
    for (;;) {
      const res = await fetch(`${baseUrl}/api/catalog/entities/by-name/${kind}/${namespace}/${name}`, {
        headers: { Authorization: `Bearer ${token}` },
      });
      if (res.ok) break;
      if (performance.now() - started > 600_000) throw new Error(`the catalog has no ${ref} after 10 minutes`);
      await new Promise(r => setTimeout(r, 2000));
    }
  }
  console.log(`# the catalog holds the estate (waited ${((performance.now() - started) / 1000).toFixed(0)} s)`);
}

/** The dependency relations (and a system's entry points), as the catalog names them, both directions. */
const CATALOG_GRAPH_RELATIONS = ['dependsOn', 'dependencyOf', 'hasEntryPoint', 'entryPointOf'];

/** Answers `fn()`'s result, or `undefined` when the page does not answer within `ms` (its main thread is busy). */
async function within(ms, fn) {
  let timer;
  const late = new Promise(resolve => (timer = setTimeout(() => resolve(undefined), ms)));
  try {
    return await Promise.race([fn(), late]);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * Backstage's catalog-graph page over the same root, in its own page: it fetches the entities hop by hop and lays
 * them out with dagre in the page's main thread. Polled from Node each second for at most `BENCH_CATALOG_GRAPH_S`
 * (default 180 s): the time to the first node, the node count as it grows, and whether the page stayed responsive.
 */
async function catalogGraph(browser, baseUrl, rootRef, screenshotsDir) {
  const { page } = await guestPage(browser, baseUrl);
  const limitMs = Number(process.env.BENCH_CATALOG_GRAPH_S || 180) * 1000;
  const url =
    `${baseUrl}/catalog-graph?rootEntityRefs%5B%5D=${encodeURIComponent(rootRef)}` +
    `&maxDepth=50&unidirectional=false&mergeRelations=true&direction=LR` +
    // the business graph's relations only: with ownership, every entity the owning group owns is one hop away
    CATALOG_GRAPH_RELATIONS.map(r => `&selectedRelations%5B%5D=${r}`).join('');
  const started = performance.now();
  await page.goto(url);
  let firstNode;
  let last = { count: 0, at: 0 };
  let longestSilence = 0;
  let lastAnswer = performance.now();
  while (performance.now() - started < limitMs) {
    const count = await within(5000, () =>
      page.evaluate(() => document.querySelectorAll('g[data-testid="node"]').length),
    );
    const now = performance.now();
    if (count === undefined) continue;
    longestSilence = Math.max(longestSilence, now - lastAnswer);
    lastAnswer = now;
    if (count > 0 && firstNode === undefined) firstNode = now - started;
    if (count !== last.count) last = { count, at: now - started };
    else if (count > 0 && now - started - last.at > 10_000) break;
    await new Promise(r => setTimeout(r, 1000));
  }
  report('catalog-graph: navigation → first node', firstNode ?? NaN, undefined);
  report(
    'catalog-graph: navigation → last node drawn',
    last.at,
    undefined,
    `(${last.count} nodes; stopped ${((performance.now() - started) / 1000).toFixed(0)} s after navigation)`,
  );
  report('catalog-graph: longest time the page did not answer', longestSilence, undefined);
  if (screenshotsDir)
    await within(30_000, () => page.screenshot({ path: `${screenshotsDir}/graphs-ui-catalog-graph.png` }));
}

async function sharedSvg(baseUrl, token, graph) {
  const link = await api(baseUrl, token, 'POST', `/graphs/${encodeURIComponent(graph.id)}/shares`, {
    mode: 'snapshot',
    label: 'benchmark',
  });
  const timed = async () => {
    const started = performance.now();
    const res = await fetch(`${baseUrl}${link.urls.svg}`);
    const text = await res.text();
    if (!res.ok) throw new Error(`shared SVG: ${res.status}`);
    return { ms: performance.now() - started, bytes: text.length };
  };
  const cold = await timed();
  report(`shared SVG (${graph.nodeCount} nodes), first request`, cold.ms, undefined, `(${cold.bytes} bytes)`);
  const warm = [];
  for (let i = 0; i < 20; i++) warm.push((await timed()).ms);
  warm.sort((a, b) => a - b);
  report('shared SVG, cached: median of 20', warm[10], 500);
  report('shared SVG, cached: worst of 20', warm[19], 500);
}

async function main() {
  // the catalog projection runs soon after start-up: the catalog-graph comparison needs the entities
  const backend = await startUiBench({
    frequency: { seconds: 2 },
    timeout: { minutes: 10 },
    initialDelay: { seconds: 1 },
  });
  let browser;
  try {
    const token = await guestToken(backend.baseUrl);
    const thousand = await savedGraph(backend.baseUrl, token, 'gui', { apps: 620, servers: 240, databases: 120 });
    // the catalog-graph comparison needs the estate in the catalog; waiting first also keeps the catalog's
    // ingestion out of the page figures below
    const catalogGraphOn = process.env.BENCH_CATALOG_GRAPH !== '0';
    if (catalogGraphOn) {
      await waitForCatalog(backend.baseUrl, token, ['system:default/gui-entry', 'component:default/gui-app-619']);
    }

    console.log('\nShared SVG (GET /api/maestro/shared/{token}/graph.svg from Node):');
    await sharedSvg(backend.baseUrl, token, thousand);

    browser = await launchChromium();
    const { page, shot } = await guestPage(browser, backend.baseUrl, SCREENSHOTS);
    console.log('\nIn Chromium, the Maestro graph page:');
    await graphPage(page, backend.baseUrl, thousand, shot, `${thousand.nodeCount}-node graph`);
    if (process.env.BENCH_BIG !== '0') {
      console.log('\nA ~5,000-node graph (the catalog may still be ingesting it meanwhile):');
      const big = await savedGraph(backend.baseUrl, token, 'gbig', { apps: 3200, servers: 1200, databases: 560 });
      await graphPage(page, backend.baseUrl, big, shot, `${big.nodeCount}-node graph (grouped by system)`);
      const started = performance.now();
      const before = await page.locator('.react-flow__node').count();
      // a click on a collapsed group expands it (the first group drawn inside the canvas)
      await page.evaluate(() => {
        const canvas = document.querySelector('[data-testid="graph-canvas"]').getBoundingClientRect();
        const inside = [...document.querySelectorAll('[data-testid="graph-group-node"]')].find(el => {
          const r = el.getBoundingClientRect();
          return r.left >= canvas.left && r.right <= canvas.right && r.top >= canvas.top && r.bottom <= canvas.bottom;
        });
        inside.click();
      });
      await page.waitForFunction(n => document.querySelectorAll('.react-flow__node').length > n, before, {
        timeout: 60_000,
      });
      const after = await page.locator('.react-flow__node').count();
      report(
        `${big.nodeCount}-node graph: expanding one group`,
        performance.now() - started,
        undefined,
        `(${before} → ${after} nodes)`,
      );
      await shot('graphs-ui-big-expanded');
    }
    if (catalogGraphOn) {
      console.log("\nIn Chromium, Backstage's catalog-graph page over the same system (for comparison):");
      await catalogGraph(browser, backend.baseUrl, 'system:default/gui-entry', SCREENSHOTS);
    }
  } finally {
    // a page still busy laying out (the catalog graph) may not let the browser close quickly
    await within(15_000, async () => browser?.close());
    await backend.stop();
  }
}

main().catch(error => {
  console.error(error);
  process.exit(1);
});
