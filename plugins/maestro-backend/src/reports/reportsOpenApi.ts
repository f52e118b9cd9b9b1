import { MAESTRO_KIND_NAMES, REPORT_EXPORT_FORMATS, REPORT_RUN_STATUSES } from '@maestro/plugin-maestro-common';
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
import { RECORD_FIELDS } from './reportFields';
import { runFormats } from './runFormats';
import { DEFAULT_TREND_WEEKS, MAX_TREND_WEEKS, MIN_TREND_WEEKS } from './reportTrend';
import {
  MAX_PIVOT_HOPS,
  MAX_REPORT_COLUMNS,
  MAX_REPORT_DESCRIPTION,
  MAX_REPORT_NAME,
  MIN_PIVOT_HOPS,
} from './reportDefinition';

/** Fields every kind has (a report over any kind may show and sort by them). */
const RECORD_FIELD_PATHS = RECORD_FIELDS.map(f => f.path);

const gone = {
  '410': {
    description: 'The time asked for is before the history retention: the inventory then is unknown',
    content: { 'application/json': { schema: ref('Error') } },
  },
};

/** Runs now over Component, System and Resource also read the catalog's own entities (git-defined ones). */
const catalogDown = {
  '503': {
    description:
      "The catalog could not be read: a run now over Component, System or Resource includes the catalog's entities",
    content: { 'application/json': { schema: ref('Error') } },
  },
};

const notFound = {
  '404': {
    description: 'No report with this id (or it was deleted)',
    content: { 'application/json': { schema: ref('Error') } },
  },
};

const filters = {
  type: 'array',
  maxItems: 50,
  description:
    "Filters on the kind's fields (see ReportFilter in @maestro/plugin-maestro-common): the operators a field's type allows",
  items: {
    type: 'object',
    required: ['field', 'op'],
    properties: { field: { type: 'string', example: 'name' }, op: { type: 'string', example: 'exists' }, value: {} },
  },
  example: [{ field: 'name', op: 'exists' }],
};

const columns = {
  type: 'array',
  minItems: 1,
  maxItems: MAX_REPORT_COLUMNS,
  description: 'Field paths of the kind (default: name, owner and a few spec fields)',
  items: { type: 'string', enum: RECORD_FIELD_PATHS },
  uniqueItems: true,
};

const kind = { type: 'string', enum: MAESTRO_KIND_NAMES, description: 'Case-insensitive; Application for Component' };

/** A report definition as a request carries it: a single-kind report or a pivot across related kinds. */
const definitionSchema = {
  type: 'object',
  required: ['name', 'type'],
  properties: {
    name: { type: 'string', minLength: 1, maxLength: MAX_REPORT_NAME, pattern: '^[A-Za-z0-9][A-Za-z0-9 ._-]{0,60}$' },
    description: { type: 'string', maxLength: MAX_REPORT_DESCRIPTION },
  },
  oneOf: [
    {
      required: ['type', 'kind'],
      properties: {
        type: { type: 'string', enum: ['single'] },
        kind,
        filters,
        columns,
        sort: {
          type: 'object',
          required: ['field'],
          properties: {
            field: { type: 'string', enum: RECORD_FIELD_PATHS },
            direction: { type: 'string', enum: ['asc', 'desc'], default: 'asc' },
          },
        },
      },
    },
    {
      required: ['type', 'hops'],
      properties: {
        type: { type: 'string', enum: ['pivot'] },
        hops: {
          type: 'array',
          minItems: MIN_PIVOT_HOPS,
          maxItems: MAX_PIVOT_HOPS,
          description:
            'Kinds related hop to hop by a Maestro reference field (either way round); the saved hops carry it as `link`',
          items: { type: 'object', required: ['kind'], properties: { kind, filters, columns } },
          example: [{ kind: 'Server' }, { kind: 'Datacenter' }],
        },
      },
    },
  ],
};

const reportResponse = (description: string) => ({
  description,
  content: { 'application/json': { schema: ref('SavedReport') } },
});

const runIdParam = { name: 'runId', in: 'path', required: true, schema: { type: 'string', format: 'uuid' } };
const runNotFound = {
  '404': {
    description:
      "No such run, or not the caller's (runs are their requester's, or anyone's with maestro.report.update)",
    content: { 'application/json': { schema: ref('Error') } },
  },
};
const runAccess =
  'Needs maestro.report.read, maestro.inventory.read and maestro.report.export; a run is seen by its requester, ' +
  'or by anyone with maestro.report.update.';

