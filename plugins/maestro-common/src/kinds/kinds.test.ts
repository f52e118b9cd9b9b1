import Ajv from 'ajv';
import { entityKindSchemaValidator } from '@backstage/catalog-model';
import { findMaestroKind, MAESTRO_KINDS, referencedRefs, RESOURCE_FAMILIES } from '.';

describe('Maestro kinds', () => {
  it('have spec schemas that compile and entity schemas the catalog accepts', () => {
    const ajv = new Ajv({ strict: false });
    for (const def of Object.values(MAESTRO_KINDS)) {
      expect(() => ajv.compile(def.specSchema)).not.toThrow();
    }
    const custom = Object.values(MAESTRO_KINDS).filter(d => d.apiVersion === 'maestro.backstage.io/v1alpha1');
    for (const def of custom) {
      expect(() => entityKindSchemaValidator(def.entitySchema as any)).not.toThrow();
    }
    // Component, System and Resource are validated by Backstage's own processor
    expect(
      Object.values(MAESTRO_KINDS)
        .filter(d => !custom.includes(d))
        .map(d => [d.kind, d.entitySchema]),
    ).toEqual([
      ['Component', undefined],
      ['System', undefined],
      ['Resource', undefined],
    ]);
    expect(Object.keys(MAESTRO_KINDS)).toEqual([
      'Datacenter',
      'Server',
      'Database',
      'LoadBalancer',
      'Volume',
      'Snapshot',
      'Image',
      'Network',
      'Flavor',
      'Client',
      'Component',
      'System',
      'Resource',
    ]);
  });

  it('know the 26 resource families of the seed', () => {
    expect(RESOURCE_FAMILIES).toHaveLength(26);
    expect(new Set(RESOURCE_FAMILIES).size).toBe(26);
  });

  it('read refs from single, list and object-list reference fields', () => {
    const server = MAESTRO_KINDS.Server;
    const spec = {
      datacenter: 'aws-prod',
      networks: ['vpc-1', 'sg-1'],
      storage: [{ mount: '/', volume: 'vol-1' }, { mount: '/tmp' }],
    };
    const refsOf = (field: string) => referencedRefs(spec, server.references.find(r => r.field === field)!);
    expect(refsOf('datacenter')).toEqual(['aws-prod']);
    expect(refsOf('networks')).toEqual(['vpc-1', 'sg-1']);
    expect(refsOf('storage')).toEqual(['vol-1']);
    expect(refsOf('image')).toEqual([]);
  });

  it('keep Oracle-only fields to Oracle databases', () => {
    const validate = new Ajv({ strict: false, allErrors: true }).compile(MAESTRO_KINDS.Database.specSchema);
    expect(
      validate({ family: 'oracle', engine: 'oracle', storageType: 'asm', cdbs: [{ name: 'cdb1', pdbs: ['p1'] }] }),
    ).toBe(true);
    expect(validate({ family: 'mysql', engine: 'mariadb', storageType: 'asm' })).toBe(false);
    expect(validate({ family: 'mysql', engine: 'mariadb', clusterMode: 'master-replica' })).toBe(true);
  });

  it('let a load balancer belong to systems, as a database does', () => {
    const validate = new Ajv({ strict: false, allErrors: true }).compile(MAESTRO_KINDS.LoadBalancer.specSchema);
    expect(validate({ service: 'alb', systems: ['shop', 'system:default/edge'] })).toBe(true);
    expect(validate({ service: 'alb', systems: ['shop', 'shop'] })).toBe(false);
    expect(validate({ service: 'alb', systems: [''] })).toBe(false);
    const systems = MAESTRO_KINDS.LoadBalancer.references.find(r => r.field === 'systems');
    expect(systems).toEqual(MAESTRO_KINDS.Database.references.find(r => r.field === 'systems'));
    expect(systems).toMatchObject({ kind: 'System', relation: ['partOf', 'hasPart'] });
  });

  it('require an owner in the entity but not in the record spec', () => {
    const validate = entityKindSchemaValidator(MAESTRO_KINDS.Datacenter.entitySchema as any);
    const entity = {
      apiVersion: 'maestro.backstage.io/v1alpha1',
      kind: 'Datacenter',
      metadata: { name: 'aws-prod' },
      spec: { provider: 'aws' },
    };
    expect(() => validate(entity)).toThrow(/owner/);
    expect(validate({ ...entity, spec: { provider: 'aws', owner: 'group:default/x' } })).toBeTruthy();
    expect(() => validate({ ...entity, spec: { provider: 'mainframe', owner: 'x' } })).toThrow(/provider/);
  });

  it('are found case-insensitively', () => {
    expect(findMaestroKind('server')?.kind).toBe('Server');
    expect(findMaestroKind('DATACENTER')?.kind).toBe('Datacenter');
    expect(findMaestroKind('application')?.kind).toBe('Component');
    expect(findMaestroKind('loadbalancer')?.kind).toBe('LoadBalancer');
    expect(findMaestroKind('Spaceship')).toBeUndefined();
  });
});
