import { startCloudSimulatorsCli } from '../cli';
import { startOpenStackSimulator, type OpenStackSimulator } from './server/OpenStackSimulator';
import { MarkerIndex, paginate } from './server/pagination';
import type { ServiceRequest } from './server/types';
import { DEMO_OPENSTACK_ACCOUNT, generateOpenStackWorld } from './world/generateOpenStackWorld';

const ACCOUNT = DEMO_OPENSTACK_ACCOUNT;
const R1 = 'RegionOne';
const R2 = 'RegionTwo';

// Generous: every test talks HTTP, which is slow inside Jest on a busy machine.
jest.setTimeout(30_000);

/** A world where every listing spans several pages at small page sizes. */
const world = generateOpenStackWorld({
  seed: 11,
  sizes: {
    servers: 45,
    volumes: 50,
    networks: 4,
    subnets: 7,
    routers: 3,
    securityGroups: 9,
    flavors: 14,
    images: 11,
    snapshots: 17,
    loadBalancers: 6,
    floatingIps: 9,
  },
});
const region = world.region(R1);

let simulator: OpenStackSimulator;

beforeEach(async () => {
  simulator = await startOpenStackSimulator({ world });
});

afterEach(async () => {
  await simulator.close();
});

type Json = Record<string, any>;

function passwordAuth(
  user: Json = {
    name: ACCOUNT.username,
    domain: { id: ACCOUNT.userDomainId },
    password: ACCOUNT.password,
  },
  scope: Json | undefined = {
    project: { name: ACCOUNT.projectName, domain: { id: 'default' } },
  },
): Json {
  return {
    auth: {
      identity: { methods: ['password'], password: { user } },
      ...(scope ? { scope } : {}),
    },
  };
}

async function requestToken(
  body: Json = passwordAuth(),
  sim = simulator,
): Promise<{ status: number; token: string | null; body: Json }> {
  const response = await fetch(`${sim.authUrl}/auth/tokens`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  return {
    status: response.status,
    token: response.headers.get('x-subject-token'),
    body: (await response.json()) as Json,
  };
}

async function login(sim = simulator): Promise<string> {
  const { token } = await requestToken(passwordAuth(), sim);
  return token!;
}

async function get(
  url: string,
  token: string | undefined,
  headers: Record<string, string> = {},
): Promise<{ status: number; headers: Headers; body: any; text: string }> {
  const response = await fetch(url, {
    headers: token ? { 'x-auth-token': token, ...headers } : headers,
  });
  const text = await response.text();
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    body = undefined;
  }
  return { status: response.status, headers: response.headers, body, text };
}

/** The next page's URL of a listing, whatever the service's style. */
function nextUrl(body: Json, key: string, imageEndpoint?: string): string | undefined {
  if (imageEndpoint) return body.next ? `${imageEndpoint}${body.next}` : undefined;
  const links = body[`${key}_links`] as Array<{ rel: string; href: string }> | undefined;
  return links?.find(l => l.rel === 'next')?.href;
}

/** Follows next links to the end; returns every id and the number of pages. */
async function crawl(
  firstUrl: string,
  token: string,
  key: string,
  options: { imageEndpoint?: string; headers?: Record<string, string> } = {},
): Promise<{ ids: string[]; pages: number; items: Json[] }> {
  const items: Json[] = [];
  let pages = 0;
  let url: string | undefined = firstUrl;
  while (url) {
    const page = await get(url, token, options.headers);
    expect(page.status).toBe(200);
    items.push(...(page.body[key] as Json[]));
    pages++;
    url = nextUrl(page.body, key, options.imageEndpoint);
    expect(pages).toBeLessThan(1000);
  }
  return { ids: items.map(i => i.id), pages, items };
}

