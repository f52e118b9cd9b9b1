import { mockCredentials, mockServices, startTestBackend } from '@backstage/backend-test-utils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import type { JsonObject } from '@backstage/types';
import type { Knex } from 'knex';
import request from 'supertest';
import { maestroPlugin } from '../plugin';

/** Authorization header of a signed-in test user. */
export const userHeader = (ref = 'user:default/alice') => mockCredentials.user.header(ref);

/**
 * Starts the real Maestro plugin in a test backend (in-memory SQLite, or the given database, e.g. from
 * `describeEachDatabase`) with every permission answered `result`. Requests without an Authorization header carry
 * no credentials, as in a real backend.
 */
export async function startMaestro(
  result: AuthorizeResult.ALLOW | AuthorizeResult.DENY = AuthorizeResult.ALLOW,
  options: { config?: JsonObject; features?: Parameters<typeof startTestBackend>[0]['features']; knex?: Knex } = {},
) {
  const { server } = await startTestBackend({
    features: [
      maestroPlugin,
      ...(options.config ? [mockServices.rootConfig.factory({ data: options.config })] : []),
      ...(options.knex ? [mockServices.database.factory({ knex: options.knex, migrations: { skip: false } })] : []),
      ...(options.features ?? []),
      mockServices.permissions.factory({ result }),
      mockServices.httpAuth.factory({ defaultCredentials: mockCredentials.none() }),
    ],
  });
  return server;
}

/** Creates records through `POST /records` as `user` (each answered 201), in order. */
export async function createRecords(server: Parameters<typeof request>[0], records: object[], user = userHeader()) {
  for (const record of records) {
    await request(server).post('/api/maestro/records').set('Authorization', user).send(record).expect(201);
  }
}

/**
 * Starts the real Maestro plugin whose policy denies the named permissions to everyone and allows the rest
 * (in-memory SQLite, or the given database), with more `features` (service factories) when given.
 */
export async function startMaestroDenying(
  denied: string[],
  knex?: Knex,
  features: Parameters<typeof startTestBackend>[0]['features'] = [],
) {
  const { server } = await startTestBackend({
    features: [
      maestroPlugin,
      ...features,
      ...(knex ? [mockServices.database.factory({ knex, migrations: { skip: false } })] : []),
      mockServices.permissions.mock({
        authorize: async requests =>
          requests.map(r => ({
            result: denied.includes(r.permission.name) ? AuthorizeResult.DENY : AuthorizeResult.ALLOW,
          })),
      }).factory,
      mockServices.httpAuth.factory({ defaultCredentials: mockCredentials.none() }),
    ],
  });
  return server;
}
