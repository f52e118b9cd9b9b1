import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { EgressPolicy } from '../../../egress';
import {
  FakeCloud,
  FakeCloudOptions,
  FakeReply,
  FakeRoute,
  PASSWORD,
  PROJECT_ID,
  RecordedRequest,
  glancePage,
  isVersionDocument,
  linksPage,
  startFakeCloud,
} from './__fixtures__/fakeOpenStack';
import {
  OpenStackAuthError,
  OpenStackConfigError,
  OpenStackConnectionError,
  OpenStackHttpError,
  OpenStackPaginationError,
  OpenStackServiceUnavailableError,
  OpenStackTimeoutError,
  classifyOpenStackError,
} from './errors';
import { OpenStackClient, OpenStackClientOptions } from './OpenStackClient';
import { isEmbeddedFlavor } from './types';
import type { NovaServer } from './types';

/** The fake cloud listens on 127.0.0.1: allow-listed, as an operator would allow a private cloud. */
const egress = new EgressPolicy({ allow: ['127.0.0.1'] });

const ids = (prefix: string, n: number) =>
  Array.from({ length: n }, (_, i) => ({ id: `${prefix}-${i}`, name: `${prefix} ${i}` }));

/** Shaped like nova's v2.75 server sample (embedded flavor, attached volumes, boot from volume). */
const servers: NovaServer[] = ids('srv', 5).map(({ id, name }) => ({
  id,
  name,
  status: 'ACTIVE',
  tenant_id: PROJECT_ID,
  created: '2024-01-01T00:00:00Z',
  updated: '2024-01-02T00:00:00Z',
  addresses: {
    private: [
      { addr: '192.168.1.30', version: 4, 'OS-EXT-IPS:type': 'fixed', 'OS-EXT-IPS-MAC:mac_addr': 'fa:16:3e:00:00:01' },
    ],
  },
  flavor: { original_name: 'm1.tiny', vcpus: 1, ram: 512, disk: 1, ephemeral: 0, swap: 0, extra_specs: {} },
  image: '',
  metadata: { role: 'web' },
  key_name: null,
  security_groups: [{ name: 'default' }],
  'os-extended-volumes:volumes_attached': [{ id: 'vol-0', delete_on_termination: false }],
  'OS-EXT-AZ:availability_zone': 'nova',
}));

/** Every listing of the client: path on the fake cloud → collection and items. */
const listings: Record<string, { collection: string; items: Array<{ id: string }> }> = {
  '/compute/v2.1/servers/detail': { collection: 'servers', items: servers },
  '/compute/v2.1/flavors/detail': { collection: 'flavors', items: ids('flv', 3) },
  '/network/v2.0/networks': { collection: 'networks', items: ids('net', 3) },
  '/internal/network/v2.0/networks': { collection: 'networks', items: ids('internal-net', 2) },
  '/network/v2.0/subnets': { collection: 'subnets', items: ids('sub', 3) },
  '/network/v2.0/ports': { collection: 'ports', items: ids('port', 4) },
  '/network/v2.0/routers': { collection: 'routers', items: ids('rtr', 1) },
  '/network/v2.0/security-groups': { collection: 'security_groups', items: ids('sg', 2) },
  [`/volume/v3/${PROJECT_ID}/volumes/detail`]: { collection: 'volumes', items: ids('vol', 3) },
  [`/volume/v3/${PROJECT_ID}/snapshots/detail`]: { collection: 'snapshots', items: ids('snap', 2) },
  '/load-balancer/v2/lbaas/loadbalancers': { collection: 'loadbalancers', items: ids('lb', 2) },
  '/load-balancer/v2/lbaas/pools': { collection: 'pools', items: ids('pool', 2) },
  '/load-balancer/v2/lbaas/pools/pool-0/members': { collection: 'members', items: ids('mbr', 3) },
};

const images = ids('img', 5);

const serviceRoutes: FakeRoute[] = [
  (req, base) => {
    const listing = listings[req.path];
    return listing && linksPage(req, base, listing.collection, listing.items);
  },
  req => (req.path === '/RegionOne/image/v2/images' ? glancePage(req, images) : undefined),
];

