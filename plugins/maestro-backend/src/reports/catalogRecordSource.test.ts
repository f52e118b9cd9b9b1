import { mockServices, TestDatabases } from '@backstage/backend-test-utils';
import type { Entity } from '@backstage/catalog-model';
import { InMemoryCatalogClient } from '@backstage/catalog-client/testUtils';
import { migrateTestDatabase } from '../__testUtils__/databases';
import { KnexInventoryStore } from '../records/KnexInventoryStore';
import { entityToRecord, withCatalogEntities } from './catalogRecordSource';
import { MAESTRO_KINDS } from '@maestro/plugin-maestro-common';
import { runPivotReport } from './pivotReport';
import { runSingleReport, storeRecordSource } from './singleReport';

jest.setTimeout(60_000);

const ctx = { actor: 'user:default/alice' };
const owner = 'group:default/platform';
const databases = TestDatabases.create({ ids: ['SQLITE_3'] });

/** The inventory in the store: a client, a system serving it, an application of the system on one server. */
async function storeWithInventory() {
  const knex = await migrateTestDatabase(await databases.init('SQLITE_3'));
  const store = await KnexInventoryStore.create({ database: mockServices.database({ knex }) });
  const { rows } = await store.upsertRecords(
    [
      { kind: 'Client', name: 'acme', owner, spec: {} },
      { kind: 'System', name: 'billing', owner, spec: { clients: ['client:default/acme'] } },
      {
        kind: 'Component',
        name: 'invoices',
        owner,
        spec: {
          type: 'service',
          lifecycle: 'production',
          system: 'system:default/billing',
          servers: ['server:default/web-1'],
        },
      },
      { kind: 'Server', name: 'web-1', owner, spec: { hostname: 'web-1', environment: 'production' } },
      { kind: 'Server', name: 'web-2', owner, spec: { hostname: 'web-2', environment: 'production' } },
    ] as any,
    ctx,
  );
  return { store, ids: Object.fromEntries(rows.map(r => [r.name, r.id])) };
}

/** Maestro's projection of a store record, as the catalog module writes it. */
const projection = (kind: string, name: string, recordId: string): Entity => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind,
  metadata: {
    name,
    namespace: 'default',
    annotations: {
      'backstage.io/managed-by-location': `maestro:records/${recordId}`,
      'backstage.io/managed-by-origin-location': `maestro:records/${recordId}`,
      'maestro.backstage.io/record-id': recordId,
    },
  },
  spec: { type: 'service', lifecycle: 'production', owner },
});

/** Entities from git YAML: a system serving the store's client, and an application of it on web-2. */
const gitDefined: Entity[] = [
  {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'System',
    metadata: {
      name: 'payments',
      description: 'Card payments',
      labels: { tier: 'gold' },
      annotations: { 'backstage.io/managed-by-location': 'url:https://git.example/payments/catalog-info.yaml' },
    },
    spec: { owner: 'team-pay', clients: ['acme'], notInTheSchema: 1 },
  },
  {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: {
      name: 'checkout',
      title: 'Checkout',
      annotations: { 'backstage.io/managed-by-location': 'url:https://git.example/payments/catalog-info.yaml' },
    },
    spec: {
      type: 'website',
      lifecycle: 'experimental',
      owner: 'group:default/team-pay',
      system: 'payments',
      dependsOn: ['component:invoices'],
      servers: ['web-2'],
      language: 42,
    },
  },
  {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: { name: 'fraud-model', namespace: 'risk' },
    spec: { type: 'library', lifecycle: 'production', owner: 'team-risk', system: 'payments' },
  },
];

