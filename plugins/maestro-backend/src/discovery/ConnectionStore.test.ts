import { ConfigReader } from '@backstage/config';
import knexFactory from 'knex';
import { KnexInventoryStore } from '../database/KnexInventoryStore';
import { AwsDriver } from './aws/AwsDriver';
import { ConnectionStore, parseConnectionInput } from './ConnectionStore';
import type { DiscoveryDriver } from './driver';

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
    await KnexInventoryStore.create({ database: { getClient: async () => knex, migrations: { skip: false } } as any });
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
