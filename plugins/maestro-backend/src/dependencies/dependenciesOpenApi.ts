import {
  DEPENDENCY_PROTOCOLS,
  MAX_DEPENDENCY_COMMIT_CHANGES,
  MAX_DEPENDENCY_COMMIT_REASON,
} from '@maestro/plugin-maestro-common';
import { errorResponses, ref } from '../schema/openApiShared';
import { MAX_TARGETS_PER_RECORD } from './commitInput';

const entityRef = { type: 'string', minLength: 1, maxLength: 255, example: 'component:default/orders' };

/** The components of the dependency routes' part of the OpenAPI document. */
export const dependencySchemas = {
  DependencyCommit: {
    type: 'object',
    additionalProperties: false,
    required: ['reason', 'changes'],
    properties: {
      reason: {
        type: 'string',
        minLength: 1,
        maxLength: MAX_DEPENDENCY_COMMIT_REASON,
        description: "Why: kept in each changed record's history entry",
      },
      allowCycles: {
        type: 'boolean',
        default: false,
        description: 'Accept dependencies that close a cycle (refused by default: 400 with the cycle)',
      },
      changes: {
        type: 'array',
        minItems: 1,
        maxItems: MAX_DEPENDENCY_COMMIT_CHANGES,
        items: {
          type: 'object',
          additionalProperties: false,
          required: ['id', 'version'],
          description:
            "A record's new list at the version read: dependencies for an application (Component, Resource), " +
            'entryApplications for a System; each record once',
          properties: {
            id: { type: 'string', minLength: 1, maxLength: 64, description: 'Record id' },
            version: { type: 'integer', minimum: 1, description: 'The version read' },
            dependencies: {
              type: 'array',
              maxItems: MAX_TARGETS_PER_RECORD,
              items: {
                type: 'object',
                additionalProperties: false,
                required: ['ref'],
                properties: { ref: entityRef, protocol: { type: 'string', enum: [...DEPENDENCY_PROTOCOLS] } },
              },
            },
            entryApplications: { type: 'array', maxItems: MAX_TARGETS_PER_RECORD, items: entityRef },
          },
        },
      },
    },
  },
};

/** The dependency routes' part of the OpenAPI document (see openapi.ts). */
export const dependencyPaths = {
  '/dependencies/commit': {
    post: {
      operationId: 'commitDependencies',
      description:
        "The dependency maker's commit: sets the dependencies of applications and the entry applications of systems, " +
        'all in one transaction (each record with a history entry carrying the reason) or nothing. Needs ' +
        'maestro.inventory.update (asked before the body is read; a conditional decision is applied to each record, ' +
        '403 naming those refused). New targets must be active application records (Component or Resource) of the ' +
        'inventory, not the record itself; targets a record already had are kept as they are. A dependency closing a ' +
        'new cycle is a 400 listing it unless allowCycles. A record not at the version read is a 409 naming every ' +
        'record that changed. Records the commit leaves as they are are not written.',
      requestBody: { required: true, content: { 'application/json': { schema: ref('DependencyCommit') } } },
      responses: {
        '200': {
          description: 'Committed: every record of the commit at its version now',
          content: {
            'application/json': {
              schema: {
                type: 'object',
                properties: {
                  records: {
                    type: 'array',
                    items: {
                      type: 'object',
                      properties: { id: { type: 'string' }, version: { type: 'integer' } },
                    },
                  },
                },
              },
            },
          },
        },
        ...errorResponses,
        '404': {
          description: 'A change names no record (changes[i].id)',
          content: { 'application/json': { schema: ref('Error') } },
        },
        '409': {
          description: 'Records changed since they were read (each named with its versions); nothing was written',
          content: { 'application/json': { schema: ref('Error') } },
        },
        '413': {
          description: 'The body is larger than the JSON limit',
          content: { 'application/json': { schema: ref('Error') } },
        },
      },
    },
  },
};