describe('reports over git-defined catalog entities', () => {
  it('counts git-defined components and systems once, next to the store records, without the projections', async () => {
    const { store, ids } = await storeWithInventory();
    const catalog = new InMemoryCatalogClient({
      entities: [
        projection('System', 'billing', ids.billing),
        projection('Component', 'invoices', ids.invoices),
        ...gitDefined,
      ],
    });
    const source = withCatalogEntities(storeRecordSource(store), { api: catalog }, { pageSize: 1 });

    const apps = await runSingleReport(source, {
      kind: 'Component',
      columns: ['name', 'owner', 'source', 'spec.type', 'spec.system', 'spec.dependencies.ref', 'spec.language'],
      charts: true,
    });
    expect(apps.rows.map(r => r.values)).toEqual([
      [
        'checkout',
        'group:default/team-pay',
        'catalog',
        'website',
        'system:default/payments',
        ['component:default/invoices'],
        undefined,
      ],
      ['fraud-model', 'group:risk/team-risk', 'catalog', 'library', 'system:risk/payments', undefined, undefined],
      ['invoices', owner, 'manual', 'service', 'system:default/billing', undefined, undefined],
    ]);
    expect(apps.totalCount).toBe(3);
    expect(apps.charts?.find(c => c.field === 'spec.type')?.points).toEqual([
      { label: 'library', count: 1 },
      { label: 'service', count: 1 },
      { label: 'website', count: 1 },
    ]);

    const systems = await runSingleReport(source, {
      kind: 'System',
      columns: ['name', 'source', 'spec.description', 'spec.clients', 'spec.tags'],
    });
    expect(systems.rows.map(r => r.values)).toEqual([
      ['billing', 'manual', undefined, ['client:default/acme'], undefined],
      ['payments', 'catalog', 'Card payments', ['client:default/acme'], { tier: 'gold' }],
    ]);

    // a filter on a spec field reaches the catalog's entities too
    const websites = await runSingleReport(source, {
      kind: 'Component',
      columns: ['name'],
      filters: [{ field: 'spec.type', op: 'eq', value: 'website' }],
    });
    expect(websites.rows.map(r => r.values)).toEqual([['checkout']]);
    // kinds the catalog does not hold are the store's only
    const servers = await runSingleReport(source, { kind: 'Server', columns: ['name'] });
    expect(servers.totalCount).toBe(2);
  });

  it('follows client -> system -> application -> server through git-defined systems and applications', async () => {
    const { store, ids } = await storeWithInventory();
    const catalog = new InMemoryCatalogClient({
      entities: [
        projection('System', 'billing', ids.billing),
        projection('Component', 'invoices', ids.invoices),
        ...gitDefined,
      ],
    });
    const source = withCatalogEntities(storeRecordSource(store), { api: catalog });
    const pivot = await runPivotReport(source, [
      { kind: 'Client', columns: ['name'] },
      { kind: 'System', columns: ['name'] },
      { kind: 'Component', columns: ['name'] },
      { kind: 'Server', columns: ['name'] },
    ]);
    expect(pivot.rows.map(r => r.values)).toEqual([
      ['acme', 'billing', 'invoices', 'web-1'],
      ['acme', 'payments', 'checkout', 'web-2'],
    ]);
    expect(pivot.totalCount).toBe(2);
  });

  it('fails the run with a 503 naming the catalog when the catalog cannot be read', async () => {
    const { store } = await storeWithInventory();
    const down = {
      queryEntities: async () => {
        throw new Error('connect ECONNREFUSED');
      },
    };
    const source = withCatalogEntities(storeRecordSource(store), { api: down });
    await expect(runSingleReport(source, { kind: 'System' })).rejects.toMatchObject({
      name: 'ServiceUnavailableError',
      message: expect.stringContaining('catalog: could not read the System entities the report includes'),
    });
    // nothing of the store was read before the failure
    const read: string[] = [];
    await expect(
      (async () => {
        for await (const page of source('Component', { active: true })) read.push(...page.map(r => r.name));
      })(),
    ).rejects.toThrow(/ECONNREFUSED/);
    expect(read).toEqual([]);
    await expect(runSingleReport(source, { kind: 'Server' })).resolves.toMatchObject({ totalCount: 2 });
  });

  it('keeps only what fits the kind from an entity, and never a __proto__ key', () => {
    const entity = {
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'Resource',
      metadata: { name: 'queue', namespace: 'ops' },
      spec: JSON.parse(
        '{"type":"broker","owner":"user:jo","system":"payments","dependsOn":["component:default/api"],' +
          '"tags":{"__proto__":{"polluted":"yes"},"team":"a","n":1},"servers":[1,"web-1"]}',
      ),
    } as Entity;
    const record = entityToRecord(entity, MAESTRO_KINDS.Resource);
    expect(record).toMatchObject({
      id: 'catalog:resource:ops/queue',
      kind: 'Resource',
      owner: 'user:ops/jo',
      source: 'catalog',
      active: true,
    });
    expect(record.spec).toEqual({
      type: 'broker',
      system: 'system:ops/payments',
      dependencies: [{ ref: 'component:default/api' }],
      tags: { team: 'a' },
      servers: ['server:ops/web-1'],
    });
    expect(Object.getPrototypeOf(record.spec.tags)).toBe(Object.prototype);
    expect(({} as any).polluted).toBeUndefined();
    // a type outside the resource families does not fit the schema's enum
    const other = entityToRecord({ ...entity, spec: { type: 's3-bucket', owner: 'x' } }, MAESTRO_KINDS.Resource);
    expect(other.spec).toEqual({});
  });
});
