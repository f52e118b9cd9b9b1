import { MAESTRO_KIND_NAMES, RULE_EVENTS } from '@maestro/plugin-maestro-common';
import { errorResponses, idParam, ref } from '../schema/openApiShared';
import { DEFAULT_DELIVERY_PAGE, MAX_DELIVERY_PAGE } from './ruleRoutes';
import {
  MAX_CONDITION_VALUES,
  MAX_RULE_ACTIONS,
  MAX_RULE_DESCRIPTION,
  MAX_RULE_NAME,
  NOTIFY_SEVERITIES,
  RULE_ACTORS,
} from './ruleInput';

const json = (schema: object) => ({ 'application/json': { schema } });
const notFound = {
  '404': { description: 'No event rule with this id', content: json(ref('Error')) },
};
const deliveryIdParam = { name: 'deliveryId', in: 'path', required: true, schema: { type: 'string', format: 'uuid' } };
/** An entity ref of one of `kinds` (the first is assumed when the ref has none): `group:default/platform`, `platform`. */
const entityRef = (kinds: string[], example: string) => ({
  type: 'string',
  minLength: 1,
  maxLength: 255,
  pattern: `^((${kinds.join('|')}):)?([a-z0-9][a-z0-9_.-]{0,62}/)?[a-z0-9][a-z0-9_.-]{0,62}$`,
  example,
});
const ownerRef = entityRef(['group', 'user'], 'group:default/platform');
const DELIVERY_STATUSES = ['pending', 'delivering', 'delivered', 'failed'];

/** Schemas of the rule routes (components.schemas); the webhook ones are the webhooks module's. */
export const ruleSchemas = {
  RuleConditions: {
    type: 'object',
    additionalProperties: false,
    description:
      'Every given condition must hold; a list holds when one of its values does. Filters need exactly one kind',
    properties: {
      kinds: { type: 'array', maxItems: 50, items: { type: 'string', enum: MAESTRO_KIND_NAMES } },
      owners: { type: 'array', maxItems: MAX_CONDITION_VALUES, items: ownerRef },
      datacenters: {
        type: 'array',
        maxItems: MAX_CONDITION_VALUES,
        items: entityRef(['datacenter'], 'datacenter:default/aws-prod'),
      },
      changedFields: {
        type: 'array',
        maxItems: 50,
        items: { type: 'string', pattern: '^(title|owner|spec\\.[A-Za-z_][A-Za-z0-9_]{0,63})$', example: 'title' },
      },
      filters: {
        type: 'array',
        maxItems: 50,
        description: "Filters in the reports' language (ReportFilter) over the fields of the one kind in kinds",
        items: {
          type: 'object',
          required: ['field', 'op'],
          properties: {
            field: { type: 'string', example: 'name' },
            op: { type: 'string', example: 'exists' },
            value: {},
          },
        },
        example: [{ field: 'name', op: 'exists' }],
      },
    },
    oneOf: [
      { type: 'object', not: { required: ['filters'] } },
      {
        type: 'object',
        required: ['kinds', 'filters'],
        properties: {
          kinds: { type: 'array', minItems: 1, maxItems: 1, items: { type: 'string', enum: MAESTRO_KIND_NAMES } },
        },
      },
    ],
  },
  RuleAction: {
    type: 'object',
    required: ['type'],
    properties: { type: { type: 'string', enum: ['webhook', 'notify', 'job'] } },
    oneOf: [
      {
        type: 'object',
        required: ['type', 'webhook'],
        additionalProperties: false,
        properties: { type: { type: 'string', enum: ['webhook'] }, webhook: ref('WebhookTarget') },
      },
      {
        type: 'object',
        required: ['type', 'to'],
        additionalProperties: false,
        properties: {
          type: { type: 'string', enum: ['notify'] },
          to: {
            type: 'object',
            required: ['type'],
            description: "The record's owner, or a user or group (entity)",
            properties: { type: { type: 'string', enum: ['owner', 'entity'] } },
            oneOf: [
              {
                type: 'object',
                required: ['type'],
                additionalProperties: false,
                properties: { type: { type: 'string', enum: ['owner'] } },
              },
              {
                type: 'object',
                required: ['type', 'entityRef'],
                additionalProperties: false,
                properties: { type: { type: 'string', enum: ['entity'] }, entityRef: ownerRef },
              },
            ],
          },
          severity: { type: 'string', enum: NOTIFY_SEVERITIES },
        },
      },
      {
        type: 'object',
        required: ['type', 'jobId'],
        additionalProperties: false,
        properties: {
          type: { type: 'string', enum: ['job'] },
          jobId: { type: 'string', pattern: '^[A-Za-z0-9][A-Za-z0-9:._-]{0,127}$' },
        },
      },
    ],
  },
  EventRuleInput: {
    type: 'object',
    required: ['name', 'events', 'actions'],
    additionalProperties: false,
    properties: {
      name: { type: 'string', minLength: 1, maxLength: MAX_RULE_NAME, example: 'Production servers deactivated' },
      description: { type: 'string', maxLength: MAX_RULE_DESCRIPTION },
      enabled: { type: 'boolean', default: true },
      owner: { ...ownerRef, description: 'Default: the creator' },
      events: { type: 'array', minItems: 1, items: { type: 'string', enum: RULE_EVENTS } },
      actor: { type: 'string', enum: RULE_ACTORS, default: 'any' },
      conditions: ref('RuleConditions'),
      actions: { type: 'array', minItems: 1, maxItems: MAX_RULE_ACTIONS, items: ref('RuleAction') },
    },
  },
  EventRule: {
    allOf: [
      ref('EventRuleInput'),
      {
        type: 'object',
        properties: {
          id: { type: 'string', format: 'uuid' },
          pendingDeliveries: { type: 'integer' },
          failedDeliveries: { type: 'integer' },
          createdAt: { type: 'string', format: 'date-time' },
          createdBy: { type: 'string' },
          updatedAt: { type: 'string', format: 'date-time' },
          updatedBy: { type: 'string' },
        },
      },
    ],
  },
  RuleDelivery: {
    type: 'object',
    description: 'One action of a rule for one change; its id is the idempotency key (X-Maestro-Delivery)',
    properties: {
      id: { type: 'string', format: 'uuid' },
      ruleId: { type: 'string', format: 'uuid' },
      actionIndex: { type: 'integer' },
      actionType: { type: 'string', enum: ['webhook', 'notify', 'job'] },
      status: { type: 'string', enum: DELIVERY_STATUSES },
      change: {
        type: 'object',
        properties: {
          position: { type: 'integer' },
          recordId: { type: 'string' },
          kind: { type: 'string' },
          name: { type: 'string' },
          event: { type: 'string', enum: RULE_EVENTS },
          actor: { type: 'string' },
          at: { type: 'string', format: 'date-time' },
        },
      },
      attempts: { type: 'integer' },
      nextAttemptAt: { type: 'string', format: 'date-time' },
      createdAt: { type: 'string', format: 'date-time' },
      deliveredAt: { type: 'string', format: 'date-time' },
      lastError: { type: 'string' },
      webhook: ref('WebhookExchange'),
    },
  },
};

