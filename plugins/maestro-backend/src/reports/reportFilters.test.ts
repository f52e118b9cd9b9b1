import type { InventoryRecord } from '@maestro/plugin-maestro-common';
import { compileFilters } from './reportFilters';
import { reportFields, valueAt } from './reportFields';

const NOW = Date.parse('2026-12-05T12:00:00Z');

function server(name: string, spec: Record<string, unknown>, extra: Partial<InventoryRecord> = {}): InventoryRecord {
  return {
    id: name,
    kind: 'Server',
    name,
    owner: 'group:default/platform',
    spec: { hostname: name, ...spec } as any,
    version: 1,
    active: true,
    source: 'manual',
    createdAt: '2026-11-01T00:00:00.000Z',
    updatedAt: '2026-12-01T00:00:00.000Z',
    createdBy: 'user:default/alice',
    updatedBy: 'user:default/alice',
    ...extra,
  };
}

const servers = [
  server('web-1', {
    cpu: 4,
    memory: 8,
    environment: 'production',
    os: { base: 'linux', distro: 'Ubuntu' },
    tags: { team: 'web', env: 'prod' },
    services: [{ name: 'nginx' }, { name: 'node' }],
    networks: ['network:default/vpc-a'],
  }),
  server(
    'db-1',
    { cpu: 16, memory: 64, environment: 'production', os: { base: 'linux', distro: 'Debian' }, tags: { team: 'data' } },
    { createdAt: '2026-12-04T00:00:00.000Z' },
  ),
  server('old-1', { cpu: 1, environment: 'staging', services: [{ name: 'nginx' }] }, { active: false }),
];

/** The names of the servers the filters keep. */
const keep = (filters: unknown) => servers.filter(compileFilters('Server', filters, { now: NOW })).map(s => s.name);

describe('report fields', () => {
  it('reads every field of a kind and its type from the JSON schema', () => {
    const fields = new Map(reportFields('Server')!.map(f => [f.path, f]));
    expect(fields.get('spec.cpu')).toEqual({ path: 'spec.cpu', type: 'number' });
    expect(fields.get('spec.os.distro')).toEqual({ path: 'spec.os.distro', type: 'string' });
    expect(fields.get('spec.tags')).toEqual({ path: 'spec.tags', type: 'tags' });
    expect(fields.get('spec.networks')).toEqual({ path: 'spec.networks', type: 'array', itemType: 'string' });
    expect(fields.get('spec.services.name')).toEqual({ path: 'spec.services.name', type: 'array', itemType: 'string' });
    expect(fields.get('spec.auth.type')).toMatchObject({ type: 'array', itemType: 'enum', values: expect.any(Array) });
    expect(fields.get('active')).toEqual({ path: 'active', type: 'boolean' });
    expect(fields.get('createdAt')).toEqual({ path: 'createdAt', type: 'date' });
    expect(reportFields('Datacenter')!.find(f => f.path === 'spec.provider')).toMatchObject({
      type: 'enum',
      values: expect.arrayContaining(['aws', 'openstack', 'other']),
    });
    expect(reportFields('NoSuchKind')).toBeUndefined();
  });

  it('reads values by path, through lists of objects, own properties only', () => {
    expect(valueAt(servers[0], 'spec.os.distro')).toBe('Ubuntu');
    expect(valueAt(servers[0], 'spec.services.name')).toEqual(['nginx', 'node']);
    expect(valueAt(servers[1], 'spec.services.name')).toBeUndefined();
    expect(valueAt(servers[0], 'spec.__proto__')).toBeUndefined();
    expect(valueAt(servers[0], 'spec.tags.constructor')).toBeUndefined();
  });
});

