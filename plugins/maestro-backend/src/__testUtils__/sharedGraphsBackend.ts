import { createServiceFactory } from '@backstage/backend-plugin-api';
import { mockCredentials, mockServices, startTestBackend } from '@backstage/backend-test-utils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import type { JsonObject } from '@backstage/types';
import type { Knex } from 'knex';
import { sharedGraphSourceServiceRef } from '../graphs/sharedGraphSource';
import { maestroPlugin } from '../plugin';
import type { MemorySavedGraphs } from './graphViews';

/**
 * The real Maestro plugin in a test backend, whose exports and share links read `graphs` (saved graphs in memory,
 * until the saved graphs' store is merged), on the given database (default in-memory SQLite), with `config`; the
 * policy denies the `denied` permissions and allows the rest. Requests without Authorization carry no credentials.
 */
export async function startMaestroWithGraphs(
  graphs: MemorySavedGraphs,
  options: { knex?: Knex; config?: JsonObject; denied?: string[] } = {},
) {
  const denied = options.denied ?? [];
  const { server } = await startTestBackend({
    features: [
      maestroPlugin,
      createServiceFactory({ service: sharedGraphSourceServiceRef, deps: {}, factory: () => ({ source: graphs }) }),
      ...(options.config ? [mockServices.rootConfig.factory({ data: options.config })] : []),
      ...(options.knex ? [mockServices.database.factory({ knex: options.knex, migrations: { skip: false } })] : []),
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
