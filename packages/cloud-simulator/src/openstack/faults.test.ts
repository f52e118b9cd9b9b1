import { startOpenStackSimulator, type OpenStackSimulator } from './server/OpenStackSimulator';
import { DEMO_OPENSTACK_ACCOUNT as ACCOUNT, generateOpenStackWorld } from './world/generateOpenStackWorld';
import type { OpenStackWorld } from './world/OpenStackWorld';

jest.setTimeout(30_000);

const R1 = 'RegionOne';
type Json = Record<string, any>;

let simulator: OpenStackSimulator;
let world: OpenStackWorld;

beforeEach(async () => {
  world = generateOpenStackWorld({
    seed: 23,
    regions: [R1],
    sizes: { servers: 12, flavors: 6 },
  });
  simulator = await startOpenStackSimulator({ world });
});

afterEach(() => simulator.close());

async function login(): Promise<string> {
  const response = await fetch(`${simulator.authUrl}/auth/tokens`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      auth: {
        identity: {
          methods: ['password'],
          password: {
            user: {
              name: ACCOUNT.username,
              domain: { id: ACCOUNT.userDomainId },
              password: ACCOUNT.password,
            },
          },
        },
        scope: { project: { id: ACCOUNT.projectId } },
      },
    }),
  });
  return response.headers.get('x-subject-token')!;
}

async function get(path: string, token: string, version?: string): Promise<{ status: number; body: Json }> {
  const response = await fetch(`${simulator.serviceUrl(R1, 'compute')}${path}`, {
    headers: {
      'x-auth-token': token,
      ...(version ? { 'OpenStack-API-Version': `compute ${version}` } : {}),
    },
  });
  return { status: response.status, body: (await response.json()) as Json };
}

describe('Nova: the newest microversion served', () => {
  it('announces it in the version documents and answers 406 above it (a Queens cloud: 2.60)', async () => {
    simulator.novaMaxMicroversion = '2.60';
    const token = await login();
    const root = `${simulator.endpoint}/${R1}/compute`;
    const versioned = (await (await fetch(`${root}/v2.1`)).json()) as Json;
    expect(versioned.version).toMatchObject({
      id: 'v2.1',
      version: '2.60',
      min_version: '2.1',
    });
    const versions = (await (await fetch(`${root}/`)).json()) as Json;
    expect(versions.versions[0]).toMatchObject({ version: '2.60' });

    expect((await get('/servers/detail', token, '2.60')).status).toBe(200);
    const refused = await get('/servers/detail', token, '2.79');
    expect(refused.status).toBe(406);
    expect(refused.body.computeFault.message).toMatch(/Minimum is 2.1 and maximum is 2.60/);
    expect((await get('/flavors/detail', token, '2.61')).status).toBe(406);
  });

  it('is set at start-up and refuses what is not a microversion', async () => {
    const other = await startOpenStackSimulator({
      world,
      novaMaxMicroversion: '2.72',
    });
    try {
      expect(other.novaMaxMicroversion).toBe('2.72');
      expect(() => {
        other.novaMaxMicroversion = 'stein';
      }).toThrow(/Not a microversion/);
    } finally {
      await other.close();
    }
  });
});

describe('Nova: servers of a cell that is down', () => {
  it('lists them as 2.69 stubs, and leaves them out before 2.69', async () => {
    const token = await login();
    const [down, alsoDown] = world.region(R1).servers;
    simulator.faults = { downCellServers: [down.id, alsoDown.id] };

    const detail = (await get('/servers/detail', token, '2.69')).body.servers;
    expect(detail).toHaveLength(12);
    const stub = detail.find((s: Json) => s.id === down.id);
    expect(Object.keys(stub).sort()).toEqual(
      ['created', 'id', 'links', 'security_groups', 'status', 'tenant_id'].sort(),
    );
    expect(stub).toMatchObject({
      status: 'UNKNOWN',
      tenant_id: down.tenant_id,
      created: down.created,
    });
    const full = detail.find((s: Json) => s.id === world.region(R1).servers[2].id);
    expect(full).toHaveProperty('name');
    expect(full).toHaveProperty('flavor');

    const brief = (await get('/servers', token, '2.79')).body.servers;
    expect(brief.find((s: Json) => s.id === down.id)).toEqual({
      id: down.id,
      status: 'UNKNOWN',
      links: expect.any(Array),
    });

    const shown = await get(`/servers/${down.id}`, token, '2.69');
    expect(shown.body.server).toMatchObject({
      id: down.id,
      status: 'UNKNOWN',
      'OS-EXT-AZ:availability_zone': 'UNKNOWN',
      flavor: { original_name: down.flavor.original_name },
    });
    expect(shown.body.server).not.toHaveProperty('name');
    expect(shown.body.server).not.toHaveProperty('addresses');

    const older = (await get('/servers/detail?limit=5', token, '2.68')).body;
    expect(older.servers.map((s: Json) => s.id)).not.toContain(down.id);
    expect((await get(`/servers/${down.id}`, token, '2.60')).status).toBe(503);

    simulator.faults = {};
    const back = (await get('/servers/detail', token, '2.69')).body.servers;
    expect(back.find((s: Json) => s.id === down.id)).toHaveProperty('name', down.name);
  });
});

describe('Nova: a flavor deleted and re-created under its name', () => {
  it('shows the old id before 2.47, the copy from 2.47, and lists only the new flavor', async () => {
    const token = await login();
    const server = world.region(R1).servers[0];
    const name = server.flavor.original_name;
    const old = world.region(R1).flavors.find(f => f.name === name)!;
    const replacement = world.replaceFlavor(R1, name, { vcpus: old.vcpus * 2 }, 'new-flavor-id');
    expect(replacement).toMatchObject({ id: 'new-flavor-id', name });

    const flavors = (await get('/flavors/detail', token)).body.flavors;
    expect(flavors.map((f: Json) => f.id)).toContain('new-flavor-id');
    expect(flavors.map((f: Json) => f.id)).not.toContain(old.id);

    const legacy = (await get(`/servers/${server.id}`, token, '2.46')).body.server;
    expect(legacy.flavor.id).toBe(old.id);
    expect(legacy).not.toHaveProperty('builtFromFlavorId');
    const modern = (await get(`/servers/${server.id}`, token, '2.47')).body.server;
    expect(modern.flavor).toMatchObject({
      original_name: name,
      vcpus: old.vcpus,
    });
    expect(modern).not.toHaveProperty('builtFromFlavorId');
  });
});

describe('Keystone echoing what it refused', () => {
  it('answers 400 with the request body, password included, in its message', async () => {
    simulator.faults = { echoAuthRequests: true };
    const body = JSON.stringify({
      auth: { identity: { password: { user: { password: 'p"w' } } } },
    });
    const response = await fetch(`${simulator.authUrl}/auth/tokens`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body,
    });
    expect(response.status).toBe(400);
    const answer = (await response.json()) as Json;
    expect(answer.error.message).toBe(`Invalid request body: ${body}`);
    expect(simulator.stats.tokensIssued).toBe(0);
  });
});
