// Helpers of the business graphs end-to-end test (graphs.e2e.test.mjs): API calls as the guest, a plain web site
// on another port (the page outside Backstage that embeds a shared graph), a PNG's size, and where an edge of the
// React Flow canvas is on the screen.
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import { backend, guestHeaders } from './support.mjs';

/** Calls the Maestro API as the guest: the status and the parsed body (JSON, else text). */
export async function api(path, { method = 'GET', body } = {}) {
  const res = await fetch(`${backend.baseUrl}/api/maestro${path}`, {
    method,
    headers: { ...(body === undefined ? {} : { 'Content-Type': 'application/json' }), ...(await guestHeaders()) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  let parsed = text;
  try {
    parsed = JSON.parse(text);
  } catch {
    // not JSON: the text
  }
  return { status: res.status, body: parsed, headers: res.headers };
}

/** The active Maestro record of a kind with exactly this name. */
export async function recordNamed(kind, name) {
  const { status, body } = await api(`/records?kind=${kind}&q=${encodeURIComponent(name)}&limit=50`);
  assert.equal(status, 200, `records of ${kind}: ${status}`);
  const record = body.items.find(r => r.name === name);
  assert.ok(record, `a ${kind} record named ${name}`);
  return record;
}

/**
 * A plain web site on a free port of 127.0.0.1, outside Backstage: it serves `html` (set with `setHtml`) at `/`.
 * Its origin differs from the backend's (another port), as a wiki or a README page would.
 */
export async function startOutsideSite() {
  let html = '<!DOCTYPE html><title>empty</title>';
  const server = createServer((req, res) => {
    res.writeHead(req.url === '/' ? 200 : 404, {
      'Content-Type': 'text/html; charset=utf-8',
      'Cache-Control': 'no-store',
    });
    res.end(req.url === '/' ? html : 'not found');
  });
  await new Promise(resolve => server.listen(0, '127.0.0.1', resolve));
  return {
    origin: `http://127.0.0.1:${server.address().port}`,
    setHtml: text => {
      html = text;
    },
    close: () => new Promise(resolve => server.close(resolve)),
  };
}

/** The width and height of a PNG file, after checking its signature and that its first chunk is IHDR. */
export function pngSize(buffer) {
  assert.deepEqual([...buffer.subarray(0, 8)], [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a], 'PNG signature');
  assert.equal(buffer.subarray(12, 16).toString('latin1'), 'IHDR', 'the first chunk is IHDR');
  return { width: buffer.readUInt32BE(16), height: buffer.readUInt32BE(20) };
}

/** Waits until the catalog entity has a relation of `type` to `targetRef` (the Maestro provider runs now and then). */
export async function catalogHasRelation(entityPath, type, targetRef, timeoutMs = 90_000) {
  const deadline = Date.now() + timeoutMs;
  let relations = [];
  for (;;) {
    const res = await fetch(`${backend.baseUrl}/api/catalog/entities/by-name/${entityPath}`, {
      headers: await guestHeaders(),
    });
    if (res.ok) relations = (await res.json()).relations ?? [];
    if (relations.some(r => r.type === type && r.targetRef === targetRef)) return relations;
    if (Date.now() > deadline) {
      const seen = relations.map(r => `${r.type} ${r.targetRef}`).join(', ');
      throw new Error(`${entityPath}: no ${type} relation to ${targetRef} after ${timeoutMs / 1000} s (has ${seen})`);
    }
    await new Promise(r => setTimeout(r, 1000));
  }
}

/** The selector of the React Flow wrapper of a node, or of an edge (`source->target`), by its id. */
export const flowNode = key => `[data-testid="rf__node-${key}"]`;
export const flowEdge = (source, target) => `[data-testid="rf__edge-${source}->${target}"]`;

/** Where the middle of an edge's path is on the screen (page coordinates), to hover it. */
export function edgeMiddle(page, source, target) {
  return page.locator(`${flowEdge(source, target)} path.react-flow__edge-path`).evaluate(path => {
    const point = path.getPointAtLength(path.getTotalLength() / 2);
    const screen = new DOMPoint(point.x, point.y).matrixTransform(path.getScreenCTM());
    return { x: screen.x, y: screen.y };
  });
}
