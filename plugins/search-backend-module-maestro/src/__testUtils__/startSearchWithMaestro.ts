import { coreServices, createServiceFactory } from '@backstage/backend-plugin-api';
import { schedulerServiceFactory } from '@backstage/backend-defaults/scheduler';
import { mockCredentials, mockServices, startTestBackend } from '@backstage/backend-test-utils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import searchPlugin from '@backstage/plugin-search-backend';
import searchModulePg from '@backstage/plugin-search-backend-module-pg';
import maestroPlugin from '@maestro/plugin-maestro-backend';
import type { Knex } from 'knex';
import request from 'supertest';
import { searchModuleMaestroCollator } from '../module';

export const alice = mockCredentials.user.header('user:default/alice');

/**
 * A backend with the real Maestro plugin, the real search plugin (the in-memory Lunr engine, or with `databases` on
 * PostgreSQL the PostgreSQL engine, each plugin on its own database as in a real backend) and this module, indexing every second. Permissions are enforced by the search
 * backend (`permission.enabled`); the policy denies the `denied` permission names to everyone and allows the rest.
 */
export async function startSearchWithMaestro(
  options: { databases?: Record<'maestro' | 'search', Knex>; denied?: string[] } = {},
) {
  const denied = new Set(options.denied ?? []);
  const decide = (requests: Array<{ permission: { name: string } }>) =>
    requests.map(r => ({ result: denied.has(r.permission.name) ? AuthorizeResult.DENY : AuthorizeResult.ALLOW }));
  const { server } = await startTestBackend({
    features: [
      maestroPlugin,
      searchPlugin,
      searchModuleMaestroCollator,
      ...(options.databases ? [searchModulePg, databasePerPlugin(options.databases)] : []),
      schedulerServiceFactory,
      mockServices.permissions.mock({
        authorize: async requests => decide(requests) as any,
        authorizeConditional: async requests => decide(requests) as any,
      }).factory,
      mockServices.rootConfig.factory({
        data: {
          permission: { enabled: true },
          search: {
            collators: {
              maestro: {
                schedule: { frequency: { seconds: 1 }, timeout: { minutes: 1 }, initialDelay: { seconds: 1 } },
              },
            },
          },
        },
      }),
    ],
  });
  return server;
}

function databasePerPlugin(databases: Record<string, Knex>) {
  return createServiceFactory({
    service: coreServices.database,
    deps: { plugin: coreServices.pluginMetadata },
    factory: ({ plugin }) => ({ getClient: async () => databases[plugin.getId()], migrations: { skip: false } }),
  });
}

/** `GET /api/search/query?term=…&types[0]=maestro` as Alice: the results' documents, best first. */
export async function searchMaestro(server: Parameters<typeof request>[0], term: string) {
  const response = await request(server)
    .get('/api/search/query')
    .query({ term, 'types[0]': 'maestro' })
    .set('Authorization', alice)
    .expect(200);
  return (response.body.results as Array<{ type: string; document: Record<string, any> }>).map(r => r.document);
}
