import { actionsRegistryServiceFactory } from '@backstage/backend-defaults/alpha';
import request from 'supertest';
import { describeEachDatabase } from '../__testUtils__/databases';
import { fakeCatalog } from '../__testUtils__/fakeCatalog';
import { createRecords, startMaestroDenying, userHeader } from '../__testUtils__/startMaestro';

jest.setTimeout(120_000);

const alice = userHeader('user:default/alice');
const owner = 'group:default/platform';
const MAESTRO_ACTIONS = [
  'get-node-impact',
  'get-record',
  'get-record-as-of',
  'get-record-history',
  'list-graphs',
  'list-reports',
  'query-inventory',
  'run-report',
];

/** A small estate: datacenter dc1 hosts servers web-01 (production) and db-01 (staging); the app shop runs on web-01. */
const estate = [
  { kind: 'Datacenter', name: 'dc1', owner, spec: { provider: 'aws' } },
  {
    kind: 'Server',
    name: 'web-01',
    owner,
    spec: { hostname: 'web-01.internal', datacenter: 'datacenter:default/dc1', environment: 'production' },
  },
  {
    kind: 'Server',
    name: 'db-01',
    owner,
    spec: { hostname: 'db-01.internal', datacenter: 'datacenter:default/dc1', environment: 'staging' },
  },
  {
    kind: 'Component',
    name: 'shop',
    owner,
    spec: { type: 'service', lifecycle: 'production', servers: ['server:default/web-01'] },
  },
];

/**
 * Maestro in a test backend with the real actions registry (its HTTP endpoints) and a catalog holding nothing, the
 * policy denying `denied`.
 */
async function startWithActions(denied: string[], knex?: Parameters<typeof startMaestroDenying>[1]) {
  const catalog = fakeCatalog([]);
  const server = await startMaestroDenying(denied, knex, [actionsRegistryServiceFactory, catalog.plugin]);
  const invoke = (name: string, input: object, user: string | undefined = alice) => {
    const req = request(server).post(`/api/maestro/.backstage/actions/v1/actions/maestro:${name}/invoke`);
    return (user ? req.set('Authorization', user) : req).send(input);
  };
  const rest = (path: string) => request(server).get(`/api/maestro${path}`).set('Authorization', alice);
  return { server, invoke, rest, catalog };
}

