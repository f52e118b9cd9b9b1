import { REPORT_EXPORT_FORMATS } from '@maestro/plugin-maestro-common';
import { errorResponses, idParam, ref } from '../schema/openApiShared';
import {
  MAX_CHAIN_DELAY_SECONDS,
  MAX_DISABLE_AFTER_FAILURES,
  MAX_EXECUTIONS_LIMIT,
  MAX_JOB_DESCRIPTION,
  MAX_JOB_NAME,
} from './jobInput';
import { MAX_INTERVAL_MINUTES } from './jobSchedule';

const json = (schema: object) => ({ 'application/json': { schema } });
const notFound = { '404': { description: 'No job (or run) with this id', content: json(ref('Error')) } };
const runIdParam = { name: 'runId', in: 'path', required: true, schema: { type: 'string', format: 'uuid' } };
const entityRef = {
  type: 'string',
  maxLength: 255,
  pattern: '^(user|group):[a-z0-9_.-]+/[a-z0-9_.-]+$',
  description: 'A user or group ref (kind:namespace/name)',
  example: 'group:default/platform',
};

const schedule = {
  description: 'Every `minutes`, on a cron expression in a time zone, or only when started',
  oneOf: [
    {
      type: 'object',
      title: 'interval',
      required: ['type', 'minutes'],
      additionalProperties: false,
      properties: {
        type: { type: 'string', enum: ['interval'] },
        minutes: { type: 'integer', minimum: 1, maximum: MAX_INTERVAL_MINUTES },
      },
    },
    {
      type: 'object',
      title: 'cron',
      required: ['type', 'expression'],
      additionalProperties: false,
      properties: {
        type: { type: 'string', enum: ['cron'] },
        expression: {
          type: 'string',
          maxLength: 200,
          pattern: '^\\S+( \\S+){4,5}$',
          description:
            "5 fields (minute hour day month weekday), or 6 with seconds first, in the `cron` package's syntax; refused when it never fires",
          example: '0 9 * * 1-5',
        },
        timeZone: {
          type: 'string',
          maxLength: 64,
          pattern: '^[A-Za-z_]+(/[A-Za-z0-9_+-]+){0,2}$',
          description: 'IANA time zone (default UTC)',
          example: 'Europe/Paris',
        },
      },
    },
    {
      type: 'object',
      title: 'manual',
      required: ['type'],
      additionalProperties: false,
      properties: { type: { type: 'string', enum: ['manual'] } },
    },
  ],
};

const chainLink = {
  type: 'object',
  nullable: true,
  required: ['jobId'],
  additionalProperties: false,
  description: 'A job started after this one ends (not itself, no cycle; not a built-in discovery list)',
  properties: {
    jobId: { type: 'string' },
    delaySeconds: { type: 'integer', minimum: 0, maximum: MAX_CHAIN_DELAY_SECONDS, default: 0 },
  },
};

const webhookConfig = {
  type: 'object',
  required: ['webhook'],
  additionalProperties: false,
  properties: { webhook: ref('WebhookTarget') },
};
const discoveryConfig = {
  type: 'object',
  required: ['connectionId'],
  additionalProperties: false,
  properties: {
    connectionId: { type: 'string', description: 'A discovery connection' },
    lists: {
      type: 'array',
      minItems: 1,
      maxItems: 100,
      uniqueItems: true,
      description: "The connection's lists to run (default: every enabled one)",
      items: { type: 'string', example: 'server-list' },
    },
  },
};
const reportConfig = {
  type: 'object',
  required: ['reportId', 'format', 'delivery'],
  additionalProperties: false,
  properties: {
    reportId: { type: 'string', description: 'A saved report' },
    format: { type: 'string', enum: [...REPORT_EXPORT_FORMATS] },
    delivery: {
      oneOf: [
        {
          type: 'object',
          title: 'webhook',
          required: ['type', 'webhook'],
          additionalProperties: false,
          description: 'The file POSTed as the body (its format’s content type; at most 25 MB)',
          properties: { type: { type: 'string', enum: ['webhook'] }, webhook: ref('WebhookTarget') },
        },
        {
          type: 'object',
          title: 'notification',
          required: ['type', 'recipients'],
          additionalProperties: false,
          description: 'A Backstage notification with a link to the run',
          properties: {
            type: { type: 'string', enum: ['notification'] },
            recipients: { type: 'array', minItems: 1, maxItems: 50, uniqueItems: true, items: entityRef },
          },
        },
      ],
    },
  },
};