/** Schemas of the report routes (components.schemas). */
export const reportSchemas = {
  ReportRun: {
    type: 'object',
    description: 'An asynchronous run of a saved report into a file',
    properties: {
      id: { type: 'string', format: 'uuid' },
      reportId: { type: 'string', format: 'uuid' },
      reportName: { type: 'string' },
      format: { type: 'string' },
      asOf: { type: 'string', format: 'date-time' },
      status: { type: 'string', enum: [...REPORT_RUN_STATUSES] },
      requestedBy: { type: 'string' },
      requestedAt: { type: 'string', format: 'date-time' },
      startedAt: { type: 'string', format: 'date-time' },
      finishedAt: { type: 'string', format: 'date-time' },
      durationMs: { type: 'integer' },
      progress: {
        type: 'object',
        properties: { recordsRead: { type: 'integer' }, bytes: { type: 'integer' } },
      },
      rows: { type: 'integer', description: 'Rows in the file, once succeeded' },
      bytes: { type: 'integer' },
      error: { type: 'string' },
      expiresAt: { type: 'string', format: 'date-time', description: 'When its file is deleted (the retention)' },
      expired: { type: 'boolean' },
      fileName: { type: 'string' },
    },
  },
  ReportDefinition: definitionSchema,
  SavedReport: {
    type: 'object',
    properties: {
      id: { type: 'string', format: 'uuid' },
      name: { type: 'string' },
      type: { type: 'string', enum: ['single', 'pivot'] },
      definition: {
        type: 'object',
        description: 'The validated definition (kinds as Maestro spells them, default columns, pivot links)',
      },
      owner: { type: 'string' },
      ...savedAudit,
    },
  },
};

/**
 * The OpenAPI paths of saved report definitions (see src/schema/openapi.ts, which assembles the document: the routes
 * file next to this one serves them, and the drift test in src/service/router.test.ts checks that both list the same
 * operations).
 */
