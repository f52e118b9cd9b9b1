import { hostname } from 'node:os';
import { randomUUID } from 'node:crypto';
import type { AuditorService, LoggerService } from '@backstage/backend-plugin-api';
import type { JobRunner } from '../jobs';
import type { ActionOutcome, RuleActionRunner } from './ruleActions';
import type { ClaimedDelivery, RuleDeliveryStore } from './RuleDeliveryStore';
import type { RuleStore, StoredRule } from './RuleStore';
import { DEFAULT_RULES_OPTIONS, type RulesOptions } from './rulesOptions';

/** The job type of the retention of delivered deliveries. */
export const RULE_DELIVERY_RETENTION_JOB_TYPE = 'rule-delivery-retention';

const messageOf = (error: unknown) => ((error as Error)?.message ?? String(error)).slice(0, 2000);

/**
 * Runs the deliveries of event rules, on every replica. Due deliveries (`pending`, `next_attempt_at` passed, of an
 * enabled rule) are claimed with one atomic update — each by one replica — up to `concurrency` at once per
 * replica; a replica looks when the local matcher wrote deliveries, when one of its deliveries ends while more may
 * be due, and every `pollIntervalMs`. A failed attempt is retried after the next of `retryDelaysMs` (30 s, 2 min,
 * 5 min, 15 min, 40 min by default), then the delivery fails for good; a delivery claimed longer than `staleAfterMs`
 * ago (its replica died) is taken back (pending at once, or failed if that was its last attempt). Each attempt is
 * an auditor event (`rule-delivery`, low severity). A global job deletes deliveries older than the
 * retention.
 */
export class RuleDeliveries {
  readonly #deliveries: RuleDeliveryStore;
  readonly #rules: RuleStore;
  readonly #actions: RuleActionRunner;
  readonly #logger: LoggerService;
  readonly #auditor?: AuditorService;
  readonly #now: () => number;
  readonly #options: RulesOptions;
  readonly #replica: string;
  readonly #active = new Map<string, Promise<void>>();
  #shutdown = new AbortController();
  #pumping?: Promise<void>;
  #pumpAgain = false;
  #timer?: NodeJS.Timeout;
  #failing = false;

  constructor(options: {
    deliveries: RuleDeliveryStore;
    rules: RuleStore;
    actions: RuleActionRunner;
    logger: LoggerService;
    auditor?: AuditorService;
    now?: () => number;
    options?: Partial<RulesOptions>;
    /** This replica's name in `claimed_by` (default: host name, process id and a random suffix). */
    replica?: string;
  }) {
    this.#deliveries = options.deliveries;
    this.#rules = options.rules;
    this.#actions = options.actions;
    this.#logger = options.logger;
    this.#auditor = options.auditor;
    this.#now = options.now ?? Date.now;
    this.#options = { ...DEFAULT_RULES_OPTIONS, ...options.options };
    this.#replica = options.replica ?? `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;
  }

  /** Attempts a delivery gets before it fails for good. */
  get maxAttempts(): number {
    return this.#options.retryDelaysMs.length + 1;
  }

  /** Starts the poll; registers the retention as a global job of `jobs` when given. */
  async start(jobs?: JobRunner): Promise<void> {
    this.#shutdown = new AbortController();
    if (jobs) {
      await jobs.schedule({
        id: 'maestro-rule-delivery-retention',
        type: RULE_DELIVERY_RETENTION_JOB_TYPE,
        frequency: { hours: 1 },
        timeout: { minutes: 15 },
        initialDelay: { minutes: 2 },
        run: async ({ logger }) => {
          const deleted = await this.prune();
          if (deleted) logger.info(`Event rules: deleted ${deleted} deliveries older than the retention`);
        },
      });
    }
    this.#timer = setInterval(() => void this.tick(), this.#options.pollIntervalMs);
    this.#timer.unref?.();
    void this.tick();
  }

