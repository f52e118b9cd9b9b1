import { randomUUID } from 'node:crypto';
import type { LoggerService } from '@backstage/backend-plugin-api';
import type { NotificationService } from '@backstage/plugin-notifications-node';
import type { Knex } from 'knex';
import { FeedFollower } from '../history/FeedFollower';
import type { JobRunner } from '../jobs';
import type { InventoryStore } from '../records/InventoryStore';
import { type ClaimedNotice, type NewNotice, SubscriptionNoticeStore } from './SubscriptionNoticeStore';
import { type DiscoveryFailure, noticesOfChanges, noticesOfDiscoveryFailure } from './subscriptionMatching';
import { SubscriptionStore } from './SubscriptionStore';
import { DEFAULT_SUBSCRIPTIONS_OPTIONS, lastDigestTime, type SubscriptionsOptions } from './subscriptionsOptions';

/** Attempts a notice gets before it fails for good. */
const MAX_ATTEMPTS = 5;
/** Notices sent at once per look. */
const SEND_BATCH = 50;
/** Items a digest lists (the rest are counted). */
const DIGEST_ITEMS = 20;
/** A notice claimed longer ago than this by a replica that never finished it is taken back. */
const STALE_AFTER_MS = 2 * 60_000;
/** Sent and failed notices are kept this long. */
const RETENTION_MS = 30 * 86_400_000;

const messageOf = (error: unknown) => ((error as Error)?.message ?? String(error)).slice(0, 500);

/** A group's notification leaves out the person who made the change (they are not told of their own edit). */
function recipientsOf(notices: ClaimedNotice[]) {
  const [{ subscriber, actor }] = notices;
  const exclude = subscriber.startsWith('group:') && actor?.startsWith('user:') ? actor : undefined;
  return { type: 'entity' as const, entityRef: subscriber, ...(exclude ? { excludeEntityRef: exclude } : {}) };
}

/**
 * Subscriptions as one part of the plugin: the store, the matcher that turns the change feed into notices (on every
 * replica, from the durable cursor `maestro_subscription_cursor`, exactly once), the sender of immediate notices
 * (every replica; a notice is claimed by one), the daily digest (a global job: one replica, once a day at
 * `digestTime`), and the notices of discovery failures (written by the discovery run that fails, itself a global
 * task). plugin.ts creates it, starts it and stops it on shutdown; the routes use its store.
 */
export class Subscriptions {
  readonly store: SubscriptionStore;
  readonly notices: SubscriptionNoticeStore;
  readonly #db: Knex;
  readonly #follower: FeedFollower<NewNotice>;
  readonly #notifications?: NotificationService;
  readonly #logger: LoggerService;
  readonly #now: () => number;
  readonly #options: SubscriptionsOptions;
  readonly #replica: string;
  #timer?: NodeJS.Timeout;
  #sending?: Promise<number>;
  #again = false;
  #stopped = true;