let cloud: FakeCloud | undefined;
let client: OpenStackClient | undefined;
/** Every error a test saw, and every secret that ever existed: checked at the end. */
const seenErrors: Error[] = [];
const secrets = new Set<string>([PASSWORD]);

async function start(options: FakeCloudOptions = {}): Promise<FakeCloud> {
  cloud = await startFakeCloud({ routes: serviceRoutes, ...options });
  return cloud;
}

function connect(c: FakeCloud, overrides: Partial<OpenStackClientOptions> = {}): OpenStackClient {
  client = new OpenStackClient({
    egress,
    authUrl: `${c.base}/identity`,
    username: 'maestro',
    userDomainName: 'Default',
    password: PASSWORD,
    projectName: 'admin',
    projectDomainId: 'default',
    ...overrides,
  });
  return client;
}

async function failure(promise: Promise<unknown>): Promise<any> {
  try {
    await promise;
  } catch (error) {
    seenErrors.push(error as Error);
    return error;
  }
  throw new Error('expected a rejection');
}

/** Listing requests (not Keystone's, not Nova's version document). */
const serviceRequests = (c: FakeCloud, pathname?: string): RecordedRequest[] =>
  c.requests.filter(
    r => !r.path.endsWith('/auth/tokens') && !isVersionDocument(r) && (!pathname || r.path === pathname),
  );

afterEach(async () => {
  await client?.close();
  client = undefined;
  if (cloud) {
    for (const token of cloud.issuedTokens) secrets.add(token);
    await cloud.close();
    cloud = undefined;
  }
});

