import { MAESTRO_KIND_NAMES } from '@maestro/plugin-maestro-common';

/** Building blocks every feature's part of the OpenAPI document uses (see openapi.ts). */
export const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });
export const errorResponses = {
  '400': {
    description: 'Invalid input; the message names each bad field',
    content: { 'application/json': { schema: ref('Error') } },
  },
  '401': { description: 'Missing or invalid credentials', content: { 'application/json': { schema: ref('Error') } } },
  '403': {
    description: 'The permission policy denied the action',
    content: { 'application/json': { schema: ref('Error') } },
  },
};
export const notFound = {
  '404': { description: 'No record with this id', content: { 'application/json': { schema: ref('Error') } } },
};
export const conflict = {
  '409': { description: 'Stale version or duplicate name', content: { 'application/json': { schema: ref('Error') } } },
};
export const historyPruned = {
  '410': {
    description:
      'History retention deleted the record\'s history before this time: its state then is unknown ("history pruned before …")',
    content: { 'application/json': { schema: ref('Error') } },
  },
};
export const versionParams = [
  {
    name: 'If-Match',
    in: 'header',
    schema: { type: 'string', example: '"3"' },
    description: 'The version read (as GET /records/{id} sends in its ETag), instead of the version parameter',
  },
];
export const idParam = { name: 'id', in: 'path', required: true, schema: { type: 'string' } };
export const kindParam = {
  name: 'kind',
  in: 'query',
  schema: { type: 'string', enum: MAESTRO_KIND_NAMES },
  description: 'Case-insensitive; Application for Component',
};
export const specByKind = (from: 'body' | 'resource') => ({
  type: 'object',
  additionalProperties: true,
  description:
    from === 'body'
      ? "Valid for the kind's specSchema (GET /kinds)"
      : "Valid for the record's kind's specSchema (GET /kinds)",
  'x-maestro-schema-by': { in: from, name: 'kind', schemas: '#/components/x-maestro-kind-specs' },
});
export const reason = { type: 'string', maxLength: 2000, description: 'Why, kept in the history' };
export const recordFields = {
  name: { type: 'string', minLength: 1, maxLength: 63, pattern: '^[a-zA-Z0-9]([-_.a-zA-Z0-9]*[a-zA-Z0-9])?$' },
  title: { type: 'string', maxLength: 255 },
  owner: {
    type: 'string',
    minLength: 1,
    maxLength: 255,
    description: 'Entity ref of the owning group or user',
    example: 'group:default/platform',
  },
};
export const recordResponse = (description: string) => ({
  description,
  content: { 'application/json': { schema: ref('InventoryRecord') } },
});
export const writeResponse = (description: string) => ({
  description,
  content: { 'application/json': { schema: ref('WriteRecordResponse') } },
});
export const changeList = {
  description: 'Changes, newest first',
  content: {
    'application/json': {
      schema: { type: 'object', properties: { items: { type: 'array', items: ref('ChangeEntry') } } },
    },
  },
};

/** Component schemas several features answer with. */
export const sharedSchemas = {
  Error: {
    type: 'object',
    properties: {
      error: { type: 'object', properties: { name: { type: 'string' }, message: { type: 'string' } } },
      response: { type: 'object', properties: { statusCode: { type: 'integer' } } },
    },
  },
  InventoryRecord: {
    type: 'object',
    required: ['id', 'kind', 'name', 'owner', 'spec', 'version', 'active', 'source', 'createdAt', 'updatedAt'],
    properties: {
      id: { type: 'string' },
      kind: { type: 'string', example: 'Server' },
      name: { type: 'string', maxLength: 63 },
      title: { type: 'string' },
      owner: { type: 'string', example: 'group:default/platform' },
      spec: { type: 'object', additionalProperties: true, description: 'Kind-specific; see GET /kinds' },
      version: { type: 'integer' },
      active: { type: 'boolean' },
      source: { type: 'string' },
      createdAt: { type: 'string', format: 'date-time' },
      updatedAt: { type: 'string', format: 'date-time' },
      createdBy: { type: 'string' },
      updatedBy: { type: 'string' },
    },
  },
  WriteRecordResponse: {
    allOf: [
      ref('InventoryRecord'),
      {
        type: 'object',
        required: ['warnings'],
        properties: {
          warnings: {
            type: 'array',
            description:
              'Non-blocking remarks, e.g. a hostname or private IP shared with another record of the same owner',
            items: {
              type: 'object',
              properties: { field: { type: 'string' }, message: { type: 'string' } },
            },
          },
        },
      },
    ],
  },
  FieldChange: {
    type: 'object',
    required: ['path'],
    properties: { path: { type: 'string', example: 'spec.cpu' }, before: {}, after: {} },
  },
  ChangeEntry: {
    type: 'object',
    required: ['seq', 'recordId', 'kind', 'name', 'action', 'actor', 'at'],
    properties: {
      seq: { type: 'integer', description: 'Id of the change (history paging, revert)' },
      position: {
        type: 'integer',
        description: 'GET /changes only: position in the change feed, in the order changes became visible',
      },
      recordId: { type: 'string' },
      kind: { type: 'string' },
      name: { type: 'string' },
      action: { type: 'string', enum: ['create', 'update', 'delete', 'restore'] },
      actor: { type: 'string' },
      at: { type: 'string', format: 'date-time' },
      reason: { type: 'string' },
      before: ref('InventoryRecord'),
      after: ref('InventoryRecord'),
    },
  },
};

/** `offset` and `limit` of a list of saved things (reports, graphs). */
export const pageParams = [
  { name: 'offset', in: 'query', schema: { type: 'integer', minimum: 0, default: 0 } },
  { name: 'limit', in: 'query', schema: { type: 'integer', minimum: 1, maximum: 500, default: 50 } },
];

/** The optional `version` query parameter of a delete (the version read; 409 when it changed). */
export const optionalVersionParam = {
  name: 'version',
  in: 'query',
  schema: { type: 'integer', minimum: 1 },
  description: 'The version read (optional)',
};

/** Who created and last changed a saved thing, when, and its version. */
export const savedAudit = {
  createdBy: { type: 'string' },
  createdAt: { type: 'string', format: 'date-time' },
  updatedBy: { type: 'string' },
  updatedAt: { type: 'string', format: 'date-time' },
  version: { type: 'integer', minimum: 1 },
};

/** The `from` (required) and `to` (default: now) times of a comparison. */
export const compareParams = [
  { name: 'from', in: 'query', required: true, schema: { type: 'string', format: 'date-time' } },
  { name: 'to', in: 'query', schema: { type: 'string', format: 'date-time' } },
];