describe('Keystone', () => {
  it('issues a project-scoped token with a catalog, by user name or id', async () => {
    const before = Date.now();
    const { status, token, body } = await requestToken();
    expect(status).toBe(201);
    expect(token).toMatch(/^gAAAAAB[\w-]{100,}$/);
    const t = body.token;
    expect(t.methods).toEqual(['password']);
    expect(t.user).toMatchObject({
      id: world.account.userId,
      name: ACCOUNT.username,
      domain: { id: 'default', name: 'Default' },
    });
    expect(t.project).toEqual({
      id: ACCOUNT.projectId,
      name: ACCOUNT.projectName,
      domain: { id: 'default', name: 'Default' },
    });
    expect(t.roles.map((r: Json) => r.name)).toEqual(['member', 'reader']);
    const issued = Date.parse(t.issued_at);
    expect(issued).toBeGreaterThanOrEqual(before - 1000);
    expect(Date.parse(t.expires_at) - issued).toBe(3600_000);
    expect(t.expires_at).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z$/);

    const base = simulator.endpoint;
    const urls: Record<string, string[]> = {};
    for (const entry of t.catalog) {
      expect(entry).toMatchObject({
        id: expect.stringMatching(/^[0-9a-f]{32}$/),
      });
      for (const e of entry.endpoints) {
        expect(['public', 'internal']).toContain(e.interface);
        expect(e.region).toBe(e.region_id);
        (urls[entry.type] ??= []).push(`${e.interface} ${e.region} ${e.url}`);
      }
    }
    expect(Object.keys(urls).sort()).toEqual([
      'block-storage',
      'compute',
      'identity',
      'image',
      'load-balancer',
      'network',
      'volumev3',
    ]);
    expect(urls.compute).toEqual([
      `public ${R1} ${base}/${R1}/compute/v2.1`,
      `internal ${R1} ${base}/${R1}/compute/v2.1`,
      `public ${R2} ${base}/${R2}/compute/v2.1`,
      `internal ${R2} ${base}/${R2}/compute/v2.1`,
    ]);
    expect(urls.network).toContain(`public ${R2} ${base}/${R2}/network`);
    expect(urls.volumev3).toContain(`public ${R1} ${base}/${R1}/volume/v3/${ACCOUNT.projectId}`);
    expect(urls['block-storage']).toEqual(urls.volumev3);
    expect(urls.image).toContain(`internal ${R1} ${base}/${R1}/image`);
    expect(urls['load-balancer']).toContain(`public ${R1} ${base}/${R1}/load-balancer`);
    expect(simulator.serviceUrl(R2, 'volumev3')).toBe(`${base}/${R2}/volume/v3/${ACCOUNT.projectId}`);

    // By ids, by domain name, and without a scope (the user's default project).
    const byIds = await requestToken(
      passwordAuth({ id: world.account.userId, password: ACCOUNT.password }, { project: { id: ACCOUNT.projectId } }),
    );
    expect(byIds.status).toBe(201);
    const byDomainName = await requestToken(
      passwordAuth(
        {
          name: ACCOUNT.username,
          domain: { name: 'Default' },
          password: ACCOUNT.password,
        },
        { project: { name: ACCOUNT.projectName, domain: { name: 'Default' } } },
      ),
    );
    expect(byDomainName.status).toBe(201);
    const unscoped = await requestToken(passwordAuth(undefined, undefined));
    expect(unscoped.status).toBe(201);
    expect(unscoped.body.token.project.id).toBe(ACCOUNT.projectId);
    expect(simulator.stats).toMatchObject({ authRequests: 4, tokensIssued: 4 });
  });

  it('refuses wrong credentials and scopes with 401, malformed requests with 400', async () => {
    const unauthorized = {
      error: {
        code: 401,
        title: 'Unauthorized',
        message: 'The request you have made requires authentication.',
      },
    };
    for (const body of [
      passwordAuth({
        ...passwordAuth().auth.identity.password.user,
        password: 'nope',
      }),
      passwordAuth({
        name: 'mallory',
        domain: { id: 'default' },
        password: ACCOUNT.password,
      }),
      passwordAuth({
        name: ACCOUNT.username,
        domain: { id: 'other' },
        password: ACCOUNT.password,
      }),
      passwordAuth({ id: 'f'.repeat(32), password: ACCOUNT.password }),
      passwordAuth(undefined, { project: { id: 'f'.repeat(32) } }),
      passwordAuth(undefined, {
        project: { name: 'admin', domain: { id: 'default' } },
      }),
      passwordAuth(undefined, { domain: { id: 'default' } }),
    ]) {
      const refused = await requestToken(body);
      expect(refused).toEqual({ status: 401, token: null, body: unauthorized });
    }
    const malformed = await requestToken({ auth: {} });
    expect(malformed.status).toBe(400);
    expect(malformed.body.error).toMatchObject({
      code: 400,
      title: 'Bad Request',
    });
    const noDomain = await requestToken(passwordAuth({ name: ACCOUNT.username, password: ACCOUNT.password }));
    expect(noDomain.status).toBe(400);
    expect(simulator.stats).toMatchObject({ tokensIssued: 0, unauthorized: 7 });
  });

  it('serves version documents, validates and revokes tokens', async () => {
    const version = await get(simulator.authUrl, undefined);
    expect(version.status).toBe(200);
    expect(version.body.version).toMatchObject({
      id: 'v3.14',
      status: 'stable',
    });
    expect((await get(`${simulator.endpoint}/identity`, undefined)).status).toBe(300);

    const token = await login();
    const other = await login();
    const validated = await get(`${simulator.authUrl}/auth/tokens`, token, {
      'x-subject-token': other,
    });
    expect(validated.status).toBe(200);
    expect(validated.headers.get('x-subject-token')).toBe(other);
    expect(validated.body.token.project.id).toBe(ACCOUNT.projectId);
    const catalog = await get(`${simulator.authUrl}/auth/catalog`, token);
    expect(catalog.body.catalog).toHaveLength(7);

    const revoked = await fetch(`${simulator.authUrl}/auth/tokens`, {
      method: 'DELETE',
      headers: { 'x-auth-token': token, 'x-subject-token': other },
    });
    expect(revoked.status).toBe(204);
    expect((await get(`${simulator.serviceUrl(R1, 'compute')}/servers`, other)).status).toBe(401);
    expect((await get(`${simulator.serviceUrl(R1, 'compute')}/servers`, token)).status).toBe(200);
    expect(
      (
        await get(`${simulator.authUrl}/auth/tokens`, token, {
          'x-subject-token': other,
        })
      ).status,
    ).toBe(404);
  });
});