describe('Keystone authentication', () => {
  it('posts a password auth by name and domain to {authUrl}/v3/auth/tokens and reads the token', async () => {
    const c = await start();
    const info = await connect(c).authenticate();
    expect(c.requests[0]).toMatchObject({ method: 'POST', path: '/identity/v3/auth/tokens' });
    expect(c.requests[0].headers['content-type']).toBe('application/json');
    expect(c.authBodies[0]).toEqual({
      auth: {
        identity: {
          methods: ['password'],
          password: { user: { name: 'maestro', domain: { name: 'Default' }, password: PASSWORD } },
        },
        scope: { project: { name: 'admin', domain: { id: 'default' } } },
      },
    });
    expect(info.project).toEqual({ id: PROJECT_ID, name: 'admin', domainId: 'default', domainName: 'Default' });
    expect(info.roles).toEqual(['reader']);
    expect(info.expiresAt.getTime()).toBeGreaterThan(Date.now());
    expect(JSON.stringify(info)).not.toContain(c.issuedTokens[0]);
  });

  it('authenticates by ids, with an auth URL that already ends in /v3', async () => {
    const c = await start();
    await connect(c, {
      authUrl: `${c.base}/identity/v3/`,
      username: undefined,
      userDomainName: undefined,
      userId: 'u-1',
      projectName: undefined,
      projectDomainId: undefined,
      projectId: PROJECT_ID,
    }).authenticate();
    expect(c.requests[0].path).toBe('/identity/v3/auth/tokens');
    expect(c.authBodies[0]).toEqual({
      auth: {
        identity: { methods: ['password'], password: { user: { id: 'u-1', password: PASSWORD } } },
        scope: { project: { id: PROJECT_ID } },
      },
    });
  });

  it('reports refused credentials with the user, project and auth URL but not the password', async () => {
    const c = await start();
    const error = await failure(connect(c, { password: 'wrong-Passw0rd-xyz' }).authenticate());
    secrets.add('wrong-Passw0rd-xyz');
    expect(error).toBeInstanceOf(OpenStackAuthError);
    expect(error.code).toBe('auth');
    expect(classifyOpenStackError(error)).toBe('auth');
    expect(error.message).toContain('"maestro" in domain "Default"');
    expect(error.message).toContain('project "admin" in domain id "default"');
    expect(error.message).toContain(`${c.base}/identity/v3`);
    expect(error.message).toContain('The request you have made requires authentication.');
  });

  it('sends the token from X-Subject-Token and the compute microversion headers', async () => {
    const c = await start();
    const list = await connect(c).servers('RegionOne').all();
    expect(list).toHaveLength(5);
    expect(isEmbeddedFlavor(list[0].flavor)).toBe(true);
    const [request] = serviceRequests(c);
    expect(request.headers['x-auth-token']).toBe(c.issuedTokens[0]);
    expect(request.headers['openstack-api-version']).toBe('compute 2.79');
    expect(request.headers['x-openstack-nova-api-version']).toBe('2.79');
    await connect(c, { computeMicroversion: '2.47' }).flavors('RegionOne').all();
    expect(serviceRequests(c, '/compute/v2.1/flavors/detail')[0].headers['openstack-api-version']).toBe('compute 2.47');
    // other services get no Nova header
    await client!.networks('RegionOne').all();
    expect(serviceRequests(c, '/network/v2.0/networks')[0].headers['openstack-api-version']).toBeUndefined();
  });

  it('shares one in-flight authentication among concurrent callers', async () => {
    const c = await start({ authDelayMs: 150 });
    const os = connect(c);
    const results = await Promise.all([
      os.servers('RegionOne').all(),
      os.networks('RegionOne').all(),
      os.volumes('RegionOne').all(),
      os.images('RegionOne').all(),
      os.authenticate(),
    ]);
    expect(results.slice(0, 4).map(r => (r as unknown[]).length)).toEqual([5, 3, 3, 5]);
    expect(c.authBodies).toHaveLength(1);
    expect(os.authCount).toBe(1);
  });

  it('re-authenticates when the token is within the margin of expires_at (injected clock)', async () => {
    let now = Date.parse('2030-01-01T00:00:00Z');
    const c = await start({ clock: () => now, tokenTtlMs: 3_600_000 });
    const os = connect(c, { now: () => now });
    await os.servers('RegionOne').all();
    now += 3_600_000 - 120_000; // two minutes left
    await os.servers('RegionOne').all();
    expect(c.authBodies).toHaveLength(1);
    now += 90_000; // thirty seconds left: inside the 60 s margin
    await os.servers('RegionOne').all();
    expect(c.authBodies).toHaveLength(2);
    const tokens = serviceRequests(c).map(r => r.headers['x-auth-token']);
    expect(tokens).toEqual([c.issuedTokens[0], c.issuedTokens[0], c.issuedTokens[1]]);
  });

  it('honours a configured refresh margin', async () => {
    let now = Date.parse('2030-01-01T00:00:00Z');
    const c = await start({ clock: () => now, tokenTtlMs: 3_600_000 });
    const os = connect(c, { now: () => now, tokenRefreshMarginMs: 10_000 });
    await os.authenticate();
    now += 3_600_000 - 30_000;
    await os.authenticate();
    expect(c.authBodies).toHaveLength(1);
    now += 25_000;
    await os.authenticate();
    expect(c.authBodies).toHaveLength(2);
  });

  it('re-authenticates once on a 401 mid-pagination and continues where it stopped', async () => {
    const c = await start();
    const os = connect(c, { pageSize: 2 });
    const seen: string[] = [];
    let pages = 0;
    for await (const page of os.servers('RegionOne')) {
      seen.push(...page.map(s => s.id));
      if (++pages === 1) c.revokeTokens();
    }
    expect(seen).toEqual(servers.map(s => s.id));
    expect(c.authBodies).toHaveLength(2);
    const calls = serviceRequests(c).map(r => [r.query.get('marker'), r.headers['x-auth-token']]);
    expect(calls).toEqual([
      [null, c.issuedTokens[0]],
      ['srv-1', c.issuedTokens[0]], // 401
      ['srv-1', c.issuedTokens[1]], // same page again, fresh token
      ['srv-3', c.issuedTokens[1]],
    ]);
  });

  it('throws a 401 that survives a fresh token', async () => {
    const c = await start({
      routes: [
        req =>
          req.path.endsWith('/flavors/detail') ? { status: 401, body: { error: { message: 'nope' } } } : undefined,
      ],
    });
    const error = await failure(connect(c).flavors('RegionOne').all());
    expect(error).toBeInstanceOf(OpenStackHttpError);
    expect(error.status).toBe(401);
    expect(classifyOpenStackError(error)).toBe('auth');
    expect(c.authBodies).toHaveLength(2);
    expect(serviceRequests(c)).toHaveLength(2);
  });
});

