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
import { EgressPolicy } from '../egress';
import { resealJobSecrets } from '../jobs/jobSecretReseal';
import { webhookSealContext } from '../jobs/runners/WebhookJobRunner';
import { ruleActionSealContext } from '../rules/ports';
import { resealRuleSecrets } from '../rules/ruleSecretReseal';
import { JOB_TEMPLATE_ROOTS, openWebhookTarget, readWebhookTarget } from '../webhooks';

jest.setTimeout(60_000);

const OLD = Buffer.alloc(32, 1).toString('base64');
const NEW = Buffer.alloc(32, 2).toString('base64');
const REMOVED = Buffer.alloc(32, 3).toString('base64');
const NONE = { resealed: 0, current: 0, unreadable: [] };

/** A webhook with a secret header and a signature secret, sealed by `box` to `sealContext` as the API does. */
const sealedWebhook = (box: SecretBox, sealContext: string) =>
  readWebhookTarget(
    {
      method: 'POST',
      url: 'https://hooks.example.com/maestro',
      headers: [{ name: 'Authorization', value: 'Bearer token-1', secret: true }],
      signature: { secret: 'signing-secret-1' },
    },
    'webhook',
    { policy: new EgressPolicy(), templateRoots: JOB_TEMPLATE_ROOTS, box, sealContext },
  );

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
    expect(await reseal.run()).toEqual({ resealed: 2, current: 0, unreadable: ['aws-c'], others: NONE });
    const after = await rows();
    expect(after.map(r => r.secret === before.find(b => b.id === r.id)!.secret)).toEqual([false, false, true]);
    // not an edit: versions and times as they were
    expect(after.map(r => [r.id, r.version, r.updated_at])).toEqual(before.map(r => [r.id, r.version, r.updated_at]));

    // a second run changes nothing
    expect(await reseal.run()).toEqual({ resealed: 0, current: 2, unreadable: ['aws-c'], others: NONE });
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

  it('moves the webhook secrets of jobs and event rules to the first key too, in the same run', async () => {
    const { knex } = await setup();
    const oldBox = new SecretBox([Buffer.from(OLD, 'base64')]);
    const at = new Date(0).toISOString();
    const who = { created_at: at, created_by: 'user:default/alice', updated_at: at, updated_by: 'user:default/alice' };
    await knex('maestro_jobs').insert({
      id: 'job-1',
      name: 'ping',
      type: 'webhook',
      owner: 'group:default/platform',
      schedule: JSON.stringify({ type: 'manual' }),
      config: JSON.stringify({ webhook: sealedWebhook(oldBox, webhookSealContext('job-1')) }),
      ...who,
    });
    const notify = { type: 'notify', to: { type: 'owner' } };
    await knex('maestro_rules').insert({
      id: 'rule-1',
      name: 'deactivated',
      enabled: true,
      owner: 'group:default/platform',
      events: JSON.stringify(['deactivated']),
      actor: 'any',
      conditions: '{}',
      actions: JSON.stringify([
        notify,
        { type: 'webhook', webhook: sealedWebhook(oldBox, ruleActionSealContext('rule-1', 1)) },
      ]),
      since_position: 0,
      ...who,
    });

    const rotated = new SecretBox([Buffer.from(NEW, 'base64'), Buffer.from(OLD, 'base64')]);
    const reseal = new SecretReseal(knex, rotated, undefined, [resealJobSecrets, resealRuleSecrets]);
    expect((await reseal.run()).others).toEqual({ resealed: 4, current: 0, unreadable: [] });
    expect((await reseal.run()).others).toEqual({ resealed: 0, current: 4, unreadable: [] });

    // the new key alone opens them, each still bound to its job or rule action
    const newOnly = new SecretBox([Buffer.from(NEW, 'base64')]);
    const job = JSON.parse((await knex('maestro_jobs').where({ id: 'job-1' }).first()).config);
    const opened = openWebhookTarget(job.webhook, newOnly, webhookSealContext('job-1'));
    expect(opened.headers[0].value).toBe('Bearer token-1');
    expect(opened.signature?.secret).toBe('signing-secret-1');
    const actions = JSON.parse((await knex('maestro_rules').where({ id: 'rule-1' }).first()).actions);
    expect(actions[0]).toEqual(notify);
    const action = openWebhookTarget(actions[1].webhook, newOnly, ruleActionSealContext('rule-1', 1));
    expect(action.signature?.secret).toBe('signing-secret-1');
    expect(() => openWebhookTarget(actions[1].webhook, newOnly, ruleActionSealContext('rule-1', 0))).toThrow();

    // a secret sealed with a key no longer listed is reported by its job
    await knex('maestro_jobs')
      .where({ id: 'job-1' })
      .update({
        config: JSON.stringify({
          webhook: sealedWebhook(new SecretBox([Buffer.from(REMOVED, 'base64')]), webhookSealContext('job-1')),
        }),
      });
    expect((await reseal.run()).others.unreadable).toEqual(['job job-1']);
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
