import { MAESTRO_KINDS, MAESTRO_KIND_NAMES, MAESTRO_SETTINGS_SCHEMAS } from '@maestro/plugin-maestro-common';
import { AWS_LISTS } from '../discovery/aws/awsLists';
import { OPENSTACK_LISTS } from '../discovery/openstack/openstackLists';

/**
 * OpenAPI 3 description of the Maestro REST API (mounted at /api/maestro, served at /api/maestro/openapi.json).
 * Every route but /health requires a Backstage user or service token (`Authorization: Bearer …`).
 *
 * A value whose schema depends on another value (a record's spec on its kind, a setting's value on its key)
 * carries `x-maestro-schema-by: { in, name, schemas }`: it must be valid against `schemas[<discriminator>]` (a
 * pointer to JSON schemas, draft-07, by discriminator value), the discriminator being a sibling body field
 * (`in: body`), a path parameter (`in: path`) or a field of the resource the path names (`in: resource`). The
 * API fuzz test (src/service/apiFuzz.test.ts) generates its valid inputs from this document.
 */
const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });
const errorResponses = {
  '400': { description: 'Invalid input; the message names each bad field', content: { 'application/json': { schema: ref('Error') } } },
  '401': { description: 'Missing or invalid credentials', content: { 'application/json': { schema: ref('Error') } } },
  '403': { description: 'The permission policy denied the action', content: { 'application/json': { schema: ref('Error') } } },
};
const notFound = { '404': { description: 'No record with this id', content: { 'application/json': { schema: ref('Error') } } } };
const conflict = { '409': { description: 'Stale version or duplicate name', content: { 'application/json': { schema: ref('Error') } } } };
const historyPruned = {
  '410': {
    description: 'History retention deleted the record\'s history before this time: its state then is unknown ("history pruned before …")',
    content: { 'application/json': { schema: ref('Error') } },
  },
};
const versionParams = [
  {
    name: 'If-Match',
    in: 'header',
    schema: { type: 'string', example: '"3"' },
    description: 'The version read (as GET /records/{id} sends in its ETag), instead of the version parameter',
  },
];
const idParam = { name: 'id', in: 'path', required: true, schema: { type: 'string' } };
const kindParam = { name: 'kind', in: 'query', schema: { type: 'string', enum: MAESTRO_KIND_NAMES }, description: 'Case-insensitive; Application for Component' };
const specByKind = (from: 'body' | 'resource') => ({
  type: 'object',
  additionalProperties: true,
  description: from === 'body' ? "Valid for the kind's specSchema (GET /kinds)" : "Valid for the record's kind's specSchema (GET /kinds)",
  'x-maestro-schema-by': { in: from, name: 'kind', schemas: '#/components/x-maestro-kind-specs' },
});
const reason = { type: 'string', maxLength: 2000, description: 'Why, kept in the history' };
/** A connection's settings per list, by list id (the provider's lists: GET /discovery/providers). */
const listSettings = (lists: ReadonlyArray<{ id: string }>) => ({
  type: 'object',
  additionalProperties: false,
  properties: Object.fromEntries(
    lists.map(list => [
      list.id,
      {
        type: 'object',
        properties: { enabled: { type: 'boolean' }, frequencyMinutes: { type: 'integer', minimum: 1, maximum: 10080 } },
      },
    ]),
  ),
});
const regionList = (pattern: string, example: string[]) => ({
  type: 'array',
  items: { type: 'string', pattern },
  minItems: 1,
  uniqueItems: true,
  example,
});
const recordFields = {
  name: { type: 'string', minLength: 1, maxLength: 63, pattern: '^[a-zA-Z0-9]([-_.a-zA-Z0-9]*[a-zA-Z0-9])?$' },
  title: { type: 'string', maxLength: 255 },
  owner: { type: 'string', minLength: 1, maxLength: 255, description: 'Entity ref of the owning group or user', example: 'group:default/platform' },
};
const recordResponse = (description: string) => ({
  description,
  content: { 'application/json': { schema: ref('InventoryRecord') } },
});
const writeResponse = (description: string) => ({
  description,
  content: { 'application/json': { schema: ref('WriteRecordResponse') } },
});
const changeList = {
  description: 'Changes, newest first',
  content: {
    'application/json': {
      schema: { type: 'object', properties: { items: { type: 'array', items: ref('ChangeEntry') } } },
    },
  },
};

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
      DiscoveryConnectionInput: {
        description: 'An AWS or an OpenStack connection: the fields of both, then those of the provider',
        allOf: [
          {
            type: 'object',
            required: ['id', 'provider', 'regions', 'owner'],
            properties: {
              id: { type: 'string', pattern: '^[a-z0-9][a-z0-9-]{0,62}$' },
              provider: { type: 'string', enum: ['aws', 'openstack'] },
              title: { type: 'string', maxLength: 255 },
              datacenter: {
                type: 'string',
                maxLength: 63,
                pattern: '^[a-zA-Z0-9]([-_.a-zA-Z0-9]*[a-zA-Z0-9])?$',
                description: 'Datacenter record name (default: the id, which must then end with a letter or digit)',
              },
              regions: regionList('^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$', ['RegionOne']),
              owner: { type: 'string', minLength: 1, maxLength: 255, description: 'Entity ref owning discovered records', example: 'group:default/platform' },
            },
          },
          {
            oneOf: [
              {
                type: 'object',
                title: 'AWS',
                required: ['aws'],
                properties: {
                  provider: { type: 'string', enum: ['aws'] },
                  regions: regionList('^[a-z]{2}(-[a-z]+)+-[0-9]{1,2}$', ['eu-west-1']),
                  lists: listSettings(AWS_LISTS),
                  endpoint: { type: 'string', format: 'uri', maxLength: 2048, description: 'AWS only: another endpoint (a simulator)' },
                  aws: {
                    type: 'object',
                    description:
                      'Connections created through the API bring their own access key (the secret may be left out of an ' +
                      'update that keeps the key id); the backend identity modes (no key, or only accountId / roleArn) ' +
                      'are for app-config connections and the accounts / roles in maestro.discovery.aws.backendIdentity',
                    required: ['accessKeyId', 'secretAccessKey'],
                    properties: {
                      accountId: { type: 'string', pattern: '^\\d{12}$' },
                      accessKeyId: {
                        type: 'string',
                        pattern: '^[A-Z0-9]{16,128}$',
                        description: 'Returned masked (AKIA…MPLE) to callers who may not manage discovery',
                      },
                      secretAccessKey: { type: 'string', maxLength: 256, writeOnly: true },
                      roleArn: { type: 'string', maxLength: 2048, pattern: '^arn:aws:iam::[0-9]{12}:role/[a-zA-Z0-9+=,.@_-]{1,64}$' },
                      externalId: {
                        type: 'string',
                        maxLength: 1224,
                        writeOnly: true,
                        description: 'Never returned (`hasExternalId` says whether one is set). Left out of an update: the stored one is kept while roleArn is unchanged; empty removes it',
                      },
                    },
                  },
                },
              },
              {
                type: 'object',
                title: 'OpenStack',
                required: ['openstack'],
                properties: {
                  provider: { type: 'string', enum: ['openstack'] },
                  regions: regionList('^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$', ['RegionOne']),
                  lists: listSettings(OPENSTACK_LISTS),
                  openstack: {
                    type: 'object',
                    description: 'Keystone v3 password authentication scoped to one project (username or userId; projectId or projectName)',
                    required: ['authUrl'],
                    properties: {
                      authUrl: { type: 'string', format: 'uri', maxLength: 2048, example: 'https://keystone.example.com:5000/v3' },
                      apiVersion: { type: 'string', enum: ['v3'] },
                      username: { type: 'string', maxLength: 255 },
                      userId: { type: 'string', maxLength: 255 },
                      userDomainId: { type: 'string', maxLength: 255, example: 'default' },
                      userDomainName: { type: 'string', maxLength: 255 },
                      password: { type: 'string', maxLength: 1024, writeOnly: true },
                      projectId: { type: 'string', maxLength: 255 },
                      projectName: { type: 'string', maxLength: 255 },
                      projectDomainId: { type: 'string', maxLength: 255 },
                      projectDomainName: { type: 'string', maxLength: 255 },
                      interface: { type: 'string', enum: ['public', 'internal', 'admin'] },
                      caBundle: { type: 'string', maxLength: 65536, pattern: '-----BEGIN CERTIFICATE-----', description: 'PEM bundle of a private CA' },
                      insecure: { type: 'boolean', description: 'Skip TLS verification (explicit only)' },
                    },
                  },
                },
              },
            ],
          },
        ],
      },
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
                description: 'Non-blocking remarks, e.g. a hostname or private IP shared with another record of the same owner',
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
      ImportRecord: {
        type: 'object',
        required: ['kind', 'name', 'owner', 'spec'],
        properties: {
          kind: { type: 'string', enum: MAESTRO_KIND_NAMES },
          ...recordFields,
          spec: specByKind('body'),
          version: { type: 'integer', minimum: 1, description: 'The stored record must be at this version (409 otherwise)' },
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
    '/kinds': {
      get: { operationId: 'listKinds', responses: { '200': { description: 'Kinds with their spec JSON schemas' }, ...errorResponses } },
    },
    '/summary': {
      get: { operationId: 'getSummary', responses: { '200': { description: 'Active and inactive counts per kind' }, ...errorResponses } },
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
          { name: 'q', in: 'query', schema: { type: 'string' }, description: 'Case-insensitive match on name and title' },
          { name: 'owner', in: 'query', schema: { type: 'string' } },
          {
            name: 'orderBy',
            in: 'query',
            schema: { type: 'string', pattern: '^(name|kind|updatedAt|createdAt|spec\\.[A-Za-z][A-Za-z0-9]{0,63})$' },
            description: 'name, kind, updatedAt, createdAt, or a top-level spec field as spec.<field> (e.g. spec.hostname)',
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
                  properties: { items: { type: 'array', items: ref('InventoryRecord') }, totalCount: { type: 'integer' } },
                },
              },
            },
          },
          ...errorResponses,
        },
      },
      post: {
        operationId: 'createRecord',
        requestBody: { required: true, content: { 'application/json': { schema: ref('CreateRecordRequest') } } },
        responses: { '201': writeResponse('Created'), ...errorResponses, ...conflict },
      },
    },
    '/records/import': {
      post: {
        operationId: 'importRecords',
        description:
          'Creates or updates records by (kind, name), all or nothing. Bodies: JSON `{ records: [...] }`, a JSON array, ' +
          'JSON `{ format: json|yaml|csv, content }`, or a raw `text/csv` / YAML body (UTF-8, uncompressed). CSV columns: ' +
          'kind, name, title, owner, version and spec.<field> (e.g. spec.hostname, spec.os.base; lists separated by `;`). ' +
          'Unchanged rows are not written. A row with `version` requires the stored record to be at that version (409 ' +
          'otherwise); rows without it create or overwrite. The caller needs maestro.inventory.create or a non-DENY ' +
          'maestro.inventory.update decision before the body is read (403), at most maestro.import.maxBytes (413) and ' +
          'maestro.import.maxRows records (400). Keys `__proto__`, `constructor` and `prototype` are refused.',
        parameters: [{ name: 'reason', in: 'query', schema: { type: 'string' }, description: 'For raw CSV/YAML bodies' }],
        requestBody: {
          required: true,
          content: {
            'application/json': {
              schema: {
                oneOf: [
                  { type: 'array', minItems: 1, items: ref('ImportRecord') },
                  {
                    type: 'object',
                    required: ['records'],
                    properties: { records: { type: 'array', minItems: 1, items: ref('ImportRecord') }, reason },
                  },
                  {
                    type: 'object',
                    required: ['format', 'content'],
                    properties: {
                      format: { type: 'string', enum: ['json', 'yaml', 'csv'] },
                      content: { type: 'string', description: 'The file, in that format' },
                      reason,
                    },
                  },
                ],
              },
            },
            'text/csv': { schema: { type: 'string', description: 'The records of the JSON form as CSV columns' } },
            'application/yaml': { schema: { type: 'string', description: 'The JSON form, in YAML' } },
          },
        },
        responses: {
          '200': {
            description: 'What happened to each row',
            content: {
              'application/json': {
                schema: {
                  type: 'object',
                  properties: {
                    created: { type: 'integer' },
                    updated: { type: 'integer' },
                    unchanged: { type: 'integer' },
                    rows: {
                      type: 'array',
                      items: {
                        type: 'object',
                        properties: {
                          id: { type: 'string' },
                          kind: { type: 'string' },
                          name: { type: 'string' },
                          outcome: { type: 'string', enum: ['created', 'updated', 'unchanged'] },
                        },
                      },
                    },
                  },
                },
              },
            },
          },
          '400': {
            description: 'Invalid rows (nothing imported): `rows` lists each bad row with its problems',
            content: {
              'application/json': {
                schema: {
                  allOf: [
                    ref('Error'),
                    {
                      type: 'object',
                      properties: {
                        rows: {
                          type: 'array',
                          items: {
                            type: 'object',
                            properties: {
                              row: { type: 'integer' },
                              kind: { type: 'string' },
                              name: { type: 'string' },
                              problems: { type: 'array', items: { type: 'string' } },
                            },
                          },
                        },
                      },
                    },
                  ],
                },
              },
            },
          },
          '401': errorResponses['401'],
          '403': errorResponses['403'],
          '409': { description: 'A row names a record twice, or its version is not the stored one', content: { 'application/json': { schema: ref('Error') } } },
          '413': { description: 'The body is larger than maestro.import.maxBytes', content: { 'application/json': { schema: ref('Error') } } },
          '415': { description: 'Not JSON, CSV or YAML; not UTF-8; or compressed', content: { 'application/json': { schema: ref('Error') } } },
        },
      },
    },
    '/records/{id}': {
      get: {
        operationId: 'getRecord',
        parameters: [idParam],
        responses: { '200': { ...recordResponse('The record'), headers: { ETag: { schema: { type: 'string' }, description: 'The version, e.g. "3", for If-Match' } } }, ...errorResponses, ...notFound },
      },
      put: {
        operationId: 'updateRecord',
        parameters: [idParam],
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
        description: 'Reactivates a deleted record. The version read is required (body version or If-Match): 400 without it, 409 when stale.',
        parameters: [idParam, ...versionParams],
        requestBody: {
          required: true,
          content: {
            'application/json': {
              schema: {
                type: 'object',
                required: ['version'],
                properties: {
                  version: { type: 'integer', minimum: 1, description: 'The version read (required unless If-Match carries it)' },
                  reason,
                },
              },
            },
          },
        },
        responses: { '200': recordResponse('Restored'), ...errorResponses, ...notFound, ...conflict },
      },
    },
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
            content: { 'application/json': { schema: { type: 'object', properties: { items: { type: 'array', items: ref('ChangeEntry') } } } } },
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
          { name: 'actor', in: 'query', schema: { type: 'string' }, description: 'e.g. user:default/alice or maestro:discovery/aws-prod' },
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
        parameters: [idParam, { name: 'at', in: 'query', required: true, schema: { type: 'string', format: 'date-time' } }],
        responses: {
          '200': recordResponse('The record as it was at that time'),
          ...errorResponses,
          '404': { description: 'No record with this id, or it did not exist at that time', content: { 'application/json': { schema: ref('Error') } } },
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
    '/settings': {
      get: {
        operationId: 'getSettings',
        description: 'Every setting (services catalog, option lists, regions per provider), defaults for unsaved ones (version 0).',
        responses: { '200': { description: 'The settings' }, ...errorResponses },
      },
    },
    '/settings/{key}': {
      get: {
        operationId: 'getSetting',
        parameters: [{ name: 'key', in: 'path', required: true, schema: { type: 'string', enum: ['services', 'options', 'regions'] } }],
        responses: { '200': { description: 'The setting with its version' }, ...errorResponses },
      },
      put: {
        operationId: 'updateSetting',
        parameters: [{ name: 'key', in: 'path', required: true, schema: { type: 'string', enum: ['services', 'options', 'regions'] } }],
        requestBody: {
          required: true,
          content: {
            'application/json': {
              schema: {
                type: 'object',
                required: ['value', 'version'],
                properties: {
                  value: { 'x-maestro-schema-by': { in: 'path', name: 'key', schemas: '#/components/x-maestro-settings' } },
                  version: { type: 'integer', minimum: 0, description: 'The version read (0 when never saved)' },
                },
              },
            },
          },
        },
        responses: { '200': { description: 'Saved' }, ...errorResponses, ...conflict },
      },
    },
    '/settings/{key}/history': {
      get: {
        operationId: 'getSettingHistory',
        description: 'Saved versions of a setting, newest first, with the value, who saved it and when.',
        parameters: [
          { name: 'key', in: 'path', required: true, schema: { type: 'string', enum: ['services', 'options', 'regions'] } },
          { name: 'limit', in: 'query', schema: { type: 'integer', minimum: 1, maximum: 500, default: 50 } },
        ],
        responses: { '200': { description: 'The versions, newest first' }, ...errorResponses },
      },
    },
    '/discovery/providers': {
      get: {
        operationId: 'getDiscoveryProviders',
        description: 'Cloud providers with their resource lists (id, title, IAM actions, default interval), and whether secrets can be stored (an encryption key is configured).',
        responses: { '200': { description: 'Providers' }, ...errorResponses },
      },
    },
    '/discovery/aws/policy': {
      get: {
        operationId: 'getAwsDiscoveryPolicy',
        description: 'The read-only IAM policy an AWS connection needs (every list).',
        responses: { '200': { description: 'An IAM policy document' }, ...errorResponses },
      },
    },
    '/discovery/connections': {
      get: {
        operationId: 'listDiscoveryConnections',
        description: 'Connections (config-defined and API-defined) with the status of each task. Secrets and AWS external ids are never returned (`hasSecret`, `aws.hasExternalId` say whether one is stored); access key ids are masked unless the caller may manage discovery.',
        responses: { '200': { description: 'Connections' }, ...errorResponses },
      },
      post: {
        operationId: 'createDiscoveryConnection',
        description: 'Creates a connection. A secret (`aws.secretAccessKey`, `openstack.password`) is sealed with AES-256-GCM; without an encryption key it is refused (400). Needs `maestro.discovery.manage`, and `maestro.inventory.create`, `…update` and `…delete` for records of the connection\'s owner (403 naming what is missing).',
        requestBody: { required: true, content: { 'application/json': { schema: ref('DiscoveryConnectionInput') } } },
        responses: { '201': { description: 'Created' }, ...errorResponses, ...conflict },
      },
    },
    '/discovery/connections/{id}': {
      get: {
        operationId: 'getDiscoveryConnection',
        parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'string' } }],
        responses: { '200': { description: 'The connection with its tasks' }, ...errorResponses, ...notFound },
      },
      put: {
        operationId: 'updateDiscoveryConnection',
        description: 'Replaces an API-defined connection (config-defined ones: 409). Omit the secret (and `aws.externalId`) to keep the stored one; `version` is the version read. Needs the same permissions as creating one, for the new owner.',
        parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'string' } }],
        requestBody: {
          required: true,
          content: {
            'application/json': {
              schema: { allOf: [ref('DiscoveryConnectionInput'), { type: 'object', required: ['version'], properties: { version: { type: 'integer', minimum: 1 } } }] },
            },
          },
        },
        responses: { '200': { description: 'Updated' }, ...errorResponses, ...notFound, ...conflict },
      },
      delete: {
        operationId: 'deleteDiscoveryConnection',
        description: 'Deletes an API-defined connection. Its records stay (they are no longer crawled).',
        parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'string' } }],
        responses: { '204': { description: 'Deleted' }, ...errorResponses, ...notFound, ...conflict },
      },
    },
    '/discovery/connections/{id}/sync': {
      post: {
        operationId: 'syncDiscoveryConnection',
        description: '"Sync now": runs one list (or every enabled list) as soon as possible. `confirmRemovals` (with `list`) confirms the removal held back in one region: the next run of that list applies it there if it deactivates at most `atMost` records; a bigger removal, or another region\'s, stays held.',
        parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'string' } }],
        requestBody: {
          content: {
            'application/json': {
              schema: {
                type: 'object',
                properties: {
                  list: { type: 'string' },
                  confirmRemovals: {
                    type: 'object',
                    required: ['region', 'atMost'],
                    additionalProperties: false,
                    properties: { region: { type: 'string', maxLength: 64 }, atMost: { type: 'integer', minimum: 1, maximum: 1000000 } },
                  },
                },
              },
            },
          },
        },
        responses: { '202': { description: 'Requested' }, ...errorResponses, ...notFound },
      },
    },
    '/changes': {
      get: {
        operationId: 'getChanges',
        description:
          'The global change feed in position order (the order changes became visible), used by the catalog module ' +
          'to project deltas. Needs maestro.history.read (service principals are allowed).',
        parameters: [
          { name: 'after', in: 'query', schema: { type: 'integer', minimum: 0 }, description: 'A feed position (cursor)' },
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
            description: 'Too many long polls waiting (maestro.changes.maxWaiters); retry after Retry-After seconds or with wait=0',
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
  },
} as const;