describe('service catalog', () => {
  it('looks endpoints up by type alias and region', async () => {
    const c = await start();
    const os = connect(c);
    expect(() => os.endpointFor('compute', 'RegionOne')).toThrow(OpenStackConfigError);
    await os.authenticate();
    const volume = `${c.base}/volume/v3/${PROJECT_ID}`;
    expect(os.endpointFor('volumev3', 'RegionOne')).toBe(volume);
    expect(os.endpointFor('block-storage', 'RegionOne')).toBe(volume);
    expect(os.endpointFor('volume', 'RegionOne')).toBe(volume);
    expect(os.endpointFor('load-balancer', 'RegionOne')).toBe(`${c.base}/load-balancer`);
    expect(os.endpointFor('compute', 'RegionTwo')).toBe(`${c.base}/r2/compute/v2.1`);
    expect(os.hasService('network', 'RegionOne')).toBe(true);
    expect(os.hasService('network', 'RegionTwo')).toBe(false);
    expect(os.hasService('compute', 'RegionThree')).toBe(false);
    expect(os.regions()).toEqual(['RegionOne', 'RegionTwo']);
  });

  it('uses the configured interface (network endpoint with and without /v2.0)', async () => {
    const c = await start();
    expect((await connect(c).networks('RegionOne').all()).map(n => n.id)).toEqual(['net-0', 'net-1', 'net-2']);
    const internal = connect(c, { interface: 'internal' });
    expect((await internal.networks('RegionOne').all()).map(n => n.id)).toEqual(['internal-net-0', 'internal-net-1']);
    expect(serviceRequests(c).map(r => r.path)).toEqual(['/network/v2.0/networks', '/internal/network/v2.0/networks']);
    expect(internal.regions()).toEqual(['RegionOne']);
    expect(internal.hasService('compute', 'RegionOne')).toBe(false);
  });

  it('throws OpenStackServiceUnavailableError for a service the region lacks', async () => {
    const c = await start();
    const error = await failure(connect(c).loadBalancers('RegionTwo').all());
    expect(error).toBeInstanceOf(OpenStackServiceUnavailableError);
    expect(error.code).toBe('service-unavailable');
    expect(error.message).toContain('load-balancer');
    expect(error.message).toContain('RegionTwo');
    expect(classifyOpenStackError(error)).toBe('unavailable');
    expect(serviceRequests(c)).toHaveLength(0);
  });
});

