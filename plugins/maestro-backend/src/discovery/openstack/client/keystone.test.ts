import { OpenStackConfigError } from './errors';
import { ServiceCatalog, buildPasswordAuthRequest, describeProject, describeUser, normalizeAuthUrl } from './keystone';
import type { KeystoneCatalogService } from './types';

describe('normalizeAuthUrl', () => {
  it('appends /v3 when missing and accepts it when present', () => {
    expect(normalizeAuthUrl('https://keystone:5000')).toBe('https://keystone:5000/v3');
    expect(normalizeAuthUrl('https://keystone:5000/')).toBe('https://keystone:5000/v3');
    expect(normalizeAuthUrl('https://keystone:5000/v3')).toBe('https://keystone:5000/v3');
    expect(normalizeAuthUrl('https://keystone:5000/v3/')).toBe('https://keystone:5000/v3');
    expect(normalizeAuthUrl('https://cloud/identity')).toBe('https://cloud/identity/v3');
    expect(normalizeAuthUrl('https://cloud/identity/v3')).toBe('https://cloud/identity/v3');
    expect(() => normalizeAuthUrl(' ')).toThrow(OpenStackConfigError);
  });
});

describe('buildPasswordAuthRequest', () => {
  const base = { authUrl: 'http://k', password: 'pw' };

  it('names the user and project by name in their domains', () => {
    expect(
      buildPasswordAuthRequest({
        ...base,
        username: 'maestro',
        userDomainName: 'Users',
        projectName: 'prod',
        projectDomainId: 'd-42',
      }),
    ).toEqual({
      auth: {
        identity: {
          methods: ['password'],
          password: { user: { name: 'maestro', domain: { name: 'Users' }, password: 'pw' } },
        },
        scope: { project: { name: 'prod', domain: { id: 'd-42' } } },
      },
    });
  });

  it('names them by id', () => {
    expect(buildPasswordAuthRequest({ ...base, userId: 'u-1', projectId: 'p-1' })).toEqual({
      auth: {
        identity: { methods: ['password'], password: { user: { id: 'u-1', password: 'pw' } } },
        scope: { project: { id: 'p-1' } },
      },
    });
  });

  it('defaults domains (user: default; project: the user domain, then default) and allows unscoped', () => {
    const body = buildPasswordAuthRequest({ ...base, username: 'u', projectName: 'p' }) as any;
    expect(body.auth.identity.password.user.domain).toEqual({ id: 'default' });
    expect(body.auth.scope.project.domain).toEqual({ id: 'default' });
    const inherit = buildPasswordAuthRequest({
      ...base,
      username: 'u',
      userDomainName: 'LDAP',
      projectName: 'p',
    }) as any;
    expect(inherit.auth.scope.project.domain).toEqual({ name: 'LDAP' });
    expect((buildPasswordAuthRequest({ ...base, username: 'u' }) as any).auth.scope).toBeUndefined();
  });

  it('rejects incomplete credentials', () => {
    expect(() => buildPasswordAuthRequest({ ...base })).toThrow(OpenStackConfigError);
    expect(() => buildPasswordAuthRequest({ ...base, username: 'u', password: '' })).toThrow(OpenStackConfigError);
  });

  it('describes user and project without the password', () => {
    const options = { ...base, username: 'maestro', userDomainName: 'Users', projectName: 'prod' };
    expect(describeUser(options)).toBe('"maestro" in domain "Users"');
    expect(describeProject(options)).toBe('"prod" in domain "Users"');
    expect(describeProject({ ...base, username: 'x' })).toBeUndefined();
  });
});

describe('ServiceCatalog', () => {
  // shaped like keystone's api-ref sample auth-password-project-scoped-response.json
  const services: KeystoneCatalogService[] = [
    {
      type: 'compute',
      name: 'nova',
      id: 'c',
      endpoints: [
        { id: '1', region_id: 'RegionOne', region: 'RegionOne', interface: 'public', url: 'https://pub:8774/v2.1/p' },
        { id: '2', region_id: 'RegionOne', region: 'RegionOne', interface: 'internal', url: 'http://int:8774/v2.1/p' },
        { id: '3', region_id: 'RegionOne', region: 'RegionOne', interface: 'admin', url: 'http://adm:8774/v2.1/p' },
        { id: '4', region_id: 'RegionTwo', region: 'RegionTwo', interface: 'public', url: 'https://pub2:8774/v2.1/p' },
      ],
    },
    {
      type: 'volume',
      name: 'cinder',
      endpoints: [{ id: '5', region_id: 'RegionOne', interface: 'public', url: 'https://pub:8776/v1/p' }],
    },
    {
      type: 'volumev3',
      name: 'cinderv3',
      endpoints: [{ id: '6', region_id: 'RegionOne', interface: 'public', url: 'https://pub:8776/v3/p' }],
    },
    {
      type: 'load-balancer',
      endpoints: [{ id: '7', region: 'RegionThree', interface: 'public', url: 'https://lb' }],
    },
    // malformed entries are skipped
    { type: 'broken', endpoints: [{ id: '8' } as any] },
  ];
  const catalog = new ServiceCatalog(services);

  it('picks the endpoint by type, region and interface', () => {
    expect(catalog.endpointFor('compute', 'RegionOne')).toBe('https://pub:8774/v2.1/p');
    expect(catalog.endpointFor('compute', 'RegionOne', 'internal')).toBe('http://int:8774/v2.1/p');
    expect(catalog.endpointFor('compute', 'RegionOne', 'admin')).toBe('http://adm:8774/v2.1/p');
    expect(catalog.endpointFor('compute', 'RegionTwo')).toBe('https://pub2:8774/v2.1/p');
    expect(catalog.endpointFor('compute', 'RegionTwo', 'internal')).toBeUndefined();
    expect(catalog.endpointFor('network', 'RegionOne')).toBeUndefined();
    // the deprecated `region` is enough
    expect(catalog.endpointFor('load-balancer', 'RegionThree')).toBe('https://lb');
  });

  it('understands block-storage aliases and prefers v3 over the legacy volume type', () => {
    expect(catalog.endpointFor('volumev3', 'RegionOne')).toBe('https://pub:8776/v3/p');
    expect(catalog.endpointFor('block-storage', 'RegionOne')).toBe('https://pub:8776/v3/p');
    expect(catalog.endpointFor('volume', 'RegionOne')).toBe('https://pub:8776/v3/p');
    const legacyOnly = new ServiceCatalog([services[1]]);
    expect(legacyOnly.endpointFor('block-storage', 'RegionOne')).toBe('https://pub:8776/v1/p');
  });

  it('lists the regions of an interface', () => {
    expect(catalog.regions()).toEqual(['RegionOne', 'RegionThree', 'RegionTwo']);
    expect(catalog.regions('internal')).toEqual(['RegionOne']);
    expect(new ServiceCatalog().regions()).toEqual([]);
  });
});