export const reportPaths = {
  '/reports': {
    get: {
      operationId: 'listReports',
      description: 'Saved reports (not deleted), newest first. Needs maestro.report.read.',
      parameters: pageParams,
      responses: { '200': { description: '{ items, totalCount }' }, ...errorResponses },
    },
    post: {
      operationId: 'createReport',
      description:
        'Saves a report definition, owned by the caller. Needs maestro.report.create (asked before the body is read).',
      requestBody: { required: true, content: { 'application/json': { schema: ref('ReportDefinition') } } },
      responses: { '201': reportResponse('Saved (version 1)'), ...errorResponses },
    },
  },
  '/reports/fields': {
    get: {
      operationId: 'getReportFields',
      description:
        'For the report form: every kind with its fields and types, and the kinds a pivot can go to next (with the ' +
        'reference fields that link them). Needs maestro.report.read.',
      responses: { '200': { description: '{ kinds: [{ kind, fields, links }] }' }, ...errorResponses },
    },
  },
  '/reports/{id}': {
    get: {
      operationId: 'getReport',
      parameters: [idParam],
      responses: { '200': reportResponse('The report; its version also as ETag'), ...errorResponses, ...notFound },
    },
    put: {
      operationId: 'updateReport',
      description:
        'Replaces the definition, given the version read. Needs maestro.report.update (asked before the body is read).',
      parameters: [idParam],
      requestBody: {
        required: true,
        content: {
          'application/json': {
            schema: {
              allOf: [
                ref('ReportDefinition'),
                {
                  type: 'object',
                  required: ['version'],
                  properties: { version: { type: 'integer', minimum: 1, description: 'The version read' } },
                },
              ],
            },
          },
        },
      },
      responses: { '200': reportResponse('Saved'), ...errorResponses, ...notFound, ...conflict },
    },
    delete: {
      operationId: 'deleteReport',
      description: 'Soft-deletes the report (404 afterwards). Needs maestro.report.delete.',
      parameters: [idParam, optionalVersionParam],
      responses: { '204': { description: 'Deleted' }, ...errorResponses, ...notFound, ...conflict },
    },
  },
  '/reports/{id}/results': {
    get: {
      operationId: 'getReportResults',
      description:
        'Runs the report: one page of rows (single: { columns, rows: [{ id, values }], totalCount, charts? }; pivot: ' +
        '{ columns, rows: [{ ids, values }], totalCount }), against the inventory now or as of a time. Needs ' +
        'maestro.report.read and maestro.inventory.read. 410 for a time before the history retention. The whole ' +
        'result is kept two minutes for the next pages (computedAt, cached; any store change runs it again).',
      parameters: [
        idParam,
        { name: 'offset', in: 'query', schema: { type: 'integer', minimum: 0, default: 0 } },
        { name: 'limit', in: 'query', schema: { type: 'integer', minimum: 1, maximum: 1000, default: 50 } },
        { name: 'asOf', in: 'query', schema: { type: 'string', format: 'date-time' } },
        { name: 'charts', in: 'query', schema: { type: 'string', enum: ['true', 'false'] } },
        {
          name: 'sort',
          in: 'query',
          schema: { type: 'string' },
          description: "The table's sort instead of the report's: a field path, '-' first for descending (single only)",
        },
        {
          name: 'filters',
          in: 'query',
          schema: { type: 'string', maxLength: 8192 },
          description: "A JSON list of filters added to the report's (pivot: fields prefixed by their hop's kind)",
        },
      ],
      responses: {
        '200': { description: 'A page of the result' },
        ...errorResponses,
        ...notFound,
        ...gone,
        ...catalogDown,
      },
    },
  },
  '/reports/{id}/compare': {
    get: {
      operationId: 'compareReport',
      description:
        'A single report at two times (to: now when not given): rows added, removed and changed (with the changed ' +
        'columns) and counts. Needs maestro.report.read and maestro.inventory.read.',
      parameters: [idParam, ...compareParams],
      responses: { '200': { description: 'The comparison' }, ...errorResponses, ...notFound, ...gone },
    },
  },
  '/reports/{id}/trend': {
    get: {
      operationId: 'reportTrend',
      description:
        "A single report's row count at the end of each of the last N weeks (Monday 00:00 UTC; the last point is " +
        'now), as of the history, optionally per value of one enum, text or boolean field of its kind. Needs ' +
        'maestro.report.read and maestro.inventory.read.',
      parameters: [
        idParam,
        {
          name: 'weeks',
          in: 'query',
          schema: { type: 'integer', minimum: MIN_TREND_WEEKS, maximum: MAX_TREND_WEEKS, default: DEFAULT_TREND_WEEKS },
        },
        { name: 'groupBy', in: 'query', schema: { type: 'string', example: 'spec.environment' } },
      ],
      responses: {
        '200': { description: '{ points: [{ at, total, groups? }] }, oldest first' },
        ...errorResponses,
        ...notFound,
        ...gone,
      },
    },
  },
  '/reports/{id}/export': {
    get: {
      operationId: 'exportReport',
      description:
        'Streams every row of a single or pivot report as a file (CSV, JSON array, NDJSON, XML, XLSX, PDF with the ' +
        'table and charts, Ansible inventory for server reports), now or as of a time. Needs ' +
        'maestro.report.read, maestro.inventory.read and maestro.report.export.',
      parameters: [
        idParam,
        { name: 'format', in: 'query', schema: { type: 'string', enum: [...REPORT_EXPORT_FORMATS], default: 'csv' } },
        { name: 'asOf', in: 'query', schema: { type: 'string', format: 'date-time' } },
      ],
      responses: { '200': { description: 'The file' }, ...errorResponses, ...notFound, ...gone, ...catalogDown },
    },
  },
  '/reports/{id}/duplicate': {
    post: {
      operationId: 'duplicateReport',
      description: 'Copies the report as "<name> (copy)", owned by the caller. Needs maestro.report.create.',
      parameters: [idParam],
      responses: { '201': reportResponse('The copy'), ...errorResponses, ...notFound },
    },
  },
  '/reports/{id}/runs': {
    post: {
      operationId: 'startReportRun',
      description:
        'Queues a run of the report into a file (run in the background by one backend replica; progress as signals ' +
        'on maestro:report-run and a notification at the end, to the requester). The time and the report are checked ' +
        `first (400, 410). ${runAccess} Asked before the body is read.`,
      parameters: [idParam],
      requestBody: {
        required: true,
        content: {
          'application/json': {
            schema: {
              type: 'object',
              required: ['format'],
              additionalProperties: false,
              properties: {
                format: { type: 'string', enum: runFormats() },
                asOf: { type: 'string', format: 'date-time', description: 'Run against the inventory as it was then' },
              },
            },
          },
        },
      },
      responses: {
        '202': { description: 'Queued: { id, reportId, status, format, asOf?, requestedBy, requestedAt }' },
        ...errorResponses,
        ...notFound,
        ...gone,
      },
    },
    get: {
      operationId: 'listReportRuns',
      description: `The report's runs, newest first: the caller's own, or all with maestro.report.update. ${runAccess}`,
      parameters: [
        idParam,
        { name: 'offset', in: 'query', schema: { type: 'integer', minimum: 0, default: 0 } },
        { name: 'limit', in: 'query', schema: { type: 'integer', minimum: 1, maximum: 500, default: 50 } },
      ],
      responses: { '200': { description: '{ items: ReportRun[], totalCount }' }, ...errorResponses, ...notFound },
    },
  },
  '/reports/runs/{runId}': {
    get: {
      operationId: 'getReportRun',
      description: `A run's state, progress, size, error and timings. ${runAccess}`,
      parameters: [runIdParam],
      responses: {
        '200': { description: 'The run', content: { 'application/json': { schema: ref('ReportRun') } } },
        ...errorResponses,
        ...runNotFound,
      },
    },
  },
  '/reports/runs/{runId}/file': {
    get: {
      operationId: 'downloadReportRunFile',
      description: `Streams the file of a run that succeeded (404 before; 410 once its retention expired). ${runAccess}`,
      parameters: [runIdParam],
      responses: {
        '200': { description: 'The file, with its Content-Type and Content-Disposition' },
        ...errorResponses,
        ...runNotFound,
        '410': {
          description: "The run's file expired (maestro.reports.runs.retention) and was deleted",
          content: { 'application/json': { schema: ref('Error') } },
        },
      },
    },
  },
};
