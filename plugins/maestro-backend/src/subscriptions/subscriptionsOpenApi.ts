import { MAESTRO_KIND_NAMES, SUBSCRIPTION_DELIVERIES, SUBSCRIPTION_EVENTS } from '@maestro/plugin-maestro-common';
import { errorResponses, idParam, ref } from '../schema/openApiShared';

const json = (schema: object) => ({ 'application/json': { schema } });
const notFound = { '404': { description: 'No subscription with this id', content: json(ref('Error')) } };
const events = { type: 'array', minItems: 1, maxItems: 3, items: { type: 'string', enum: SUBSCRIPTION_EVENTS } };
const delivery = { type: 'string', enum: SUBSCRIPTION_DELIVERIES };

/** Schemas of the subscription routes (components.schemas). */
export const subscriptionSchemas = {
  SubscriptionTarget: {
    description:
      'A record (its catalog entity ref), a kind (optionally in one datacenter and/or environment), or everything ' +
      'the subscriber owns',
    oneOf: [
      {
        type: 'object',
        additionalProperties: false,
        required: ['type', 'entityRef'],
        properties: {
          type: { type: 'string', enum: ['entity'] },
          entityRef: { type: 'string', maxLength: 255, example: 'server:default/web-01' },
        },
      },
      {
        type: 'object',
        additionalProperties: false,
        required: ['type', 'kind'],
        properties: {
          type: { type: 'string', enum: ['kind'] },
          kind: { type: 'string', enum: MAESTRO_KIND_NAMES },
          datacenter: { type: 'string', maxLength: 255, example: 'datacenter:default/aws-prod' },
          environment: { type: 'string', maxLength: 64, example: 'production' },
        },
      },
      {
        type: 'object',
        additionalProperties: false,
        required: ['type'],
        properties: { type: { type: 'string', enum: ['owned'] } },
      },
    ],
  },
  Subscription: {
    type: 'object',
    required: ['id', 'subscriber', 'target', 'events', 'delivery', 'createdAt', 'createdBy', 'updatedAt'],
    properties: {
      id: { type: 'string', format: 'uuid' },
      subscriber: { type: 'string', example: 'user:default/jane' },
      target: ref('SubscriptionTarget'),
      events,
      delivery,
      createdAt: { type: 'string', format: 'date-time' },
      createdBy: { type: 'string' },
      updatedAt: { type: 'string', format: 'date-time' },
    },
  },
  SubscriptionInput: {
    type: 'object',
    additionalProperties: false,
    required: ['target'],
    properties: {
      subscriber: {
        type: 'string',
        maxLength: 255,
        description: 'A user or group ref; default: the caller',
        example: 'group:default/platform',
      },
      target: ref('SubscriptionTarget'),
      events: { ...events, description: 'Default: all three' },
      delivery: { ...delivery, default: 'immediate' },
    },
  },
};

const subscriptionAnswer = (description: string) => ({ description, content: json(ref('Subscription')) });
const who =
  'Needs maestro.inventory.read; a user manages their own subscriptions and those of their groups, ' +
  "maestro.subscription.manage anyone's.";

/**
 * The subscription routes (decision 0025). `x-maestro-own-writes`: a reader writes these (their own subscriptions).
 */
export const subscriptionPaths = {
  '/subscriptions': {
    get: {
      operationId: 'listSubscriptions',
      description: `The caller's subscriptions and those of their groups. ${who}`,
      parameters: [
        {
          name: 'entityRef',
          in: 'query',
          schema: { type: 'string', maxLength: 255 },
          description: 'Only the subscriptions watching this record (the entity page\'s "am I watching")',
        },
      ],
      responses: {
        '200': {
          description: 'The subscriptions',
          content: json({
            type: 'object',
            properties: { subscriptions: { type: 'array', items: ref('Subscription') } },
          }),
        },
        ...errorResponses,
      },
    },
    post: {
      operationId: 'createSubscription',
      'x-maestro-own-writes': true,
      description: `Watches a record, a kind or everything the subscriber owns, from now on. ${who} Audited.`,
      requestBody: { required: true, content: json(ref('SubscriptionInput')) },
      responses: {
        '201': subscriptionAnswer('The subscription'),
        ...errorResponses,
        '409': { description: 'The subscriber already watches this target', content: json(ref('Error')) },
      },
    },
  },
  '/subscriptions/{id}': {
    patch: {
      operationId: 'updateSubscription',
      'x-maestro-own-writes': true,
      description: `Changes what a subscription reports and how. ${who} Audited.`,
      parameters: [idParam],
      requestBody: {
        required: true,
        content: json({ type: 'object', additionalProperties: false, properties: { events, delivery } }),
      },
      responses: { '200': subscriptionAnswer('The subscription'), ...errorResponses, ...notFound },
    },
    delete: {
      operationId: 'deleteSubscription',
      'x-maestro-own-writes': true,
      description: `Deletes a subscription and the notices it has not sent yet. ${who} Audited.`,
      parameters: [idParam],
      responses: { '204': { description: 'Deleted' }, ...errorResponses, ...notFound },
    },
  },
};
