import { MAESTRO_KIND_NAMES } from '@maestro/plugin-maestro-common';
import {
  conflict,
  errorResponses,
  idParam,
  kindParam,
  notFound,
  reason,
  recordFields,
  recordResponse,
  ref,
  specByKind,
  versionParams,
  writeResponse,
} from '../schema/openApiShared';

const dryRunParam = {
  name: 'dryRun',
  in: 'query',
  schema: { type: 'boolean', default: false },
  description:
    'true: run every check (permission, validation, name taken, version) and answer the would-be record; nothing is written',
};

/**
 * The OpenAPI paths of the records (and kinds, summary) (see src/schema/openapi.ts, which assembles the document: the routes file next to this
 * one serves them, and the drift test in src/service/router.test.ts checks that both list the same operations).
 */
export const recordPaths = {
  '/kinds': {
    get: {
      operationId: 'listKinds',
      responses: { '200': { description: 'Kinds with their spec JSON schemas' }, ...errorResponses },
    },
  },
  '/summary': {
    get: {
      operationId: 'getSummary',
      responses: { '200': { description: 'Active and inactive counts per kind' }, ...errorResponses },
    },
  },
  '/records': {
    get: {
      operationId: 'listRecords',
      description:
        'Lists records with paging and sorting. Filter on top-level spec fields with spec.<field>=<value> query ' +
        'parameters (exact match, values compared as text), e.g. ?kind=server&spec.environment=production.',
      parameters: [
        kindParam,
        { name: 'active', in: 'query', schema: { type: 'string', enum: ['true', 'false', 'all'], default: 'true' } },
        {
          name: 'q',
          in: 'query',
          schema: { type: 'string' },
          description:
            'Case-insensitive substring match on name, title, hostname, private and public IPv4, provider id (EC2 instance id, volume id, ARN, OpenStack UUID), endpoint, CIDR, account and tag keys and values (`%` and `_` are literal). Records with an exact match on one of these identifiers (not on a tag) come first, then the asked order.',
        },
        { name: 'owner', in: 'query', schema: { type: 'string' } },
        {
          name: 'orderBy',
          in: 'query',
          schema: { type: 'string', pattern: '^(name|kind|updatedAt|createdAt|spec\\.[A-Za-z][A-Za-z0-9]{0,63})$' },
          description:
            'name, kind, updatedAt, createdAt, or a top-level spec field as spec.<field> (e.g. spec.hostname)',
        },
        { name: 'order', in: 'query', schema: { type: 'string', enum: ['asc', 'desc'] } },
        { name: 'offset', in: 'query', schema: { type: 'integer', minimum: 0 } },
        {
          name: 'after',
          in: 'query',
          schema: { type: 'string' },
          description:
            'Keyset paging in id order: the last id of the previous page (empty for the first page). Records that ' +
            'change between pages never shift a page. Not combined with orderBy, order or offset.',
        },
        { name: 'limit', in: 'query', schema: { type: 'integer', minimum: 1, maximum: 1000, default: 50 } },
      ],
      responses: {
        '200': {
          description: 'A page of records',
          content: {
            'application/json': {
              schema: {
                type: 'object',
                properties: {
                  items: { type: 'array', items: ref('InventoryRecord') },
                  totalCount: { type: 'integer' },
                },
              },
            },
          },
        },
        ...errorResponses,
      },
    },
    post: {
      operationId: 'createRecord',
      parameters: [dryRunParam],
      requestBody: { required: true, content: { 'application/json': { schema: ref('CreateRecordRequest') } } },
      responses: {
        '200': writeResponse('Dry run: the record that would be created (not written), with dryRun: true'),
        '201': writeResponse('Created'),
        ...errorResponses,
        ...conflict,
      },
    },
  },
  '/records/{id}': {
    get: {
      operationId: 'getRecord',
      parameters: [idParam],
      responses: {
        '200': {
          ...recordResponse('The record'),
          headers: { ETag: { schema: { type: 'string' }, description: 'The version, e.g. "3", for If-Match' } },
        },
        ...errorResponses,
        ...notFound,
      },
    },
    put: {
      operationId: 'updateRecord',
      parameters: [idParam, dryRunParam],
      requestBody: { required: true, content: { 'application/json': { schema: ref('UpdateRecordRequest') } } },
      responses: { '200': writeResponse('Updated'), ...errorResponses, ...notFound, ...conflict },
    },
    delete: {
      operationId: 'deleteRecord',
      description:
        'Soft delete: the record becomes inactive and can be restored. The version read is required (the version ' +
        'parameter or If-Match): 400 without it, 409 when the record changed since.',
      parameters: [
        idParam,
        {
          name: 'version',
          in: 'query',
          required: true,
          schema: { type: 'integer', minimum: 1 },
          description: 'The version read (required unless If-Match carries it)',
        },
        ...versionParams,
        { name: 'reason', in: 'query', schema: reason },
      ],
      responses: { '200': recordResponse('Deactivated'), ...errorResponses, ...notFound, ...conflict },
    },
  },
  '/records/{id}/restore': {
    post: {
      operationId: 'restoreRecord',
      description:
        'Reactivates a deleted record. The version read is required (body version or If-Match): 400 without it, 409 when stale.',
      parameters: [idParam, ...versionParams],
      requestBody: {
        required: true,
        content: {
          'application/json': {
            schema: {
              type: 'object',
              required: ['version'],
              properties: {
                version: {
                  type: 'integer',
                  minimum: 1,
                  description: 'The version read (required unless If-Match carries it)',
                },
                reason,
              },
            },
          },
        },
      },
      responses: { '200': recordResponse('Restored'), ...errorResponses, ...notFound, ...conflict },
    },
  },
  '/records/{id}/revert': {
    post: {
      operationId: 'revertRecord',
      description: 'Brings back the content (title, owner, spec) of an earlier version, as a new recorded update.',
      parameters: [idParam],
      requestBody: {
        required: true,
        content: {
          'application/json': {
            schema: {
              type: 'object',
              required: ['seq', 'version'],
              properties: {
                seq: { type: 'integer', minimum: 1, description: 'History entry whose version to bring back' },
                version: { type: 'integer', minimum: 1, description: 'Current version you read' },
                reason,
              },
            },
          },
        },
      },
      responses: { '200': writeResponse('Reverted'), ...errorResponses, ...notFound, ...conflict },
    },
  },
};

/** The component schemas the records (and kinds, summary) define. */
export const recordSchemas = {
  CreateRecordRequest: {
    type: 'object',
    required: ['kind', 'name', 'owner', 'spec'],
    properties: {
      kind: { type: 'string', enum: MAESTRO_KIND_NAMES, description: 'Case-insensitive; Application for Component' },
      ...recordFields,
      spec: specByKind('body'),
      reason,
    },
  },
  UpdateRecordRequest: {
    type: 'object',
    required: ['version'],
    properties: {
      version: { type: 'integer', minimum: 1 },
      title: { ...recordFields.title, nullable: true },
      owner: recordFields.owner,
      spec: specByKind('resource'),
      reason,
    },
  },
};