  /** Stops the poll, aborts the calls under way (their deliveries are due again at once) and waits for them. */
  async stop(): Promise<void> {
    if (this.#timer) clearInterval(this.#timer);
    this.#timer = undefined;
    this.#shutdown.abort();
    await this.#pumping?.catch(() => undefined);
    await this.idle();
  }

  /** Resolves once no delivery runs in this process. */
  async idle(): Promise<void> {
    while (this.#active.size) await Promise.allSettled([...this.#active.values()]);
  }

  /**
   * One poll: takes back stale deliveries, then claims due ones (and starts them, without waiting for them). Never
   * throws: an error is logged (once until it works again).
   */
  async tick(): Promise<void> {
    try {
      const now = this.#now();
      const released = await this.#deliveries.releaseStale({
        before: now - this.#options.staleAfterMs,
        now,
        maxAttempts: this.maxAttempts,
      });
      if (released) this.#logger.warn(`Event rules: took back ${released} deliveries whose replica stopped`);
      await this.pump();
      this.#failing = false;
    } catch (error) {
      if (!this.#failing) this.#logger.warn(`Event rules: could not run deliveries: ${messageOf(error)}`);
      this.#failing = true;
    }
  }

  /** Claims due deliveries now (the matcher calls it after writing some). */
  wake(): void {
    if (this.#shutdown.signal.aborted) return;
    this.pump().catch(error => this.#logger.warn(`Event rules: could not claim deliveries: ${messageOf(error)}`));
  }

  /**
   * Runs every delivery due now, here, and waits until none is left or running (tests, and the benchmark):
   * claims, runs, and claims again until a claim finds nothing.
   */
  async drain(): Promise<void> {
    for (;;) {
      await this.pump();
      if (this.#active.size === 0) {
        await this.pump();
        if (this.#active.size === 0) return;
      }
      await Promise.race(this.#active.values());
    }
  }

  /** The retention: deletes deliveries older than `deliveryRetention`. */
  prune(): Promise<number> {
    return this.#deliveries.prune(this.#now() - this.#options.retentionMs);
  }

  /** Claims due deliveries while this replica has room, and starts them (without waiting for them). */
  pump(): Promise<void> {
    if (this.#pumping) {
      this.#pumpAgain = true;
      return this.#pumping;
    }
    this.#pumping = (async () => {
      do {
        this.#pumpAgain = false;
        for (;;) {
          const room = this.#options.concurrency - this.#active.size;
          if (room <= 0 || this.#shutdown.signal.aborted) break;
          const claimed = await this.#deliveries.claimDue({ replica: this.#replica, now: this.#now(), limit: room });
          if (claimed.length === 0) break;
          // one read of the rules for the whole claim (as they are now: a fixed URL applies to the retries)
          const rules = await this.#rules.findMany([...new Set(claimed.map(d => d.ruleId))]);
          for (const delivery of claimed) this.#launch(delivery, rules.get(delivery.ruleId));
          if (claimed.length < room) break;
        }
      } while (this.#pumpAgain);
    })().finally(() => {
      this.#pumping = undefined;
    });
    return this.#pumping;
  }

  #launch(delivery: ClaimedDelivery, rule: StoredRule | undefined) {
    const run = this.#deliver(delivery, rule)
      .catch(error =>
        this.#logger.warn(`Event rules: delivery ${delivery.id} could not be recorded: ${messageOf(error)}`),
      )
      .finally(() => {
        this.#active.delete(delivery.id);
        // half the slots are free: claim more (a full claim may have left some behind) — in batches, not one by one
        if (!this.#shutdown.signal.aborted && this.#active.size <= this.#options.concurrency / 2) this.wake();
      });
    this.#active.set(delivery.id, run);
  }

  async #deliver(delivery: ClaimedDelivery, rule: StoredRule | undefined): Promise<void> {
    if (!rule) {
      await this.#deliveries.discard(delivery);
      return;
    }
    const event = await this.#auditor?.createEvent({
      eventId: 'rule-delivery',
      severityLevel: 'low',
      meta: {
        ruleId: rule.id,
        deliveryId: delivery.id,
        attempt: delivery.attempt,
        actionType: delivery.actionType,
        event: delivery.change.event,
        recordId: delivery.change.recordId,
      },
    });
    const outcome: ActionOutcome = await this.#actions.run(rule, delivery, this.#shutdown.signal);
    const now = this.#now();
    if (outcome.ok) {
      await this.#deliveries.succeed(delivery, { now, webhook: outcome.webhook });
      await event?.success({ meta: { status: 'delivered' } });
      return;
    }
    let retryAt: number | undefined;
    if (this.#shutdown.signal.aborted) retryAt = now;
    else if (!outcome.final && delivery.attempt < this.maxAttempts) {
      retryAt = now + this.#options.retryDelaysMs[delivery.attempt - 1];
    }
    await this.#deliveries.fail(delivery, { now, error: outcome.error, retryAt, webhook: outcome.webhook });
    await event?.fail({
      error: new Error(outcome.error),
      meta: { status: retryAt === undefined ? 'failed' : 'pending' },
    });
  }
}