describe('listings', () => {
  it('reads every collection at its documented path', async () => {
    const c = await start();
    const os = connect(c, { pageSize: 2 });
    const r = 'RegionOne';
    const counts = {
      servers: (await os.servers(r).all()).length,
      flavors: (await os.flavors(r).all()).length,
      networks: (await os.networks(r).all()).length,
      subnets: (await os.subnets(r).all()).length,
      ports: (await os.ports(r).all()).length,
      routers: (await os.routers(r).all()).length,
      securityGroups: (await os.securityGroups(r).all()).length,
      volumes: (await os.volumes(r).all()).length,
      snapshots: (await os.snapshots(r).all()).length,
      images: (await os.images(r).all()).length,
      loadBalancers: (await os.loadBalancers(r).all()).length,
      pools: (await os.pools(r).all()).length,
      members: (await os.members(r, 'pool-0').all()).length,
    };
    expect(counts).toEqual({
      servers: 5,
      flavors: 3,
      networks: 3,
      subnets: 3,
      ports: 4,
      routers: 1,
      securityGroups: 2,
      volumes: 3,
      snapshots: 2,
      images: 5,
      loadBalancers: 2,
      pools: 2,
      members: 3,
    });
    expect(serviceRequests(c).every(req => req.query.get('limit') === '2')).toBe(true);
  });

  it('follows links page by page, as an async iterable of pages', async () => {
    const c = await start();
    const pages: string[][] = [];
    for await (const page of connect(c).ports('RegionOne', { pageSize: 3 })) pages.push(page.map(p => p.id));
    expect(pages).toEqual([['port-0', 'port-1', 'port-2'], ['port-3']]);
  });

  it("follows Glance's relative next under the path-prefixed image endpoint", async () => {
    const c = await start();
    const pages: string[][] = [];
    for await (const page of connect(c).images('RegionOne', { pageSize: 2 })) pages.push(page.map(i => i.id));
    expect(pages).toEqual([['img-0', 'img-1'], ['img-2', 'img-3'], ['img-4']]);
    expect(serviceRequests(c).map(r => `${r.path}?${r.query}`)).toEqual([
      '/RegionOne/image/v2/images?limit=2',
      '/RegionOne/image/v2/images?marker=img-1&limit=2',
      '/RegionOne/image/v2/images?marker=img-3&limit=2',
    ]);
  });

  it('adds query filters to the first page', async () => {
    const c = await start();
    await connect(c)
      .servers('RegionOne', { query: { all_tenants: true, 'changes-since': '2024-01-01' } })
      .all();
    const [request] = serviceRequests(c);
    expect(request.query.get('all_tenants')).toBe('true');
    expect(request.query.get('changes-since')).toBe('2024-01-01');
    expect(request.query.get('limit')).toBe('1000');
  });

  it('stops a listing whose next link repeats', async () => {
    const c = await start({
      routes: [
        (req, base) =>
          req.path === '/compute/v2.1/servers/detail'
            ? {
                body: {
                  servers: [servers[0]],
                  servers_links: [{ rel: 'next', href: `${base}/compute/v2.1/servers/detail?limit=1000&marker=srv-0` }],
                },
              }
            : undefined,
      ],
    });
    const error = await failure(connect(c).servers('RegionOne').all());
    expect(error).toBeInstanceOf(OpenStackPaginationError);
    expect(serviceRequests(c)).toHaveLength(2);
  });
});

