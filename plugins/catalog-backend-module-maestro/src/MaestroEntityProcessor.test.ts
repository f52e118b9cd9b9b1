import { Entity } from '@backstage/catalog-model';
import { CatalogProcessorResult } from '@backstage/plugin-catalog-node';
import { MaestroEntityProcessor } from './MaestroEntityProcessor';

const location = { type: 'maestro', target: 'records/1' };

function server(spec: Record<string, unknown>): Entity {
  return {
    apiVersion: 'maestro.backstage.io/v1alpha1',
    kind: 'Server',
    metadata: { name: 'web-01', namespace: 'default' },
    spec: { hostname: 'web-01', owner: 'platform', ...spec },
  };
}

/** Emitted relations as `Kind:name type Kind:name` lines. */
function describeRelations(emitted: CatalogProcessorResult[]): string[] {
  return emitted.map(r => {
    if (r.type !== 'relation') throw new Error(`unexpected ${r.type}`);
    const { source, type, target } = r.relation;
    return `${source.kind}:${source.name} ${type} ${target.kind}:${target.name}`;
  });
}

describe('MaestroEntityProcessor', () => {
  const processor = new MaestroEntityProcessor();

  it('accepts valid Maestro kinds and leaves other kinds to other processors', async () => {
    expect(await processor.validateEntityKind(server({}))).toBe(true);
    expect(
      await processor.validateEntityKind({
        apiVersion: 'backstage.io/v1alpha1',
        kind: 'Component',
        metadata: { name: 'x' },
        spec: {},
      }),
    ).toBe(false);
    expect(await processor.validateEntityKind({ ...server({}), kind: 'Spaceship' })).toBe(false);
  });

  it('rejects a Maestro entity that breaks its schema', async () => {
    await expect(processor.validateEntityKind(server({ ipv4Private: 'nope' }))).rejects.toThrow(/ipv4Private/);
    const withoutOwner = server({});
    delete (withoutOwner.spec as any).owner;
    await expect(processor.validateEntityKind(withoutOwner)).rejects.toThrow(/owner/);
  });

  it('emits ownership and hostedIn/hosts relations in both directions', async () => {
    const emitted: CatalogProcessorResult[] = [];
    await processor.postProcessEntity(server({ datacenter: 'aws-prod' }), location, r => emitted.push(r));
    const relations = describeRelations(emitted);
    expect(relations).toEqual([
      'Server:web-01 ownedBy Group:platform',
      'Group:platform ownerOf Server:web-01',
      'Server:web-01 hostedIn Datacenter:aws-prod',
      'Datacenter:aws-prod hosts Server:web-01',
    ]);
  });

  it('emits nothing for entities it does not own', async () => {
    const emitted: CatalogProcessorResult[] = [];
    await processor.postProcessEntity(
      { apiVersion: 'backstage.io/v1alpha1', kind: 'Component', metadata: { name: 'x' }, spec: { owner: 'a' } },
      location,
      r => emitted.push(r),
    );
    expect(emitted).toEqual([]);
  });

  it('emits the named pairs of every reference field of the infrastructure kinds', async () => {
    const emitted: CatalogProcessorResult[] = [];
    await processor.postProcessEntity(
      {
        apiVersion: 'maestro.backstage.io/v1alpha1',
        kind: 'Database',
        metadata: { name: 'orders-db', namespace: 'default' },
        spec: {
          family: 'mysql',
          engine: 'mysql',
          owner: 'group:default/dba',
          datacenter: 'aws-prod',
          servers: [
            { server: 'db-01', role: 'master' },
            { server: 'server:default/db-02', role: 'replica' },
          ],
          systems: ['shop'],
        },
      },
      location,
      r => emitted.push(r),
    );
    const relations = describeRelations(emitted);
    expect(relations).toEqual([
      'Database:orders-db ownedBy group:dba',
      'group:dba ownerOf Database:orders-db',
      'Database:orders-db hostedIn Datacenter:aws-prod',
      'Datacenter:aws-prod hosts Database:orders-db',
      'Database:orders-db runsOn Server:db-01',
      'Server:db-01 runs Database:orders-db',
      'Database:orders-db runsOn server:db-02',
      'server:db-02 runs Database:orders-db',
      'Database:orders-db partOf System:shop',
      'System:shop hasPart Database:orders-db',
    ]);
  });

  it('puts a load balancer in its systems (partOf / hasPart, as a database)', async () => {
    const emitted: CatalogProcessorResult[] = [];
    await processor.postProcessEntity(
      {
        apiVersion: 'maestro.backstage.io/v1alpha1',
        kind: 'LoadBalancer',
        metadata: { name: 'shop-alb', namespace: 'default' },
        spec: { service: 'alb', owner: 'group:default/web', targets: ['web-01'], systems: ['shop', 'system:ops/edge'] },
      },
      location,
      r => emitted.push(r),
    );
    expect(describeRelations(emitted)).toEqual([
      'LoadBalancer:shop-alb ownedBy group:web',
      'group:web ownerOf LoadBalancer:shop-alb',
      'LoadBalancer:shop-alb targets Server:web-01',
      'Server:web-01 targetOf LoadBalancer:shop-alb',
      'LoadBalancer:shop-alb partOf System:shop',
      'System:shop hasPart LoadBalancer:shop-alb',
      'LoadBalancer:shop-alb partOf system:edge',
      'system:edge hasPart LoadBalancer:shop-alb',
    ]);
  });

  it('adds Maestro relations to the Backstage kinds it manages, and leaves ownership to Backstage', async () => {
    const emitted: CatalogProcessorResult[] = [];
    const component: Entity = {
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'Component',
      metadata: { name: 'shop-api', annotations: { 'maestro.backstage.io/record-id': 'r1' } },
      spec: {
        type: 'service',
        lifecycle: 'production',
        owner: 'team-a',
        servers: ['web-01'],
        dependsOn: ['component:default/x'],
      },
    };
    await processor.postProcessEntity(component, location, r => emitted.push(r));
    expect(emitted.map(r => (r.type === 'relation' ? `${r.relation.type} ${r.relation.target.name}` : r.type))).toEqual(
      ['runsOn web-01', 'runs shop-api'],
    );
    // the same kind from a YAML file is none of Maestro's business
    const fromYaml = { ...component, metadata: { name: 'shop-api' } };
    const none: CatalogProcessorResult[] = [];
    await processor.postProcessEntity(fromYaml, location, r => none.push(r));
    expect(none).toEqual([]);
    expect(await processor.validateEntityKind(component)).toBe(false);
  });

  it('skips an unparseable reference instead of failing the entity', async () => {
    const emitted: CatalogProcessorResult[] = [];
    await processor.postProcessEntity(server({ datacenter: 'datacenter:' }), location, r => emitted.push(r));
    expect(emitted.filter(r => r.type === 'relation' && r.relation.type === 'hostedIn')).toEqual([]);
  });
});
