import { randomUUID } from 'node:crypto';
import type { SubscriptionDelivery } from '@maestro/plugin-maestro-common';
import type { Knex } from 'knex';

export const NOTICES_TABLE = 'maestro_subscription_notices';
const DIGEST_TABLE = 'maestro_subscription_digest';
/** Rows per insert statement (17 columns each: far below both engines' bound-parameter limits). */
const INSERT_CHUNK = 200;

/** Something a subscriber is to be told (one subscription, one event). */
export interface NewNotice {
  subscriptionId: string;
  subscriber: string;
  delivery: SubscriptionDelivery;
  /** Unique per subscription: `change:<feed position>`, `discovery:<connection>:<list>:<at>`. */
  eventKey: string;
  /** Who made the change (a group's notification leaves them out). */
  actor?: string;
  title: string;
  description: string;
  link: string;
  scope: string;
}

/** A notice one replica holds while it sends it (`claim` fences the outcome). */
export interface ClaimedNotice extends NewNotice {
  id: string;
  claim: string;
  attempts: number;
}

type Row = {
  id: string;
  subscription_id: string;
  subscriber: string;
  delivery: string;
  event_key: string;
  actor: string | null;
  title: string;
  description: string;
  link: string;
  scope: string;
  attempts: number;
};

const iso = (ms: number) => new Date(ms).toISOString();

const toClaimed =
  (claim: string) =>
  (row: Row): ClaimedNotice => ({
    id: row.id,
    claim,
    subscriptionId: row.subscription_id,
    subscriber: row.subscriber,
    delivery: row.delivery as SubscriptionDelivery,
    eventKey: row.event_key,
    ...(row.actor ? { actor: row.actor } : {}),
    title: row.title,
    description: row.description,
    link: row.link,
    scope: row.scope,
    attempts: Number(row.attempts),
  });

/**
 * The subscriptions' outbox (`maestro_subscription_notices`), shared by every replica: notices are written once
 * (unique per subscription and event), claimed by one replica with one conditional update (`status = 'pending'` →
 * `sending` with a claim token: a second replica's update finds the row no longer pending), and finished only while
 * that claim holds. Immediate notices are sent as they come; daily ones wait for the digest.
 */
export class SubscriptionNoticeStore {
  readonly #db: Knex;

  constructor(db: Knex) {
    this.#db = db;
  }

  /** Writes notices (pending) in the caller's transaction; one already written for its event is left alone. */
  async insert(db: Knex | Knex.Transaction, notices: NewNotice[], now: number): Promise<void> {
    for (let i = 0; i < notices.length; i += INSERT_CHUNK) {
      await db(NOTICES_TABLE)
        .insert(
          notices.slice(i, i + INSERT_CHUNK).map(n => ({
            id: randomUUID(),
            subscription_id: n.subscriptionId,
            subscriber: n.subscriber,
            delivery: n.delivery,
            event_key: n.eventKey.slice(0, 255),
            actor: n.actor ?? null,
            title: n.title.slice(0, 512),
            description: n.description,
            link: n.link.slice(0, 1024),
            scope: n.scope.slice(0, 512),
            status: 'pending',
            attempts: 0,
            claimed_by: null,
            claimed_at: null,
            created_at: iso(now),
            sent_at: null,
            last_error: null,
          })),
        )
        .onConflict(['subscription_id', 'event_key'])
        .ignore();
    }
  }

  /**
   * Claims up to `limit` pending notices of one delivery (oldest first; for the digest, of one subscriber) for
   * `replica`, counting the attempt. A notice is claimed by one replica only.
   */
  async claim(options: {
    replica: string;
    delivery: SubscriptionDelivery;
    subscriber?: string;
    now: number;
    limit: number;
  }): Promise<ClaimedNotice[]> {
    const claim = `${options.replica}/${randomUUID()}`;
    const pending = this.#db(NOTICES_TABLE).where({ status: 'pending', delivery: options.delivery });
    if (options.subscriber) pending.andWhere({ subscriber: options.subscriber });
    const ids = (await pending.orderBy('created_at').limit(options.limit).select('id')).map(r => r.id);
    if (ids.length === 0) return [];
    await this.#db(NOTICES_TABLE)
      .whereIn('id', ids)
      .andWhere({ status: 'pending' })
      .update({
        status: 'sending',
        claimed_by: claim,
        claimed_at: iso(options.now),
        attempts: this.#db.raw('attempts + 1'),
      });
    const rows: Row[] = await this.#db(NOTICES_TABLE)
      .where({ claimed_by: claim, status: 'sending' })
      .orderBy('created_at');
    return rows.map(toClaimed(claim));
  }

  /** The subscribers with daily notices waiting. */
  async digestSubscribers(): Promise<string[]> {
    const rows = await this.#db(NOTICES_TABLE).where({ status: 'pending', delivery: 'daily' }).distinct('subscriber');
    return rows.map(r => r.subscriber);
  }

  /** Ends claimed notices as sent (only while the claim holds). */
  async sent(notices: ClaimedNotice[], now: number): Promise<void> {
    for (const notice of notices) {
      await this.#claimed(notice).update({ status: 'sent', sent_at: iso(now), claimed_by: null, last_error: null });
    }
  }

  /** Records a failed attempt: pending again, or failed for good after `maxAttempts`. */
  async failed(notices: ClaimedNotice[], error: string, maxAttempts: number): Promise<void> {
    for (const notice of notices) {
      await this.#claimed(notice).update({
        status: notice.attempts >= maxAttempts ? 'failed' : 'pending',
        claimed_by: null,
        last_error: error.slice(0, 2000),
      });
    }
  }

  /** Takes back notices claimed before `before` by a replica that never finished them (it stopped). */
  async releaseStale(before: number): Promise<number> {
    return this.#db(NOTICES_TABLE)
      .where({ status: 'sending' })
      .andWhere('claimed_at', '<', iso(before))
      .update({ status: 'pending', claimed_by: null });
  }

  /** Deletes notices sent or failed before `before`. */
  async prune(before: number): Promise<number> {
    return this.#db(NOTICES_TABLE)
      .whereIn('status', ['sent', 'failed'])
      .andWhere('created_at', '<', iso(before))
      .delete();
  }

  /** When the last daily digest ran (undefined: never). */
  async lastDigestAt(): Promise<number | undefined> {
    const row = await this.#db(DIGEST_TABLE).where({ id: 1 }).first('last_run_at');
    return row ? Date.parse(row.last_run_at) : undefined;
  }

  /** Records that the daily digest ran at `now`. */
  async digestRan(now: number): Promise<void> {
    await this.#db(DIGEST_TABLE)
      .insert({ id: 1, last_run_at: iso(now) })
      .onConflict('id')
      .merge();
  }

  #claimed(notice: ClaimedNotice) {
    return this.#db(NOTICES_TABLE).where({ id: notice.id, claimed_by: notice.claim, status: 'sending' });
  }
}
