import { MAESTRO_KINDS, MAESTRO_SETTINGS_SCHEMAS } from '@maestro/plugin-maestro-common';
import { dependencyPaths, dependencySchemas } from '../dependencies/dependenciesOpenApi';
import { discoveryPaths, discoverySchemas } from '../discovery/discoveryOpenApi';
import { graphPaths, graphSchemas } from '../graphs/graphsOpenApi';
import { graphSharePaths, graphShareSchemas } from '../graphs/graphShareOpenApi';
import { changeFeedPaths } from '../history/changeFeedOpenApi';
import { historyPaths } from '../history/historyOpenApi';
import { importPaths, importSchemas } from '../import/importOpenApi';
import { jobPaths, jobSchemas } from '../jobs/jobsOpenApi';
import { overviewChartsPaths } from '../overview/overviewChartsOpenApi';
import { recordPaths, recordSchemas } from '../records/recordsOpenApi';
import { reportPaths, reportSchemas } from '../reports/reportsOpenApi';
import { rulePaths, ruleSchemas } from '../rules/rulesOpenApi';
import { webhookSchemas } from '../webhooks/webhooksOpenApi';
import { settingsPaths } from '../settings/settingsOpenApi';
import { subscriptionPaths, subscriptionSchemas } from '../subscriptions/subscriptionsOpenApi';
import { sharedSchemas } from './openApiShared';

/**
 * OpenAPI 3 description of the Maestro REST API (mounted at /api/maestro, served at /api/maestro/openapi.json).
 * Every route but /health requires a Backstage user or service token (`Authorization: Bearer …`).
 *
 * A value whose schema depends on another value (a record's spec on its kind, a setting's value on its key)
 * carries `x-maestro-schema-by: { in, name, schemas }`: it must be valid against `schemas[<discriminator>]` (a
 * pointer to JSON schemas, draft-07, by discriminator value), the discriminator being a sibling body field
 * (`in: body`), a path parameter (`in: path`) or a field of the resource the path names (`in: resource`). The
 * API fuzz test (src/service/apiFuzz.test.ts) generates its valid inputs from this document.
 *
 * Each feature's routes file has its paths next to it (`<feature>OpenApi.ts`); this module assembles them, with the
 * components they share (src/schema/openApiShared.ts), into the one document (decision 0013).
 */
export const openApiSpec = {
  openapi: '3.0.3',
  info: {
    title: 'maestro',
    version: '1',
    description: 'Maestro for Backstage: the multi-cloud inventory store, its history and change feed.',
    license: { name: 'Apache-2.0' },
  },
  servers: [{ url: '/api/maestro' }],
  security: [{ JWT: [] }],
  components: {
    securitySchemes: { JWT: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' } },
    /** Each kind's spec schema (as GET /kinds serves them), for `x-maestro-schema-by`. */
    'x-maestro-kind-specs': Object.fromEntries(Object.values(MAESTRO_KINDS).map(k => [k.kind, k.specSchema])),
    /** Each setting's value schema, for `x-maestro-schema-by`. */
    'x-maestro-settings': MAESTRO_SETTINGS_SCHEMAS,
    schemas: {
      ...discoverySchemas,
      ...sharedSchemas,
      ...recordSchemas,
      ...importSchemas,
      ...reportSchemas,
      ...graphSchemas,
      ...graphShareSchemas,
      ...dependencySchemas,
      ...jobSchemas,
      ...ruleSchemas,
      ...subscriptionSchemas,
      ...webhookSchemas,
    },
  },
  paths: {
    '/health': {
      get: {
        operationId: 'health',
        security: [],
        responses: { '200': { description: 'The plugin is up' } },
      },
    },
    ...recordPaths,
    ...importPaths,
    ...historyPaths,
    ...settingsPaths,
    ...discoveryPaths,
    ...changeFeedPaths,
    ...reportPaths,
    ...overviewChartsPaths,
    ...graphPaths,
    ...graphSharePaths,
    ...dependencyPaths,
    ...jobPaths,
    ...rulePaths,
    ...subscriptionPaths,
  },
} as const;
