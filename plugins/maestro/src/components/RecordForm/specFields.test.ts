import { MAESTRO_KINDS } from '@maestro/plugin-maestro-common';
import { buildSpec, shownPathsOf, specFieldsOf, toFormPath } from './specFields';

describe('specFields', () => {
  it('gives no kind a JSON box: lists of objects are rows, objects groups, string maps key/value rows', () => {
    for (const [kind, definition] of Object.entries(MAESTRO_KINDS)) {
      const json = specFieldsOf(definition.specSchema).filter(f => f.type === 'json');
      expect({ kind, json: json.map(f => f.name) }).toEqual({ kind, json: [] });
    }
    const server = specFieldsOf(MAESTRO_KINDS.Server.specSchema);
    const typeOf = (name: string) => server.find(f => f.name === name)?.type;
    expect([typeOf('storage'), typeOf('auth'), typeOf('services'), typeOf('os'), typeOf('tags')]).toEqual([
      'rows',
      'rows',
      'rows',
      'group',
      'map',
    ]);
  });

  it('reads rows back into the spec, leaving blank rows out and telling which form row each item sent is', () => {
    const fields = specFieldsOf(MAESTRO_KINDS.Server.specSchema);
    const values = {
      hostname: 'web',
      storage: [
        { mount: '/', sizeGb: '20', rootDevice: undefined, volume: '' },
        { mount: '', sizeGb: '', rootDevice: false, volume: '' },
        { mount: '/data', sizeGb: '100', rootDevice: undefined, volume: '' },
      ],
    } as any;
    const { spec, problems, rowsSent } = buildSpec(fields, values);
    expect(problems).toEqual({});
    expect(spec).toEqual({
      hostname: 'web',
      storage: [
        { mount: '/', sizeGb: 20 },
        { mount: '/data', sizeGb: 100 },
      ],
    });
    expect(rowsSent['spec.storage']).toEqual([0, 2]);
    expect(toFormPath('spec.storage[1].sizeGb', rowsSent)).toBe('spec.storage[2].sizeGb');
    expect(toFormPath('spec.hostname', rowsSent)).toBe('spec.hostname');
    expect(shownPathsOf(fields, values)).toContain('spec.storage[2].sizeGb');
  });

  it('keeps a tag key such as __proto__ as an own property (the backend refuses it by name), and refuses a key twice', () => {
    const fields = specFieldsOf(MAESTRO_KINDS.Server.specSchema);
    const tags = (...rows: Array<[string, string]>) =>
      buildSpec(fields, { hostname: 'web', tags: rows.map(([key, value]) => ({ key, value })) });
    const built = tags(['__proto__', 'x'], ['env', 'prod']);
    expect(Object.getPrototypeOf(built.spec.tags)).toBe(Object.prototype);
    expect(JSON.stringify(built.spec.tags)).toBe('{"__proto__":"x","env":"prod"}');
    expect(tags(['env', 'prod'], ['team', 'a'], ['env', 'dev']).problems).toEqual({
      'spec.tags[2].key': 'is already used in row 1',
    });
  });

  it('takes an unticked required box as false, and asks for a required sub-field of a filled row', () => {
    const volume = specFieldsOf(MAESTRO_KINDS.Volume.specSchema);
    expect(buildSpec(volume, { attachment: 'attached', lvm: { enabled: undefined, pvName: 'pv0' } }).spec).toEqual({
      attachment: 'attached',
      lvm: { enabled: false, pvName: 'pv0' },
    });
    const server = specFieldsOf(MAESTRO_KINDS.Server.specSchema);
    expect(buildSpec(server, { hostname: 'web', services: [{ name: '', version: '1.0' }] }).problems).toEqual({
      'spec.services[0].name': 'is required',
    });
  });
});
