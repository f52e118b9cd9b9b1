// What bench:graphs-ui measures with: a generated estate as records for the import API, frame times while panning
// in the page, and the time until a graph's nodes show.

/** Small seeded generator (mulberry32): the same estate on every run. */
function random(seed) {
  let state = seed;
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const PROTOCOLS = ['rest', 'grpc', 'amqp'];

/**
 * An estate as import records: `apps` applications in ten member systems, each depending on three others (seeded
 * random), each on one of `servers` servers, `databases` databases on those servers; a client served by the entry
 * system `<prefix>-entry`, entered through the first 2 % of the applications. The graph by that system (depth 50,
 * both layers) draws nearly all of it.
 */
export function estateRecords(prefix, { apps, servers, databases }, owner) {
  const next = random(apps);
  const ref = (kind, name) => `${kind}:default/${prefix}-${name}`;
  const records = [];
  records.push({ kind: 'Client', name: `${prefix}-client`, owner, spec: {} });
  const entries = Array.from({ length: Math.max(1, Math.round(apps / 50)) }, (_, i) => ref('component', `app-${i}`));
  records.push({
    kind: 'System',
    name: `${prefix}-entry`,
    owner,
    spec: { clients: [ref('client', 'client')], entryApplications: entries },
  });
  for (let s = 0; s < 10; s++) records.push({ kind: 'System', name: `${prefix}-sys-${s}`, owner, spec: {} });
  for (let i = 0; i < apps; i++) {
    const dependencies = PROTOCOLS.map(protocol => ({
      ref: ref('component', `app-${Math.floor(next() * apps)}`),
      protocol,
    })).filter((d, k, all) => d.ref !== ref('component', `app-${i}`) && all.findIndex(o => o.ref === d.ref) === k);
    records.push({
      kind: 'Component',
      name: `${prefix}-app-${i}`,
      owner,
      spec: {
        type: 'service',
        lifecycle: 'production',
        system: ref('system', `sys-${i % 10}`),
        servers: [ref('server', `srv-${i % servers}`)],
        dependencies,
      },
    });
  }
  for (let i = 0; i < servers; i++) {
    records.push({ kind: 'Server', name: `${prefix}-srv-${i}`, owner, spec: { hostname: `${prefix}-srv-${i}.bench` } });
  }
  for (let i = 0; i < databases; i++) {
    records.push({
      kind: 'Database',
      name: `${prefix}-db-${i}`,
      owner,
      spec: {
        family: 'mysql',
        engine: 'mysql',
        servers: [{ server: ref('server', `srv-${i % servers}`), role: 'master' }],
      },
    });
  }
  return { records, entry: { system: ref('system', 'entry') } };
}

/** Ms from navigation start until at least `min` elements match `selector`, and how many there are then. */
export async function waitForNodes(page, selector, min) {
  const handle = await page.waitForFunction(
    ([sel, n]) => {
      const count = document.querySelectorAll(sel).length;
      return count >= n ? { ms: performance.now(), count } : false;
    },
    [selector, min],
    { polling: 'raf', timeout: 120_000 },
  );
  return handle.jsonValue();
}

/**
 * Frame times (ms between animation frames) while the mouse drags the element matching `selector` across the
 * view in 60 steps, back and forth: the median, p95 and worst.
 */
export async function panFrameTimes(page, selector) {
  const box = await page.locator(selector).first().boundingBox();
  if (!box) throw new Error(`nothing to pan: ${selector}`);
  await page.evaluate(() => {
    window.__frames = [];
    let last = performance.now();
    const tick = now => {
      window.__frames.push(now - last);
      last = now;
      if (window.__framesOn) requestAnimationFrame(tick);
    };
    window.__framesOn = true;
    requestAnimationFrame(tick);
  });
  const cx = box.x + box.width / 2;
  const cy = box.y + box.height / 2;
  await page.mouse.move(cx, cy);
  await page.mouse.down();
  for (let i = 1; i <= 30; i++) await page.mouse.move(cx - i * 10, cy - i * 5);
  for (let i = 29; i >= 0; i--) await page.mouse.move(cx - i * 10, cy - i * 5);
  await page.mouse.up();
  const frames = await page.evaluate(() => {
    window.__framesOn = false;
    return window.__frames.slice(1);
  });
  const sorted = [...frames].sort((a, b) => a - b);
  const at = q => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? NaN;
  return { frames: frames.length, median: at(0.5), p95: at(0.95), max: sorted[sorted.length - 1] ?? NaN };
}
