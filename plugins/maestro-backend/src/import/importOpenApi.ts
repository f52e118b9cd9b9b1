import { MAESTRO_KIND_NAMES } from '@maestro/plugin-maestro-common';
import { errorResponses, reason, recordFields, ref, specByKind } from '../schema/openApiShared';

/**
 * The OpenAPI paths of the bulk import (see src/schema/openapi.ts, which assembles the document: the routes file next to this
 * one serves them, and the drift test in src/service/router.test.ts checks that both list the same operations).
 */
export const importPaths = {
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
        '409': {
          description: 'A row names a record twice, or its version is not the stored one',
          content: { 'application/json': { schema: ref('Error') } },
        },
        '413': {
          description: 'The body is larger than maestro.import.maxBytes',
          content: { 'application/json': { schema: ref('Error') } },
        },
        '415': {
          description: 'Not JSON, CSV or YAML; not UTF-8; or compressed',
          content: { 'application/json': { schema: ref('Error') } },
        },
      },
    },
  },
};

/** The component schemas the bulk import define. */
export const importSchemas = {
  ImportRecord: {
    type: 'object',
    required: ['kind', 'name', 'owner', 'spec'],
    properties: {
      kind: { type: 'string', enum: MAESTRO_KIND_NAMES },
      ...recordFields,
      spec: specByKind('body'),
      version: {
        type: 'integer',
        minimum: 1,
        description: 'The stored record must be at this version (409 otherwise)',
      },
    },
  },
};
