import { randomUUID } from 'node:crypto';
import { ConflictError, NotFoundError } from '@backstage/errors';
import type {
  Subscription,
  SubscriptionDelivery,
  SubscriptionEvent,
  SubscriptionTarget,
} from '@maestro/plugin-maestro-common';
import type { Knex } from 'knex';
import { shownName } from '../input/forbiddenKeys';

export const SUBSCRIPTIONS_TABLE = 'maestro_subscriptions';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

type Row = {
  id: string;
  subscriber: string;
  target_type: string;
  target_key: string;
  target: string;
  owners: string | null;
  events: string;
  delivery: string;
  created_at: string;
  created_by: string;
  updated_at: string;
};

/** A subscription as the matcher reads it: the API form plus, for "everything I own", the owner refs it matches. */
export interface StoredSubscription extends Subscription {
  /** Lower-case owner refs (`group:default/platform`) an `owned` subscription matches. */
  owners: string[];
}

/** The target in one comparable form: one subscriber watches one target once. */
export function targetKey(target: SubscriptionTarget): string {
  switch (target.type) {
    case 'entity':
      return `entity:${target.entityRef.toLowerCase()}`;
    case 'kind':
      return `kind:${target.kind}:${target.datacenter?.toLowerCase() ?? '*'}:${target.environment ?? '*'}`;
    default:
      return 'owned';
  }
}

function toStored(row: Row): StoredSubscription {
  return {
    id: row.id,
    subscriber: row.subscriber,
    target: JSON.parse(row.target),
    events: JSON.parse(row.events),
    delivery: row.delivery as SubscriptionDelivery,
    createdAt: row.created_at,
    createdBy: row.created_by,
    updatedAt: row.updated_at,
    owners: row.owners ? JSON.parse(row.owners) : [],
  };
}

/** A subscription as the API answers it (without the owner refs it matches). */
export function toApiSubscription({ owners: _owners, ...subscription }: StoredSubscription): Subscription {
  return subscription;
}

/**
 * The subscriptions (`maestro_subscriptions`): one per subscriber and target (a second is a 409 naming the first),
 * read by the routes and by the matcher.
 */
export class SubscriptionStore {
  readonly #db: Knex;

  constructor(db: Knex) {
    this.#db = db;
  }

  /** Saves a subscription; 409 when the subscriber already watches this target. */
  async create(
    fields: {
      subscriber: string;
      target: SubscriptionTarget;
      events: SubscriptionEvent[];
      delivery: SubscriptionDelivery;
    },
    options: { actor: string; now: string; owners: string[] },
  ): Promise<StoredSubscription> {
    const key = targetKey(fields.target);
    const existing = await this.#db<Row>(SUBSCRIPTIONS_TABLE)
      .where({ subscriber: fields.subscriber, target_key: key })
      .first('id');
    if (existing) {
      throw new ConflictError(`target: ${fields.subscriber} already watches this (subscription ${existing.id})`);
    }
    const id = randomUUID();
    try {
      await this.#db(SUBSCRIPTIONS_TABLE).insert({
        id,
        subscriber: fields.subscriber,
        target_type: fields.target.type,
        target_key: key,
        target: JSON.stringify(fields.target),
        owners: fields.target.type === 'owned' ? JSON.stringify(options.owners) : null,
        events: JSON.stringify(fields.events),
        delivery: fields.delivery,
        created_at: options.now,
        created_by: options.actor,
        updated_at: options.now,
      });
    } catch (error) {
      // two requests at once: the unique key decides
      if (await this.#db(SUBSCRIPTIONS_TABLE).where({ subscriber: fields.subscriber, target_key: key }).first('id')) {
        throw new ConflictError(`target: ${fields.subscriber} already watches this`);
      }
      throw error;
    }
    return this.get(id);
  }

  /** A subscription; 404 naming the id otherwise. */
  async get(id: string): Promise<StoredSubscription> {
    const row = UUID.test(id) ? await this.#db<Row>(SUBSCRIPTIONS_TABLE).where({ id }).first() : undefined;
    if (!row) throw new NotFoundError(`id: no subscription ${shownName(id)}`);
    return toStored(row);
  }

  /** The subscriptions of these subscribers (refs as stored: lower-case kind and namespace), oldest first. */
  async ofSubscribers(subscribers: string[], options: { entityRef?: string } = {}): Promise<StoredSubscription[]> {
    if (subscribers.length === 0) return [];
    const query = this.#db<Row>(SUBSCRIPTIONS_TABLE).whereIn('subscriber', subscribers);
    if (options.entityRef) query.andWhere({ target_key: targetKey({ type: 'entity', entityRef: options.entityRef }) });
    return (await query.orderBy([{ column: 'created_at' }, { column: 'id' }])).map(toStored);
  }

  /** Every subscription watching at least one of `events` (the matcher's and the discovery notices' read). */
  async watching(...events: SubscriptionEvent[]): Promise<StoredSubscription[]> {
    const rows = await this.#db<Row>(SUBSCRIPTIONS_TABLE).where(q => {
      for (const event of events) q.orWhere('events', 'like', `%"${event}"%`);
    });
    return rows.map(toStored);
  }

  /** Changes a subscription's events and/or delivery. */
  async update(
    id: string,
    changes: { events?: SubscriptionEvent[]; delivery?: SubscriptionDelivery },
    options: { now: string },
  ): Promise<StoredSubscription> {
    const columns: Record<string, unknown> = { updated_at: options.now };
    if (changes.events) columns.events = JSON.stringify(changes.events);
    if (changes.delivery) columns.delivery = changes.delivery;
    const count = await this.#db(SUBSCRIPTIONS_TABLE).where({ id }).update(columns);
    if (count !== 1) throw new NotFoundError(`id: no subscription ${shownName(id)}`);
    return this.get(id);
  }

  /** Keeps the owner refs of a subscriber's "everything I own" subscriptions up to date (their groups change). */
  async refreshOwners(subscriber: string, owners: string[]): Promise<void> {
    await this.#db(SUBSCRIPTIONS_TABLE)
      .where({ subscriber, target_type: 'owned' })
      .update({ owners: JSON.stringify(owners) });
  }

  /** Deletes a subscription and what it still had to send. */
  async delete(id: string): Promise<void> {
    await this.#db.transaction(async tx => {
      const count = await tx(SUBSCRIPTIONS_TABLE).where({ id }).delete();
      if (count !== 1) throw new NotFoundError(`id: no subscription ${shownName(id)}`);
      await tx('maestro_subscription_notices').where({ subscription_id: id }).whereNot({ status: 'sent' }).delete();
    });
  }
}
