import { errorResponses, ref } from '../schema/openApiShared';

/**
 * The OpenAPI paths of the change feed (see src/schema/openapi.ts, which assembles the document: the routes file next to this
 * one serves them, and the drift test in src/service/router.test.ts checks that both list the same operations).
 */
export const changeFeedPaths = {
  '/changes': {
    get: {
      operationId: 'getChanges',
      description:
        'The global change feed in position order (the order changes became visible), used by the catalog module ' +
        'to project deltas. Needs maestro.history.read (service principals are allowed).',
      parameters: [
        {
          name: 'after',
          in: 'query',
          schema: { type: 'integer', minimum: 0 },
          description: 'A feed position (cursor)',
        },
        { name: 'limit', in: 'query', schema: { type: 'integer', minimum: 1, maximum: 5000 } },
        {
          name: 'wait',
          in: 'query',
          schema: { type: 'integer', minimum: 0, maximum: 30 },
          description:
            'Long poll: hold an empty answer up to this many seconds until a change arrives. Beyond ' +
            'maestro.changes.maxWaiters waiting requests per backend: 429 with Retry-After.',
        },
      ],
      responses: {
        '200': {
          description: 'Changes after the cursor',
          content: {
            'application/json': {
              schema: {
                type: 'object',
                properties: {
                  changes: { type: 'array', items: ref('ChangeEntry') },
                  cursor: { type: 'integer', description: 'The last position included (or after); pass it as after' },
                },
              },
            },
          },
        },
        ...errorResponses,
        '429': {
          description:
            'Too many long polls waiting (maestro.changes.maxWaiters); retry after Retry-After seconds or with wait=0',
          headers: { 'Retry-After': { schema: { type: 'integer' } } },
          content: { 'application/json': { schema: ref('Error') } },
        },
      },
    },
  },
  '/changes/head': {
    get: {
      operationId: 'getChangesHead',
      description: 'The highest feed position: every committed change is at or below it. Needs maestro.history.read.',
      responses: { '200': { description: 'The head position as cursor' }, ...errorResponses },
    },
  },
};
