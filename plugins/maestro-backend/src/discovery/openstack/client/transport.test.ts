import { EgressPolicy } from '../../../egress';
import {
  FakeCloud,
  FakeCloudOptions,
  PASSWORD,
  defaultCatalog,
  linksPage,
  startFakeCloud,
  startRecorder,
} from './__fixtures__/fakeOpenStack';
import {
  OpenStackConnectionError,
  OpenStackHttpError,
  OpenStackRedirectError,
  OpenStackResponseError,
  classifyOpenStackError,
} from './errors';
import { OpenStackClient, OpenStackClientOptions } from './OpenStackClient';

/**
 * Where the client's requests may go and what they carry: every connection through the egress policy (after DNS
 * resolution), redirects and next links only within the origin they were meant for (the password and the token
 * never leave it), and bodies read up to a limit.
 */

const allowLocal = new EgressPolicy({ allow: ['127.0.0.1'] });
const servers = Array.from({ length: 4 }, (_, i) => ({ id: `srv-${i}`, name: `srv ${i}` }));

let cloud: FakeCloud | undefined;
let client: OpenStackClient | undefined;
const recorders: Array<{ close(): Promise<void> }> = [];

afterEach(async () => {
  await client?.close();
  client = undefined;
  await cloud?.close();
  cloud = undefined;
  await Promise.all(recorders.splice(0).map(r => r.close()));
});

async function start(options: FakeCloudOptions = {}): Promise<FakeCloud> {
  cloud = await startFakeCloud(options);
  return cloud;
}

async function recorder(host?: string) {
  const r = await startRecorder(host);
  recorders.push(r);
  return r;
}

function connect(c: FakeCloud, overrides: Partial<OpenStackClientOptions> = {}): OpenStackClient {
  client = new OpenStackClient({
    egress: allowLocal,
    authUrl: `${c.base}/identity`,
    username: 'maestro',
    password: PASSWORD,
    projectName: 'admin',
    ...overrides,
  });
  return client;
}

async function failure(promise: Promise<unknown>): Promise<any> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected a rejection');
}

/** The default catalog with Nova of RegionOne at another URL. */
const novaAt = (url: string) => (base: string) =>
  defaultCatalog(base).map(service =>
    service.type === 'compute' ? { ...service, endpoints: [{ ...service.endpoints[0], url }] } : service,
  );

describe('egress', () => {
  it('refuses a catalog endpoint at a denied address: the egress error, and that server sees no request', async () => {
    const denied = await recorder('127.0.0.2');
    const c = await start({ catalog: novaAt(`${denied.base}/compute/v2.1`) });
    const error = await failure(connect(c).servers('RegionOne').all());
    expect(error).toBeInstanceOf(OpenStackConnectionError);
    expect(error.causeCode).toBe('EGRESS_DENIED');
    expect(error.message).toContain(
      'egress denied: 127.0.0.2 is a loopback address; allow it with maestro.egress.allow',
    );
    expect(denied.requests).toHaveLength(0);
    expect(classifyOpenStackError(error)).toBe('error');
  });

  it('checks host names after DNS resolution', async () => {
    const denied = await recorder('127.0.0.2');
    const port = new URL(denied.base).port;
    const c = await start({ catalog: novaAt(`http://nova.cloud.test:${port}/compute/v2.1`) });
    const resolve = async (host: string) =>
      host === 'nova.cloud.test' ? [{ address: '127.0.0.2', family: 4 }] : [{ address: '127.0.0.1', family: 4 }];
    const error = await failure(
      connect(c, { egress: new EgressPolicy({ allow: ['127.0.0.1'], resolve }) })
        .servers('RegionOne')
        .all(),
    );
    expect(error.message).toContain('egress denied: nova.cloud.test (127.0.0.2) is a loopback address');
    expect(denied.requests).toHaveLength(0);
  });

  it('refuses Keystone itself at a denied address before sending the password', async () => {
    const denied = await recorder('127.0.0.2');
    const error = await failure(connect({ base: denied.base } as FakeCloud).authenticate());
    expect(error.causeCode).toBe('EGRESS_DENIED');
    expect(denied.requests).toHaveLength(0);
  });
});

