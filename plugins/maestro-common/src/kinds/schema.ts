import type { JsonObject } from '@backstage/types';

/** API version of every Maestro custom kind. @public */
export const MAESTRO_API_VERSION = 'maestro.backstage.io/v1alpha1';

/** A JSON schema (draft-07) as a plain object. @public */
export type JsonSchema = { [key: string]: unknown };

/**
 * Builds the catalog entity schema of a Maestro kind from the schema of its record spec: the catalog entity's
 * `spec` is the record's spec plus the required `owner`.
 * @public
 */
export function entitySchemaFor(kind: string, specSchema: JsonSchema): JsonSchema {
  const properties = (specSchema.properties ?? {}) as JsonObject;
  const required = (specSchema.required ?? []) as string[];
  return {
    $schema: 'http://json-schema.org/draft-07/schema',
    $id: `${kind}V1alpha1`,
    description: `A Maestro ${kind}, projected into the catalog from the Maestro inventory store.`,
    allOf: [
      { $ref: 'Entity' },
      {
        type: 'object',
        required: ['spec'],
        properties: {
          apiVersion: { enum: [MAESTRO_API_VERSION] },
          kind: { enum: [kind] },
          spec: {
            ...specSchema,
            required: [...required, 'owner'],
            properties: {
              ...properties,
              owner: {
                type: 'string',
                minLength: 1,
                description: 'Entity ref of the owning group or user.',
              },
            },
          },
        },
      },
    ],
  };
}

/** Pattern of a dotted-quad IPv4 address. @public */
export const IPV4_PATTERN =
  '^((25[0-5]|2[0-4][0-9]|1[0-9]{2}|[1-9]?[0-9])\\.){3}(25[0-5]|2[0-4][0-9]|1[0-9]{2}|[1-9]?[0-9])$';

/** Schema of a free-form string-to-string tag map (cloud tags). @public */
export const TAGS_SCHEMA: JsonSchema = {
  type: 'object',
  description: 'Tags as key/value strings (e.g. cloud tags).',
  additionalProperties: { type: 'string', maxLength: 1024 },
};
