import {
  compareParams,
  conflict,
  errorResponses,
  idParam,
  optionalVersionParam,
  pageParams,
  ref,
  savedAudit,
} from '../schema/openApiShared';
import { MAX_GRAPH_DEPTH, MAX_GRAPH_ENTRIES } from './buildBusinessGraph';
import { MAX_GRAPH_DESCRIPTION, MAX_GRAPH_NAME, MIN_GRAPH_DEPTH } from './graphDefinition';

const error = (description: string) => ({ description, content: { 'application/json': { schema: ref('Error') } } });
const notFound = { '404': error('No graph with this id') };
const gone = { '410': error('The time asked for is before the history retention: the inventory then is unknown') };
const catalogDown = {
  '503': error("The catalog could not be read: graphs of now include the catalog's own Components, Systems, Resources"),
};
const json = (schema: object, description: string) => ({ description, content: { 'application/json': { schema } } });
const asOfField = {
  type: 'string',
  format: 'date-time',
  description:
    'The inventory as it was then (from the history: the store only, no catalog entities); not in the future',
};

const refText = (example: string) => ({ type: 'string', minLength: 1, maxLength: 255, example });

/** The fields of a graph definition (see GraphDefinition in @maestro/plugin-maestro-common). */
const definitionProperties = {
  name: { type: 'string', minLength: 1, maxLength: MAX_GRAPH_NAME, pattern: '\\S' },
  description: { type: 'string', maxLength: MAX_GRAPH_DESCRIPTION },
  entry: {
    type: 'object',
    description:
      'Exactly one of: a system (its entry applications), a client (the entry applications of the systems serving it), ' +
      'applications. Entity refs; an entry that does not exist is a 400 naming entry.system, entry.client or ' +
      'entry.applications[i]',
    oneOf: [
      {
        type: 'object',
        required: ['system'],
        additionalProperties: false,
        properties: { system: refText('system:default/shop') },
      },
      {
        type: 'object',
        required: ['client'],
        additionalProperties: false,
        properties: { client: refText('client:default/acme') },
      },
      {
        type: 'object',
        required: ['applications'],
        additionalProperties: false,
        properties: {
          applications: {
            type: 'array',
            minItems: 1,
            maxItems: MAX_GRAPH_ENTRIES,
            items: refText('component:default/web'),
          },
        },
      },
    ],
  },
  depth: { type: 'integer', minimum: MIN_GRAPH_DEPTH, maximum: MAX_GRAPH_DEPTH, default: 10 },
  layers: {
    type: 'object',
    additionalProperties: false,
    properties: {
      infrastructure: { type: 'boolean', description: 'Servers, databases, load balancers, volumes' },
      business: { type: 'boolean', description: 'Systems and clients' },
    },
  },
};

const savedGraph = (description: string) => json(ref('SavedGraph'), description);
const graphView = (description: string) => json(ref('GraphView'), description);

/** Schemas of the graph routes (components.schemas). */
export const graphSchemas = {
  GraphDefinition: {
    type: 'object',
    required: ['name', 'entry'],
    additionalProperties: false,
    properties: definitionProperties,
  },
  GraphView: {
    type: 'object',
    description:
      'A business graph built, measured and laid out: nodes with their centre, size and layer, edges with their ' +
      'polyline, metrics (see GraphView in @maestro/plugin-maestro-common)',
    properties: {
      entries: { type: 'array', items: { type: 'string' } },
      depth: { type: 'integer' },
      nodes: { type: 'array', items: { type: 'object' } },
      edges: { type: 'array', items: { type: 'object' } },
      width: { type: 'number' },
      height: { type: 'number' },
      metrics: { type: 'object' },
      generatedAt: { type: 'string', format: 'date-time' },
      asOf: { type: 'string', format: 'date-time' },
    },
  },
  SavedGraph: {
    type: 'object',
    description: 'A saved graph; the list leaves out `view`',
    properties: {
      id: { type: 'string', format: 'uuid' },
      name: { type: 'string' },
      description: { type: 'string' },
      entry: { type: 'object' },
      depth: { type: 'integer' },
      layers: { type: 'object' },
      status: { type: 'string', enum: ['ready', 'failed'] },
      error: { type: 'string', description: 'Why the last generation failed (the previous view is kept)' },
      nodeCount: { type: 'integer' },
      edgeCount: { type: 'integer' },
      asOf: { type: 'string', format: 'date-time' },
      generatedAt: { type: 'string', format: 'date-time' },
      ...savedAudit,
      view: ref('GraphView'),
    },
  },
};

/**
 * The OpenAPI paths of business graphs (see src/schema/openapi.ts, which assembles the document: graphRoutes.ts
 * serves them, and the drift test in src/service/router.test.ts checks that both list the same operations).
 */