  constructor(options: {
    db: Knex;
    /** The inventory store whose change feed subscriptions read (its committed writes wake the matcher). */
    store: Pick<InventoryStore, 'changes' | 'feedHead' | 'onCommittedWrite'>;
    logger: LoggerService;
    notifications?: NotificationService;
    options?: Partial<SubscriptionsOptions>;
    now?: () => number;
    replica?: string;
  }) {
    this.#db = options.db;
    this.#notifications = options.notifications;
    this.#logger = options.logger;
    this.#now = options.now ?? Date.now;
    this.#options = { ...DEFAULT_SUBSCRIPTIONS_OPTIONS, ...options.options };
    this.#replica = options.replica ?? randomUUID();
    this.store = new SubscriptionStore(options.db);
    this.notices = new SubscriptionNoticeStore(options.db);
    this.#follower = new FeedFollower<NewNotice>({
      db: options.db,
      table: 'maestro_subscription_cursor',
      label: 'Subscriptions',
      feed: options.store,
      logger: options.logger,
      now: this.#now,
      pollIntervalMs: this.#options.pollIntervalMs,
      handler: {
        prepare: async changes => noticesOfChanges(changes, await this.store.watching('changes', 'deactivations')),
        write: (tx, notices) => this.notices.insert(tx, notices, this.#now()),
      },
      onWritten: () => this.wake(),
    });
  }

  /** The clock (ms since the epoch). */
  now(): number {
    return this.#now();
  }

  /** The change feed follower (tests run it to the head). */
  get matcher(): FeedFollower<NewNotice> {
    return this.#follower;
  }

  /** Starts matching and sending on this replica; the digest (and the outbox's retention) is a global job of `jobs`. */
  async start(jobs?: JobRunner): Promise<void> {
    this.#stopped = false;
    await this.#follower.start();
    if (jobs) {
      await jobs.schedule({
        id: 'maestro-subscription-digest',
        type: 'subscription-digest',
        frequency: { minutes: 1 },
        timeout: { minutes: 15 },
        due: async ({ now }) => this.digestDue(now),
        run: async ({ logger }) => {
          const sent = await this.sendDigests();
          if (sent) logger.info(`Subscriptions: sent ${sent} daily digests`);
        },
      });
    }
    this.#timer = setInterval(() => this.wake(), this.#options.pollIntervalMs);
    this.#timer.unref?.();
    this.wake();
  }

  /** Stops matching and sending, and waits for the work under way. */
  async stop(): Promise<void> {
    this.#stopped = true;
    if (this.#timer) clearInterval(this.#timer);
    this.#timer = undefined;
    await this.#follower.stop();
    await this.#sending?.catch(() => undefined);
  }

  /** Sends the due immediate notices in the background; errors are logged. */
  wake(): void {
    if (this.#stopped) return;
    this.sendImmediate().catch(error => this.#logger.warn(`Subscriptions: could not send: ${messageOf(error)}`));
  }

  /** Sends every pending immediate notice (a call while sending makes the run look again); answers how many. */
  sendImmediate(): Promise<number> {
    if (this.#sending) {
      this.#again = true;
      return this.#sending;
    }
    this.#sending = (async () => {
      let sent = 0;
      await this.notices.releaseStale(this.#now() - STALE_AFTER_MS);
      do {
        this.#again = false;
        for (;;) {
          const claimed = await this.notices.claim({
            replica: this.#replica,
            delivery: 'immediate',
            now: this.#now(),
            limit: SEND_BATCH,
          });
          for (const notice of claimed) if (await this.#send([notice], notice)) sent++;
          if (claimed.length < SEND_BATCH) break;
        }
      } while (this.#again && !this.#stopped);
      return sent;
    })().finally(() => {
      this.#sending = undefined;
    });
    return this.#sending;
  }

  /** Whether the daily digest is due: today's digest time has passed and it has not run since. */
  async digestDue(now: number): Promise<boolean> {
    const last = await this.notices.lastDigestAt();
    return last === undefined || last < lastDigestTime(now, this.#options.digestMinuteOfDay);
  }

  /**
   * Sends one digest notification to each subscriber with daily notices waiting, listing them; prunes the outbox.
   * Answers the digests sent.
   */
  async sendDigests(): Promise<number> {
    const now = this.#now();
    await this.notices.digestRan(now);
    let sent = 0;
    for (const subscriber of await this.notices.digestSubscribers()) {
      const claimed = await this.notices.claim({
        replica: this.#replica,
        delivery: 'daily',
        subscriber,
        now,
        limit: 1000,
      });
      if (claimed.length === 0) continue;
      const listed = claimed.slice(0, DIGEST_ITEMS).map(n => `• ${n.title}`);
      if (claimed.length > DIGEST_ITEMS) listed.push(`• and ${claimed.length - DIGEST_ITEMS} more`);
      const day = new Date(now).toISOString().slice(0, 10);
      const digest = {
        title: `Maestro daily digest: ${claimed.length} update${claimed.length === 1 ? '' : 's'}`,
        description: listed.join('\n'),
        link: '/maestro/settings',
        scope: `maestro-subscription:digest:${day}`,
      };
      if (await this.#send(claimed, digest)) sent++;
    }
    await this.notices.prune(now - RETENTION_MS);
    return sent;
  }

  /**
   * Writes the notices of a discovery list that started failing, for the subscriptions watching its datacenter,
   * its kinds or its owner, and sends the immediate ones. Called once per failure by the discovery run (a global
   * task): the unique key of a notice keeps a retry of the call from notifying twice.
   */
  async discoveryFailing(failure: Omit<DiscoveryFailure, 'kinds' | 'at'>): Promise<void> {
    const kinds = await this.#db('maestro_discovery_scope_index')
      .where({ connection_id: failure.connectionId, list: failure.list })
      .distinct('kind');
    const notices = noticesOfDiscoveryFailure(
      { ...failure, kinds: kinds.map(k => k.kind), at: new Date(this.#now()).toISOString() },
      await this.store.watching('discoveryFailures'),
    );
    await this.notices.insert(this.#db, notices, this.#now());
    if (notices.length) this.wake();
  }

  /** Sends one notification for claimed notices; marks them sent, or failed (pending again until the last attempt). */
  async #send(
    claimed: ClaimedNotice[],
    payload: Pick<NewNotice, 'title' | 'description' | 'link' | 'scope'>,
  ): Promise<boolean> {
    try {
      if (!this.#notifications) throw new Error('notifications are not available in this backend');
      await this.#notifications.send({
        recipients: recipientsOf(claimed),
        payload: { ...payload, severity: 'normal', topic: 'maestro-subscriptions' },
      });
      await this.notices.sent(claimed, this.#now());
      return true;
    } catch (error) {
      this.#logger.warn(`Subscriptions: could not notify ${claimed[0].subscriber}: ${messageOf(error)}`);
      await this.notices.failed(claimed, messageOf(error), MAX_ATTEMPTS);
      return false;
    }
  }
}