describeEachDatabase('Maestro actions', (databases, databaseId) => {
  it('lists every action as read-only and answers each like the REST route', async () => {
    const { server, invoke, rest, catalog } = await startWithActions([], await databases.init(databaseId));
    await createRecords(server, estate);

    const listed = await request(server).get('/api/maestro/.backstage/actions/v1/actions').set('Authorization', alice);
    expect(listed.status).toBe(200);
    const actions = listed.body.actions as Array<{ name: string; attributes: object; schema: { input: any } }>;
    expect(actions.map(a => a.name).sort()).toEqual(MAESTRO_ACTIONS);
    for (const action of actions) {
      expect(action.attributes).toEqual({ readOnly: true, idempotent: true, destructive: false });
    }
    const query = actions.find(a => a.name === 'query-inventory')!;
    expect(query.schema.input.properties.kind.description).toMatch(/Server/);

    // query: the same records as GET /records with the same filters
    const production = await invoke('query-inventory', {
      kind: 'server',
      environment: 'production',
      datacenter: 'dc1',
    });
    expect(production.status).toBe(200);
    const expected = await rest(
      '/records?kind=Server&spec.environment=production&spec.datacenter=datacenter:default/dc1',
    );
    expect(production.body.output).toEqual(expected.body);
    expect(production.body.output.items.map((r: { name: string }) => r.name)).toEqual(['web-01']);
    const paged = await invoke('query-inventory', { kind: 'Server', orderBy: 'name', order: 'desc', limit: 1 });
    expect(paged.body.output.items.map((r: { name: string }) => r.name)).toEqual(['web-01']);
    expect(paged.body.output.totalCount).toBe(2);
    const bySpec = await invoke('query-inventory', { spec: { hostname: 'db-01.internal' } });
    expect(bySpec.body.output.items.map((r: { name: string }) => r.name)).toEqual(['db-01']);

    // a record with its relations both ways
    const web = (await invoke('get-record', { ref: 'server:default/web-01' })).body.output;
    const webRest = await rest(`/records/${web.record.id}`);
    expect(web.record).toEqual(webRest.body);
    const dc1 = (await invoke('query-inventory', { kind: 'Datacenter' })).body.output.items[0];
    const shop = (await invoke('query-inventory', { kind: 'Component' })).body.output.items[0];
    expect(web.relations).toEqual({
      outgoing: [{ type: 'hostedIn', field: 'datacenter', target: 'datacenter:default/dc1', recordId: dc1.id }],
      incoming: [{ type: 'runs', field: 'servers', target: 'component:default/shop', recordId: shop.id }],
      truncated: false,
    });
    const dcRelations = (await invoke('get-record', { id: dc1.id })).body.output.relations;
    expect(dcRelations.incoming.map((r: { type: string; target: string }) => `${r.type} ${r.target}`).sort()).toEqual([
      'hosts server:default/db-01',
      'hosts server:default/web-01',
    ]);

    // history and "as of": an update later, the record as it was before it
    const before = new Date().toISOString();
    await new Promise(resolve => setTimeout(resolve, 20));
    await request(server)
      .put(`/api/maestro/records/${web.record.id}`)
      .set('Authorization', alice)
      .send({ version: 1, spec: { ...web.record.spec, environment: 'staging' }, reason: 'moved' })
      .expect(200);
    const history = await invoke('get-record-history', { ref: 'server:default/web-01' });
    expect(history.body.output).toEqual((await rest(`/records/${web.record.id}/history`)).body);
    expect(history.body.output.items.map((c: { action: string }) => c.action)).toEqual(['update', 'create']);
    expect(history.body.output.items[0]).toMatchObject({ actor: 'user:default/alice', reason: 'moved' });
    const asOf = await invoke('get-record-as-of', { id: web.record.id, at: before });
    expect(asOf.body.output.record).toEqual((await rest(`/records/${web.record.id}/as-of?at=${before}`)).body);
    expect(asOf.body.output.record.spec.environment).toBe('production');

    // the impact of a node of a saved graph
    const graph = await request(server)
      .post('/api/maestro/graphs')
      .set('Authorization', alice)
      .send({ name: 'Shop estate', entry: { applications: ['shop'] }, layers: { infrastructure: true } })
      .expect(201);
    expect((await invoke('list-graphs', {})).body.output.items.map((g: { name: string }) => g.name)).toEqual([
      'Shop estate',
    ]);
    const impact = await invoke('get-node-impact', { graph: 'shop estate', node: 'server:default/web-01' });
    const impactRest = await rest(`/graphs/${graph.body.id}/impact?node=server:default/web-01`);
    expect(impact.body.output).toMatchObject(impactRest.body);
    expect(impact.body.output.upstream.map((i: { key: string }) => i.key)).toEqual(['component:default/shop']);
    const failure = await invoke('get-node-impact', {
      graph: graph.body.id,
      node: 'server:default/web-01',
      serverFailure: true,
    });
    expect(failure.body.output).toMatchObject(
      (await rest(`/graphs/${graph.body.id}/server-impact?server=server:default/web-01`)).body,
    );

    // a saved report, run by name with an extra filter
    const report = await request(server)
      .post('/api/maestro/reports')
      .set('Authorization', alice)
      .send({ name: 'Servers', type: 'single', kind: 'Server', filters: [], columns: ['name', 'spec.environment'] })
      .expect(201);
    expect((await invoke('list-reports', {})).body.output.items.map((r: { id: string }) => r.id)).toEqual([
      report.body.id,
    ]);
    const filters = [{ field: 'spec.hostname', op: 'contains', value: 'db' }];
    const run = await invoke('run-report', { report: 'Servers', filters });
    const runRest = await rest(
      `/reports/${report.body.id}/results?filters=${encodeURIComponent(JSON.stringify(filters))}`,
    );
    expect(run.body.output).toMatchObject({
      report: runRest.body.report,
      columns: runRest.body.columns,
      rows: runRest.body.rows,
      totalCount: 1,
    });
    expect(run.body.output.rows[0].values).toEqual(['db-01', 'staging']);
    // a report over applications also reads the catalog's own, as the caller (like the route)
    await request(server)
      .post('/api/maestro/reports')
      .set('Authorization', alice)
      .send({ name: 'Apps', type: 'single', kind: 'Component', filters: [], columns: ['name'] })
      .expect(201);
    const catalogCalls = catalog.calls.length;
    const apps = await invoke('run-report', { report: 'apps' });
    expect(apps.body.output.rows.map((r: { values: unknown[] }) => r.values)).toEqual([['shop']]);
    expect(catalog.calls.slice(catalogCalls)).toEqual([
      JSON.stringify({ type: 'user', userEntityRef: 'user:default/alice' }),
    ]);
  });

  it('answers bad input with an error naming the field, and a missing record with 404', async () => {
    const { server, invoke } = await startWithActions([], await databases.init(databaseId));
    await createRecords(server, estate);
    const cases: Array<[string, object, number, string | RegExp]> = [
      ['query-inventory', { kind: 'Nope' }, 400, /^kind: must be one of/],
      ['query-inventory', { limit: 1000 }, 400, 'limit: must be at most 200'],
      ['query-inventory', { limit: 1.5 }, 400, "limit: must be an integer (got '1.5')"],
      ['query-inventory', { spec: { 'bad-field': 'x' } }, 400, /^spec\.bad-field: filter on a top-level spec field/],
      ['query-inventory', { orderBy: 'spec.' }, 400, /^orderBy: must be one of/],
      ['query-inventory', { q: 'a\u0000b' }, 400, /^q: /],
      ['get-record', {}, 400, 'id: give either id or ref (not both)'],
      ['get-record', { ref: 'planet:default/x' }, 400, /^ref: kind: must be one of/],
      ['get-record', { ref: 'server:default/nope' }, 404, 'ref: no inventory record server:default/nope'],
      ['get-record', { id: 'nope' }, 404, 'no inventory record with id nope'],
      ['get-record-as-of', { ref: 'server:default/web-01', at: 'yesterday' }, 400, /^at: must be an ISO-8601 time/],
      ['get-record-history', { ref: 'server:default/web-01', limit: 0 }, 400, 'limit: must be at least 1'],
      [
        'get-node-impact',
        { graph: 'nope', node: 'server:default/web-01' },
        404,
        "graph: none has the id or name 'nope'",
      ],
      ['run-report', { report: 'nope' }, 404, "report: none has the id or name 'nope'"],
    ];
    for (const [name, input, status, message] of cases) {
      const res = await invoke(name, input);
      expect({ name, input, status: res.status }).toEqual({ name, input, status });
      expect(res.body.error.message).toMatch(message);
    }
    // a type the schema refuses: the registry's own 400, with zod's issues naming the field
    const typed = await invoke('query-inventory', { limit: 'ten' });
    expect(typed.status).toBe(400);
    expect(typed.body.error.message).toMatch(/^Invalid input to action "maestro:query-inventory"; caused by/);
    expect(typed.body.error.message).toMatch(/"path": \[\s*"limit"\s*\]/);
  });

  it('refuses callers the policy denies, as the REST routes do', async () => {
    const knex = await databases.init(databaseId);
    const { invoke, rest } = await startWithActions(
      ['maestro.inventory.read', 'maestro.history.read', 'maestro.graph.read', 'maestro.report.read'],
      knex,
    );
    const inputs: Record<string, [object, string]> = {
      'query-inventory': [{}, 'maestro.inventory.read'],
      'get-record': [{ ref: 'server:default/web-01' }, 'maestro.inventory.read'],
      'get-record-history': [{ ref: 'server:default/web-01' }, 'maestro.history.read'],
      'get-record-as-of': [{ ref: 'server:default/web-01', at: '2026-01-01T00:00:00Z' }, 'maestro.history.read'],
      'list-graphs': [{}, 'maestro.graph.read'],
      'get-node-impact': [{ graph: 'x', node: 'y' }, 'maestro.graph.read'],
      'list-reports': [{}, 'maestro.report.read'],
      'run-report': [{ report: 'x' }, 'maestro.report.read'],
    };
    expect(Object.keys(inputs).sort()).toEqual(MAESTRO_ACTIONS);
    for (const [name, [input, permission]] of Object.entries(inputs)) {
      const res = await invoke(name, input);
      expect({ name, status: res.status, message: res.body.error?.message }).toEqual({
        name,
        status: 403,
        message: `not allowed: ${permission}`,
      });
    }
    expect((await rest('/records')).body.error.message).toBe('not allowed: maestro.inventory.read');

    // running a report also needs maestro.inventory.read, like GET /reports/:id/results
    const readsReports = await startWithActions(['maestro.inventory.read'], knex);
    const run = await readsReports.invoke('run-report', { report: 'x' });
    expect({ status: run.status, message: run.body.error.message }).toEqual({
      status: 403,
      message: 'not allowed: maestro.inventory.read',
    });
  });
});
