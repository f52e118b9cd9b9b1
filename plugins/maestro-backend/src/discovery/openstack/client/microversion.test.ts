import { EgressPolicy } from '../../../egress';
import {
  FakeCloud,
  FakeCloudOptions,
  PASSWORD,
  defaultCatalog,
  isVersionDocument,
  linksPage,
  startFakeCloud,
} from './__fixtures__/fakeOpenStack';
import { OpenStackConfigError } from './errors';
import {
  computeRoot,
  computeVersionId,
  computeVersionRange,
  negotiateMicroversion,
  parseMicroversion,
} from './microversion';
import { OpenStackClient, OpenStackClientOptions } from './OpenStackClient';

describe('the compute version document', () => {
  const v21 = { id: 'v2.1', status: 'CURRENT', version: '2.60', min_version: '2.1' };

  it('is read from a single version or from the root list, and gives the range served', () => {
    expect(computeVersionRange({ version: v21 })).toEqual({
      min: { major: 2, minor: 1 },
      max: { major: 2, minor: 60 },
    });
    const root = { versions: [{ id: 'v2.0', status: 'SUPPORTED', version: '', min_version: '' }, v21] };
    expect(computeVersionRange(root)).toEqual({ min: { major: 2, minor: 1 }, max: { major: 2, minor: 60 } });
    expect(computeVersionRange(root, 'v2.0')).toBe('none');
    expect(computeVersionRange({ versions: [{ ...v21, id: 'v2.1-x' }] })).toMatchObject({ max: { minor: 60 } });
    for (const nothing of [undefined, 'text', {}, { versions: 'x' }, { version: { version: 'x' } }]) {
      expect(computeVersionRange(nothing)).toBeUndefined();
    }
  });

  it('names the endpoint version and its root', () => {
    expect(computeVersionId('https://nova:8774/v2.1')).toBe('v2.1');
    expect(computeVersionId('https://nova:8774/v2.1/0123abcd')).toBe('v2.1');
    expect(computeVersionId('https://nova:8774/v2/0123abcd')).toBe('v2.0');
    expect(computeRoot('https://cloud/compute/v2.1/0123abcd')).toBe('https://cloud/compute/');
    expect(computeRoot('https://nova:8774/v2.1/')).toBe('https://nova:8774/');
  });

  it('negotiates the highest version both sides support, capped at what the client understands', () => {
    const range = (min: string, max: string) => ({ min: parseMicroversion(min)!, max: parseMicroversion(max)! });
    expect(negotiateMicroversion(range('2.1', '2.60'))).toBe('2.60'); // Queens
    expect(negotiateMicroversion(range('2.1', '2.65'))).toBe('2.65'); // Rocky
    expect(negotiateMicroversion(range('2.1', '2.72'))).toBe('2.72'); // Stein
    expect(negotiateMicroversion(range('2.1', '2.100'))).toBe('2.79'); // newer than the client
    expect(negotiateMicroversion('none')).toBeUndefined();
    expect(() => negotiateMicroversion(range('2.90', '2.100'))).toThrow(
      /serves compute microversions 2.90 to 2.100, the client understands up to 2.79: set maestro.discovery.openstack.computeMicroversion/,
    );
    expect(parseMicroversion('2.x')).toBeUndefined();
  });
});

describe('the client against clouds of several releases', () => {
  let cloud: FakeCloud | undefined;
  let client: OpenStackClient | undefined;
  const servers = [{ id: 's-1', name: 'one' }];
  const flavors = [{ id: 'f-1', name: 'm1.small' }];

  afterEach(async () => {
    await client?.close();
    client = undefined;
    await cloud?.close();
    cloud = undefined;
  });

  async function connect(options: FakeCloudOptions, overrides: Partial<OpenStackClientOptions> = {}) {
    cloud = await startFakeCloud({
      routes: [
        (req, base) => (/\/servers\/detail$/.test(req.path) ? linksPage(req, base, 'servers', servers) : undefined),
        (req, base) => (/\/flavors\/detail$/.test(req.path) ? linksPage(req, base, 'flavors', flavors) : undefined),
      ],
      ...options,
    });
    client = new OpenStackClient({
      egress: new EgressPolicy({ allow: ['127.0.0.1'] }),
      authUrl: `${cloud.base}/identity`,
      username: 'maestro',
      password: PASSWORD,
      projectName: 'admin',
      ...overrides,
    });
    return { c: cloud, os: client };
  }

  const versionHeaders = (c: FakeCloud) =>
    c.requests.filter(r => !isVersionDocument(r) && r.method === 'GET').map(r => r.headers['openstack-api-version']);

  it('lists the servers and flavors of a Queens cloud (2.60) with 2.60, reading its version document once', async () => {
    const { c, os } = await connect({ computeVersions: { min: '2.1', max: '2.60' } });
    expect(await os.servers('RegionOne').all()).toHaveLength(1);
    expect(await os.flavors('RegionOne').all()).toHaveLength(1);
    expect(await os.computeMicroversion('RegionOne')).toBe('2.60');
    expect(versionHeaders(c)).toEqual(['compute 2.60', 'compute 2.60']);
    expect(c.requests.filter(isVersionDocument)).toHaveLength(1);
    expect(c.requests.find(r => r.path.endsWith('/flavors/detail'))!.headers['x-openstack-nova-api-version']).toBe(
      '2.60',
    );
  });

  it('uses the configured microversion as an override, without reading the document', async () => {
    const { c, os } = await connect({ computeVersions: { min: '2.1', max: '2.60' } }, { computeMicroversion: '2.53' });
    await os.servers('RegionOne').all();
    expect(versionHeaders(c)).toEqual(['compute 2.53']);
    expect(c.requests.filter(isVersionDocument)).toHaveLength(0);
  });

  it('falls back to the root, then to the newest it understands, when no document is published', async () => {
    const { c, os } = await connect({ computeVersions: null });
    await os.servers('RegionOne').all();
    expect(c.requests.filter(isVersionDocument).map(r => r.path)).toEqual(['/compute/v2.1', '/compute/']);
    expect(versionHeaders(c)).toEqual(['compute 2.79']);
  });

  it('sends no microversion to a v2.0 endpoint', async () => {
    const catalog = (base: string) =>
      defaultCatalog(base).map(s =>
        s.type === 'compute' ? { ...s, endpoints: [{ ...s.endpoints[0], url: `${base}/legacy/v2/p-1` }] } : s,
      );
    const { c, os } = await connect({
      catalog,
      before: [
        req =>
          req.path === '/legacy/v2/p-1'
            ? { body: { version: { id: 'v2.0', status: 'SUPPORTED', version: '', min_version: '' } } }
            : undefined,
      ],
    });
    await os.servers('RegionOne').all();
    expect(versionHeaders(c).filter(h => h !== undefined)).toEqual([]);
    expect(c.requests.find(r => r.path === '/legacy/v2/p-1/servers/detail')).toBeDefined();
  });

  it('fails clearly when the cloud serves only microversions newer than the client knows', async () => {
    const { c, os } = await connect({ computeVersions: { min: '2.90', max: '2.100' } });
    const error = await os
      .servers('RegionOne')
      .all()
      .catch(e => e);
    expect(error).toBeInstanceOf(OpenStackConfigError);
    expect(error.message).toContain(`compute at ${c.base}/compute/v2.1 serves compute microversions 2.90 to 2.100`);
    expect(c.requests.filter(r => r.path.endsWith('/servers/detail'))).toHaveLength(0);
  });
});