describe('authentication of service requests', () => {
  it('answers 401 without a valid token, in each service shape', async () => {
    const message = 'The request you have made requires authentication.';
    const cases: Array<[string, (r: Awaited<ReturnType<typeof get>>) => void]> = [
      [
        `${simulator.serviceUrl(R1, 'compute')}/servers/detail`,
        r => expect(r.body).toEqual({ unauthorized: { code: 401, message } }),
      ],
      [
        `${simulator.serviceUrl(R1, 'network')}/v2.0/ports`,
        r =>
          expect(r.body).toEqual({
            NeutronError: { type: 'HTTPUnauthorized', message, detail: '' },
          }),
      ],
      [
        `${simulator.serviceUrl(R2, 'volumev3')}/volumes/detail`,
        r => expect(r.body).toEqual({ unauthorized: { code: 401, message } }),
      ],
      [
        `${simulator.serviceUrl(R1, 'image')}/v2/images`,
        r => {
          expect(r.headers.get('content-type')).toMatch(/^text\/html/);
          expect(r.text).toContain('<h1>401 Unauthorized</h1>');
        },
      ],
      [
        `${simulator.serviceUrl(R1, 'load-balancer')}/v2/lbaas/loadbalancers`,
        r =>
          expect(r.body).toEqual({
            faultcode: 'Client',
            faultstring: message,
            debuginfo: null,
          }),
      ],
    ];
    for (const token of [undefined, 'gAAAAABnot-a-token']) {
      for (const [url, check] of cases) {
        const response = await get(url, token);
        expect(response.status).toBe(401);
        expect(response.headers.get('www-authenticate')).toBe(`Keystone uri="${simulator.endpoint}/identity"`);
        check(response);
      }
    }
    expect(simulator.stats.unauthorized).toBe(10);
  });

  it('serves version discovery documents without a token', async () => {
    const compute = await get(`${simulator.endpoint}/${R1}/compute/`, undefined);
    expect(compute.body.versions[0]).toMatchObject({
      id: 'v2.1',
      version: '2.100',
      min_version: '2.1',
    });
    const network = await get(`${simulator.endpoint}/${R1}/network`, undefined);
    expect(network.body.versions[0]).toMatchObject({
      id: 'v2.0',
      status: 'CURRENT',
    });
    const volume = await get(`${simulator.endpoint}/${R1}/volume/v3`, undefined);
    expect(volume.body.versions[0]).toMatchObject({
      id: 'v3.0',
      min_version: '3.0',
    });
    const image = await get(`${simulator.endpoint}/${R1}/image/versions`, undefined);
    expect(image.body.versions[0].id).toBe('v2.17');
    const lb = await get(`${simulator.endpoint}/${R1}/load-balancer/`, undefined);
    expect(lb.body.versions.map((v: Json) => v.status)).toContain('CURRENT');
    expect((await get(`${simulator.endpoint}/RegionNine/compute/`, undefined)).status).toBe(404);
    expect((await get(`${simulator.endpoint}/${R1}/dns/`, undefined)).status).toBe(404);
  });
});

