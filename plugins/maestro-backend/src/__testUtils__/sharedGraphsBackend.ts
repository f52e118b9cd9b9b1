import { createServiceFactory } from '@backstage/backend-plugin-api';
import { mockServices } from '@backstage/backend-test-utils';
import type { JsonObject } from '@backstage/types';
import type { Knex } from 'knex';
import { sharedGraphSourceServiceRef } from '../graphs/sharedGraphSource';
import type { MemorySavedGraphs } from './graphViews';
import { startMaestroDenying } from './startMaestro';

/**
 * The real Maestro plugin in a test backend, whose exports and share links read `graphs` (saved graphs in memory),
 * on the given database (default in-memory SQLite), with `config`; the policy denies the `denied` permissions and
 * allows the rest. Requests without Authorization carry no credentials.
 */
export async function startMaestroWithGraphs(
  graphs: MemorySavedGraphs,
  options: { knex?: Knex; config?: JsonObject; denied?: string[] } = {},
) {
  return startMaestroDenying(options.denied ?? [], options.knex, [
    createServiceFactory({ service: sharedGraphSourceServiceRef, deps: {}, factory: () => ({ source: graphs }) }),
    ...(options.config ? [mockServices.rootConfig.factory({ data: options.config })] : []),
  ]);
}
