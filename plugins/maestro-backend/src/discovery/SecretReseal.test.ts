import type { JsonObject } from '@backstage/types';
import { mockServices } from '@backstage/backend-test-utils';
import { ConfigReader } from '@backstage/config';
import { describeEachDatabase, migrateTestDatabase } from '../__testUtils__/databases';
import { AwsDriver } from './aws/AwsDriver';
import type { DiscoveryDriver } from '@maestro/plugin-maestro-node';
import { JobRunner } from '../jobs';
import { ConnectionStore, parseConnectionInput } from './ConnectionStore';
import { SecretBox } from './SecretBox';
import { SecretReseal } from './SecretReseal';

jest.setTimeout(60_000);

const OLD = Buffer.alloc(32, 1).toString('base64');
const NEW = Buffer.alloc(32, 2).toString('base64');
const REMOVED = Buffer.alloc(32, 3).toString('base64');

const input = (id: string, secret: string) => ({
  id,
  provider: 'aws',
  regions: ['eu-west-1'],
  owner: 'group:default/platform',
  aws: { accessKeyId: 'AKIAIOSFODNN7EXAMPLE', secretAccessKey: secret },
});

describeEachDatabase('SecretReseal', (databases, databaseId) => {
  async function setup() {
    const knex = await databases.init(databaseId);
    await migrateTestDatabase(knex);
    const storeWith = (discovery: JsonObject) => {
      const config = new ConfigReader({ maestro: { discovery } });
      const drivers = new Map<string, DiscoveryDriver>([['aws', new AwsDriver({ config })]]);
      return { store: new ConnectionStore({ db: knex, config, drivers }), drivers, config };
    };
    const rows = () =>
      knex('maestro_discovery_connections').select('id', 'secret', 'version', 'updated_at').orderBy('id');
    return { knex, storeWith, rows };
  }

  it('moves every secret to the first key, then changes nothing; a removed key’s secret stays listed as unreadable', async () => {
    const { knex, storeWith, rows } = await setup();
    const old = storeWith({ encryptionKey: OLD });
    await old.store.create(parseConnectionInput(input('aws-a', 'secret-a'), old.drivers), 'user:default/alice');
    await old.store.create(parseConnectionInput(input('aws-b', 'secret-b'), old.drivers), 'user:default/alice');
    const gone = storeWith({ encryptionKey: REMOVED });
    await gone.store.create(parseConnectionInput(input('aws-c', 'secret-c'), gone.drivers), 'user:default/alice');

    // rotation: the new key first, the old one still listed
    const rotated = storeWith({ encryptionKeys: [NEW, OLD] });
    expect((await rotated.store.get('aws-a')).secret).toBe('secret-a');
    const before = await rows();
    const reseal = new SecretReseal(knex, SecretBox.fromConfig(rotated.config)!);
    expect(await reseal.run()).toEqual({ resealed: 2, current: 0, unreadable: ['aws-c'] });
    const after = await rows();
    expect(after.map(r => r.secret === before.find(b => b.id === r.id)!.secret)).toEqual([false, false, true]);
    // not an edit: versions and times as they were
    expect(after.map(r => [r.id, r.version, r.updated_at])).toEqual(before.map(r => [r.id, r.version, r.updated_at]));

    // a second run changes nothing
    expect(await reseal.run()).toEqual({ resealed: 0, current: 2, unreadable: ['aws-c'] });
    expect(await rows()).toEqual(after);

    // the old key can go: the new key alone opens everything that was re-sealed
    const newOnly = storeWith({ encryptionKeys: [NEW] });
    expect((await newOnly.store.get('aws-a')).secret).toBe('secret-a');
    expect((await newOnly.store.get('aws-b')).secret).toBe('secret-b');
    // and the secret of a removed key is still listed, reported as one to enter again
    const lost = await newOnly.store.get('aws-c');
    expect(lost.secret).toBeUndefined();
    expect(lost.secretError).toMatch(/cannot be decrypted.*enter the secret again \(Edit connection\)/);
    expect(newOnly.store.toPublic(lost)).toMatchObject({ id: 'aws-c', hasSecret: true });
  });

  it('is scheduled only with more than one key, as one global task', async () => {
    const { knex } = await setup();
    const scheduler = mockServices.scheduler.mock();
    const logger = mockServices.logger.mock();
    const deps = { db: knex, jobs: new JobRunner({ scheduler, logger }), logger };
    expect(
      await SecretReseal.scheduleFromConfig(new ConfigReader({ maestro: { discovery: { encryptionKey: OLD } } }), deps),
    ).toBeUndefined();
    expect(scheduler.scheduleTask).not.toHaveBeenCalled();
    await SecretReseal.scheduleFromConfig(
      new ConfigReader({ maestro: { discovery: { encryptionKeys: [NEW, OLD] } } }),
      deps,
    );
    expect(scheduler.scheduleTask).toHaveBeenCalledWith(
      expect.objectContaining({ id: 'maestro-discovery-reseal-secrets', scope: 'global' }),
    );
  });
});