describe('listings and pagination', () => {
  const collections = (): Array<{
    name: string;
    url: string;
    key: string;
    expected: string[];
    image?: boolean;
  }> => {
    const compute = simulator.serviceUrl(R1, 'compute');
    const network = `${simulator.serviceUrl(R1, 'network')}/v2.0`;
    const volume = simulator.serviceUrl(R1, 'volumev3');
    const lbaas = `${simulator.serviceUrl(R1, 'load-balancer')}/v2/lbaas`;
    const pool = region.pools[0];
    return [
      {
        name: 'servers detail',
        url: `${compute}/servers/detail`,
        key: 'servers',
        expected: region.servers.map(s => s.id),
      },
      {
        name: 'servers',
        url: `${compute}/servers`,
        key: 'servers',
        expected: region.servers.map(s => s.id),
      },
      {
        name: 'flavors',
        url: `${compute}/flavors/detail`,
        key: 'flavors',
        expected: region.flavors.map(f => f.id),
      },
      {
        name: 'networks',
        url: `${network}/networks`,
        key: 'networks',
        expected: region.networks.map(n => n.id),
      },
      {
        name: 'subnets',
        url: `${network}/subnets`,
        key: 'subnets',
        expected: region.subnets.map(s => s.id),
      },
      {
        name: 'ports',
        url: `${network}/ports`,
        key: 'ports',
        expected: region.ports.map(p => p.id),
      },
      {
        name: 'routers',
        url: `${network}/routers`,
        key: 'routers',
        expected: region.routers.map(r => r.id),
      },
      {
        name: 'security groups',
        url: `${network}/security-groups`,
        key: 'security_groups',
        expected: region.securityGroups.map(g => g.id),
      },
      {
        name: 'floating IPs',
        url: `${network}/floatingips`,
        key: 'floatingips',
        expected: region.floatingIps.map(f => f.id),
      },
      {
        name: 'volumes',
        url: `${volume}/volumes/detail`,
        key: 'volumes',
        expected: region.volumes.map(v => v.id),
      },
      {
        name: 'snapshots',
        url: `${volume}/snapshots/detail`,
        key: 'snapshots',
        expected: region.snapshots.map(s => s.id),
      },
      {
        name: 'images',
        url: `${simulator.serviceUrl(R1, 'image')}/v2/images`,
        key: 'images',
        expected: region.images.map(i => i.id),
        image: true,
      },
      {
        name: 'load balancers',
        url: `${lbaas}/loadbalancers`,
        key: 'loadbalancers',
        expected: region.loadBalancers.map(l => l.id),
      },
      {
        name: 'listeners',
        url: `${lbaas}/listeners`,
        key: 'listeners',
        expected: region.listeners.map(l => l.id),
      },
      {
        name: 'pools',
        url: `${lbaas}/pools`,
        key: 'pools',
        expected: region.pools.map(p => p.id),
      },
      {
        name: 'members',
        url: `${lbaas}/pools/${pool.id}/members`,
        key: 'members',
        expected: region.members[pool.id].map(m => m.id),
      },
    ];
  };

  it('returns every item of every collection exactly once, in order, across pages', async () => {
    const token = await login();
    const imageEndpoint = simulator.serviceUrl(R1, 'image');
    for (const c of collections()) {
      for (const limit of [2, 5]) {
        const first = `${c.url}?limit=${limit}`;
        const { ids, pages } = await crawl(first, token, c.key, {
          imageEndpoint: c.image ? imageEndpoint : undefined,
        });
        expect({ name: c.name, ids }).toEqual({
          name: c.name,
          ids: c.expected,
        });
        expect(pages).toBe(Math.max(1, Math.ceil(c.expected.length / limit)));
      }
      // Without a limit everything fits the default page: no next link.
      const all = await get(c.url, token);
      expect(all.body[c.key].map((i: Json) => i.id)).toEqual(c.expected);
      expect(nextUrl(all.body, c.key, c.image ? imageEndpoint : undefined)).toBeUndefined();
    }
  });

  it('writes next links in each service style', async () => {
    const token = await login();
    const compute = simulator.serviceUrl(R1, 'compute');
    const servers = await get(`${compute}/servers/detail?limit=3`, token);
    expect(servers.body.servers_links).toEqual([
      {
        rel: 'next',
        href: `${compute}/servers/detail?limit=3&marker=${region.servers[2].id}`,
      },
    ]);
    const ports = await get(
      `${simulator.serviceUrl(R1, 'network')}/v2.0/ports.json?limit=2&device_owner=network:dhcp`,
      token,
    );
    expect(ports.body.ports.every((p: Json) => p.device_owner === 'network:dhcp')).toBe(true);
    expect(ports.body.ports_links[0].href).toBe(
      `${simulator.serviceUrl(R1, 'network')}/v2.0/ports?device_owner=network%3Adhcp&limit=2&marker=${
        ports.body.ports[1].id
      }`,
    );
    const images = await get(`${simulator.serviceUrl(R1, 'image')}/v2/images?limit=4`, token);
    expect(images.body).toMatchObject({
      first: '/v2/images',
      schema: '/v2/schemas/images',
      next: `/v2/images?limit=4&marker=${region.images[3].id}`,
    });
    const volumes = await get(`${simulator.serviceUrl(R1, 'volumev3')}/volumes/detail?limit=1`, token);
    expect(volumes.body.volumes_links[0].href).toBe(
      `${simulator.serviceUrl(R1, 'volumev3')}/volumes/detail?limit=1&marker=${region.volumes[0].id}`,
    );
    expect(volumes.body.volumes[0].links[0]).toEqual({
      rel: 'self',
      href: `${simulator.serviceUrl(R1, 'volumev3')}/volumes/${region.volumes[0].id}`,
    });
    const lbs = await get(`${simulator.serviceUrl(R1, 'load-balancer')}/v2/lbaas/loadbalancers?limit=100`, token);
    expect(lbs.body.loadbalancers_links).toEqual([]);
    // Neutron filters and fields.
    const server = region.servers[0];
    const serverPorts = await get(
      `${simulator.serviceUrl(R1, 'network')}/v2.0/ports?device_id=${server.id}&fields=id&fields=fixed_ips`,
      token,
    );
    expect(serverPorts.body.ports).toEqual(
      region.ports.filter(p => p.device_id === server.id).map(p => ({ id: p.id, fixed_ips: p.fixed_ips })),
    );
  });

  it('caps page sizes and rejects bad markers and limits in each service shape', async () => {
    await simulator.close();
    simulator = await startOpenStackSimulator({
      world,
      defaultPageSize: 4,
      maxPageSize: 6,
    });
    const token = await login();
    const compute = simulator.serviceUrl(R1, 'compute');
    expect((await get(`${compute}/servers`, token)).body.servers).toHaveLength(4);
    const capped = await get(`${compute}/servers?limit=50`, token);
    expect(capped.body.servers).toHaveLength(6);
    expect(capped.body.servers_links[0].href).toContain('limit=6&marker=');

    const bad = 'no-such-marker';
    expect((await get(`${compute}/servers/detail?marker=${bad}`, token)).body).toEqual({
      badRequest: { code: 400, message: `marker [${bad}] not found` },
    });
    const neutron = await get(`${simulator.serviceUrl(R1, 'network')}/v2.0/ports?marker=${bad}`, token);
    expect(neutron.status).toBe(404);
    expect(neutron.body.NeutronError.type).toBe('PortNotFound');
    const cinder = await get(`${simulator.serviceUrl(R1, 'volumev3')}/volumes/detail?marker=${bad}`, token);
    expect(cinder.status).toBe(404);
    expect(cinder.body.itemNotFound.code).toBe(404);
    expect((await get(`${simulator.serviceUrl(R1, 'image')}/v2/images?marker=${bad}`, token)).status).toBe(400);
    const octavia = await get(`${simulator.serviceUrl(R1, 'load-balancer')}/v2/lbaas/pools?marker=${bad}`, token);
    expect(octavia.status).toBe(404);
    expect(octavia.body.faultcode).toBe('Client');
    const badLimit = await get(`${compute}/servers?limit=abc`, token);
    expect(badLimit.body).toEqual({
      badRequest: { code: 400, message: 'limit param must be an integer' },
    });
    expect((await get(`${compute}/servers?limit=-1`, token)).status).toBe(400);
    // Another project's id in Cinder's URL.
    expect((await get(`${simulator.endpoint}/${R1}/volume/v3/${'a'.repeat(32)}/volumes`, token)).status).toBe(400);
    // Unknown resources.
    expect((await get(`${compute}/servers/${bad}`, token)).body.itemNotFound.code).toBe(404);
    expect((await get(`${compute}/os-hypervisors`, token)).status).toBe(404);
  });

  it('shows single resources', async () => {
    const token = await login();
    const server = region.servers[1];
    const shown = await get(`${simulator.serviceUrl(R1, 'compute')}/servers/${server.id}`, token);
    expect(shown.body.server.name).toBe(server.name);
    const port = region.ports[2];
    expect((await get(`${simulator.serviceUrl(R1, 'network')}/v2.0/ports/${port.id}`, token)).body).toEqual({ port });
    const image = region.images[0];
    expect((await get(`${simulator.serviceUrl(R1, 'image')}/v2/images/${image.id}`, token)).body).toEqual(image);
    const pool = region.pools[0];
    const member = region.members[pool.id][0];
    expect(
      (await get(`${simulator.serviceUrl(R1, 'load-balancer')}/v2/lbaas/pools/${pool.id}/members/${member.id}`, token))
        .body,
    ).toEqual({ member });
  });

  it('serves the world as it is at each request', async () => {
    const local = generateOpenStackWorld({ seed: 4, regions: [R1] });
    await simulator.close();
    simulator = await startOpenStackSimulator({ world: local });
    const token = await login();
    const r = local.region(R1);
    const volumeUrl = `${simulator.serviceUrl(R1, 'volumev3')}/volumes/detail?limit=7`;
    const before = await crawl(volumeUrl, token, 'volumes');
    r.servers[0].name = 'renamed-server';
    const gone = r.volumes.find(v => v.attachments.length > 0)!;
    local.removeVolume(R1, gone.id);
    const after = await crawl(volumeUrl, token, 'volumes');
    expect(after.ids).toEqual(before.ids.filter(id => id !== gone.id));
    const servers = await crawl(`${simulator.serviceUrl(R1, 'compute')}/servers/detail?limit=10`, token, 'servers');
    expect(servers.items[0].name).toBe('renamed-server');
    for (const server of servers.items) {
      expect(server['os-extended-volumes:volumes_attached'].map((a: Json) => a.id)).not.toContain(gone.id);
    }
  });

  it('finds markers without scanning the collection for every page', () => {
    const items = Array.from({ length: 20_000 }, (_, i) => ({ id: `id-${i}` }));
    const markers = new MarkerIndex();
    const request = (marker?: string) =>
      ({
        query: new URLSearchParams(marker ? { limit: '5', marker } : { limit: '5' }),
        pageSize: (limit?: number) => limit ?? 1000,
        markers,
      } as unknown as ServiceRequest);
    const start = Date.now();
    let marker: string | undefined;
    let seen = 0;
    do {
      const page = paginate(request(marker), items, m => new Error(m) as never);
      seen += page.items.length;
      marker = page.nextMarker;
    } while (marker);
    expect(seen).toBe(20_000);
    // 4,000 pages: an O(n) scan per page would be 40 million comparisons.
    expect(Date.now() - start).toBeLessThan(2_000);
    // A changed array (an item removed) is re-indexed, not misread.
    items.splice(10, 1);
    const page = paginate(request('id-12'), items, m => new Error(m) as never);
    expect(page.items[0].id).toBe('id-13');
  });
});

