import { WEBHOOK_METHODS } from '@maestro/plugin-maestro-common';

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
        description:
          'The body, a template: `{{ path }}`, `{{ path | json }}` over the roots of its job (`job`, `run`, `now`) or ' +
          'rule (`rule`, `event`, `delivery`); see docs/jobs.md',
        example: '{"job": {{ job.name | json }}, "run": {{ run.id | json }}}',
      },
      contentType: {
        type: 'string',
        maxLength: 255,
        pattern: '^(application|text)/[a-z0-9][a-z0-9.+-]{0,40}$',
        example: 'application/json',
      },
      signature: {
        type: 'object',
        additionalProperties: false,
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