export const graphPaths = {
  '/graphs': {
    get: {
      operationId: 'listGraphs',
      description: 'Saved graphs without their views, last changed first. Needs maestro.graph.read.',
      parameters: pageParams,
      responses: { '200': { description: '{ items: SavedGraphSummary[], totalCount }' }, ...errorResponses },
    },
    post: {
      operationId: 'createGraph',
      description:
        'Saves a graph and generates it from the current inventory (the store and the catalog as the caller). ' +
        'Needs maestro.graph.create (asked before the body is read).',
      requestBody: { required: true, content: { 'application/json': { schema: ref('GraphDefinition') } } },
      responses: { '201': savedGraph('Saved (version 1) with its view'), ...errorResponses, ...catalogDown },
    },
  },
  '/graphs/preview': {
    post: {
      operationId: 'previewGraph',
      description:
        'Generates a graph without saving it (name optional), now or as of a time. Needs maestro.graph.read (asked ' +
        'before the body is read).',
      requestBody: {
        required: true,
        content: {
          'application/json': {
            schema: {
              type: 'object',
              required: ['entry'],
              additionalProperties: false,
              properties: { ...definitionProperties, asOf: asOfField },
            },
          },
        },
      },
      responses: { '200': graphView('The graph'), ...errorResponses, ...gone, ...catalogDown },
    },
  },
  '/graphs/neighbourhood': {
    get: {
      operationId: 'graphNeighbourhood',
      description:
        'The graph of everything within `depth` edges of an entity, either way (dependents, dependencies, servers, ' +
        'systems, clients), cut from the whole estate as the caller sees it (kept a few seconds). Needs ' +
        'maestro.graph.read.',
      parameters: [
        {
          name: 'entity',
          in: 'query',
          required: true,
          schema: { type: 'string', minLength: 1, example: 'component:default/web' },
        },
        { name: 'depth', in: 'query', schema: { type: 'integer', minimum: 1, maximum: 4, default: 2 } },
      ],
      responses: {
        '200': graphView('The neighbourhood, the entity at depth 0'),
        ...errorResponses,
        '404': error('No active entity with this ref'),
        ...catalogDown,
      },
    },
  },
  '/graphs/{id}': {
    get: {
      operationId: 'getGraph',
      description: 'A saved graph with its last view; its version also as ETag. Needs maestro.graph.read.',
      parameters: [idParam],
      responses: { '200': savedGraph('The graph'), ...errorResponses, ...notFound },
    },
    put: {
      operationId: 'updateGraph',
      description:
        'Replaces the definition, given the version read, and generates it again from the current inventory. Needs ' +
        'maestro.graph.update (asked before the body is read).',
      parameters: [idParam],
      requestBody: {
        required: true,
        content: {
          'application/json': {
            schema: {
              type: 'object',
              required: ['name', 'entry', 'version'],
              additionalProperties: false,
              properties: {
                ...definitionProperties,
                version: { type: 'integer', minimum: 1, description: 'The version read' },
              },
            },
          },
        },
      },
      responses: { '200': savedGraph('Saved'), ...errorResponses, ...notFound, ...conflict, ...catalogDown },
    },
    delete: {
      operationId: 'deleteGraph',
      description: 'Deletes the graph for good. Needs maestro.graph.delete.',
      parameters: [idParam, optionalVersionParam],
      responses: { '204': { description: 'Deleted' }, ...errorResponses, ...notFound, ...conflict },
    },
  },
  '/graphs/{id}/regenerate': {
    post: {
      operationId: 'regenerateGraph',
      description:
        'Generates the saved graph again, from the current inventory or as of a time, and saves the result (a ' +
        'generation that fails because the entry no longer exists or the graph grew too big is saved as status ' +
        'failed with its error, the previous view kept). Needs maestro.graph.update (asked before the body is read).',
      parameters: [idParam],
      requestBody: {
        required: false,
        content: {
          'application/json': {
            schema: { type: 'object', additionalProperties: false, properties: { asOf: asOfField } },
          },
        },
      },
      responses: {
        '200': savedGraph('Saved: status ready with the new view, or failed with the error'),
        ...errorResponses,
        ...notFound,
        ...conflict,
        ...gone,
        ...catalogDown,
      },
    },
  },
  '/graphs/{id}/compare': {
    get: {
      operationId: 'compareGraph',
      description:
        "The saved graph's definition generated at two times from the store's history (to: now), and the nodes and " +
        'edges added and removed between them. An entry that did not exist at a time counts as an empty graph. Needs ' +
        'maestro.graph.read.',
      parameters: [idParam, ...compareParams],
      responses: { '200': { description: 'GraphComparison' }, ...errorResponses, ...notFound, ...gone },
    },
  },
  '/graphs/{id}/impact': {
    get: {
      operationId: 'graphNodeImpact',
      description:
        'Who depends on a node of the saved view (upstream) and what it needs (downstream), transitively. Needs ' +
        'maestro.graph.read.',
      parameters: [
        idParam,
        { name: 'node', in: 'query', required: true, schema: { type: 'string', example: 'component:default/web' } },
      ],
      responses: { '200': { description: 'NodeImpact' }, ...errorResponses, ...notFound },
    },
  },
  '/graphs/{id}/server-impact': {
    get: {
      operationId: 'graphServerImpact',
      description:
        'What breaks if a server of the saved view fails: applications and infrastructure on it, their dependents, ' +
        'systems and clients. Needs maestro.graph.read.',
      parameters: [
        idParam,
        { name: 'server', in: 'query', required: true, schema: { type: 'string', example: 'server:default/srv1' } },
      ],
      responses: { '200': { description: 'ServerFailureImpact' }, ...errorResponses, ...notFound },
    },
  },
};