describe('redirects and next links stay within their origin', () => {
  it('never posts the password to the other origin of a Keystone 307', async () => {
    const elsewhere = await recorder();
    const c = await start({
      keystone: () => ({ status: 307, headers: { Location: `${elsewhere.base}/v3/auth/tokens` } }),
    });
    const error = await failure(connect(c).authenticate());
    expect(error).toBeInstanceOf(OpenStackRedirectError);
    expect(error.message).toBe(
      `identity POST ${c.base}/identity/v3/auth/tokens was redirected to another origin (${elsewhere.base}): refused, credentials and tokens are only sent to ${c.base}`,
    );
    expect(elsewhere.requests).toHaveLength(0);
  });

  it('follows a redirect within the origin, the password posted again there', async () => {
    const c = await start({
      before: [
        req =>
          req.path === '/old/v3/auth/tokens'
            ? { status: 308, headers: { Location: '/identity/v3/auth/tokens' } }
            : undefined,
      ],
    });
    const info = await connect(c, { authUrl: `${c.base}/old` }).authenticate();
    expect(info.project?.name).toBe('admin');
    expect(c.requests.map(r => `${r.method} ${r.path}`)).toEqual([
      'POST /old/v3/auth/tokens',
      'POST /identity/v3/auth/tokens',
    ]);
    expect(c.authBodies[0].auth.identity.password.user.password).toBe(PASSWORD);
  });

  it('never sends the token to the other origin of a service redirect', async () => {
    const elsewhere = await recorder();
    const c = await start({
      routes: [
        req =>
          req.path === '/compute/v2.1/servers/detail'
            ? { status: 302, headers: { Location: `${elsewhere.base}/servers/detail` } }
            : undefined,
      ],
    });
    const error = await failure(connect(c).servers('RegionOne').all());
    expect(error).toBeInstanceOf(OpenStackRedirectError);
    expect(error.location).toBe(elsewhere.base);
    expect(elsewhere.requests).toHaveLength(0);
  });

  it('follows a service redirect within the origin, and refuses an endless one', async () => {
    const c = await start({
      routes: [
        req =>
          req.path === '/compute/v2.1/servers/detail'
            ? { status: 301, headers: { Location: '/compute/v2.1/moved' } }
            : undefined,
        (req, base) => (req.path === '/compute/v2.1/moved' ? linksPage(req, base, 'servers', servers) : undefined),
        req => (req.path === '/network/v2.0/networks' ? { status: 302, headers: { Location: req.path } } : undefined),
      ],
    });
    const os = connect(c);
    expect((await os.servers('RegionOne').all()).map(s => s.id)).toEqual(servers.map(s => s.id));
    const moved = c.requests.filter(r => r.path === '/compute/v2.1/moved');
    expect(moved[0].headers['x-auth-token']).toBe(c.issuedTokens[0]);
    const endless = await failure(os.networks('RegionOne').all());
    expect(endless).toBeInstanceOf(OpenStackRedirectError);
    expect(endless.message).toMatch(/was redirected more than 5 times: stopped/);
  });

  it('refuses an absolute next link to another origin, which sees no request', async () => {
    const elsewhere = await recorder();
    const c = await start({
      routes: [
        req =>
          req.path === '/compute/v2.1/servers/detail'
            ? {
                body: {
                  servers: servers.slice(0, 2),
                  servers_links: [{ rel: 'next', href: `${elsewhere.base}/compute/v2.1/servers/detail?marker=srv-1` }],
                },
              }
            : undefined,
      ],
    });
    const error = await failure(connect(c).servers('RegionOne').all());
    expect(error).toBeInstanceOf(OpenStackResponseError);
    expect(error.message).toBe(
      `the next link of ${c.base}/compute/v2.1/servers/detail points to another origin (${elsewhere.base}): refused, the token is only sent to ${c.base}`,
    );
    expect(elsewhere.requests).toHaveLength(0);
  });
});

describe('bounded reads', () => {
  const page = (size: number) => ({
    servers: [{ id: 'big', name: 'x'.repeat(size) }],
  });

  it('fails a success body beyond maxResponseBytes, announced or streamed, with a clear error', async () => {
    const c = await start({
      routes: [
        req => (req.path === '/compute/v2.1/servers/detail' ? { body: page(2 * 2 ** 20) } : undefined),
        req =>
          req.path === '/compute/v2.1/flavors/detail'
            ? { headers: { 'Transfer-Encoding': 'chunked' }, body: { flavors: page(2 * 2 ** 20).servers } }
            : undefined,
      ],
    });
    const os = connect(c, { maxResponseBytes: 2 ** 20 });
    for (const listing of [os.servers('RegionOne'), os.flavors('RegionOne')]) {
      const error = await failure(listing.all());
      expect(error).toBeInstanceOf(OpenStackResponseError);
      expect(error.message).toMatch(
        /^compute GET .* answered more than 1048576 bytes: not read \(raise maestro.discovery.openstack.maxResponseBytes/,
      );
    }
    expect(
      await connect(c, { maxResponseBytes: 4 * 2 ** 20 })
        .servers('RegionOne')
        .all(),
    ).toHaveLength(1);
  });

  it('handles a 4 MB <script>-heavy 500 from its first 64 KiB, without freezing the event loop', async () => {
    const body = `<html><head><title>oops</title></head><body><h1>500 Internal Server Error</h1>${'<script>x'.repeat(
      460_000,
    )}</body></html>`;
    expect(body.length).toBeGreaterThan(4_000_000);
    const c = await start({
      routes: [
        req =>
          req.path === '/compute/v2.1/servers/detail'
            ? { status: 500, headers: { 'Content-Type': 'text/html' }, body }
            : undefined,
      ],
    });
    let ticks = 0;
    const ticker = setInterval(() => ticks++, 1);
    try {
      const error = await failure(connect(c).servers('RegionOne').all());
      expect(error).toBeInstanceOf(OpenStackHttpError);
      expect(error.status).toBe(500);
      expect(error.detail).toMatch(/^500 Internal Server Error x x x/);
      expect(error.detail.length).toBeLessThanOrEqual(300);
    } finally {
      clearInterval(ticker);
    }
    // the timer kept firing while the request was answered and read
    expect(ticks).toBeGreaterThan(0);
  });
});