describe('Nova microversions', () => {
  it('embeds the flavor from 2.47 on and names it by id and link before', async () => {
    const token = await login();
    const url = `${simulator.serviceUrl(R1, 'compute')}/servers/detail?limit=5`;
    const server = region.servers[0];
    const flavor = region.flavors.find(f => f.name === server.flavor.original_name)!;

    const legacy = await get(url, token);
    expect(legacy.headers.get('openstack-api-version')).toBe('compute 2.1');
    expect(legacy.headers.get('x-openstack-nova-api-version')).toBe('2.1');
    const old = legacy.body.servers[0];
    expect(old.flavor).toEqual({
      id: flavor.id,
      links: [
        {
          rel: 'bookmark',
          href: `${simulator.endpoint}/${R1}/compute/flavors/${flavor.id}`,
        },
      ],
    });
    expect(old).not.toHaveProperty('description');
    expect(old).not.toHaveProperty('tags');
    expect(old).not.toHaveProperty('locked');
    expect(old.links[0]).toEqual({
      rel: 'self',
      href: `${simulator.serviceUrl(R1, 'compute')}/servers/${server.id}`,
    });

    const modern = await get(url, token, {
      'OpenStack-API-Version': 'compute 2.47',
    });
    expect(modern.headers.get('openstack-api-version')).toBe('compute 2.47');
    expect(modern.body.servers[0].flavor).toEqual({
      original_name: flavor.name,
      vcpus: flavor.vcpus,
      ram: flavor.ram,
      disk: flavor.disk,
      ephemeral: flavor['OS-FLV-EXT-DATA:ephemeral'],
      swap: flavor.swap,
      extra_specs: flavor.extra_specs,
    });
    expect(modern.body.servers[0]).toHaveProperty('tags');
    expect(modern.body.servers[0]).not.toHaveProperty('OS-EXT-SRV-ATTR:hostname');

    const legacyHeader = await get(url, token, {
      'X-OpenStack-Nova-API-Version': '2.60',
    });
    expect(legacyHeader.headers.get('x-openstack-nova-api-version')).toBe('2.60');
    expect(legacyHeader.headers.get('openstack-api-version')).toBe('compute 2.60');
    const latest = await get(url, token, {
      'OpenStack-API-Version': 'volume 3.5, compute latest',
    });
    expect(latest.headers.get('openstack-api-version')).toBe('compute 2.100');
    expect(latest.body.servers[0]).toHaveProperty('scheduler_hints');

    const tooNew = await get(url, token, {
      'OpenStack-API-Version': 'compute 2.200',
    });
    expect(tooNew.status).toBe(406);
    expect(tooNew.body.computeFault.message).toMatch(/Minimum is 2.1 and maximum is 2.100/);
    expect((await get(url, token, { 'OpenStack-API-Version': 'compute two' })).status).toBe(400);
  });

  it('shapes flavors by microversion', async () => {
    const token = await login();
    const url = `${simulator.serviceUrl(R1, 'compute')}/flavors/detail`;
    const old = (await get(url, token)).body.flavors[0];
    expect(old).toMatchObject({
      id: '1',
      name: 'm1.tiny',
      swap: '',
      'OS-FLV-EXT-DATA:ephemeral': 0,
    });
    expect(old).not.toHaveProperty('description');
    expect(old).not.toHaveProperty('extra_specs');
    const newest = (await get(url, token, { 'OpenStack-API-Version': 'compute 2.75' })).body.flavors;
    expect(newest[0]).toMatchObject({
      swap: 0,
      description: null,
      extra_specs: {},
    });
    expect(newest.find((f: Json) => f.name === 'c1.large').extra_specs).toEqual({
      'hw:cpu_policy': 'dedicated',
    });
  });
});

