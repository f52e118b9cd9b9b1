import path from 'node:path';
import { describeEachDatabase } from '../__testUtils__/databases';
import { INDEX_TABLE } from './reconcileIndex';

jest.setTimeout(60_000);

const directory = path.resolve(__dirname, '../../migrations');
const BEFORE = '202611281900'; // the discovery tables as first shipped

describeEachDatabase('Discovery index migration (202612051300)', (databases, databaseId) => {
  it("moves the index to one row per scope, with each connection's incarnation, and back", async () => {
    const knex = await databases.init(databaseId);
    while ((await knex.migrate.currentVersion({ directory })) !== BEFORE) await knex.migrate.up({ directory });
    await knex('maestro_discovery_connections').insert({
      id: 'aws-api',
      provider: 'aws',
      definition: '{}',
      secret: null,
      version: 1,
      created_at: '2026-01-01T00:00:00.000Z',
      updated_at: '2026-01-01T00:00:00.000Z',
      updated_by: 'user:default/alice',
    });
    const row = (connection: string, providerId: string, region: string) => ({
      connection_id: connection,
      provider_id: providerId,
      list: 'server-list',
      region,
      kind: 'Server',
      record_id: '0b7e4f6a-3c1d-4e8f-9a2b-5c6d7e8f9a0b',
      record_name: `aws-1-${region}-${providerId}`,
      checksum: 'c'.repeat(64),
      fields: '["cpu"]',
      active: true,
      seen_at: '2026-01-02T00:00:00.000Z',
    });
    await knex('maestro_discovery_index').insert([
      row('aws-api', 'i-1', 'eu-west-1'),
      row('aws-gitops', 'i-2', 'us-east-1'),
    ]);
    await knex('maestro_discovery_status').insert({
      connection_id: 'aws-api',
      list: 'server-list',
      status: 'success',
      failures: 0,
      confirm_removals: true,
    });

    await knex.migrate.latest({ directory });
    const { incarnation } = await knex('maestro_discovery_connections').where({ id: 'aws-api' }).first();
    expect(incarnation).toMatch(/^[0-9a-f-]{36}$/);
    const rows = await knex(INDEX_TABLE).orderBy('provider_id');
    expect(rows.map(r => [r.connection_id, r.list, r.region, r.provider_id, r.incarnation, r.record_id])).toEqual([
      ['aws-api', 'server-list', 'eu-west-1', 'i-1', incarnation, '0b7e4f6a-3c1d-4e8f-9a2b-5c6d7e8f9a0b'],
      ['aws-gitops', 'server-list', 'us-east-1', 'i-2', 'config', '0b7e4f6a-3c1d-4e8f-9a2b-5c6d7e8f9a0b'],
    ]);
    expect(await knex.schema.hasTable('maestro_discovery_index')).toBe(false);
    // a confirmation of the old kind (every held removal of the next run) is not carried over
    const status = await knex('maestro_discovery_status').first();
    expect(status).toMatchObject({ status: 'success', confirmed_removals: null });
    expect(status).not.toHaveProperty('confirm_removals');
    // the same resource in a second scope is a second row
    await knex(INDEX_TABLE).insert({ ...rows[0], region: 'us-east-1' });
    expect(await knex(INDEX_TABLE).where({ provider_id: 'i-1' })).toHaveLength(2);

    while ((await knex.migrate.currentVersion({ directory })) !== BEFORE) await knex.migrate.down({ directory });
    expect(
      (await knex('maestro_discovery_index').orderBy('provider_id')).map(r => [r.connection_id, r.provider_id]),
    ).toEqual([
      ['aws-api', 'i-1'],
      ['aws-gitops', 'i-2'],
    ]);
    expect(await knex('maestro_discovery_status').first()).toMatchObject({ status: 'success' });
  });
});
