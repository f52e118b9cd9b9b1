import { conflict, errorResponses } from '../schema/openApiShared';

/**
 * The OpenAPI paths of the settings (see src/schema/openapi.ts, which assembles the document: the routes file next to this
 * one serves them, and the drift test in src/service/router.test.ts checks that both list the same operations).
 */
export const settingsPaths = {
  '/settings': {
    get: {
      operationId: 'getSettings',
      description:
        'Every setting (services catalog, option lists, regions per provider), defaults for unsaved ones (version 0).',
      responses: { '200': { description: 'The settings' }, ...errorResponses },
    },
  },
  '/settings/{key}': {
    get: {
      operationId: 'getSetting',
      parameters: [
        {
          name: 'key',
          in: 'path',
          required: true,
          schema: { type: 'string', enum: ['services', 'options', 'regions'] },
        },
      ],
      responses: { '200': { description: 'The setting with its version' }, ...errorResponses },
    },
    put: {
      operationId: 'updateSetting',
      parameters: [
        {
          name: 'key',
          in: 'path',
          required: true,
          schema: { type: 'string', enum: ['services', 'options', 'regions'] },
        },
      ],
      requestBody: {
        required: true,
        content: {
          'application/json': {
            schema: {
              type: 'object',
              required: ['value', 'version'],
              properties: {
                value: {
                  'x-maestro-schema-by': { in: 'path', name: 'key', schemas: '#/components/x-maestro-settings' },
                },
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
        {
          name: 'key',
          in: 'path',
          required: true,
          schema: { type: 'string', enum: ['services', 'options', 'regions'] },
        },
        { name: 'limit', in: 'query', schema: { type: 'integer', minimum: 1, maximum: 500, default: 50 } },
      ],
      responses: { '200': { description: 'The versions, newest first' }, ...errorResponses },
    },
  },
};
