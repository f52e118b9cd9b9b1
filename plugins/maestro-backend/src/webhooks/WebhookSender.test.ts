import { createHmac, timingSafeEqual } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { ConfigReader } from '@backstage/config';
import { EgressPolicy, type Resolver } from '../egress';
import type { OpenedWebhookTarget } from './types';
import { WebhookSender } from './WebhookSender';

/** What a test server saw of one request. */
interface Seen {
  method: string;
  url: string;
  headers: http.IncomingHttpHeaders;
  body: Buffer;
}

/** A real HTTP server on 127.0.0.1 that records what it receives and answers with `handle`. */
async function startServer(handle: (req: Seen, res: http.ServerResponse, origin: string) => void) {
  const seen: Seen[] = [];
  let origin = '';
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', chunk => chunks.push(chunk));
    req.on('end', () => {
      const request = { method: req.method!, url: req.url!, headers: req.headers, body: Buffer.concat(chunks) };
      seen.push(request);
      handle(request, res, origin);
    });
  });
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  origin = `http://127.0.0.1:${port}`;
  return {
    seen,
    port,
    origin,
    close: () =>
      new Promise<void>(resolve => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** A resolver that knows a few names (no DNS in tests). */
const fakeDns =
  (names: Record<string, string[]>): Resolver =>
  async hostname => {
    const addresses = names[hostname];
    if (!addresses) throw Object.assign(new Error(`getaddrinfo ENOTFOUND ${hostname}`), { code: 'ENOTFOUND' });
    return addresses.map(address => ({ address, family: 4 }));
  };

const SIGNING_SECRET = 'signing-secret-for-tests';

/** What a receiver does to trust a call: HMAC-SHA256 of the raw body with the shared secret, compared in constant time. */
function signatureValid(request: Seen, header = 'x-maestro-signature-256'): boolean {
  const sent = String(request.headers[header] ?? '');
  const expected = `sha256=${createHmac('sha256', SIGNING_SECRET).update(request.body).digest('hex')}`;
  return sent.length === expected.length && timingSafeEqual(Buffer.from(sent), Buffer.from(expected));
}

describe('WebhookSender (real HTTP servers)', () => {
  let receiver: Awaited<ReturnType<typeof startServer>>;
  let elsewhere: Awaited<ReturnType<typeof startServer>>;
  const resolve = fakeDns({
    'hooks.example': ['127.0.0.1'],
    'private.example': ['10.0.0.5'],
  });
  const allowing = new WebhookSender({ policy: new EgressPolicy({ allow: ['127.0.0.1'], resolve }) });
  const denying = new WebhookSender({ policy: new EgressPolicy({ resolve }) });

  beforeAll(async () => {
    elsewhere = await startServer((_req, res) => res.end('elsewhere'));
    receiver = await startServer((req, res, origin) => {
      const path = req.url.split('?')[0];
      if (path === '/ok') res.writeHead(200, { 'content-type': 'text/plain' }).end('received');
      else if (path === '/created') res.writeHead(201).end('{"id":1}');
      else if (path === '/fail') res.writeHead(500).end('boom');
      else if (path === '/slow') res.writeHead(200); // headers never flushed, body never ends
      else if (path === '/big') res.writeHead(200).end(Buffer.alloc(1024 * 1024, 'x'));
      else if (path === '/echo') res.end(`you sent ${req.headers.authorization}`);
      else if (path === '/same-origin-307') res.writeHead(307, { location: '/ok?after=307' }).end();
      else if (path === '/same-origin-303') res.writeHead(303, { location: `${origin}/ok?after=303` }).end();
      else if (path === '/other-origin') res.writeHead(302, { location: `${elsewhere.origin}/steal` }).end();
      else if (path === '/loop') res.writeHead(302, { location: '/loop' }).end();
      else if (path === '/to-private') res.writeHead(302, { location: '/ok' }).end();
      else res.writeHead(404).end('no such hook');
    });
  });
  beforeEach(() => {
    receiver.seen.length = 0;
    elsewhere.seen.length = 0;
  });
  afterAll(async () => {
    await Promise.all([allowing.close(), denying.close(), receiver.close(), elsewhere.close()]);
  });

  const target = (path: string, extra: Partial<OpenedWebhookTarget> = {}): OpenedWebhookTarget => ({
    method: 'POST',
    url: `${receiver.origin}${path}`,
    headers: [],
    timeoutSeconds: 10,
    ...extra,
  });
  const context = { job: { name: 'nightly "sync"', id: 'j1' }, run: { id: 'r1' }, now: '2025-01-02T03:04:05Z' };

  it('renders, signs and sends the body with the headers in order, and logs the exchange without secrets', async () => {
    const result = await allowing.call(
      target('/ok', {
        bodyTemplate: '{"job": {{ job.name | json }}, "run": "{{ run.id }}"}',
        headers: [
          { name: 'X-Team', value: 'ops' },
          { name: 'Authorization', value: 'Bearer token-123', secret: true },
        ],
        signature: { header: 'X-Maestro-Signature-256', secret: SIGNING_SECRET },
      }),
      { context, headers: { 'X-Maestro-Delivery': 'r1', 'X-Maestro-Event': 'job.run' } },
    );
    expect(receiver.seen).toHaveLength(1);
    const seen = receiver.seen[0];
    expect(seen.method).toBe('POST');
    expect(JSON.parse(seen.body.toString())).toEqual({ job: 'nightly "sync"', run: 'r1' });
    expect(seen.headers).toMatchObject({
      'content-type': 'application/json',
      'user-agent': 'Maestro-for-Backstage',
      'x-maestro-delivery': 'r1',
      'x-maestro-event': 'job.run',
      'x-team': 'ops',
      authorization: 'Bearer token-123',
    });
    expect(signatureValid(seen)).toBe(true);

    expect(result).toEqual({
      ok: true,
      status: 200,
      responseBody: 'received',
      durationMs: expect.any(Number),
      request: {
        method: 'POST',
        url: `${receiver.origin}/ok`,
        headers: {
          'Content-Type': 'application/json',
          'User-Agent': 'Maestro-for-Backstage',
          'X-Maestro-Delivery': 'r1',
          'X-Maestro-Event': 'job.run',
          'X-Maestro-Signature-256': seen.headers['x-maestro-signature-256'],
          'X-Team': 'ops',
          Authorization: '***',
        },
        body: seen.body.toString(),
      },
    });
    expect(JSON.stringify(result)).not.toContain('token-123');
    expect(JSON.stringify(result)).not.toContain(SIGNING_SECRET);
  });

  it('signs the exact bytes of a body given as bytes, with its content type, under the header the target names', async () => {
    const data = Buffer.from([0x00, 0xff, 0x10, 0x80, 0x7f]);
    const result = await allowing.call(
      target('/created', { method: 'PUT', signature: { header: 'X-Hub-Signature-256', secret: SIGNING_SECRET } }),
      { context, body: { data, contentType: 'application/pdf' } },
    );
    expect(result).toMatchObject({ ok: true, status: 201, request: { body: '(5 bytes of application/pdf)' } });
    expect(receiver.seen[0].body.equals(data)).toBe(true);
    expect(receiver.seen[0].headers['content-type']).toBe('application/pdf');
    expect(signatureValid(receiver.seen[0], 'x-hub-signature-256')).toBe(true);
  });

  it("uses the webhook's own User-Agent instead of the default", async () => {
    await allowing.call(target('/ok', { headers: [{ name: 'user-agent', value: 'ops-hooks/1.0' }] }), { context });
    expect(receiver.seen[0].headers['user-agent']).toBe('ops-hooks/1.0');
  });

  it('sends no body (and signs the empty body) when there is no template', async () => {
    const result = await allowing.call(
      target('/ok', { method: 'GET', signature: { header: 'X-Maestro-Signature-256', secret: SIGNING_SECRET } }),
      { context },
    );
    expect(result).toMatchObject({ ok: true, status: 200 });
    expect(result.request.body).toBeUndefined();
    expect(receiver.seen[0].headers['content-type']).toBeUndefined();
    expect(receiver.seen[0].body.length).toBe(0);
    expect(signatureValid(receiver.seen[0])).toBe(true);
  });

  it('counts an unexpected status as a failure, and the expected statuses as success', async () => {
    expect(await allowing.call(target('/fail'), { context })).toMatchObject({
      ok: false,
      status: 500,
      responseBody: 'boom',
      error: 'unexpected status 500 (expected 2xx)',
    });
    expect(await allowing.call(target('/created', { expectedStatus: [200, 202] }), { context })).toMatchObject({
      ok: false,
      status: 201,
      error: 'unexpected status 201 (expected 200, 202)',
    });
    expect(await allowing.call(target('/nope', { expectedStatus: [404] }), { context })).toMatchObject({
      ok: true,
      status: 404,
    });
  });

  it('keeps the first 4 KB of a 1 MB answer and stops reading', async () => {
    const result = await allowing.call(target('/big'), { context });
    expect(result).toMatchObject({ ok: true, status: 200, responseTruncated: true });
    expect(result.responseBody).toBe('x'.repeat(4096));
  });

  it('blanks a secret header value out of an answer that echoes it', async () => {
    const result = await allowing.call(
      target('/echo', { headers: [{ name: 'Authorization', value: 'Bearer token-123', secret: true }] }),
      { context },
    );
    expect(receiver.seen[0].headers.authorization).toBe('Bearer token-123');
    expect(result.responseBody).toBe('you sent ***');
  });

  it('gives up after the timeout', async () => {
    const result = await allowing.call(target('/slow', { timeoutSeconds: 1 }), { context });
    expect(result).toMatchObject({ ok: false, error: 'timed out after 1 s' });
    expect(result.status).toBeUndefined();
    expect(result.durationMs).toBeGreaterThanOrEqual(950);
    expect(result.durationMs).toBeLessThan(5000);
  });

  it("stops when the caller's signal aborts", async () => {
    const controller = new AbortController();
    setTimeout(() => controller.abort(new Error('backend shutting down')), 100);
    const result = await allowing.call(target('/slow'), { context, signal: controller.signal });
    expect(result).toMatchObject({ ok: false, error: 'aborted: backend shutting down' });
    expect(result.durationMs).toBeLessThan(5000);

    const already = await allowing.call(target('/ok'), { context, signal: AbortSignal.abort(new Error('gone')) });
    expect(already).toMatchObject({ ok: false, error: 'aborted: gone' });
  });

  describe('redirects', () => {
    it('follows one to the same origin, repeating the signed body on 307', async () => {
      const result = await allowing.call(
        target('/same-origin-307', {
          bodyTemplate: '{{ job | json }}',
          signature: { header: 'X-Maestro-Signature-256', secret: SIGNING_SECRET },
        }),
        { context },
      );
      expect(result).toMatchObject({ ok: true, status: 200, responseBody: 'received' });
      expect(receiver.seen.map(s => `${s.method} ${s.url}`)).toEqual(['POST /same-origin-307', 'POST /ok?after=307']);
      expect(receiver.seen[1].body.toString()).toBe('{"name":"nightly \\"sync\\"","id":"j1"}');
      expect(signatureValid(receiver.seen[1])).toBe(true);
    });

    it('continues as a GET without body after a 303', async () => {
      const result = await allowing.call(target('/same-origin-303', { bodyTemplate: '{{ job | json }}' }), {
        context,
      });
      expect(result).toMatchObject({ ok: true, status: 200 });
      expect(receiver.seen.map(s => `${s.method} ${s.url} ${s.body.length}`)).toEqual([
        'POST /same-origin-303 37',
        'GET /ok?after=303 0',
      ]);
    });

    it('refuses one to another origin: nothing reaches it', async () => {
      const result = await allowing.call(
        target('/other-origin', { headers: [{ name: 'Authorization', value: 'Bearer token-123', secret: true }] }),
        { context },
      );
      expect(result).toMatchObject({
        ok: false,
        status: 302,
        error: `redirect to another origin refused: ${elsewhere.origin} (only ${receiver.origin} is followed)`,
      });
      expect(elsewhere.seen).toEqual([]);
    });

    it('stops after 3 redirects', async () => {
      const result = await allowing.call(target('/loop'), { context });
      expect(result).toMatchObject({
        ok: false,
        status: 302,
        error: `more than 3 redirects: stopped at ${receiver.origin}/loop`,
      });
      expect(receiver.seen).toHaveLength(4);
    });

    it('takes a redirect as the answer when its status is expected', async () => {
      const result = await allowing.call(target('/loop', { expectedStatus: [302] }), { context });
      expect(result).toMatchObject({ ok: true, status: 302 });
      expect(receiver.seen).toHaveLength(1);
    });
  });

  describe('egress policy (checked on every connection, after DNS resolution)', () => {
    it('refuses a loopback address that is not allow-listed, before any byte is sent', async () => {
      const result = await denying.call(target('/ok'), { context });
      expect(result).toMatchObject({
        ok: false,
        error: 'egress denied: 127.0.0.1 is a loopback address; allow it with maestro.egress.allow',
      });
      expect(result.status).toBeUndefined();
      expect(receiver.seen).toEqual([]);
    });

    it('refuses a name that resolves to a loopback or private address', async () => {
      const loopback = await denying.call(target('/ok', { url: `http://hooks.example:${receiver.port}/ok` }), {
        context,
      });
      expect(loopback.error).toBe(
        'egress denied: hooks.example (127.0.0.1) is a loopback address; allow it with maestro.egress.allow',
      );
      const internal = await allowing.call(target('/ok', { url: 'http://private.example/hook', timeoutSeconds: 2 }), {
        context,
      });
      expect(internal).toMatchObject({
        ok: false,
        error: 'egress denied: private.example (10.0.0.5) is a private address; allow it with maestro.egress.allow',
      });
      expect(receiver.seen).toEqual([]);
    });

    it('reaches a name the operator allow-lists', async () => {
      const byName = new WebhookSender({ policy: new EgressPolicy({ allow: ['hooks.example'], resolve }) });
      try {
        const result = await byName.call(target('/ok', { url: `http://hooks.example:${receiver.port}/ok` }), {
          context,
        });
        expect(result).toMatchObject({ ok: true, status: 200 });
        expect(receiver.seen[0].headers.host).toBe(`hooks.example:${receiver.port}`);
      } finally {
        await byName.close();
      }
    });

    it('fromConfig reads maestro.egress.allow and refuses the backend itself', async () => {
      const fromConfig = WebhookSender.fromConfig(
        new ConfigReader({
          backend: { listen: { port: receiver.port } },
          maestro: { egress: { allow: ['127.0.0.0/8'] } },
        }),
      );
      try {
        const result = await fromConfig.call(target('/ok'), { context });
        expect(result.error).toBe(`egress denied: 127.0.0.1 port ${receiver.port} is this backend itself`);
        expect(receiver.seen).toEqual([]);
      } finally {
        await fromConfig.close();
      }
    });
  });

  it('reports a connection error without a status', async () => {
    const closed = await startServer(() => undefined);
    await closed.close();
    const result = await allowing.call(target('/ok', { url: `${closed.origin}/ok` }), { context });
    expect(result).toMatchObject({ ok: false, error: expect.stringMatching(/^request failed: .*ECONNREFUSED/) });
    expect(result.status).toBeUndefined();
  });

  it('does not send a body whose template fails to render', async () => {
    const result = await allowing.call(target('/ok', { bodyTemplate: '{{ job.blob }}{{ job.blob }}' }), {
      context: { job: { blob: 'x'.repeat(600 * 1024) } },
    });
    expect(result).toMatchObject({ ok: false, error: 'body template: the rendered body exceeds 1048576 bytes' });
    expect(receiver.seen).toEqual([]);
  });
});
