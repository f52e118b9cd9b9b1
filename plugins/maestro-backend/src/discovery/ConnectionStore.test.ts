import { ConfigReader } from '@backstage/config';
import knexFactory from 'knex';
import { describeEachDatabase, migrateTestDatabase } from '../__testUtils__/databases';
import type { DiscoveryDriver } from '@maestro/plugin-maestro-node';
import { AwsDriver } from './aws/AwsDriver';
import { ConnectionStore, parseConnectionInput } from './ConnectionStore';
import { OpenStackDriver } from './openstack/OpenStackDriver';

const input = {
  id: 'aws-prod',
  provider: 'aws',
  regions: ['eu-west-1'],
  owner: 'group:default/platform',
  aws: { accessKeyId: 'AKIAIOSFODNN7EXAMPLE', secretAccessKey: 'the-secret-value' },
};

describe('ConnectionStore', () => {
  it('keeps listing connections whose secret cannot be opened any more, and their runs fail saying why', async () => {
    const knex = knexFactory({ client: 'better-sqlite3', connection: ':memory:', useNullAsDefault: true });
    await migrateTestDatabase(knex);
    const storeWith = (encryptionKey?: string) => {
      const config = new ConfigReader({ maestro: { discovery: encryptionKey ? { encryptionKey } : {} } });
      const drivers = new Map<string, DiscoveryDriver>([['aws', new AwsDriver({ config })]]);
      return { store: new ConnectionStore({ db: knex, config, drivers }), drivers, driver: drivers.get('aws')! };
    };
    const first = storeWith('a'.repeat(40));
    await first.store.create(parseConnectionInput(input, first.drivers), 'user:default/alice');
    expect((await first.store.get('aws-prod')).secret).toBe('the-secret-value');

    // the key was rotated: the connection still lists, shows that a secret is stored, and a run fails clearly
    const rotated = storeWith('b'.repeat(40));
    const [connection] = await rotated.store.list();
    expect(connection.secret).toBeUndefined();
    expect(rotated.store.toPublic(connection)).toMatchObject({ id: 'aws-prod', hasSecret: true });
    expect(JSON.stringify(rotated.store.toPublic(connection))).not.toContain('the-secret-value');
    await expect(rotated.driver.open(connection)).rejects.toThrow(/cannot be decrypted.*enter the secret again/);

    // no key at all
    const none = storeWith(undefined);
    await expect(none.driver.open(await none.store.get('aws-prod'))).rejects.toThrow(/encryptionKey is not configured/);
    await knex.destroy();
  });
});

describe('parseConnectionInput for OpenStack', () => {
  const drivers = new Map<string, DiscoveryDriver>([
    ['aws', { provider: 'aws', lists: [{ id: 'server-list' }] } as unknown as DiscoveryDriver],
    ['openstack', new OpenStackDriver({ config: new ConfigReader({}) })],
  ]);
  const openstack = {
    id: 'os-prod',
    provider: 'openstack',
    regions: ['RegionOne'],
    owner: 'group:default/platform',
    openstack: {
      authUrl: 'https://keystone.example.com:5000/v3',
      username: 'maestro',
      password: 'os-secret',
      userDomainId: 'default',
      projectId: '0123456789abcdef0123456789abcdef',
    },
  };

  it('keeps the settings and takes the password as the secret', () => {
    const parsed = parseConnectionInput({ ...openstack, lists: { 'flavor-list': { enabled: false } } }, drivers);
    expect(parsed.secret).toBe('os-secret');
    expect(parsed.openstack).toEqual({
      authUrl: 'https://keystone.example.com:5000/v3',
      username: 'maestro',
      userDomainId: 'default',
      projectId: '0123456789abcdef0123456789abcdef',
    });
    expect(JSON.stringify(parsed.openstack)).not.toContain('os-secret');
    expect(parsed.lists).toEqual({ 'flavor-list': { enabled: false } });
  });

  it('names every bad OpenStack field in one error', () => {
    const bad = {
      ...openstack,
      endpoint: 'http://127.0.0.1:1',
      openstack: {
        authUrl: 'ftp://keystone',
        apiVersion: 'v2.0',
        interface: 'private',
        insecure: 'yes',
        caBundle: 'not a pem',
      },
    };
    let message = '';
    try {
      parseConnectionInput(bad, drivers);
    } catch (error) {
      message = (error as Error).message;
    }
    for (const expected of [
      'endpoint: not used by OpenStack connections',
      'openstack.authUrl: must be an http(s) URL',
      'openstack.apiVersion: only Keystone v3 is supported',
      'openstack.interface: must be public, internal or admin',
      'openstack.insecure: must be true or false',
      'openstack.caBundle: must be PEM text',
      'openstack.username: is required (or openstack.userId)',
      'openstack.projectId: is required (or openstack.projectName)',
    ]) {
      expect(message).toContain(expected);
    }
    expect(() => parseConnectionInput({ ...openstack, openstack: undefined }, drivers)).toThrow(
      /openstack.authUrl: is required/,
    );
    expect(() => parseConnectionInput({ ...openstack, lists: { 'dbs-list': {} } }, drivers)).toThrow(
      /lists.dbs-list: unknown list/,
    );
  });

  it('asks for the password again when the user or the auth URL changes, and names the field without a key', async () => {
    const knex = knexFactory({ client: 'better-sqlite3', connection: ':memory:', useNullAsDefault: true });
    await migrateTestDatabase(knex);
    const keyed = new ConnectionStore({
      db: knex,
      config: new ConfigReader({ maestro: { discovery: { encryptionKey: 'k'.repeat(40) } } }),
      drivers,
    });
    const created = await keyed.create(parseConnectionInput(openstack, drivers), 'user:default/alice');
    expect(created.secret).toBe('os-secret');
    expect(keyed.toPublic(created)).toMatchObject({ hasSecret: true, openstack: { username: 'maestro' } });

    const { password: _password, ...withoutPassword } = openstack.openstack;
    const sameUser = parseConnectionInput({ ...openstack, title: 'Prod', openstack: withoutPassword }, drivers);
    expect((await keyed.update(sameUser, 1, 'user:default/alice')).secret).toBe('os-secret');
    const otherUser = parseConnectionInput(
      { ...openstack, openstack: { ...withoutPassword, username: 'other' } },
      drivers,
    );
    await expect(keyed.update(otherUser, 2, 'user:default/alice')).rejects.toThrow(
      /openstack.password: is required when the auth URL, the user/,
    );

    const keyless = new ConnectionStore({ db: knex, config: new ConfigReader({}), drivers });
    await expect(
      keyless.create(parseConnectionInput({ ...openstack, id: 'os-2' }, drivers), 'user:default/alice'),
    ).rejects.toThrow(/^openstack.password: cannot be stored: no encryption key is configured/);
    await knex.destroy();
  });
});