describe('faults', () => {
  it('leaves missing services out of the catalog and answers 404 at their URLs', async () => {
    simulator.faults.missingServices = ['load-balancer', 'volumev3'];
    const { body, token } = await requestToken();
    const types = body.token.catalog.map((e: Json) => e.type);
    expect(types).not.toContain('load-balancer');
    expect(types).not.toContain('volumev3');
    expect(types).toContain('block-storage');
    const lb = await get(`${simulator.endpoint}/${R1}/load-balancer/v2/lbaas/loadbalancers`, token!);
    expect(lb.status).toBe(404);
    // Cinder is still listed as block-storage, so its URL still works.
    expect((await get(`${simulator.serviceUrl(R1, 'block-storage')}/volumes`, token!)).status).toBe(200);
    simulator.faults = {};
    expect((await get(`${simulator.endpoint}/${R1}/load-balancer/v2/lbaas/loadbalancers`, token!)).status).toBe(200);
  });

  it('revokes tokens mid-crawl once; a client that authenticates again gets everything', async () => {
    simulator.faults = { unauthorizedAfterRequests: 3 };
    let token = await login();
    const ids: string[] = [];
    let url: string | undefined = `${simulator.serviceUrl(R1, 'compute')}/servers/detail?limit=5`;
    const refusals: unknown[] = [];
    while (url) {
      const page = await get(url, token);
      if (page.status === 401) {
        refusals.push(page.body);
        token = await login();
        continue;
      }
      ids.push(...page.body.servers.map((s: Json) => s.id));
      url = nextUrl(page.body, 'servers');
    }
    expect(refusals).toEqual([
      {
        unauthorized: {
          code: 401,
          message: 'The request you have made requires authentication.',
        },
      },
    ]);
    expect(ids).toEqual(region.servers.map(s => s.id));
    expect(simulator.stats).toMatchObject({ tokensIssued: 2, unauthorized: 1 });
    // Setting the fault again arms it again.
    simulator.faults = { unauthorizedAfterRequests: 0 };
    expect((await get(`${simulator.serviceUrl(R1, 'compute')}/flavors`, token)).status).toBe(401);
  });

  it('expires tokens after their lifetime and revokes them on demand', async () => {
    await simulator.close();
    simulator = await startOpenStackSimulator({ world, tokenTtlSeconds: 1 });
    const { token, body } = await requestToken();
    expect(Date.parse(body.token.expires_at) - Date.parse(body.token.issued_at)).toBe(1000);
    const url = `${simulator.serviceUrl(R1, 'network')}/v2.0/networks`;
    expect((await get(url, token!)).status).toBe(200);
    await new Promise(resolve => setTimeout(resolve, 1100));
    expect((await get(url, token!)).status).toBe(401);

    simulator.tokenTtlSeconds = 3600;
    const fresh = await login();
    expect((await get(url, fresh)).status).toBe(200);
    simulator.revokeTokens();
    expect((await get(url, fresh)).status).toBe(401);
  });

  it('fails regions and services with their error shapes', async () => {
    const token = await login();
    simulator.faults = { failRegions: [R2] };
    const compute2 = await get(`${simulator.serviceUrl(R2, 'compute')}/servers`, token);
    expect(compute2.status).toBe(503);
    expect(compute2.body.serviceUnavailable.code).toBe(503);
    const network2 = await get(`${simulator.serviceUrl(R2, 'network')}/v2.0/networks`, token);
    expect(network2.body.NeutronError.type).toBe('HTTPServiceUnavailable');
    expect((await get(`${simulator.serviceUrl(R1, 'compute')}/servers`, token)).status).toBe(200);
    expect((await requestToken()).status).toBe(201);

    simulator.faults = {
      failServices: { volumev3: 503, 'load-balancer': 500, image: 502 },
    };
    const cinder = await get(`${simulator.serviceUrl(R1, 'volumev3')}/volumes`, token);
    expect(cinder.status).toBe(503);
    expect(cinder.body.serviceUnavailable).toBeDefined();
    const octavia = await get(`${simulator.serviceUrl(R2, 'load-balancer')}/v2/lbaas/pools`, token);
    expect(octavia.status).toBe(500);
    expect(octavia.body.faultcode).toBe('Server');
    const glance = await get(`${simulator.serviceUrl(R1, 'image')}/v2/images`, token);
    expect(glance.status).toBe(502);
    expect(glance.text).toContain('502 Bad Gateway');
    expect((await get(`${simulator.serviceUrl(R1, 'network')}/v2.0/ports`, token)).status).toBe(200);
  });

  it('slows down regions and every response', async () => {
    const token = await login();
    simulator.faults = { slowRegions: { [R2]: 400 } };
    const time = async (url: string) => {
      const start = Date.now();
      expect((await get(url, token)).status).toBe(200);
      return Date.now() - start;
    };
    expect(await time(`${simulator.serviceUrl(R2, 'image')}/v2/images`)).toBeGreaterThanOrEqual(390);
    expect(await time(`${simulator.serviceUrl(R1, 'image')}/v2/images`)).toBeLessThan(390);
    simulator.faults = { latencyMs: 200 };
    expect(await time(`${simulator.serviceUrl(R1, 'image')}/v2/images`)).toBeGreaterThanOrEqual(190);
  });

  it('counts requests by service, region and operation', async () => {
    const token = await login();
    await get(`${simulator.serviceUrl(R1, 'compute')}/servers/detail`, token);
    await get(`${simulator.serviceUrl(R2, 'compute')}/servers/detail`, token);
    await get(`${simulator.serviceUrl(R2, 'network')}/v2.0/ports`, undefined);
    const pool = world.region(R2).pools[0];
    await get(`${simulator.serviceUrl(R2, 'load-balancer')}/v2/lbaas/pools/${pool.id}/members`, token);
    expect(simulator.stats).toEqual({
      authRequests: 1,
      tokensIssued: 1,
      serviceRequests: 4,
      unauthorized: 1,
      byService: { compute: 2, network: 1, 'load-balancer': 1 },
      byRegion: { [R1]: 1, [R2]: 3 },
      byRegionService: {
        [`${R1}/compute`]: 1,
        [`${R2}/compute`]: 1,
        [`${R2}/network`]: 1,
        [`${R2}/load-balancer`]: 1,
      },
      byOperation: {
        'compute GET /v2.1/servers/detail': 2,
        'network GET /v2.0/ports': 1,
        'load-balancer GET /v2/lbaas/pools/{id}/members': 1,
      },
    });
    simulator.resetStats();
    expect(simulator.stats.serviceRequests).toBe(0);
    expect(simulator.stats.byService).toEqual({});
  });
});

