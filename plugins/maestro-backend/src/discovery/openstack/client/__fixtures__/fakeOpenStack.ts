import http from 'node:http';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import type { KeystoneCatalogService } from '../types';

/** The password the fake Keystone accepts. */
export const PASSWORD = 'S3cret-Passw0rd!';
export const PROJECT_ID = 'a6944d763bf64ee6a275f1263fae0352';

/** A request the fake cloud received. */
export interface RecordedRequest {
  method: string;
  path: string;
  query: URLSearchParams;
  headers: http.IncomingHttpHeaders;
  body: string;
}

/** What a route answers; `hang` never answers (timeouts). */
export interface FakeReply {
  status?: number;
  headers?: Record<string, string>;
  body?: unknown;
  hang?: boolean;
}

export type FakeRoute = (request: RecordedRequest, base: string) => FakeReply | undefined;

export interface FakeCloudOptions {
  /** Service routes, tried in order after Keystone; undefined means "not mine". */
  routes?: FakeRoute[];
  /** Catalog of the issued tokens; default {@link defaultCatalog}. */
  catalog?: (base: string) => KeystoneCatalogService[];
  /** Clock for `expires_at`; default `Date.now`. */
  clock?: () => number;
  tokenTtlMs?: number;
  /** Delay before Keystone answers (concurrency tests). */
  authDelayMs?: number;
  /** TLS key and certificate: serve HTTPS. */
  tls?: { key: string; cert: string };
  /**
   * The microversions Nova's version document (`GET …/compute/v2.1`, no token needed) announces; default 2.1 to
   * 2.96 (Dalmatian). `null`: no version document (404), as behind a proxy that hides it.
   */
  computeVersions?: { min: string; max: string } | null;
  /** Answers Keystone's `POST …/auth/tokens` instead of the fake's own check (a misbehaving Keystone or proxy). */
  keystone?: (request: RecordedRequest, base: string) => FakeReply | undefined;
  /** Answered before anything else, with no token needed (redirects of a proxy in front of the cloud). */
  before?: FakeRoute[];
}

/** Whether a request is the client reading Nova's version document (not a listing). */
export const isVersionDocument = (request: RecordedRequest) =>
  request.method === 'GET' && /\/compute\/(v2\.1\/?)?$/.test(request.path);

export interface FakeCloud {
  base: string;
  requests: RecordedRequest[];
  /** Bodies of `POST /auth/tokens`, parsed. */
  authBodies: any[];
  issuedTokens: string[];
  /** Makes every issued token invalid (the services then answer 401). */
  revokeTokens(): void;
  close(): Promise<void>;
}

/** RegionOne has every service (public + internal network); RegionTwo only compute. */
export function defaultCatalog(base: string): KeystoneCatalogService[] {
  const endpoint = (region: string, iface: string, url: string) => ({
    id: `${region}-${iface}-${url}`,
    interface: iface,
    region,
    region_id: region,
    url,
  });
  return [
    {
      type: 'identity',
      name: 'keystone',
      endpoints: [endpoint('RegionOne', 'public', `${base}/identity`)],
    },
    {
      type: 'compute',
      name: 'nova',
      endpoints: [
        endpoint('RegionOne', 'public', `${base}/compute/v2.1`),
        endpoint('RegionTwo', 'public', `${base}/r2/compute/v2.1`),
      ],
    },
    {
      type: 'network',
      name: 'neutron',
      endpoints: [
        endpoint('RegionOne', 'public', `${base}/network/`),
        endpoint('RegionOne', 'internal', `${base}/internal/network/v2.0`),
      ],
    },
    {
      type: 'volumev3',
      name: 'cinderv3',
      endpoints: [endpoint('RegionOne', 'public', `${base}/volume/v3/${PROJECT_ID}`)],
    },
    { type: 'image', name: 'glance', endpoints: [endpoint('RegionOne', 'public', `${base}/RegionOne/image`)] },
    {
      type: 'load-balancer',
      name: 'octavia',
      endpoints: [endpoint('RegionOne', 'public', `${base}/load-balancer`)],
    },
  ];
}

/** Answers a `limit`/`marker` listing with `<collection>_links` (absolute hrefs), like Nova, Neutron, Cinder, Octavia. */
export function linksPage<T extends { id: string }>(
  request: RecordedRequest,
  base: string,
  collection: string,
  items: T[],
): FakeReply {
  const limit = Number(request.query.get('limit') ?? 1000);
  const marker = request.query.get('marker');
  const start = marker ? items.findIndex(item => item.id === marker) + 1 : 0;
  const page = items.slice(start, start + limit);
  const body: Record<string, unknown> = { [collection]: page };
  if (start + limit < items.length) {
    const next = new URL(`${base}${request.path}`);
    next.searchParams.set('limit', String(limit));
    next.searchParams.set('marker', page[page.length - 1].id);
    body[`${collection}_links`] = [{ rel: 'next', href: next.toString() }];
  }
  return { body };
}

/** Answers like Glance: a relative `next` without the proxy's path prefix. */
export function glancePage<T extends { id: string }>(request: RecordedRequest, items: T[]): FakeReply {
  const limit = Number(request.query.get('limit') ?? 25);
  const marker = request.query.get('marker');
  const start = marker ? items.findIndex(item => item.id === marker) + 1 : 0;
  const page = items.slice(start, start + limit);
  const body: Record<string, unknown> = { images: page, first: '/v2/images', schema: '/v2/schemas/images' };
  if (start + limit < items.length) body.next = `/v2/images?marker=${page[page.length - 1].id}&limit=${limit}`;
  return { body };
}

