import {
  changeList,
  errorResponses,
  historyPruned,
  idParam,
  kindParam,
  notFound,
  recordResponse,
  ref,
} from '../schema/openApiShared';

/**
 * The OpenAPI paths of the history reads (see src/schema/openapi.ts, which assembles the document: the routes file next to this
 * one serves them, and the drift test in src/service/router.test.ts checks that both list the same operations).
 */
export const historyPaths = {
  '/records/{id}/history': {
    get: {
      operationId: 'getRecordHistory',
      parameters: [
        idParam,
        { name: 'limit', in: 'query', schema: { type: 'integer', minimum: 1, maximum: 500 } },
        { name: 'before', in: 'query', schema: { type: 'integer' }, description: 'Only changes with a smaller seq' },
      ],
      responses: {
        '200': {
          description: 'Changes of the record, newest first',
          content: {
            'application/json': {
              schema: { type: 'object', properties: { items: { type: 'array', items: ref('ChangeEntry') } } },
            },
          },
        },
        ...errorResponses,
        ...notFound,
      },
    },
  },
  '/history': {
    get: {
      operationId: 'searchHistory',
      description: 'Changes across all records, newest first.',
      parameters: [
        kindParam,
        {
          name: 'actor',
          in: 'query',
          schema: { type: 'string' },
          description: 'e.g. user:default/alice or maestro:discovery/aws-prod',
        },
        { name: 'action', in: 'query', schema: { type: 'string', enum: ['create', 'update', 'delete', 'restore'] } },
        { name: 'from', in: 'query', schema: { type: 'string', format: 'date-time' } },
        { name: 'to', in: 'query', schema: { type: 'string', format: 'date-time' } },
        { name: 'before', in: 'query', schema: { type: 'integer' }, description: 'Only changes with a smaller seq' },
        { name: 'limit', in: 'query', schema: { type: 'integer', minimum: 1, maximum: 500 } },
      ],
      responses: { '200': changeList, ...errorResponses },
    },
  },
  '/records/{id}/as-of': {
    get: {
      operationId: 'getRecordAsOf',
      parameters: [
        idParam,
        { name: 'at', in: 'query', required: true, schema: { type: 'string', format: 'date-time' } },
      ],
      responses: {
        '200': recordResponse('The record as it was at that time'),
        ...errorResponses,
        '404': {
          description: 'No record with this id, or it did not exist at that time',
          content: { 'application/json': { schema: ref('Error') } },
        },
        ...historyPruned,
      },
    },
  },
  '/records/{id}/diff': {
    get: {
      operationId: 'getRecordDiff',
      parameters: [
        idParam,
        { name: 'from', in: 'query', required: true, schema: { type: 'string', format: 'date-time' } },
        { name: 'to', in: 'query', schema: { type: 'string', format: 'date-time' }, description: 'Default: now' },
      ],
      responses: {
        '200': {
          description: 'The record at both times and the fields that differ',
          content: {
            'application/json': {
              schema: {
                type: 'object',
                properties: {
                  from: { ...ref('InventoryRecord'), nullable: true },
                  to: { ...ref('InventoryRecord'), nullable: true },
                  changes: { type: 'array', items: ref('FieldChange') },
                },
              },
            },
          },
        },
        ...errorResponses,
        ...notFound,
        ...historyPruned,
      },
    },
  },
};
