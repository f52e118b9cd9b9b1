/**
 * What a subscription watches: one record (by its catalog entity ref, `server:default/web-01`), a kind (optionally
 * in one datacenter and/or environment), or everything the subscriber owns (a user: owned by the user or one of
 * their groups; a group: owned by the group).
 * @public
 */
export type SubscriptionTarget =
  | { type: 'entity'; entityRef: string }
  | { type: 'kind'; kind: string; datacenter?: string; environment?: string }
  | { type: 'owned' };

/**
 * What reaches the subscriber: `changes` (a record created, changed or reactivated), `deactivations`, and
 * `discoveryFailures` (a crawl of a connection starts failing).
 * @public
 */
export type SubscriptionEvent = 'changes' | 'deactivations' | 'discoveryFailures';

/** Every subscription event, in order (the default of a new subscription). @public */
export const SUBSCRIPTION_EVENTS: readonly SubscriptionEvent[] = ['changes', 'deactivations', 'discoveryFailures'];

/** A notification per event at once, or one digest notification a day. @public */
export type SubscriptionDelivery = 'immediate' | 'daily';

/** The deliveries of a subscription. @public */
export const SUBSCRIPTION_DELIVERIES: readonly SubscriptionDelivery[] = ['immediate', 'daily'];

/** A subscription as the API answers it. @public */
export interface Subscription {
  id: string;
  /** The user or group notified: `user:default/jane`, `group:default/platform`. */
  subscriber: string;
  target: SubscriptionTarget;
  events: SubscriptionEvent[];
  delivery: SubscriptionDelivery;
  createdAt: string;
  createdBy: string;
  updatedAt: string;
}

/**
 * The body of `POST /subscriptions` (`subscriber` defaults to the caller; `events` to all; `delivery` to
 * `immediate`) and of `PATCH /subscriptions/{id}` (`events` and/or `delivery` only).
 * @public
 */
export interface SubscriptionInput {
  subscriber?: string;
  target: SubscriptionTarget;
  events?: SubscriptionEvent[];
  delivery?: SubscriptionDelivery;
}

/** `GET /subscriptions`: the caller's subscriptions and those of their groups. @public */
export interface SubscriptionListResponse {
  subscriptions: Subscription[];
}
