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
    expect(
      await processor.validateEntityKind({ ...server({}), kind: 'Spaceship' }),
    ).toBe(false);
  });

  it('rejects a Maestro entity that breaks its schema', async () => {
    await expect(processor.validateEntityKind(server({ ipv4Private: 'nope' }))).rejects.toThrow(
      /ipv4Private/,
    );
    const withoutOwner = server({});
    delete (withoutOwner.spec as any).owner;
    await expect(processor.validateEntityKind(withoutOwner)).rejects.toThrow(/owner/);
  });

  it('emits ownership and hostedIn/hosts relations in both directions', async () => {
    const emitted: CatalogProcessorResult[] = [];
    await processor.postProcessEntity(
      server({ datacenter: 'aws-prod' }),
      location,
      r => emitted.push(r),
    );
    const relations = emitted.map(r => {
      if (r.type !== 'relation') throw new Error(`unexpected ${r.type}`);
      const { source, type, target } = r.relation;
      return `${source.kind}:${source.name} ${type} ${target.kind}:${target.name}`;
    });
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
});
