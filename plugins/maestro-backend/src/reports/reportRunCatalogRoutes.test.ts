import type { Entity } from '@backstage/catalog-model';
import request from 'supertest';
import { fakeCatalog } from '../__testUtils__/fakeCatalog';
import { startMaestro, userHeader } from '../__testUtils__/startMaestro';

jest.setTimeout(60_000);

const alice = userHeader('user:default/alice');
const owner = 'group:default/platform';

const gitApp: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: { name: 'checkout', annotations: { 'backstage.io/managed-by-location': 'url:https://git.example/x.yaml' } },
  spec: { type: 'website', lifecycle: 'production', owner: 'team-pay' },
};

async function withReport(features: NonNullable<Parameters<typeof startMaestro>[1]>['features']) {
  const server = await startMaestro(undefined, { features });
  const api = () => request(server);
  await api()
    .post('/api/maestro/records')
    .set('Authorization', alice)
    .send({ kind: 'Component', name: 'invoices', owner, spec: { type: 'service', lifecycle: 'production' } })
    .expect(201);
  const report = { name: 'Applications', type: 'single', kind: 'Application', columns: ['name', 'source'] };
  const { body } = await api().post('/api/maestro/reports').set('Authorization', alice).send(report).expect(201);
  return { api, id: body.id as string };
}

describe('running reports with the catalog', () => {
  it("adds the catalog's git-defined applications to a run now, read as the caller, and not to a run as of a time", async () => {
    const catalog = fakeCatalog([gitApp]);
    const { api, id } = await withReport([catalog.plugin]);
    const now = await api().get(`/api/maestro/reports/${id}/results`).set('Authorization', alice).expect(200);
    expect(now.body.rows.map((r: any) => r.values)).toEqual([
      ['checkout', 'catalog'],
      ['invoices', 'manual'],
    ]);
    expect(catalog.calls.length).toBeGreaterThan(0);
    expect(catalog.calls.every(call => call.includes('user:default/alice'))).toBe(true);

    const csv = await api().get(`/api/maestro/reports/${id}/export?format=csv`).set('Authorization', alice).expect(200);
    expect(csv.text.trim().split('\n')).toHaveLength(3);

    const asOf = new Date(Date.now() + 1000).toISOString();
    const then = await api()
      .get(`/api/maestro/reports/${id}/results?asOf=${encodeURIComponent(asOf)}`)
      .set('Authorization', alice)
      .expect(200);
    expect(then.body.rows.map((r: any) => r.values)).toEqual([['invoices', 'manual']]);
  });

  it('answers 503 naming the catalog when it fails, rather than a report without its entities', async () => {
    const { api, id } = await withReport([fakeCatalog([gitApp], { down: true }).plugin]);
    const res = await api().get(`/api/maestro/reports/${id}/results`).set('Authorization', alice);
    expect(res.status).toBe(503);
    expect(res.body.error.message).toMatch(/^catalog: could not read the Component entities the report includes/);
  });

  it("answers a report's trend with the results' permissions and checks weeks and groupBy", async () => {
    const { api, id } = await withReport([fakeCatalog([]).plugin]);
    const trend = await api().get(`/api/maestro/reports/${id}/trend?weeks=3`).set('Authorization', alice).expect(200);
    expect(trend.body.weeks).toBe(3);
    expect(trend.body.points.map((p: any) => p.total)).toEqual([0, 0, 1]);
    const grouped = await api()
      .get(`/api/maestro/reports/${id}/trend?groupBy=spec.type`)
      .set('Authorization', alice)
      .expect(200);
    expect(grouped.body.points).toHaveLength(12);
    expect(grouped.body.points[11].groups).toEqual({ service: 1 });
    const badWeeks = await api().get(`/api/maestro/reports/${id}/trend?weeks=0`).set('Authorization', alice);
    expect(badWeeks.status).toBe(400);
    expect(badWeeks.body.error.message).toMatch(/^weeks: /);
    const badGroup = await api()
      .get(`/api/maestro/reports/${id}/trend?groupBy=spec.servers`)
      .set('Authorization', alice);
    expect(badGroup.status).toBe(400);
    expect(badGroup.body.error.message).toMatch(/^groupBy: /);
    await api().get(`/api/maestro/reports/${id}/trend`).expect(401);
  });
});
