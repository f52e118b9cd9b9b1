import type { Entity } from '@backstage/catalog-model';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import request from 'supertest';
import { describeEachDatabase } from '../__testUtils__/databases';
import { fakeCatalog } from '../__testUtils__/fakeCatalog';
import { createRecords, startMaestro, userHeader } from '../__testUtils__/startMaestro';

jest.setTimeout(120_000);

const alice = userHeader('user:default/alice');
const owner = 'group:default/platform';
const c = (name: string) => `component:default/${name}`;
const app = (name: string, spec: object) => ({
  kind: 'Component',
  name,
  owner,
  spec: { type: 'service', lifecycle: 'production', ...spec },
});

/** A git-defined application only the catalog holds: `api` depends on it. */
const payments: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: { name: 'payments', namespace: 'default' },
  spec: { type: 'service', lifecycle: 'production', owner },
};

const shopGraph = {
  name: 'Shop',
  entry: { system: 'shop' },
  depth: 5,
  layers: { infrastructure: true, business: true },
};

describeEachDatabase('graph routes', (databases, databaseId) => {
  /**
   * Client acme ← system shop (entry web); web →(rest) api → payments (catalog) on server srv1; srv2 hosts nothing.
   * Then, after `before`, api gets a dependency on a new application orders.
   */
  async function withEstate() {
    const catalog = fakeCatalog([payments]);
    const server = await startMaestro(AuthorizeResult.ALLOW, {
      knex: await databases.init(databaseId),
      features: [catalog.plugin],
    });
    const api = () => request(server);
    await createRecords(server, [
      { kind: 'Client', name: 'acme', owner, spec: {} },
      { kind: 'Server', name: 'srv1', owner, spec: { hostname: 'srv1.example.com' } },
      { kind: 'Server', name: 'srv2', owner, spec: { hostname: 'srv2.example.com' } },
      { kind: 'System', name: 'shop', owner, spec: { clients: ['acme'], entryApplications: ['web'] } },
      app('web', { system: 'shop', servers: ['srv1'], dependencies: [{ ref: 'api', protocol: 'rest' }] }),
    ]);
    const created = await api()
      .post('/api/maestro/records')
      .set('Authorization', alice)
      .send(app('api', { system: 'shop', servers: ['srv1'], dependencies: [{ ref: 'payments' }] }))
      .expect(201);
    await new Promise(resolve => setTimeout(resolve, 10));
    const before = new Date().toISOString();
    await new Promise(resolve => setTimeout(resolve, 10));
    await createRecords(server, [app('orders', {})]);
    await api()
      .put(`/api/maestro/records/${created.body.id}`)
      .set('Authorization', alice)
      .send({
        version: 1,
        spec: {
          ...created.body.spec,
          dependencies: [{ ref: 'payments' }, { ref: 'orders', protocol: 'grpc' }],
        },
      })
      .expect(200);
    return { server, api, before, catalog };
  }

  it('saves a system graph with its metrics, regenerates it as of a time, compares, analyses impact', async () => {
    const { api, before, catalog } = await withEstate();
    const created = await api().post('/api/maestro/graphs').set('Authorization', alice).send(shopGraph).expect(201);
    const graph = created.body;
    expect(graph).toMatchObject({
      name: 'Shop',
      entry: { system: 'system:default/shop' },
      depth: 5,
      status: 'ready',
      nodeCount: 7,
      edgeCount: 8,
      version: 1,
      createdBy: 'user:default/alice',
    });
    const { metrics } = graph.view;
    expect(metrics).toMatchObject({
      nodes: 7,
      edges: 8,
      depthHistogram: [
        { depth: 0, count: 1 },
        { depth: 1, count: 1 },
        { depth: 2, count: 2 },
      ],
      applications: [c('api'), c('orders'), c('payments'), c('web')],
      systems: ['system:default/shop'],
      clients: ['client:default/acme'],
      byServer: { 'server:default/srv1': 2 },
      bySystem: { 'system:default/shop': 2 },
      byClient: { 'client:default/acme': 2 },
      byKind: { Client: 1, System: 1, Component: 4, Server: 1 },
      cycles: [],
    });
    expect(metrics.density).toBeCloseTo(8 / (7 * 6));
    // the catalog's git-defined application is in the graph (not missing), read as the caller
    expect(graph.view.nodes.find((n: any) => n.key === c('payments'))).not.toHaveProperty('missing');
    expect(catalog.calls.some(call => call.includes('user:default/alice'))).toBe(true);
    const got = await api().get(`/api/maestro/graphs/${graph.id}`).set('Authorization', alice).expect(200);
    expect(got.headers.etag).toBe('"1"');
    expect(got.body).toEqual(graph);

    // as of a time before api depended on orders: no orders, no edge; the catalog (no history) is not read
    const past = await api()
      .post(`/api/maestro/graphs/${graph.id}/regenerate`)
      .set('Authorization', alice)
      .send({ asOf: before })
      .expect(200);
    expect(past.body).toMatchObject({ status: 'ready', asOf: before, version: 2, nodeCount: 6, edgeCount: 7 });
    expect(past.body.view.asOf).toBe(before);
    expect(past.body.view.nodes.map((n: any) => n.key)).not.toContain(c('orders'));
    expect(past.body.view.edges.map((e: any) => e.key)).not.toContain(`${c('api')}->${c('orders')}`);
    expect(past.body.view.nodes.find((n: any) => n.key === c('payments')).missing).toBe(true);

    const diff = await api()
      .get(`/api/maestro/graphs/${graph.id}/compare?from=${encodeURIComponent(before)}`)
      .set('Authorization', alice)
      .expect(200);
    expect(diff.body.from).toBe(before);
    expect(diff.body.nodes).toEqual({
      added: [{ key: c('orders'), kind: 'Component', name: 'orders', family: 'application', depth: 2 }],
      removed: [],
    });
    expect(diff.body.edges).toEqual({
      added: [{ source: c('api'), target: c('orders'), kind: 'dependency', protocol: 'grpc' }],
      removed: [],
    });
    expect(diff.body.counts).toEqual({ from: { nodes: 6, edges: 7 }, to: { nodes: 7, edges: 8 } });

    // impact over the saved view (the past one now)
    const impact = await api()
      .get(`/api/maestro/graphs/${graph.id}/impact?node=${c('api')}`)
      .set('Authorization', alice)
      .expect(200);
    expect(impact.body.upstream.map((i: any) => i.key)).toEqual([
      c('web'),
      'system:default/shop',
      'client:default/acme',
    ]);
    expect(impact.body.downstream.map((i: any) => i.key)).toEqual([c('payments'), 'server:default/srv1']);
    const breaks = await api()
      .get(`/api/maestro/graphs/${graph.id}/server-impact?server=server:default/srv1`)
      .set('Authorization', alice)
      .expect(200);
    expect(breaks.body).toMatchObject({
      server: 'server:default/srv1',
      applications: [
        { key: c('api'), depth: 1 },
        { key: c('web'), depth: 1 },
      ],
      systems: [{ key: 'system:default/shop' }],
      clients: [{ key: 'client:default/acme' }],
    });
    for (const [path, message] of [
      ['impact?node=component:default/nope', 'node: not a node of the graph'],
      ['impact', 'node: is required'],
      ['server-impact?server=component:default/web', 'server: not a server of the graph'],
    ]) {
      const res = await api().get(`/api/maestro/graphs/${graph.id}/${path}`).set('Authorization', alice).expect(400);
      expect(res.body.error.message).toMatch(new RegExp(`^${message}`));
    }

    // regenerate now, change with the version read, refuse a stale one, list, delete
    const now = await api().post(`/api/maestro/graphs/${graph.id}/regenerate`).set('Authorization', alice).expect(200);
    expect(now.body).toMatchObject({ version: 3, nodeCount: 7 });
    expect(now.body.asOf).toBeUndefined();
    const changed = await api()
      .put(`/api/maestro/graphs/${graph.id}`)
      .set('Authorization', userHeader('user:default/bob'))
      .send({ name: 'Web alone', entry: { applications: ['web'] }, depth: 1, version: 3 })
      .expect(200);
    expect(changed.body).toMatchObject({ version: 4, nodeCount: 2, updatedBy: 'user:default/bob' });
    const stale = await api()
      .put(`/api/maestro/graphs/${graph.id}`)
      .set('Authorization', alice)
      .send({ ...shopGraph, version: 3 })
      .expect(409);
    expect(stale.body.error.message).toBe(`version: graph ${graph.id} is at version 4, not 3; reload it`);
    const list = await api().get('/api/maestro/graphs').set('Authorization', alice).expect(200);
    expect(list.body.totalCount).toBe(1);
    expect(list.body.items[0]).toMatchObject({ id: graph.id, name: 'Web alone', version: 4 });
    expect(list.body.items[0]).not.toHaveProperty('view');
    await api().delete(`/api/maestro/graphs/${graph.id}?version=3`).set('Authorization', alice).expect(409);
    await api().delete(`/api/maestro/graphs/${graph.id}`).set('Authorization', alice).expect(204);
    await api().get(`/api/maestro/graphs/${graph.id}`).set('Authorization', alice).expect(404);
  });

  it('previews without saving, and draws the neighbourhood of a server, an application and a lone server', async () => {
    const { api, before } = await withEstate();
    const preview = await api()
      .post('/api/maestro/graphs/preview')
      .set('Authorization', alice)
      .send({ entry: { client: 'acme' }, depth: 1, asOf: before })
      .expect(200);
    expect(preview.body.nodes.map((n: any) => n.key)).toEqual([c('web'), c('api')]);
    expect(preview.body.asOf).toBe(before);
    expect((await api().get('/api/maestro/graphs').set('Authorization', alice).expect(200)).body.totalCount).toBe(0);

    const neighbourhood = (query: string) =>
      api().get(`/api/maestro/graphs/neighbourhood?${query}`).set('Authorization', alice);
    const srv1 = await neighbourhood('entity=server:default/srv1&depth=1').expect(200);
    expect(srv1.body.entries).toEqual(['server:default/srv1']);
    expect(srv1.body.nodes.map((n: any) => `${n.key}@${n.depth}`).sort()).toEqual(
      [`${c('api')}@1`, `${c('web')}@1`, 'server:default/srv1@0'].sort(),
    );
    expect(srv1.body.edges.map((e: any) => e.key).sort()).toEqual(
      [`${c('api')}->server:default/srv1`, `${c('web')}->${c('api')}`, `${c('web')}->server:default/srv1`].sort(),
    );
    const web = await neighbourhood('entity=web').expect(200);
    expect(web.body.nodes.map((n: any) => n.key).sort()).toEqual(
      [
        c('web'),
        c('api'),
        c('orders'),
        c('payments'),
        'server:default/srv1',
        'system:default/shop',
        'client:default/acme',
      ].sort(),
    );
    const lone = await neighbourhood('entity=server:default/srv2').expect(200);
    expect(lone.body.nodes.map((n: any) => n.key)).toEqual(['server:default/srv2']);
    expect((await neighbourhood('entity=server:default/nope').expect(404)).body.error.message).toBe(
      "entity: no active entity 'server:default/nope'",
    );
    expect((await neighbourhood('entity=web&depth=5').expect(400)).body.error.message).toMatch(/^depth: /);
    expect((await neighbourhood('depth=2').expect(400)).body.error.message).toMatch(/^entity: is required/);
  });

  it('refuses bad input with a 400 naming the field, and saves nothing', async () => {
    const { api, server } = await withEstate();
    const post = (body: object) => api().post('/api/maestro/graphs').set('Authorization', alice).send(body);
    for (const [body, message] of [
      [{ ...shopGraph, entry: { system: 'nope' } }, "entry.system: no active system 'system:default/nope'"],
      [
        { ...shopGraph, entry: { client: 'nobody' } },
        "entry.client: no active system serves client 'client:default/nobody'",
      ],
      [
        { ...shopGraph, entry: { applications: ['web', 'nope'] } },
        "entry.applications[1]: no active application 'component:default/nope'",
      ],
      [{ ...shopGraph, depth: 0 }, 'depth: must be an integer from 1 to 50 (got 0)'],
      [{ ...shopGraph, depth: 51 }, 'depth: must be an integer from 1 to 50 (got 51)'],
      [{ ...shopGraph, depth: 'x' }, 'depth: must be an integer from 1 to 50 (got "x")'],
      [
        { ...shopGraph, entry: { system: 'shop', applications: ['web'] } },
        'entry: exactly one of system, client or applications (got system, applications)',
      ],
      [{ ...shopGraph, name: '' }, 'name: is required (1 to 200 characters)'],
    ] as const) {
      const res = await post(body);
      expect([res.status, res.body.error.message]).toEqual([400, message]);
    }
    const polluted = await api()
      .post('/api/maestro/graphs')
      .set('Authorization', alice)
      .set('Content-Type', 'application/json')
      .send('{"name":"x","entry":{"system":"shop","__proto__":{"polluted":true}}}');
    expect(polluted.status).toBe(400);
    expect(polluted.body.error.message).toMatch(/__proto__/);
    expect(({} as any).polluted).toBeUndefined();
    const huge = await post({ ...shopGraph, description: 'x'.repeat(6 * 1024 * 1024) });
    expect(huge.status).toBe(413);
    expect(huge.body.error.message).toMatch(/^body: is larger than the limit/);
    expect((await api().get('/api/maestro/graphs').set('Authorization', alice).expect(200)).body.totalCount).toBe(0);

    const { body: graph } = await post(shopGraph).expect(201);
    const regenerate = (body: object) =>
      api().post(`/api/maestro/graphs/${graph.id}/regenerate`).set('Authorization', alice).send(body);
    for (const [body, message] of [
      [{ asOf: 'yesterday' }, 'asOf: must be an ISO-8601 time'],
      [{ asOf: '2999-01-01T00:00:00Z' }, 'asOf: is in the future'],
      [{ when: 'now' }, 'when: is not a field of a regeneration'],
    ] as const) {
      const res = await regenerate(body);
      expect([res.status, res.body.error.message.slice(0, message.length)]).toEqual([400, message]);
    }
    const compare = await api().get(`/api/maestro/graphs/${graph.id}/compare`).set('Authorization', alice).expect(400);
    expect(compare.body.error.message).toMatch(/^from: is required/);
    const put = await api()
      .put(`/api/maestro/graphs/${graph.id}`)
      .set('Authorization', alice)
      .send({ ...shopGraph, entry: { system: 'nope' }, version: 1 })
      .expect(400);
    expect(put.body.error.message).toBe("entry.system: no active system 'system:default/nope'");
    await api()
      .put(`/api/maestro/graphs/${graph.id}`)
      .set('Authorization', alice)
      .send({ ...shopGraph, version: 1, description: 'x'.repeat(6 * 1024 * 1024) })
      .expect(413);
    const unchanged = await api().get(`/api/maestro/graphs/${graph.id}`).set('Authorization', alice).expect(200);
    expect(unchanged.body).toEqual(graph);

    // the system is deleted: a regeneration is saved as failed, keeping the last view
    const shop = await api().get('/api/maestro/records?kind=System').set('Authorization', alice).expect(200);
    await api()
      .delete(`/api/maestro/records/${shop.body.items[0].id}?version=1`)
      .set('Authorization', alice)
      .expect(200);
    const failed = await regenerate({}).expect(200);
    expect(failed.body).toMatchObject({
      status: 'failed',
      error: "entry.system: no active system 'system:default/shop'",
      version: 2,
      nodeCount: 7,
    });
    expect(failed.body.view).toEqual(graph.view);
    expect(server).toBeDefined();
  });
});
