import { AWS_LISTS } from './aws/awsLists';
import { OPENSTACK_LISTS } from './openstack/openstackLists';
import { conflict, errorResponses, notFound, ref } from '../schema/openApiShared';

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

/**
 * The OpenAPI paths of discovery (see src/schema/openapi.ts, which assembles the document: the routes file next to this
 * one serves them, and the drift test in src/service/router.test.ts checks that both list the same operations).
 */
export const discoveryPaths = {
  '/discovery/providers': {
    get: {
      operationId: 'getDiscoveryProviders',
      description:
        'Cloud providers with their resource lists (id, title, IAM actions, default interval) and connection form (fields, region pattern) where the provider describes one, and whether secrets can be stored (an encryption key is configured).',
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
      description:
        'Connections (config-defined and API-defined) with the status of each task. Secrets and AWS external ids are never returned (`hasSecret`, `aws.hasExternalId` say whether one is stored); access key ids are masked unless the caller may manage discovery.',
      responses: { '200': { description: 'Connections' }, ...errorResponses },
    },
    post: {
      operationId: 'createDiscoveryConnection',
      description:
        "Creates a connection. A secret (`aws.secretAccessKey`, `openstack.password`) is sealed with AES-256-GCM; without an encryption key it is refused (400). Needs `maestro.discovery.manage`, and `maestro.inventory.create`, `…update` and `…delete` for records of the connection's owner (403 naming what is missing).",
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
      description:
        'Replaces an API-defined connection (config-defined ones: 409). Omit the secret (and `aws.externalId`) to keep the stored one; `version` is the version read. Needs the same permissions as creating one, for the new owner.',
      parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'string' } }],
      requestBody: {
        required: true,
        content: {
          'application/json': {
            schema: {
              allOf: [
                ref('DiscoveryConnectionInput'),
                { type: 'object', required: ['version'], properties: { version: { type: 'integer', minimum: 1 } } },
              ],
            },
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
      description:
        '"Sync now": runs one list (or every enabled list) as soon as possible. `confirmRemovals` (with `list`) confirms the removal held back in one region: the next run of that list applies it there if it deactivates at most `atMost` records; a bigger removal, or another region\'s, stays held.',
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
                  properties: {
                    region: { type: 'string', maxLength: 64 },
                    atMost: { type: 'integer', minimum: 1, maximum: 1000000 },
                  },
                },
              },
            },
          },
        },
      },
      responses: { '202': { description: 'Requested' }, ...errorResponses, ...notFound },
    },
  },
};

/** The component schemas discovery define. */
export const discoverySchemas = {
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
          owner: {
            type: 'string',
            minLength: 1,
            maxLength: 255,
            description: 'Entity ref owning discovered records',
            example: 'group:default/platform',
          },
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
              endpoint: {
                type: 'string',
                format: 'uri',
                maxLength: 2048,
                description: 'AWS only: another endpoint (a simulator)',
              },
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
                  roleArn: {
                    type: 'string',
                    maxLength: 2048,
                    pattern: '^arn:aws:iam::[0-9]{12}:role/[a-zA-Z0-9+=,.@_-]{1,64}$',
                  },
                  externalId: {
                    type: 'string',
                    maxLength: 1224,
                    writeOnly: true,
                    description:
                      'Never returned (`hasExternalId` says whether one is set). Left out of an update: the stored one is kept while roleArn is unchanged; empty removes it',
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
                description:
                  'Keystone v3 password authentication scoped to one project (username or userId; projectId or projectName)',
                required: ['authUrl'],
                properties: {
                  authUrl: {
                    type: 'string',
                    format: 'uri',
                    maxLength: 2048,
                    example: 'https://keystone.example.com:5000/v3',
                  },
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
                  caBundle: {
                    type: 'string',
                    maxLength: 65536,
                    pattern: '-----BEGIN CERTIFICATE-----',
                    description: 'PEM bundle of a private CA',
                  },
                  insecure: { type: 'boolean', description: 'Skip TLS verification (explicit only)' },
                },
              },
            },
          },
        ],
      },
    ],
  },
};
