import { createApiRef } from '@backstage/core-plugin-api';
import type {
  Subscription,
  SubscriptionDelivery,
  SubscriptionEvent,
  SubscriptionInput,
  SubscriptionListResponse,
} from '@maestro/plugin-maestro-common';
import { maestroRequest, type MaestroFetchApis } from './maestroFetch';

/** The subscription routes of the Maestro backend (`/subscriptions…`). @public */
export interface SubscriptionsApi {
  /** The caller's subscriptions and their groups', or those watching one record (`GET /subscriptions`). */
  listSubscriptions(query?: { entityRef?: string }): Promise<SubscriptionListResponse>;
  /** Watches a record, a kind or everything the subscriber owns (`POST /subscriptions`); 409 when already. */
  createSubscription(input: SubscriptionInput): Promise<Subscription>;
  /** Changes what a subscription reports and how (`PATCH /subscriptions/{id}`). */
  updateSubscription(
    id: string,
    changes: { events?: SubscriptionEvent[]; delivery?: SubscriptionDelivery },
  ): Promise<Subscription>;
  /** Stops watching (`DELETE /subscriptions/{id}`). */
  deleteSubscription(id: string): Promise<void>;
}

/** The subscriptions API. @public */
export const subscriptionsApiRef = createApiRef<SubscriptionsApi>({ id: 'plugin.maestro.subscriptions' });

/**
 * Default {@link SubscriptionsApi} implementation: calls /api/maestro/subscriptions through the app's fetchApi
 * (which adds the user's Backstage token).
 * @public
 */
export class SubscriptionsClient implements SubscriptionsApi {
  readonly #apis: MaestroFetchApis;

  constructor(apis: MaestroFetchApis) {
    this.#apis = apis;
  }

  listSubscriptions(query: { entityRef?: string } = {}): Promise<SubscriptionListResponse> {
    const search = query.entityRef ? `?entityRef=${encodeURIComponent(query.entityRef)}` : '';
    return maestroRequest(this.#apis, 'GET', `/subscriptions${search}`);
  }

  createSubscription(input: SubscriptionInput): Promise<Subscription> {
    return maestroRequest(this.#apis, 'POST', '/subscriptions', input);
  }

  updateSubscription(
    id: string,
    changes: { events?: SubscriptionEvent[]; delivery?: SubscriptionDelivery },
  ): Promise<Subscription> {
    return maestroRequest(this.#apis, 'PATCH', `/subscriptions/${encodeURIComponent(id)}`, changes);
  }

  async deleteSubscription(id: string): Promise<void> {
    await maestroRequest(this.#apis, 'DELETE', `/subscriptions/${encodeURIComponent(id)}`);
  }
}