describe('scale', () => {
  it('serves 10,000 servers in pages of 1,000', async () => {
    const big = generateOpenStackWorld({
      regions: [R1],
      sizes: { servers: 10_000, volumes: 0, snapshots: 0, loadBalancers: 0 },
    });
    const local = await startOpenStackSimulator({ world: big });
    try {
      const token = await login(local);
      const start = Date.now();
      const { ids, pages } = await crawl(`${local.serviceUrl(R1, 'compute')}/servers/detail`, token, 'servers', {
        headers: { 'OpenStack-API-Version': 'compute 2.79' },
      });
      expect(pages).toBe(10);
      expect(new Set(ids).size).toBe(10_000);
      expect(Date.now() - start).toBeLessThan(15_000);
    } finally {
      await local.close();
    }
  });
});

describe('command line', () => {
  it('starts the OpenStack simulator next to the AWS one with --openstack-port', async () => {
    const lines: string[] = [];
    const started = await startCloudSimulatorsCli(
      ['--port', '0', '--openstack-port', '0', '--instances', '5', '--seed', '3'],
      line => lines.push(line),
    );
    try {
      expect(started?.openstack).toBeDefined();
      const openstack = started!.openstack!;
      expect(lines).toContain(`  export OS_AUTH_URL=${openstack.authUrl}`);
      expect(lines).toContain(`  export OS_PASSWORD=${ACCOUNT.password}`);
      expect(lines).toContain(`  export AWS_ENDPOINT_URL=${started!.aws.endpoint}`);
      expect(openstack.world.region(R1).servers).toHaveLength(5);
      const token = await login(openstack);
      expect((await get(`${openstack.serviceUrl(R2, 'compute')}/servers`, token)).status).toBe(200);
    } finally {
      await started?.close();
    }
    const awsOnly = await startCloudSimulatorsCli(['--port', '0'], () => {});
    expect(awsOnly?.openstack).toBeUndefined();
    await awsOnly?.close();
  });
});
