import { errorResponses, idParam, ref } from '../schema/openApiShared';
import { MAX_SHARE_LABEL } from './graphShareRoutes';
import { MAX_PNG_SCALE, MIN_PNG_SCALE } from './graphPng';

const notFound = {
  '404': { description: 'No graph with this id', content: { 'application/json': { schema: ref('Error') } } },
};
const noView = {
  '409': {
    description: 'The graph has no generated view (its last generation failed): re-generate it',
    content: { 'application/json': { schema: ref('Error') } },
  },
};
const tokenParam = {
  name: 'token',
  in: 'path',
  required: true,
  schema: { type: 'string', pattern: '^[A-Za-z0-9_-]{43}$' },
  description: 'The share token (256 bits, base64url), as returned once by POST /graphs/{id}/shares',
};
const shareIdParam = { name: 'shareId', in: 'path', required: true, schema: { type: 'string', format: 'uuid' } };
const sharedNotFound = {
  '404': {
    description:
      'The token is malformed, unknown, revoked or expired, or its graph was deleted (one answer for all of them)',
    content: { 'application/json': { schema: ref('Error') } },
  },
  '429': {
    description: 'Too many requests from this address (maestro.graphs.share.rateLimit per minute); see Retry-After',
    content: { 'application/json': { schema: ref('Error') } },
  },
};

/** Schemas of the share routes (components.schemas). */
export const graphShareSchemas = {
  GraphShareLink: {
    type: 'object',
    description: "A share link as its graph's owners see it (never its token)",
    properties: {
      id: { type: 'string', format: 'uuid' },
      graphId: { type: 'string' },
      mode: { type: 'string', enum: ['live', 'snapshot'] },
      label: { type: 'string' },
      createdBy: { type: 'string' },
      createdAt: { type: 'string', format: 'date-time' },
      expiresAt: { type: 'string', format: 'date-time' },
      lastUsedAt: { type: 'string', format: 'date-time', description: 'To the minute' },
      revokedAt: { type: 'string', format: 'date-time' },
      revokedBy: { type: 'string' },
    },
  },
  CreatedGraphShareLink: {
    allOf: [
      ref('GraphShareLink'),
      {
        type: 'object',
        properties: {
          token: { type: 'string', description: 'Shown this once; only its SHA-256 is stored' },
          urls: {
            type: 'object',
            description: "Paths under the backend's base URL",
            properties: { page: { type: 'string' }, svg: { type: 'string' }, embed: { type: 'string' } },
          },
        },
      },
    ],
  },
};

/** The export and share routes of saved graphs, and the public shared routes (decision 0013). */
export const graphSharePaths = {
  '/graphs/{id}/export.svg': {
    get: {
      operationId: 'exportGraphSvg',
      description: 'The graph as drawn (its last generation), as an SVG file. Needs maestro.graph.read.',
      parameters: [idParam],
      responses: {
        '200': { description: 'image/svg+xml, as an attachment named after the graph' },
        ...errorResponses,
        ...notFound,
        ...noView,
      },
    },
  },
  '/graphs/{id}/export.png': {
    get: {
      operationId: 'exportGraphPng',
      description:
        'The graph as drawn, as a PNG file (rendered on the server; scaled down to at most 40 million pixels). Needs maestro.graph.read.',
      parameters: [
        idParam,
        {
          name: 'scale',
          in: 'query',
          schema: { type: 'number', minimum: MIN_PNG_SCALE, maximum: MAX_PNG_SCALE, default: 1 },
        },
      ],
      responses: {
        '200': { description: 'image/png, as an attachment named after the graph' },
        ...errorResponses,
        ...notFound,
        ...noView,
      },
    },
  },
  '/graphs/{id}/shares': {
    get: {
      operationId: 'listGraphShares',
      description: 'The share links of a graph, revoked ones included, newest first. Needs maestro.graph.read.',
      parameters: [idParam],
      responses: {
        '200': {
          description: 'The links',
          content: {
            'application/json': {
              schema: { type: 'object', properties: { items: { type: 'array', items: ref('GraphShareLink') } } },
            },
          },
        },
        ...errorResponses,
        ...notFound,
      },
    },
    post: {
      operationId: 'createGraphShare',
      description:
        'Creates a share link: anyone holding its token sees this graph read-only (live: as generated now, cached ' +
        'up to a minute; snapshot: as generated when shared). Needs maestro.graph.share; audited.',
      parameters: [idParam],
      requestBody: {
        required: true,
        content: {
          'application/json': {
            schema: {
              type: 'object',
              required: ['mode'],
              additionalProperties: false,
              properties: {
                mode: { type: 'string', enum: ['live', 'snapshot'] },
                expiresAt: {
                  type: 'string',
                  format: 'date-time',
                  description: 'In the future, at most one year from now (default: never expires)',
                },
                label: { type: 'string', maxLength: MAX_SHARE_LABEL },
              },
            },
          },
        },
      },
      responses: {
        '201': {
          description: 'The link, with its token (shown once)',
          content: { 'application/json': { schema: ref('CreatedGraphShareLink') } },
        },
        ...errorResponses,
        ...notFound,
        ...noView,
      },
    },
  },
  '/graphs/{id}/shares/{shareId}': {
    delete: {
      operationId: 'revokeGraphShare',
      description:
        'Revokes a share link: its token answers 404 at once on every replica; the link stays listed as revoked. ' +
        'Needs maestro.graph.share; audited.',
      parameters: [idParam, shareIdParam],
      responses: {
        '204': { description: 'Revoked (or revoked already)' },
        ...errorResponses,
        '404': {
          description: 'The graph has no such link',
          content: { 'application/json': { schema: ref('Error') } },
        },
      },
    },
  },
  '/shared/{token}': {
    get: {
      operationId: 'sharedGraphPage',
      security: [],
      description:
        'Without credentials: the shared graph as a read-only HTML page with pan and zoom (embed=1: for an ' +
        '<iframe>, without the header); CSP frame-ancestors from maestro.graphs.share.frameAncestors.',
      parameters: [tokenParam, { name: 'embed', in: 'query', schema: { type: 'string', enum: ['1'] } }],
      responses: { '200': { description: 'text/html' }, ...sharedNotFound },
    },
  },
  '/shared/{token}/graph.svg': {
    get: {
      operationId: 'sharedGraphSvg',
      security: [],
      description: 'Without credentials: the shared graph as SVG (for <img>).',
      parameters: [tokenParam],
      responses: { '200': { description: 'image/svg+xml' }, ...sharedNotFound },
    },
  },
  '/shared/{token}/graph.json': {
    get: {
      operationId: 'sharedGraphJson',
      security: [],
      description: 'Without credentials: the shared graph as drawn (its GraphView: nodes, edges, layout, metrics).',
      parameters: [tokenParam],
      responses: { '200': { description: 'The GraphView' }, ...sharedNotFound },
    },
  },
};