/** Schemas of the jobs routes (components.schemas). */
export const jobSchemas = {
  JobInput: {
    description:
      'A user-defined job (POST /jobs, PUT /jobs/{id}). Types: webhook, discovery (needs maestro.discovery.manage), ' +
      'report (needs maestro.report.export); history-retention is built in.',
    allOf: [
      {
        type: 'object',
        required: ['name', 'type', 'schedule', 'config'],
        properties: {
          name: { type: 'string', minLength: 1, maxLength: MAX_JOB_NAME },
          enabled: { type: 'boolean', default: true },
          owner: { ...entityRef, description: 'Notified when the job is disabled and recovers (default: the caller)' },
          description: { type: 'string', maxLength: MAX_JOB_DESCRIPTION },
          schedule,
          maxExecutions: { type: 'integer', minimum: 0, maximum: MAX_EXECUTIONS_LIMIT, default: 0 },
          disableAfterFailures: { type: 'integer', minimum: 0, maximum: MAX_DISABLE_AFTER_FAILURES, default: 3 },
          onSuccess: chainLink,
          onFailure: chainLink,
        },
      },
      {
        oneOf: [
          {
            type: 'object',
            title: 'webhook',
            properties: { type: { type: 'string', enum: ['webhook'] }, config: webhookConfig },
          },
          {
            type: 'object',
            title: 'discovery',
            properties: { type: { type: 'string', enum: ['discovery'] }, config: discoveryConfig },
          },
          {
            type: 'object',
            title: 'report',
            properties: { type: { type: 'string', enum: ['report'] }, config: reportConfig },
          },
        ],
      },
    ],
  },
  JobRun: {
    type: 'object',
    properties: {
      id: { type: 'string', format: 'uuid' },
      jobId: { type: 'string' },
      trigger: { type: 'string', enum: ['schedule', 'manual', 'chain', 'rule'] },
      status: { type: 'string', enum: ['queued', 'running', 'succeeded', 'failed'] },
      queuedAt: { type: 'string', format: 'date-time' },
      notBefore: { type: 'string', format: 'date-time' },
      startedAt: { type: 'string', format: 'date-time' },
      finishedAt: { type: 'string', format: 'date-time' },
      durationMs: { type: 'integer' },
      error: { type: 'string' },
      startedBy: { type: 'string' },
      webhook: ref('WebhookExchange'),
      summary: { type: 'string' },
    },
  },
  MaestroJob: {
    type: 'object',
    description: 'A job as answered: never a secret (see WebhookTarget)',
    properties: {
      id: { type: 'string' },
      name: { type: 'string' },
      type: { type: 'string', enum: ['webhook', 'discovery', 'report', 'history-retention'] },
      enabled: { type: 'boolean' },
      builtIn: { type: 'boolean' },
      owner: { type: 'string' },
      description: { type: 'string' },
      schedule,
      maxExecutions: { type: 'integer' },
      disableAfterFailures: { type: 'integer' },
      onSuccess: chainLink,
      onFailure: chainLink,
      config: { type: 'object' },
      totalRuns: { type: 'integer' },
      consecutiveFailures: { type: 'integer' },
      lastRun: ref('JobRun'),
      nextRunAt: { type: 'string', format: 'date-time' },
      disabledReason: { type: 'string' },
      createdAt: { type: 'string', format: 'date-time' },
      createdBy: { type: 'string' },
      updatedAt: { type: 'string', format: 'date-time' },
      updatedBy: { type: 'string' },
    },
  },
};