describe('errors', () => {
  const failing: FakeRoute = (req): FakeReply | undefined => {
    if (req.path === '/compute/v2.1/servers/detail') {
      return { status: 404, body: { itemNotFound: { code: 404, message: 'Instance could not be found.' } } };
    }
    if (req.path === '/network/v2.0/ports') {
      return {
        status: 404,
        body: { NeutronError: { type: 'PortNotFound', message: 'Port p-1 could not be found.', detail: '' } },
      };
    }
    if (req.path === '/load-balancer/v2/lbaas/pools') {
      return { status: 404, body: { faultcode: 'Client', faultstring: 'Pool p could not be found.', debuginfo: null } };
    }
    if (req.path === '/RegionOne/image/v2/images') {
      return {
        status: 404,
        headers: { 'Content-Type': 'text/html; charset=UTF-8' },
        body: '<html>\n <head>\n  <title>404 Not Found</title>\n </head>\n <body>\n  <h1>404 Not Found</h1>\n  The resource could not be found.<br /><br />\n </body>\n</html>',
      };
    }
    if (req.path.endsWith('/volumes/detail')) {
      return {
        status: 403,
        headers: { 'X-OpenStack-Request-Id': 'req-42' },
        body: { forbidden: { code: 403, message: "Policy doesn't allow volume:get_all to be performed." } },
      };
    }
    if (req.path.endsWith('/snapshots/detail')) {
      // a misbehaving service that echoes the caller's token
      return {
        status: 500,
        body: { computeFault: { code: 500, message: `bad token ${req.headers['x-auth-token']}` } },
      };
    }
    return undefined;
  };

  it("extracts each service's own message", async () => {
    const c = await start({ routes: [failing] });
    const os = connect(c);
    const nova = await failure(os.servers('RegionOne').all());
    expect(nova).toBeInstanceOf(OpenStackHttpError);
    expect(nova).toMatchObject({
      status: 404,
      service: 'compute',
      method: 'GET',
      detail: 'Instance could not be found.',
    });
    expect(nova.url).toBe(`${c.base}/compute/v2.1/servers/detail?limit=1000`);
    expect(nova.message).toBe(
      `compute GET ${c.base}/compute/v2.1/servers/detail?limit=1000 returned HTTP 404: Instance could not be found.`,
    );
    expect((await failure(os.ports('RegionOne').all())).detail).toBe('Port p-1 could not be found.');
    expect((await failure(os.pools('RegionOne').all())).detail).toBe('Pool p could not be found.');
    expect((await failure(os.images('RegionOne').all())).detail).toBe('404 Not Found The resource could not be found.');
    const cinder = await failure(os.volumes('RegionOne').all());
    expect(cinder).toMatchObject({ status: 403, service: 'block-storage', requestId: 'req-42' });
    expect(cinder.detail).toBe("Policy doesn't allow volume:get_all to be performed.");
    expect(classifyOpenStackError(cinder)).toBe('denied');
  });

  it('blanks a token a service echoes back', async () => {
    const c = await start({ routes: [failing] });
    const error = await failure(connect(c).snapshots('RegionOne').all());
    expect(error.status).toBe(500);
    expect(error.detail).toBe('bad token ***');
    expect(error.message).not.toContain(c.issuedTokens[0]);
  });

  it('times out a request that gets no answer', async () => {
    const c = await start({ routes: [req => (req.path.endsWith('/servers/detail') ? { hang: true } : undefined)] });
    const started = Date.now();
    const error = await failure(connect(c, { timeoutMs: 300 }).servers('RegionOne').all());
    expect(error).toBeInstanceOf(OpenStackTimeoutError);
    expect(error).toMatchObject({ code: 'timeout', service: 'compute', timeoutMs: 300 });
    expect(error.message).toContain('timed out after 300 ms');
    expect(classifyOpenStackError(error)).toBe('error');
    expect(Date.now() - started).toBeLessThan(5_000);
  });

  it("rejects with the caller's abort reason, not a timeout", async () => {
    const c = await start({ routes: [req => (req.path.endsWith('/servers/detail') ? { hang: true } : undefined)] });
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 100);
    const error = await failure(
      connect(c, { timeoutMs: 10_000 }).servers('RegionOne', { signal: controller.signal }).all(),
    );
    expect(error.name).toBe('AbortError');
    expect(error).not.toBeInstanceOf(OpenStackTimeoutError);
  });

  it('reports a refused connection', async () => {
    const server = http.createServer();
    await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    await new Promise(resolve => server.close(resolve));
    client = new OpenStackClient({
      egress,
      authUrl: `http://127.0.0.1:${port}`,
      username: 'u',
      password: PASSWORD,
      projectId: 'p',
    });
    const error = await failure(client.authenticate());
    expect(error).toBeInstanceOf(OpenStackConnectionError);
    expect(error.causeCode).toBe('ECONNREFUSED');
    expect(error.message).toContain(`identity POST http://127.0.0.1:${port}/v3/auth/tokens failed: ECONNREFUSED`);
  });
});

