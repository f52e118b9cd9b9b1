import { REPORT_EXPORT_FORMATS, WEBHOOK_METHODS } from '@maestro/plugin-maestro-common';
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

const headerName = {
  type: 'string',
  pattern: "^[A-Za-z0-9!#$%&'*+.^_`|~-]{1,64}$",
  description: 'An HTTP token; not Host, Content-Length, Transfer-Encoding, Connection or X-Maestro-*',
  example: 'X-Team',
};
const headerValue = { type: 'string', maxLength: 4096, pattern: '^[ -~]*$', description: 'No CR or LF' };

/**
 * Schemas of outbound webhooks (components.schemas), shared by jobs and event rules: a target as sent (secrets
 * write-only) and the exchange a log keeps.
 */
export const webhookSchemas = {
  WebhookTarget: {
    type: 'object',
    description:
      'A webhook call. Secret header values and the signature secret are write-only: answers carry hasValue / ' +
      'hasSecret, and an update without them keeps the stored ones. The URL passes the egress policy when saved ' +
      'and on every call (loopback, link-local, private ranges refused unless maestro.egress.allow lists them).',
    required: ['method', 'url'],
    additionalProperties: false,
    properties: {
      method: { type: 'string', enum: [...WEBHOOK_METHODS] },
      url: { type: 'string', format: 'uri', maxLength: 2048 },
      headers: {
        type: 'array',
        maxItems: 20,
        items: {
          oneOf: [
            {
              type: 'object',
              title: 'plain',
              required: ['name', 'value'],
              additionalProperties: false,
              properties: { name: headerName, value: headerValue, secret: { type: 'boolean', enum: [false] } },
            },
            {
              type: 'object',
              title: 'secret',
              description:
                'Sealed at rest, never answered (hasValue instead); an update may leave the value out to keep the stored one',
              required: ['name', 'value', 'secret'],
              additionalProperties: false,
              properties: {
                name: headerName,
                value: headerValue,
                secret: { type: 'boolean', enum: [true] },
                hasValue: { type: 'boolean', readOnly: true },
              },
            },
          ],
        },
      },
      bodyTemplate: {
        type: 'string',
        maxLength: 65536,
        description: 'The body, a template: `{{ job.name }}`, `{{ run | json }}` (docs/jobs.md)',
        example: '{"job": {{ job.name | json }}, "run": {{ run.id | json }}}',
      },
      contentType: { type: 'string', maxLength: 256, example: 'application/json' },
      signature: {
        type: 'object',
        additionalProperties: false,
        required: ['secret'],
        description:
          'HMAC-SHA256 of the body in the header (`sha256=<hex>`); the secret is never answered (hasSecret instead), and an update may leave it out to keep the stored one',
        properties: {
          header: { type: 'string', example: 'X-Maestro-Signature-256' },
          secret: { type: 'string', minLength: 8, maxLength: 512, writeOnly: true },
          hasSecret: { type: 'boolean', readOnly: true },
        },
      },
      expectedStatus: { type: 'array', maxItems: 20, items: { type: 'integer', minimum: 100, maximum: 599 } },
      timeoutSeconds: { type: 'integer', minimum: 1, maximum: 60, default: 10 },
    },
  },
  WebhookExchange: {
    type: 'object',
    description: 'What a log keeps of one webhook call (secret header values as ***)',
    properties: {
      request: {
        type: 'object',
        properties: {
          method: { type: 'string' },
          url: { type: 'string' },
          headers: { type: 'object', additionalProperties: { type: 'string' } },
          body: { type: 'string', description: 'The first 4 KB' },
        },
      },
      status: { type: 'integer' },
      responseBody: { type: 'string', description: 'The first 4 KB of the answer' },
      responseTruncated: { type: 'boolean' },
      durationMs: { type: 'integer' },
      error: { type: 'string' },
    },
  },
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
  ...webhookSchemas,
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
