import type { LoggerService } from '@backstage/backend-plugin-api';
import type { ChangeEntry } from '@maestro/plugin-maestro-common';
import type { Knex } from 'knex';
import { FeedFollower } from '../history/FeedFollower';
import type { InventoryStore } from '../records/InventoryStore';
import type { NewDelivery, RuleDeliveryStore } from './RuleDeliveryStore';
import { compileRule, MatchedChange, type CompiledRule } from './ruleMatching';
import type { RuleStore } from './RuleStore';

/** A compiled rule is compiled again after this long, so relative filters (`last 7d`) follow the clock. */
const RECOMPILE_AFTER_MS = 60_000;

const messageOf = (error: unknown) => ((error as Error)?.message ?? String(error)).slice(0, 500);

/**
 * Matches the change feed against the enabled event rules and writes their deliveries, on every replica.
 *
 * The feed is followed from a durable cursor (`maestro_rule_cursor`) by a {@link FeedFollower}: a batch's deliveries
 * and the new cursor are written in one transaction that gives up when another replica matched the batch first, so
 * a change is never lost across a restart and never matched twice (the cursor, plus the unique key of a delivery).
 * Rules are compiled once and kept until they change (their `updatedAt`).
 */
export class RuleMatcher {
  readonly #rules: RuleStore;
  readonly #deliveries: RuleDeliveryStore;
  readonly #logger: LoggerService;
  readonly #now: () => number;
  readonly #follower: FeedFollower<NewDelivery>;
  readonly #compiled = new Map<string, { updatedAt: string; at: number; rule?: CompiledRule }>();

  constructor(options: {
    db: Knex;
    feed: Pick<InventoryStore, 'changes' | 'feedHead' | 'onCommittedWrite'>;
    rules: RuleStore;
    deliveries: RuleDeliveryStore;
    logger: LoggerService;
    now?: () => number;
    /** How often to look for changes of other replicas. Default 1 s. */
    pollIntervalMs?: number;
    /** How long after a local write to look (writes close together are matched together). Default 20 ms. */
    debounceMs?: number;
    batchSize?: number;
    /** Called after deliveries were written (the local worker starts on them at once). */
    onDeliveries?: () => void;
  }) {
    this.#rules = options.rules;
    this.#deliveries = options.deliveries;
    this.#logger = options.logger;
    this.#now = options.now ?? Date.now;
    this.#follower = new FeedFollower<NewDelivery>({
      ...options,
      table: 'maestro_rule_cursor',
      label: 'Event rules',
      handler: {
        prepare: changes => this.#match(changes),
        write: (tx, deliveries) => this.#deliveries.insert(tx, deliveries, this.#now()),
      },
      onWritten: options.onDeliveries,
    });
  }

  /** Creates the cursor at the feed head when there is none, then matches on local writes and on a timer. */
  start(): Promise<void> {
    return this.#follower.start();
  }

  /** Stops the timer and the write subscription, and waits for a batch under way. */
  stop(): Promise<void> {
    return this.#follower.stop();
  }

  /** Creates the cursor at the current feed head unless it exists (the first start never replays history). */
  ensureCursor(): Promise<number> {
    return this.#follower.ensureCursor();
  }

  /** The feed position matched up to (undefined before the first start). */
  cursor(): Promise<number | undefined> {
    return this.#follower.cursor();
  }

  /** Matches in the background now; errors are logged (once until it works again). */
  wake(): void {
    this.#follower.wake();
  }

  /** Matches every change after the cursor until it has caught up; answers the deliveries written. */
  run(): Promise<number> {
    return this.#follower.run();
  }

  async #match(changes: ChangeEntry[]): Promise<NewDelivery[]> {
    const rules = await this.#compiledRules();
    const deliveries: NewDelivery[] = [];
    for (const change of changes) {
      const matched = new MatchedChange(change);
      if (!matched.record) continue;
      let context: ReturnType<MatchedChange['context']> | undefined;
      let changeOf: NewDelivery['change'] | undefined;
      for (const rule of rules) {
        if (change.position! <= rule.sincePosition || !rule.matches(matched)) continue;
        context ??= matched.context();
        changeOf ??= {
          position: change.position!,
          recordId: change.recordId,
          kind: change.kind,
          name: change.name,
          event: matched.event,
          actor: change.actor,
          at: change.at,
        };
        for (const [actionIndex, action] of rule.actions.entries()) {
          deliveries.push({ ruleId: rule.id, actionIndex, actionType: action.type, change: changeOf, context });
        }
      }
    }
    return deliveries;
  }

  /** The enabled rules, compiled; a rule whose conditions no longer compile is left out (logged once). */
  async #compiledRules(): Promise<CompiledRule[]> {
    const now = this.#now();
    const enabled = await this.#rules.enabled();
    const ids = new Set(enabled.map(rule => rule.id));
    for (const id of this.#compiled.keys()) if (!ids.has(id)) this.#compiled.delete(id);
    const compiled: CompiledRule[] = [];
    for (const rule of enabled) {
      let entry = this.#compiled.get(rule.id);
      if (!entry || entry.updatedAt !== rule.updatedAt || now - entry.at > RECOMPILE_AFTER_MS) {
        const failedBefore = entry && entry.updatedAt === rule.updatedAt && !entry.rule;
        try {
          entry = { updatedAt: rule.updatedAt, at: now, rule: compileRule(rule, now) };
        } catch (error) {
          if (!failedBefore) {
            this.#logger.warn(`Event rule ${rule.id} is skipped: its conditions do not compile: ${messageOf(error)}`);
          }
          entry = { updatedAt: rule.updatedAt, at: now };
        }
        this.#compiled.set(rule.id, entry);
      }
      if (entry.rule) compiled.push(entry.rule);
    }
    return compiled;
  }
}