/** The jobs routes (decision 0013). */
export const jobPaths = {
  '/jobs': {
    get: {
      operationId: 'listJobs',
      description:
        'Every job by name: user-defined ones and the built-in ones (each discovery list, `discovery:<connection>:<list>`; `history-retention`). Needs maestro.job.read.',
      responses: {
        '200': {
          description: 'The jobs',
          content: json({ type: 'object', properties: { jobs: { type: 'array', items: ref('MaestroJob') } } }),
        },
        ...errorResponses,
      },
    },
    post: {
      operationId: 'createJob',
      description:
        'Creates a job; its first scheduled run is computed from now. Needs maestro.job.create (decided before the body is read), and for a discovery job maestro.discovery.manage, for a report job maestro.report.export. Audited.',
      requestBody: { required: true, content: json(ref('JobInput')) },
      responses: { '201': { description: 'Created', content: json(ref('MaestroJob')) }, ...errorResponses },
    },
  },
  '/jobs/{id}': {
    get: {
      operationId: 'getJob',
      parameters: [idParam],
      responses: {
        '200': { description: 'The job', content: json(ref('MaestroJob')) },
        ...errorResponses,
        ...notFound,
      },
    },
    put: {
      operationId: 'updateJob',
      description:
        'Replaces a job (its counters stay; secrets left out are kept). A new schedule or turning the job on starts its schedule from now; turning it on clears why it disabled itself and its failures. A built-in job takes `{ enabled }` only (a discovery list is turned on or off on its connection). Needs maestro.job.update (and the type’s permission, as for creating). Audited.',
      parameters: [idParam],
      requestBody: {
        required: true,
        content: json({
          oneOf: [
            ref('JobInput'),
            {
              type: 'object',
              title: 'built-in',
              required: ['enabled'],
              additionalProperties: false,
              properties: { enabled: { type: 'boolean' } },
            },
          ],
        }),
      },
      responses: {
        '200': { description: 'Updated', content: json(ref('MaestroJob')) },
        ...errorResponses,
        ...notFound,
      },
    },
    delete: {
      operationId: 'deleteJob',
      description:
        'Deletes a user-defined job with its run log. 409 when another job chains to it (naming it); 400 for a built-in job. Needs maestro.job.delete. Audited.',
      parameters: [idParam],
      responses: {
        '204': { description: 'Deleted' },
        ...errorResponses,
        ...notFound,
        '409': { description: 'Another job chains to it', content: json(ref('Error')) },
      },
    },
  },
  '/jobs/{id}/run': {
    post: {
      operationId: 'runJob',
      description:
        'Queues a run now (a disabled job too; a discovery list: its "sync now"). Counts against maxExecutions: 409 once they are used. Needs maestro.job.run. Audited.',
      parameters: [idParam],
      responses: {
        '202': { description: 'Queued', content: json(ref('JobRun')) },
        ...errorResponses,
        ...notFound,
        '409': { description: 'The job ran its max executions', content: json(ref('Error')) },
      },
    },
  },
  '/jobs/{id}/runs': {
    get: {
      operationId: 'listJobRuns',
      description: "A job's runs, newest first. Needs maestro.job.read.",
      parameters: [
        idParam,
        { name: 'limit', in: 'query', schema: { type: 'integer', minimum: 1, maximum: 500, default: 50 } },
        { name: 'before', in: 'query', schema: { type: 'string' }, description: 'nextBefore of the previous page' },
      ],
      responses: {
        '200': {
          description: 'Runs',
          content: json({
            type: 'object',
            properties: { runs: { type: 'array', items: ref('JobRun') }, nextBefore: { type: 'string' } },
          }),
        },
        ...errorResponses,
        ...notFound,
      },
    },
  },
  '/jobs/{id}/runs/{runId}': {
    get: {
      operationId: 'getJobRun',
      parameters: [idParam, runIdParam],
      responses: { '200': { description: 'The run', content: json(ref('JobRun')) }, ...errorResponses, ...notFound },
    },
  },
};