describe('report filters', () => {
  it('applies string operators (contains is case-insensitive, the others are not)', () => {
    expect(keep([{ field: 'spec.environment', op: 'eq', value: 'production' }])).toEqual(['web-1', 'db-1']);
    expect(keep([{ field: 'spec.environment', op: 'ne', value: 'production' }])).toEqual(['old-1']);
    expect(keep([{ field: 'spec.os.distro', op: 'contains', value: 'ubu' }])).toEqual(['web-1']);
    expect(keep([{ field: 'spec.os.distro', op: 'notContains', value: 'ubu' }])).toEqual(['db-1', 'old-1']);
    expect(keep([{ field: 'name', op: 'startsWith', value: 'db-' }])).toEqual(['db-1']);
    expect(keep([{ field: 'name', op: 'endsWith', value: '-1' }])).toEqual(['web-1', 'db-1', 'old-1']);
    expect(keep([{ field: 'spec.os.distro', op: 'regex', value: '^(Ubu|Deb)' }])).toEqual(['web-1', 'db-1']);
    expect(keep([{ field: 'spec.os.distro', op: 'oneOf', value: ['Debian', 'Arch'] }])).toEqual(['db-1']);
    expect(keep([{ field: 'spec.os.distro', op: 'noneOf', value: ['Debian'] }])).toEqual(['web-1', 'old-1']);
    expect(keep([{ field: 'spec.os.distro', op: 'exists' }])).toEqual(['web-1', 'db-1']);
    expect(keep([{ field: 'spec.os.distro', op: 'missing' }])).toEqual(['old-1']);
  });

  it('runs regular expressions in linear time: a pattern that backtracks exponentially in JavaScript answers at once', () => {
    const evil = [server('a', { hostname: `${'a'.repeat(40)}!` })];
    const test = compileFilters('Server', [{ field: 'spec.hostname', op: 'regex', value: '^(a+)+$' }]);
    expect(evil.filter(test)).toEqual([]);
  });

  it('applies number, boolean, date and relative date operators', () => {
    expect(keep([{ field: 'spec.cpu', op: 'gte', value: 4 }])).toEqual(['web-1', 'db-1']);
    expect(keep([{ field: 'spec.cpu', op: 'lt', value: 4 }])).toEqual(['old-1']);
    expect(keep([{ field: 'spec.memory', op: 'between', value: [8, 32] }])).toEqual(['web-1']);
    expect(keep([{ field: 'spec.cpu', op: 'ne', value: 4 }])).toEqual(['db-1', 'old-1']);
    expect(keep([{ field: 'active', op: 'is', value: false }])).toEqual(['old-1']);
    expect(keep([{ field: 'createdAt', op: 'after', value: '2026-12-01' }])).toEqual(['db-1']);
    expect(keep([{ field: 'createdAt', op: 'before', value: '2026-12-01T00:00:00Z' }])).toEqual(['web-1', 'old-1']);
    expect(keep([{ field: 'createdAt', op: 'between', value: ['2026-10-01', '2026-11-02'] }])).toEqual([
      'web-1',
      'old-1',
    ]);
    expect(keep([{ field: 'createdAt', op: 'last', value: '7d' }])).toEqual(['db-1']);
    expect(keep([{ field: 'createdAt', op: 'last', value: '6w' }])).toEqual(['web-1', 'db-1', 'old-1']);
  });

  it('applies list, tag and enum operators, and combines filters with and', () => {
    expect(keep([{ field: 'spec.services.name', op: 'anyOf', value: ['nginx'] }])).toEqual(['web-1', 'old-1']);
    expect(keep([{ field: 'spec.services.name', op: 'allOf', value: ['nginx', 'node'] }])).toEqual(['web-1']);
    expect(keep([{ field: 'spec.services.name', op: 'noneOf', value: ['node'] }])).toEqual(['db-1', 'old-1']);
    expect(keep([{ field: 'spec.services.name', op: 'isEmpty' }])).toEqual(['db-1']);
    expect(keep([{ field: 'spec.tags', op: 'hasKey', value: 'env' }])).toEqual(['web-1']);
    expect(keep([{ field: 'spec.tags', op: 'keyEquals', value: { key: 'team', value: 'data' } }])).toEqual(['db-1']);
    expect(keep([{ field: 'spec.tags', op: 'hasKey', value: 'constructor' }])).toEqual([]);
    expect(keep([{ field: 'spec.tags', op: 'isEmpty' }])).toEqual(['old-1']);
    expect(
      keep([
        { field: 'spec.environment', op: 'eq', value: 'production' },
        { field: 'spec.services.name', op: 'anyOf', value: ['nginx'] },
      ]),
    ).toEqual(['web-1']);
    const dc = (provider: string) => ({ ...servers[0], kind: 'Datacenter', spec: { provider } as any });
    const test = compileFilters('Datacenter', [{ field: 'spec.provider', op: 'oneOf', value: ['aws', 'gcp'] }]);
    expect([dc('aws'), dc('openstack'), dc('gcp')].filter(test).map(d => d.spec.provider)).toEqual(['aws', 'gcp']);
  });

  it('refuses bad filters with one 400 naming every filter and its problem', () => {
    const refuse = (filters: unknown) => {
      let refusal: any = undefined;
      try {
        compileFilters('Server', filters);
      } catch (error) {
        refusal = error;
      }
      expect(refusal?.name).toBe('InputError');
      return refusal?.message;
    };
    expect(
      refuse([
        { field: 'spec.nope', op: 'eq', value: 'x' },
        { field: 'spec.cpu', op: 'contains', value: 'x' },
        { field: 'spec.cpu', op: 'gt', value: '4' },
        { field: 'spec.hostname', op: 'regex', value: '(a)\\1' },
        { field: 'createdAt', op: 'last', value: '7 days' },
        { field: 'spec.memory', op: 'between', value: [10, 1] },
      ]),
    ).toBe(
      [
        "filters[0].field: 'spec.nope' is not a field of Server",
        'filters[1].op: must be one of eq, ne, gt, gte, lt, lte, between, exists, missing for the number field spec.cpu',
        'filters[2].value: must be a number',
        'filters[3].value: not a regular expression RE2 runs in linear time (invalid escape sequence: \\1)',
        "filters[4].value: must be a duration such as '7d' (h, d, w, m or y)",
        'filters[5].value: the first value must not be greater than the second',
      ].join('; '),
    );
    expect(refuse([{ field: '__proto__', op: 'eq', value: 'x' }])).toBe(
      "filters[0].field: '__proto__' is not a field of Server",
    );
    expect(refuse({ field: 'name' })).toBe('filters: must be a list of filters');
    expect(refuse([null])).toBe('filters[0]: must be an object');
    expect(refuse([{ field: 'spec.auth.type', op: 'anyOf', value: ['password', 'telepathy'] }])).toMatch(
      /^filters\[0\]\.value\[1\]: must be one of /,
    );
    expect(refuse([{ field: 'createdAt', op: 'after', value: 'yesterday' }])).toBe(
      'filters[0].value: must be an ISO date (2026-11-05 or 2026-11-05T10:00:00Z)',
    );
    expect(() => compileFilters('Nope', [])).toThrow("kind: unknown kind 'Nope'");
  });
});
