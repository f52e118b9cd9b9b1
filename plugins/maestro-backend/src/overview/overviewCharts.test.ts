import { mockServices, TestDatabases } from '@backstage/backend-test-utils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import type { Entity } from '@backstage/catalog-model';
import request from 'supertest';
import { migrateTestDatabase } from '../__testUtils__/databases';
import { fakeCatalog } from '../__testUtils__/fakeCatalog';
import { startMaestro, userHeader } from '../__testUtils__/startMaestro';
import { KnexInventoryStore } from '../records/KnexInventoryStore';
import { storeRecordSource } from '../reports/singleReport';
import { overviewCharts } from './overviewCharts';

jest.setTimeout(60_000);

const ctx = { actor: 'user:default/alice' };
const owner = 'group:default/platform';
const databases = TestDatabases.create({ ids: ['SQLITE_3'] });

const inventory = [
  { kind: 'Datacenter', name: 'aws-prod', owner, spec: { provider: 'aws' } },
  { kind: 'Datacenter', name: 'os-lab', owner, spec: { provider: 'openstack' } },
  ...['a', 'b', 'c'].map((n, i) => ({
    kind: 'Server',
    name: `web-${n}`,
    owner,
    spec: {
      hostname: `web-${n}`,
      datacenter: i < 2 ? 'datacenter:default/aws-prod' : 'datacenter:default/os-lab',
      region: i < 2 ? 'us-east-1' : 'lab',
      environment: i === 0 ? 'staging' : 'production',
      os: { base: 'linux', distro: 'ubuntu' },
      cpu: 2 * (i + 1),
      services: [{ name: 'nginx' }, ...(i === 2 ? [{ name: 'redis' }] : [])],
    },
  })),
  { kind: 'Server', name: 'nowhere', owner, spec: { hostname: 'nowhere' } },
  { kind: 'Client', name: 'acme', owner, spec: {} },
  { kind: 'Client', name: 'globex', owner, spec: {} },
  {
    kind: 'System',
    name: 'billing',
    owner,
    spec: { clients: ['client:default/acme', 'client:default/globex'], entryApplications: ['component:default/api'] },
  },
  ...['api', 'worker', 'ui'].map(name => ({
    kind: 'Component',
    name,
    owner,
    spec: {
      type: 'service',
      lifecycle: 'production',
      system: 'system:default/billing',
      deploys: [{ type: name === 'ui' ? 'cdn' : 'kubernetes' }],
      dependencies:
        name === 'api' ? [] : [{ ref: 'component:default/api' }, ...(name === 'ui' ? [{ ref: 'worker' }] : [])],
    },
  })),
  { kind: 'Resource', name: 'cache', owner, spec: { type: 'cache', dependencies: [{ ref: 'component:default/api' }] } },
  { kind: 'Volume', name: 'vol-1', owner, spec: { sizeGb: 8 } },
  { kind: 'Volume', name: 'vol-2', owner, spec: { sizeGb: 100 } },
];

