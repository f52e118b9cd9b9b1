import Ajv from 'ajv';
import { entityKindSchemaValidator } from '@backstage/catalog-model';
import { findMaestroKind, MAESTRO_KINDS } from '.';

describe('Maestro kinds', () => {
  it('have spec schemas that compile and entity schemas the catalog accepts', () => {
    const ajv = new Ajv({ strict: false });
    for (const def of Object.values(MAESTRO_KINDS)) {
      expect(() => ajv.compile(def.specSchema)).not.toThrow();
      expect(() => entityKindSchemaValidator(def.entitySchema as any)).not.toThrow();
    }
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
    expect(findMaestroKind('Spaceship')).toBeUndefined();
  });
});