describeEachDatabase(
  'ConnectionStore: an OpenStack password is kept only while its trust is unchanged',
  (databases, databaseId) => {
    const drivers = new Map<string, DiscoveryDriver>([
      ['openstack', new OpenStackDriver({ config: new ConfigReader({}) })],
    ]);
    const PEM = '-----BEGIN CERTIFICATE-----\nMIIBkTCB+wIJAKHHIG\n-----END CERTIFICATE-----';
    const settings = {
      authUrl: 'https://keystone.example.com:5000/v3',
      username: 'maestro',
      userDomainId: 'default',
      projectId: '0123456789abcdef0123456789abcdef',
      caBundle: PEM,
    };
    const connection = (openstack: Record<string, unknown>, title?: string) =>
      parseConnectionInput(
        {
          id: 'os-trust',
          provider: 'openstack',
          regions: ['RegionOne'],
          owner: 'group:default/platform',
          title,
          openstack,
        },
        drivers,
      );

    it.each([
      ['insecure: true', { insecure: true }],
      ['another caBundle', { caBundle: PEM.replace('MIIB', 'MIIC') }],
      ['no caBundle (the system CAs)', { caBundle: undefined }],
      ['interface: internal', { interface: 'internal' }],
    ])('asks for the password again on %s: 400 naming openstack.password, nothing changed', async (_, change) => {
      const knex = await databases.init(databaseId);
      await migrateTestDatabase(knex);
      const config = new ConfigReader({ maestro: { discovery: { encryptionKey: 'k'.repeat(40) } } });
      const store = new ConnectionStore({ db: knex, config, drivers });
      await store.create(connection({ ...settings, password: 'os-secret' }), 'user:default/alice');

      const weakened = connection({ ...settings, ...change });
      const refusal = await store.update(weakened, 1, 'user:default/alice').catch(error => error);
      expect(refusal).toMatchObject({ name: 'InputError' });
      expect(refusal.message).toMatch(/^openstack\.password: is required when .*TLS settings/);
      const kept = await store.get('os-trust');
      expect(kept).toMatchObject({ version: 1, secret: 'os-secret', openstack: { caBundle: PEM } });
      expect(kept.openstack).not.toHaveProperty('insecure');

      // a change that keeps the trust keeps the password; the same change with the password is taken
      expect((await store.update(connection(settings, 'Prod'), 1, 'user:default/alice')).secret).toBe('os-secret');
      const accepted = await store.update(
        connection({ ...settings, ...change, password: 'new-secret' }),
        2,
        'user:default/alice',
      );
      expect(accepted).toMatchObject({ version: 3, secret: 'new-secret' });
      await knex('maestro_discovery_connections').delete();
    });
  },
);
