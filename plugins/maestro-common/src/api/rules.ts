/**
 * Event rules on the wire: "when a record changes in a way that matches, call a webhook, notify someone or start a
 * job", with the log of their deliveries. Shared by the backend's rules feature (`/api/maestro/rules…`) and the
 * Jobs page.
 */
import type { ReportFilter } from './reportFilters';
import type { WebhookExchange, WebhookTarget } from './webhooks';

/** What happened to a record (create, update, delete, restore in the change feed). @public */
export const RULE_EVENTS = ['created', 'changed', 'deactivated', 'reactivated'] as const;
/** @public */
export type RuleEvent = (typeof RULE_EVENTS)[number];

/** Who made the change: a person (a user), discovery (`maestro:discovery/…`), or anyone (services included). @public */
export type RuleActor = 'any' | 'person' | 'discovery';

/**
 * What a change must match; every given condition must hold (lists: any of their values). Conditions on the record
 * read it after the change (before it, for a deactivation the record is read as deactivated).
 * @public
 */
export interface RuleConditions {
  kinds?: string[];
  /** Owner entity refs (`group:default/platform`). */
  owners?: string[];
  /** Datacenter entity refs (`spec.datacenter`, e.g. `datacenter:default/aws-prod`). */
  datacenters?: string[];
  /** Only changes of one of these fields (`title`, `owner`, `spec.environment`, `spec.tags`…). */
  changedFields?: string[];
  /** Filters in the reports' language, over the kind's fields: needs exactly one kind in `kinds`. */
  filters?: ReportFilter[];
}

/** Who a notification goes to: the record's owner, or a given user or group. @public */
export type RuleNotifyTarget = { type: 'owner' } | { type: 'entity'; entityRef: string };

/**
 * What a rule does on a match. A webhook's body template sees `rule`, `event` and `delivery` (docs/jobs.md).
 * @public
 */
export type RuleAction =
  | { type: 'webhook'; webhook: WebhookTarget }
  | { type: 'notify'; to: RuleNotifyTarget; severity?: 'low' | 'normal' | 'high' | 'critical' }
  | { type: 'job'; jobId: string };

/** An event rule as the API answers it. @public */
export interface EventRule {
  id: string;
  name: string;
  description?: string;
  enabled: boolean;
  owner: string;
  events: RuleEvent[];
  actor: RuleActor;
  conditions: RuleConditions;
  actions: RuleAction[];
  /** Deliveries waiting or failed for good, for the list. */
  pendingDeliveries?: number;
  failedDeliveries?: number;
  createdAt?: string;
  createdBy?: string;
  updatedAt?: string;
  updatedBy?: string;
}

/** The body of `POST /rules` and `PUT /rules/{id}` (webhook secrets write-only). @public */
export interface EventRuleInput {
  name: string;
  description?: string;
  enabled?: boolean;
  owner?: string;
  events: RuleEvent[];
  actor?: RuleActor;
  conditions?: RuleConditions;
  actions: RuleAction[];
}

/** @public */
export type RuleDeliveryStatus = 'pending' | 'delivering' | 'delivered' | 'failed';

/**
 * One delivery: one action of one rule for one change. Its id is the idempotency key sent as
 * `X-Maestro-Delivery` (the same on every attempt and on a redelivery).
 * @public
 */
export interface RuleDelivery {
  id: string;
  ruleId: string;
  actionIndex: number;
  actionType: RuleAction['type'];
  status: RuleDeliveryStatus;
  /** The change: its feed position, record, action and actor. */
  change: {
    position: number;
    recordId: string;
    kind: string;
    name: string;
    event: RuleEvent;
    actor: string;
    at: string;
  };
  attempts: number;
  nextAttemptAt?: string;
  createdAt: string;
  deliveredAt?: string;
  lastError?: string;
  /** The last webhook call. */
  webhook?: WebhookExchange;
}

/** @public */
export interface EventRuleListResponse {
  rules: EventRule[];
}

/** @public */
export interface RuleDeliveryListResponse {
  deliveries: RuleDelivery[];
  nextBefore?: string;
}
