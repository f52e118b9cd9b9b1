import { ConflictError } from '@backstage/errors';
import { describeEachDatabase, migrateTestDatabase } from '../__testUtils__/databases';
import { SettingsStore } from './SettingsStore';

jest.setTimeout(60_000);

describeEachDatabase('SettingsStore', (databases, databaseId) => {
  it('saves the first version of a setting once when saves race, the others a 409 naming version', async () => {
    const knex = await databases.init(databaseId);
    const database = { getClient: async () => knex, migrations: { skip: false } } as any;
    await migrateTestDatabase(knex);
    const settings = await SettingsStore.create({ database });
    const value = [{ name: 'Nginx' }];
    // found by the API fuzz test: on PostgreSQL two first saves both inserted, and the second met the primary key
    // (a 500). A race is a matter of timing: it is run a number of times, from a fresh start each time.
    for (let round = 0; round < 15; round++) {
      await knex('maestro_settings').delete();
      await knex('maestro_settings_history').delete();
      const outcomes = await Promise.allSettled(
        Array.from({ length: 6 }, (_, i) => settings.set('services', value, 0, `user:default/u${i}`)),
      );
      const refused = outcomes.flatMap(o => (o.status === 'rejected' ? [o.reason] : []));
      expect(outcomes.filter(o => o.status === 'fulfilled')).toHaveLength(1);
      for (const error of refused) {
        expect(error).toBeInstanceOf(ConflictError);
        expect(error.message).toMatch(/^version: /);
      }
      expect(await settings.get('services')).toMatchObject({ version: 1, value });
      expect((await settings.history('services', { limit: 10 })).map(v => v.version)).toEqual([1]);
    }
  });
});