describe('overview charts', () => {
  it("draws Maestro's presets over the whole inventory", async () => {
    const knex = await migrateTestDatabase(await databases.init('SQLITE_3'));
    const store = await KnexInventoryStore.create({ database: mockServices.database({ knex }) });
    await store.upsertRecords(inventory as any, ctx);
    const charts = await overviewCharts(storeRecordSource(store));
    const byId = Object.fromEntries(charts.map(c => [c.id, c]));
    const points = (id: string) => byId[id]?.chart.points;

    expect(byId['servers-per-provider']).toEqual({
      id: 'servers-per-provider',
      title: 'Servers per provider',
      chart: {
        field: 'provider',
        type: 'pie',
        points: [
          { label: 'aws', count: 2 },
          { label: 'openstack', count: 1 },
        ],
        missing: 1,
      },
    });
    expect(points('servers-per-region')).toEqual([
      { label: 'us-east-1', count: 2 },
      { label: 'lab', count: 1 },
    ]);
    expect(points('servers-per-environment')).toEqual([
      { label: 'production', count: 2 },
      { label: 'staging', count: 1 },
    ]);
    expect(points('servers-per-os')).toEqual([{ label: 'ubuntu', count: 3 }]);
    expect(points('services-installed')).toEqual([
      { label: 'nginx', count: 3 },
      { label: 'redis', count: 1 },
    ]);
    expect(byId['servers-by-cpu'].chart.type).toBe('histogram');
    expect(points('applications-per-family')).toEqual([
      { label: 'application', count: 3 },
      { label: 'cache', count: 1 },
    ]);
    expect(points('applications-per-deploy-type')).toEqual([
      { label: 'kubernetes', count: 2 },
      { label: 'cdn', count: 1 },
    ]);
    expect(points('applications-per-system')).toEqual([{ label: 'system:default/billing', count: 3 }]);
    expect(points('most-depended-on-applications')).toEqual([
      { label: 'api', count: 3 },
      { label: 'worker', count: 1 },
    ]);
    expect(points('clients-per-system')).toEqual([{ label: 'billing', count: 2 }]);
    expect(points('entry-applications-per-system')).toEqual([{ label: 'billing', count: 1 }]);
    expect(byId['volumes-by-size'].chart).toMatchObject({ type: 'histogram', missing: 0 });
    expect(points('datacenters-per-provider')).toEqual([
      { label: 'aws', count: 1 },
      { label: 'openstack', count: 1 },
    ]);
    // nothing to draw: no server has an instance type
    expect(byId['servers-per-instance-type']).toBeUndefined();
  });

  it('answers GET /overview/charts with the git-defined applications, and 403 without maestro.inventory.read', async () => {
    const gitApp: Entity = {
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'Component',
      metadata: { name: 'checkout' },
      spec: { type: 'website', lifecycle: 'experimental', owner: 'team-pay', dependsOn: ['component:api'] },
    };
    const server = await startMaestro(undefined, { features: [fakeCatalog([gitApp]).plugin] });
    const alice = userHeader('user:default/alice');
    await request(server)
      .post('/api/maestro/records')
      .set('Authorization', alice)
      .send({ kind: 'Component', name: 'api', owner, spec: { type: 'service', lifecycle: 'production' } })
      .expect(201);
    const res = await request(server).get('/api/maestro/overview/charts').set('Authorization', alice).expect(200);
    const byId = Object.fromEntries(res.body.charts.map((c: any) => [c.id, c.chart]));
    expect(byId['applications-per-family'].points).toEqual([{ label: 'application', count: 2 }]);
    expect(byId['applications-per-lifecycle'].points).toEqual([
      { label: 'experimental', count: 1 },
      { label: 'production', count: 1 },
    ]);
    expect(byId['most-depended-on-applications'].points).toEqual([{ label: 'api', count: 1 }]);

    // a minute's cache per caller: a new record shows after refresh=true
    await request(server)
      .post('/api/maestro/records')
      .set('Authorization', alice)
      .send({ kind: 'Component', name: 'web', owner, spec: { type: 'service', lifecycle: 'production' } })
      .expect(201);
    const family = async (query: string) => {
      const { body } = await request(server).get(`/api/maestro/overview/charts${query}`).set('Authorization', alice);
      return { computedAt: body.computedAt, points: body.charts.find((c: any) => c.id === 'applications-per-family') };
    };
    const cached = await family('');
    expect(cached).toEqual({ computedAt: res.body.computedAt, points: expect.anything() });
    expect(cached.points.chart.points).toEqual([{ label: 'application', count: 2 }]);
    expect((await family('?refresh=true')).points.chart.points).toEqual([{ label: 'application', count: 3 }]);
    await request(server).get('/api/maestro/overview/charts?refresh=maybe').set('Authorization', alice).expect(400);

    const denied = await startMaestro(AuthorizeResult.DENY);
    const refused = await request(denied).get('/api/maestro/overview/charts').set('Authorization', alice);
    expect(refused.status).toBe(403);
    expect(refused.body.error.message).toBe('not allowed: maestro.inventory.read');
  });
});
