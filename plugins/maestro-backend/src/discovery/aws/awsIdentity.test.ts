import { TestDatabases } from '@backstage/backend-test-utils';
import type { JsonObject } from '@backstage/types';
import { AwsSimulator, generateAwsWorld, startAwsSimulator } from '@maestro/cloud-simulator';
import { createDiscoveryHarness } from '../../__testUtils__/discoveryHarness';

jest.setTimeout(60_000);

const ACCOUNT = {
  accountId: '210987654324',
  accessKeyId: 'AKIATESTIDENTITY0001',
  secretAccessKey: 'identity-secret',
  regions: ['eu-west-1'],
};
const ROLE = `arn:aws:iam::${ACCOUNT.accountId}:role/maestro-read`;

/**
 * Whose AWS identity a run uses. The backend's own (the default credential chain, here the environment's keys, which
 * reach the simulated account) is for app-config connections and for roles / accounts the operator allow-lists; an
 * API connection stored in such a mode anyway (before the rule, or after the allow-list changed) fails its run.
 */
describe('AWS discovery: the backend identity', () => {
  const databases = TestDatabases.create({ ids: ['SQLITE_3'] });
  let sim: AwsSimulator;
  const saved = { ...process.env };

  beforeEach(async () => {
    sim = await startAwsSimulator({
      world: generateAwsWorld({ seed: 4, accounts: [ACCOUNT], sizes: { instances: 4 } }),
    });
    // the backend's default credential chain: keys in the environment
    process.env.AWS_ACCESS_KEY_ID = ACCOUNT.accessKeyId;
    process.env.AWS_SECRET_ACCESS_KEY = ACCOUNT.secretAccessKey;
    process.env.AWS_EC2_METADATA_DISABLED = 'true';
  });
  afterEach(async () => {
    await sim.close();
    for (const key of ['AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY', 'AWS_EC2_METADATA_DISABLED']) {
      if (saved[key] === undefined) delete process.env[key];
      else process.env[key] = saved[key];
    }
  });

  const definition = (id: string, aws: Record<string, string>) => ({
    id,
    provider: 'aws' as const,
    datacenter: id,
    regions: ACCOUNT.regions,
    owner: 'group:default/platform',
    endpoint: sim.endpoint,
    lists: {},
    aws,
  });

  async function harness(discoveryConfig: JsonObject = {}, connections: JsonObject[] = []) {
    const knex = await databases.init('SQLITE_3');
    return createDiscoveryHarness({ knex, connections, discoveryConfig });
  }

  it.each([
    ['the default chain', {}, /aws\.accessKeyId: is required/],
    [
      'a role assumed with the backend credentials',
      { roleArn: ROLE },
      /aws\.roleArn: can only be assumed with this connection's own access key/,
    ],
    [
      'the aws.accounts integration',
      { accountId: ACCOUNT.accountId },
      /aws\.accountId: .*maestro\.discovery\.aws\.backendIdentity\.accounts/,
    ],
  ])('fails the run of an API connection stored to use %s, without asking AWS', async (_mode, aws, message) => {
    const { service } = await harness();
    await service.connections.create(definition('aws-api', aws), 'user:default/alice');
    const status = await service.runNow('aws-api', 'server-list');
    expect(status).toMatchObject({
      status: 'error',
      error: expect.stringMatching(/may not use the backend's own AWS identity/),
    });
    expect(status.error).toMatch(message);
    expect(status.errorSummary).toBe(status.error); // Maestro's own words: every reader may see them
    expect(sim.stats.requests).toBe(0);
  });

  it('runs an API connection whose role the operator allow-listed, assumed with the backend credentials', async () => {
    const { service, store } = await harness({ aws: { backendIdentity: { roleArns: [ROLE] } } });
    await service.connections.create(definition('aws-api', { roleArn: ROLE }), 'user:default/alice');
    const status = await service.runNow('aws-api', 'server-list');
    expect(status).toMatchObject({ status: 'success' });
    expect(sim.stats.byAction.AssumeRole).toBeGreaterThan(0);
    expect((await store.listRecords({ kind: 'Server', limit: 1 })).totalCount).toBe(4);
  });

  it('lets a connection defined in app-config use the backend identity', async () => {
    const { service } = await harness({}, [definition('aws-config', {}) as unknown as JsonObject]);
    expect((await service.runNow('aws-config', 'server-list')).status).toBe('success');
  });
});