describe('Retry-After', () => {
  const throttled = (times: number, reply: { status: number; retryAfter?: string }) => {
    let calls = 0;
    const route: FakeRoute = (req): FakeReply | undefined => {
      if (!req.path.endsWith('/flavors/detail')) return undefined;
      calls++;
      if (calls > times) return undefined; // the listing route answers
      return {
        status: reply.status,
        headers: reply.retryAfter === undefined ? {} : { 'Retry-After': reply.retryAfter },
        body: { overLimit: { code: reply.status, message: 'slow down' } },
      };
    };
    return [route, ...serviceRoutes];
  };

  it('retries a 429 with Retry-After, then succeeds', async () => {
    const c = await start({ routes: throttled(2, { status: 429, retryAfter: '0' }) });
    const flavors = await connect(c, { retryBaseDelayMs: 10 }).flavors('RegionOne').all();
    expect(flavors).toHaveLength(3);
    expect(serviceRequests(c)).toHaveLength(3);
  });

  it('gives up after three retries and classifies the error as throttled', async () => {
    const c = await start({ routes: throttled(100, { status: 429, retryAfter: '0' }) });
    const error = await failure(connect(c, { retryBaseDelayMs: 5 }).flavors('RegionOne').all());
    expect(error).toMatchObject({ status: 429, retryAfterMs: 0, detail: 'slow down' });
    expect(classifyOpenStackError(error)).toBe('throttled');
    expect(serviceRequests(c)).toHaveLength(4);
  });

  it('retries a 503 only when it says when to come back', async () => {
    const c = await start({ routes: throttled(1, { status: 503 }) });
    const error = await failure(connect(c, { retryBaseDelayMs: 5 }).flavors('RegionOne').all());
    expect(error.status).toBe(503);
    expect(classifyOpenStackError(error)).toBe('error');
    expect(serviceRequests(c)).toHaveLength(1);
    for (const token of c.issuedTokens) secrets.add(token);
    await c.close();
    cloud = undefined;
    const again = await start({ routes: throttled(1, { status: 503, retryAfter: '0' }) });
    expect(await connect(again, { retryBaseDelayMs: 5 }).flavors('RegionOne').all()).toHaveLength(3);
    expect(serviceRequests(again)).toHaveLength(2);
  });

  it('does not wait beyond the cap, and the wait is abortable', async () => {
    const c = await start({ routes: throttled(100, { status: 429, retryAfter: '120' }) });
    const error = await failure(connect(c, { maxRetryDelayMs: 10_000 }).flavors('RegionOne').all());
    expect(error).toMatchObject({ status: 429, retryAfterMs: 120_000 });
    expect(serviceRequests(c)).toHaveLength(1);

    const controller = new AbortController();
    const slow = connect(c, { maxRetryDelayMs: 200_000 });
    const started = Date.now();
    setTimeout(() => controller.abort(), 100);
    const aborted = await failure(slow.flavors('RegionOne', { signal: controller.signal }).all());
    expect(aborted.name).toBe('AbortError');
    expect(Date.now() - started).toBeLessThan(5_000);
  });
});

describe('TLS', () => {
  const fixtures = path.join(__dirname, '__fixtures__');
  const tls = {
    cert: fs.readFileSync(path.join(fixtures, 'selfsigned-cert.pem'), 'utf8'),
    key: fs.readFileSync(path.join(fixtures, 'selfsigned-key.pem'), 'utf8'),
  };

  it('refuses a self-signed server without the CA bundle', async () => {
    const c = await start({ tls });
    const error = await failure(connect(c).authenticate());
    expect(error).toBeInstanceOf(OpenStackConnectionError);
    expect(error.causeCode).toMatch(/SELF_SIGNED|UNABLE_TO_VERIFY/);
    expect(c.requests).toHaveLength(0);
  });

  it('trusts it with the CA bundle', async () => {
    const c = await start({ tls });
    const os = connect(c, { caBundle: tls.cert });
    expect(c.base.startsWith('https://')).toBe(true);
    expect(await os.servers('RegionOne').all()).toHaveLength(5);
  });

  it('accepts it when explicitly insecure', async () => {
    const c = await start({ tls });
    expect(await connect(c, { insecure: true }).networks('RegionOne').all()).toHaveLength(3);
  });
});

// Jest runs the tests of a file in order: this one sees the errors of all the others.
describe('secrets', () => {
  it('never put the password or a token in an error message', () => {
    expect(seenErrors.length).toBeGreaterThan(10);
    for (const error of seenErrors) {
      for (const secret of secrets) expect(`${error.message} ${String(error.stack)}`).not.toContain(secret);
    }
  });
});
