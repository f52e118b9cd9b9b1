import { LONG_TEXT_SCHEMA, TEXT_SCHEMA } from './fields';
import { JsonSchema, TAGS_SCHEMA } from './schema';

/** Ways to reach a client. @public */
export const CONTACT_CHANNELS = [
  'email',
  'slack',
  'teams',
  'phone',
  'pagerduty',
  'opsgenie',
  'webhook',
  'other',
] as const;

/**
 * Spec of a Client record: a customer (internal or external) that systems serve, with contacts and an SLA.
 * @public
 */
export interface ClientSpec {
  contacts?: Array<{ name?: string; channel: (typeof CONTACT_CHANNELS)[number]; value: string }>;
  sla?: { availability?: string; responseTime?: string; supportHours?: string; notes?: string };
  description?: string;
  tags?: Record<string, string>;
}

/** @public */
export const clientSpecSchema: JsonSchema = {
  type: 'object',
  additionalProperties: false,
  properties: {
    contacts: {
      type: 'array',
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['channel', 'value'],
        properties: {
          name: TEXT_SCHEMA,
          channel: { type: 'string', enum: [...CONTACT_CHANNELS] },
          value: { type: 'string', minLength: 1, maxLength: 255 },
        },
      },
    },
    sla: {
      type: 'object',
      additionalProperties: false,
      properties: {
        availability: { type: 'string', maxLength: 32, description: 'e.g. 99.9%' },
        responseTime: { type: 'string', maxLength: 64 },
        supportHours: { type: 'string', maxLength: 64 },
        notes: LONG_TEXT_SCHEMA,
      },
    },
    description: LONG_TEXT_SCHEMA,
    tags: TAGS_SCHEMA,
  },
};