/** Starts a fake Keystone plus the given service routes on 127.0.0.1 (random port). */
export async function startFakeCloud(options: FakeCloudOptions = {}): Promise<FakeCloud> {
  const requests: RecordedRequest[] = [];
  const authBodies: any[] = [];
  const issuedTokens: string[] = [];
  const valid = new Set<string>();
  const clock = options.clock ?? Date.now;
  let base = '';

  const handler = (req: http.IncomingMessage, res: http.ServerResponse) => {
    const chunks: Buffer[] = [];
    req.on('data', chunk => chunks.push(chunk));
    req.on('end', () => {
      const url = new URL(req.url ?? '/', base);
      const recorded: RecordedRequest = {
        method: req.method ?? 'GET',
        path: url.pathname,
        query: url.searchParams,
        headers: req.headers,
        body: Buffer.concat(chunks).toString('utf8'),
      };
      requests.push(recorded);
      const send = (reply: FakeReply) => {
        if (reply.hang) return;
        const text = typeof reply.body === 'string' ? reply.body : JSON.stringify(reply.body ?? {});
        res.writeHead(reply.status ?? 200, { 'Content-Type': 'application/json', ...reply.headers });
        res.end(text);
      };
      for (const route of options.before ?? []) {
        const reply = route(recorded, base);
        if (reply) {
          send(reply);
          return;
        }
      }
      if (recorded.method === 'POST' && /\/v3\/auth\/tokens$/.test(recorded.path)) {
        const custom = options.keystone?.(recorded, base);
        if (custom) {
          send(custom);
          return;
        }
        const body = JSON.parse(recorded.body);
        authBodies.push(body);
        const answer = () => {
          if (body?.auth?.identity?.password?.user?.password !== PASSWORD) {
            send({
              status: 401,
              body: {
                error: {
                  code: 401,
                  title: 'Unauthorized',
                  message: 'The request you have made requires authentication.',
                },
              },
            });
            return;
          }
          const token = `gAAAAAB-token-${issuedTokens.length + 1}-${Math.random().toString(36).slice(2)}`;
          issuedTokens.push(token);
          valid.add(token);
          send({
            status: 201,
            headers: { 'X-Subject-Token': token },
            body: {
              token: {
                methods: ['password'],
                expires_at: new Date(clock() + (options.tokenTtlMs ?? 3_600_000)).toISOString(),
                issued_at: new Date(clock()).toISOString(),
                user: { id: 'u-1', name: 'maestro', domain: { id: 'default', name: 'Default' } },
                project: { id: PROJECT_ID, name: 'admin', domain: { id: 'default', name: 'Default' } },
                roles: [{ id: 'r-1', name: 'reader' }],
                catalog: (options.catalog ?? defaultCatalog)(base),
              },
            },
          });
        };
        if (options.authDelayMs) setTimeout(answer, options.authDelayMs);
        else answer();
        return;
      }
      const versions = options.computeVersions === undefined ? { min: '2.1', max: '2.96' } : options.computeVersions;
      if (versions && /\/compute\/v2\.1\/?$/.test(recorded.path) && recorded.method === 'GET') {
        send({
          body: {
            version: {
              id: 'v2.1',
              status: 'CURRENT',
              version: versions.max,
              min_version: versions.min,
              updated: '2013-07-23T11:33:21Z',
              links: [{ rel: 'self', href: `${base}${recorded.path}` }],
            },
          },
        });
        return;
      }
      const token = req.headers['x-auth-token'];
      if (typeof token !== 'string' || !valid.has(token)) {
        send({ status: 401, body: { error: { code: 401, title: 'Unauthorized', message: 'token rejected' } } });
        return;
      }
      for (const route of options.routes ?? []) {
        const reply = route(recorded, base);
        if (reply) {
          send(reply);
          return;
        }
      }
      send({ status: 404, body: '<html><body><h1>404 Not Found</h1>no route</body></html>' });
    });
  };

  const server = options.tls
    ? https.createServer({ key: options.tls.key, cert: options.tls.cert }, handler)
    : http.createServer(handler);
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  base = `${options.tls ? 'https' : 'http'}://127.0.0.1:${port}`;

  return {
    base,
    requests,
    authBodies,
    issuedTokens,
    revokeTokens: () => valid.clear(),
    close: () =>
      new Promise<void>(resolve => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** A plain server that records what reaches it (another origin a redirect or a link points to). */
export async function startRecorder(host = '127.0.0.1'): Promise<{
  base: string;
  requests: RecordedRequest[];
  close(): Promise<void>;
}> {
  const requests: RecordedRequest[] = [];
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', chunk => chunks.push(chunk));
    req.on('end', () => {
      const url = new URL(req.url ?? '/', 'http://recorder');
      requests.push({
        method: req.method ?? 'GET',
        path: url.pathname,
        query: url.searchParams,
        headers: req.headers,
        body: Buffer.concat(chunks).toString('utf8'),
      });
      res.writeHead(200, { 'Content-Type': 'application/json' });
      res.end('{"servers": []}');
    });
  });
  await new Promise<void>(resolve => server.listen(0, host, resolve));
  const { port } = server.address() as AddressInfo;
  return {
    base: `http://${host}:${port}`,
    requests,
    close: () =>
      new Promise<void>(resolve => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