const ruleBody = { required: true, content: json(ref('EventRuleInput')) };
const ruleAnswer = (description: string) => ({ description, content: json(ref('EventRule')) });

/** The event rule routes (decision 0013). */
export const rulePaths = {
  '/rules': {
    get: {
      operationId: 'listRules',
      description: 'Every event rule, by name, with its waiting and failed deliveries. Needs maestro.rule.read.',
      responses: {
        '200': {
          description: 'The rules',
          content: json({ type: 'object', properties: { rules: { type: 'array', items: ref('EventRule') } } }),
        },
        ...errorResponses,
      },
    },
    post: {
      operationId: 'createRule',
      description:
        'Creates an event rule; it matches changes made from now on. Webhook URLs pass the egress policy; secrets ' +
        'are sealed and never answered. Needs maestro.rule.create (decided before the body is read); audited.',
      requestBody: ruleBody,
      responses: { '201': ruleAnswer('The rule'), ...errorResponses },
    },
  },
  '/rules/{id}': {
    get: {
      operationId: 'getRule',
      description: 'An event rule. Needs maestro.rule.read.',
      parameters: [idParam],
      responses: { '200': ruleAnswer('The rule'), ...errorResponses, ...notFound },
    },
    put: {
      operationId: 'updateRule',
      description:
        'Replaces an event rule (a secret sent without a value keeps the stored one). Its deliveries waiting for a ' +
        'retry use the new version. Needs maestro.rule.update; audited.',
      parameters: [idParam],
      requestBody: ruleBody,
      responses: { '200': ruleAnswer('The rule'), ...errorResponses, ...notFound },
    },
    delete: {
      operationId: 'deleteRule',
      description: 'Deletes an event rule and its deliveries. Needs maestro.rule.delete; audited.',
      parameters: [idParam],
      responses: { '204': { description: 'Deleted' }, ...errorResponses, ...notFound },
    },
  },
  '/rules/{id}/deliveries': {
    get: {
      operationId: 'listRuleDeliveries',
      description: "A rule's deliveries, newest first. Needs maestro.rule.read.",
      parameters: [
        idParam,
        { name: 'status', in: 'query', schema: { type: 'string', enum: DELIVERY_STATUSES } },
        {
          name: 'limit',
          in: 'query',
          schema: { type: 'integer', minimum: 1, maximum: MAX_DELIVERY_PAGE, default: DEFAULT_DELIVERY_PAGE },
        },
        {
          name: 'before',
          in: 'query',
          schema: { type: 'string', format: 'uuid' },
          description: 'A delivery id (nextBefore of the previous page): the deliveries after it',
        },
      ],
      responses: {
        '200': {
          description: 'A page of deliveries',
          content: json({
            type: 'object',
            properties: {
              deliveries: { type: 'array', items: ref('RuleDelivery') },
              nextBefore: { type: 'string', format: 'uuid' },
            },
          }),
        },
        ...errorResponses,
        ...notFound,
      },
    },
  },
  '/rules/{id}/deliveries/{deliveryId}/redeliver': {
    post: {
      operationId: 'redeliverRuleDelivery',
      description:
        'Delivers again: the same delivery (same id, so the same X-Maestro-Delivery idempotency key) is due now ' +
        'with its attempts reset. Needs maestro.rule.update; audited.',
      parameters: [idParam, deliveryIdParam],
      responses: {
        '202': { description: 'Queued', content: json(ref('RuleDelivery')) },
        ...errorResponses,
        '404': { description: 'No such rule, or the rule has no such delivery', content: json(ref('Error')) },
        '409': { description: 'The delivery is being delivered right now', content: json(ref('Error')) },
      },
    },
  },
};
