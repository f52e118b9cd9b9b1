import type { AuditorService, LoggerService } from '@backstage/backend-plugin-api';
import type { NotificationService } from '@backstage/plugin-notifications-node';
import type { EventRule, RuleAction } from '@maestro/plugin-maestro-common';
import type { Knex } from 'knex';
import type { JobRunner } from '../jobs';
import type { InventoryStore } from '../records/InventoryStore';
import type { JobStarter, RuleWebhooks } from './ports';
import { RuleActionRunner } from './ruleActions';
import { RuleDeliveries } from './RuleDeliveries';
import { RuleDeliveryStore } from './RuleDeliveryStore';
import { RuleMatcher } from './RuleMatcher';
import { RuleStore, type StoredRule } from './RuleStore';
import { DEFAULT_RULES_OPTIONS, type RulesOptions } from './rulesOptions';

/**
 * The event rules feature as one part of the plugin: the rule and delivery stores, the matcher that turns the
 * change feed into deliveries and the worker that delivers them (both on every replica), and the webhook and job
 * parts they use. plugin.ts creates it, starts it and stops it on shutdown; the routes use it.
 */
export class EventRules {
  readonly rules: RuleStore;
  readonly deliveries: RuleDeliveryStore;
  readonly matcher: RuleMatcher;
  readonly worker: RuleDeliveries;
  readonly webhooks?: RuleWebhooks;
  readonly jobs?: JobStarter;
  readonly #feed: Pick<InventoryStore, 'feedHead'>;
  readonly #now: () => number;

  constructor(options: {
    db: Knex;
    /** The inventory store whose change feed the rules read (its committed writes wake the matcher). */
    store: Pick<InventoryStore, 'changes' | 'feedHead' | 'onCommittedWrite'>;
    logger: LoggerService;
    auditor?: AuditorService;
    notifications?: NotificationService;
    webhooks?: RuleWebhooks;
    jobs?: JobStarter;
    options?: Partial<RulesOptions>;
    now?: () => number;
    replica?: string;
  }) {
    const settings = { ...DEFAULT_RULES_OPTIONS, ...options.options };
    this.#now = options.now ?? Date.now;
    this.#feed = options.store;
    this.webhooks = options.webhooks;
    this.jobs = options.jobs;
    this.rules = new RuleStore(options.db);
    this.deliveries = new RuleDeliveryStore(options.db);
    this.worker = new RuleDeliveries({
      deliveries: this.deliveries,
      rules: this.rules,
      actions: new RuleActionRunner(options),
      logger: options.logger,
      auditor: options.auditor,
      now: this.#now,
      options: settings,
      replica: options.replica,
    });
    this.matcher = new RuleMatcher({
      db: options.db,
      feed: options.store,
      rules: this.rules,
      deliveries: this.deliveries,
      logger: options.logger,
      now: this.#now,
      pollIntervalMs: settings.pollIntervalMs,
      onDeliveries: () => this.worker.wake(),
    });
  }

  /** The clock (ms since the epoch). */
  now(): number {
    return this.#now();
  }

  /** The change feed head: where a rule created now starts. */
  feedHead(): Promise<number> {
    return this.#feed.feedHead();
  }

  /** Starts matching and delivering on this replica; the retention is a global job of `jobs`. */
  async start(jobs?: JobRunner): Promise<void> {
    await this.matcher.start();
    await this.worker.start(jobs);
  }

  /** Stops matching, then delivering (calls under way are aborted and due again at once). */
  async stop(): Promise<void> {
    await this.matcher.stop();
    await this.worker.stop();
  }

  /** A rule as the API answers it: webhook secrets never, only whether they are set. */
  toApi(rule: StoredRule, counts?: { pending: number; failed: number }): EventRule {
    const actions: RuleAction[] = rule.actions.map(action => {
      if (action.type !== 'webhook') return action;
      const webhook = this.webhooks
        ? this.webhooks.redact(action.webhook)
        : { method: action.webhook.method, url: action.webhook.url };
      return { type: 'webhook', webhook };
    });
    return {
      id: rule.id,
      name: rule.name,
      ...(rule.description ? { description: rule.description } : {}),
      enabled: rule.enabled,
      owner: rule.owner,
      events: rule.events,
      actor: rule.actor,
      conditions: rule.conditions,
      actions,
      ...(counts ? { pendingDeliveries: counts.pending, failedDeliveries: counts.failed } : {}),
      createdAt: rule.createdAt,
      createdBy: rule.createdBy,
      updatedAt: rule.updatedAt,
      updatedBy: rule.updatedBy,
    };
  }
}
