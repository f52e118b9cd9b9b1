import { diffRecords } from './diff';

describe('diffRecords', () => {
  const v1 = {
    name: 'web-01',
    owner: 'group:default/a',
    active: true,
    version: 1,
    updatedAt: 't1',
    spec: { hostname: 'web-01', cpu: 2, os: { base: 'linux', version: '11' }, regions: ['a'] },
  };

  it('lists changed, added and removed fields by path, ignoring bookkeeping', () => {
    const v2 = {
      ...v1,
      version: 2,
      updatedAt: 't2',
      spec: { hostname: 'web-01', cpu: 4, os: { base: 'linux', version: '12' }, regions: ['a', 'b'], role: 'web' },
    };
    expect(diffRecords(v1, v2)).toEqual([
      { path: 'spec.cpu', before: 2, after: 4 },
      { path: 'spec.os.version', before: '11', after: '12' },
      { path: 'spec.regions', before: ['a'], after: ['a', 'b'] },
      { path: 'spec.role', after: 'web' },
    ]);
  });

  it('shows a creation as fields that appeared, and no change as nothing', () => {
    expect(diffRecords(undefined, { name: 'x', spec: { a: 1 } })).toEqual([
      { path: 'name', after: 'x' },
      { path: 'spec.a', after: 1 },
    ]);
    expect(diffRecords(v1, { ...v1, version: 7 })).toEqual([]);
  });
});
