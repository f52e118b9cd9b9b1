import type { LoggerService } from '@backstage/backend-plugin-api';
import type { Knex } from 'knex';
import type { InventoryStore } from '../records/InventoryStore';
import type { NewDelivery, RuleDeliveryStore } from './RuleDeliveryStore';
import { compileRule, MatchedChange, type CompiledRule } from './ruleMatching';
import type { RuleStore } from './RuleStore';

const CURSOR_TABLE = 'maestro_rule_cursor';
/** Changes read (and matched, and written with their deliveries in one transaction) at a time. */
const BATCH = 500;
/** A compiled rule is compiled again after this long, so relative filters (`last 7d`) follow the clock. */
const RECOMPILE_AFTER_MS = 60_000;

/** How one batch went. */
type BatchOutcome = { changes: number; deliveries: number; moved?: boolean };

const messageOf = (error: unknown) => ((error as Error)?.message ?? String(error)).slice(0, 500);

/**
 * Matches the change feed against the enabled event rules and writes their deliveries, on every replica.
 *
 * The feed is read from a durable cursor (`maestro_rule_cursor`, one row): a batch of changes after it is matched,
 * then its deliveries and the new cursor are written in ONE transaction that first re-reads the cursor (`FOR UPDATE`
 * on PostgreSQL) and gives up if it moved — another replica matched that batch first. So a change is never lost
 * across a restart (the cursor only moves with the deliveries it stands for) and never matched twice (the cursor,
 * plus the unique key of a delivery). On first start the cursor is the feed head: old history is not replayed.
 * Changes deleted by history retention before they were matched leave gaps in the positions: they are skipped
 * with a warning.
 *
 * It wakes at once (debounced) after each write this process commits, and every `pollIntervalMs` for the writes
 * of other replicas. Rules are compiled once and kept until they change (their `updatedAt`).
 */
export class RuleMatcher {
  readonly #db: Knex;
  readonly #feed: Pick<InventoryStore, 'changes' | 'feedHead' | 'onCommittedWrite'>;
  readonly #rules: RuleStore;
  readonly #deliveries: RuleDeliveryStore;
  readonly #logger: LoggerService;
  readonly #now: () => number;
  readonly #pollIntervalMs: number;
  readonly #debounceMs: number;
  readonly #batchSize: number;
  readonly #onDeliveries?: () => void;
  readonly #isPostgres: boolean;
  readonly #compiled = new Map<string, { updatedAt: string; at: number; rule?: CompiledRule }>();
  #running?: Promise<number>;
  #again = false;
  #timer?: NodeJS.Timeout;
  #debounce?: NodeJS.Timeout;
  #unsubscribe?: () => void;
  #failing = false;
  #stopped = false;

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
    this.#db = options.db;
    this.#feed = options.feed;
    this.#rules = options.rules;
    this.#deliveries = options.deliveries;
    this.#logger = options.logger;
    this.#now = options.now ?? Date.now;
    this.#pollIntervalMs = options.pollIntervalMs ?? 1000;
    this.#debounceMs = options.debounceMs ?? 20;
    this.#batchSize = options.batchSize ?? BATCH;
    this.#onDeliveries = options.onDeliveries;
    this.#isPostgres = options.db.client.config.client === 'pg';
  }

  /** Creates the cursor at the feed head when there is none, then matches on local writes and on a timer. */
  async start(): Promise<void> {
    this.#stopped = false;
    await this.ensureCursor();
    this.#unsubscribe = this.#feed.onCommittedWrite(() => this.#wakeSoon());
    this.#timer = setInterval(() => this.wake(), this.#pollIntervalMs);
    this.#timer.unref?.();
    this.wake();
  }

  /** Stops the timer and the write subscription, and waits for a batch under way. */
  async stop(): Promise<void> {
    this.#stopped = true;
    this.#unsubscribe?.();
    this.#unsubscribe = undefined;
    if (this.#timer) clearInterval(this.#timer);
    if (this.#debounce) clearTimeout(this.#debounce);
    this.#timer = undefined;
    this.#debounce = undefined;
    await this.#running?.catch(() => undefined);
  }

  /** Creates the cursor at the current feed head unless it exists (the first start never replays history). */
  async ensureCursor(): Promise<number> {
    const existing = await this.cursor();
    if (existing !== undefined) return existing;
    const head = await this.#feed.feedHead();
    await this.#db(CURSOR_TABLE)
      .insert({ id: 1, position: head, updated_at: new Date(this.#now()).toISOString() })
      .onConflict('id')
      .ignore();
    return (await this.cursor())!;
  }

  /** The feed position matched up to (undefined before the first start). */
  async cursor(): Promise<number | undefined> {
    const row = await this.#db(CURSOR_TABLE).where({ id: 1 }).first('position');
    return row ? Number(row.position) : undefined;
  }

  /** Matches in the background now; errors are logged (once until it works again). */
  wake(): void {
    if (this.#stopped) return;
    this.run().catch(error => {
      if (!this.#failing) this.#logger.warn(`Event rules: could not match the change feed: ${messageOf(error)}`);
      this.#failing = true;
    });
  }

  /**
   * Matches every change after the cursor, batch by batch, until it has caught up; answers the deliveries written.
   * A call while a run is under way makes that run look once more, and shares its answer.
   */
  run(): Promise<number> {
    if (this.#running) {
      this.#again = true;
      return this.#running;
    }
    this.#running = (async () => {
      let written = 0;
      do {
        this.#again = false;
        for (;;) {
          const outcome = await this.#batch();
          written += outcome.deliveries;
          if (!outcome.moved && outcome.changes < this.#batchSize) break;
        }
      } while (this.#again && !this.#stopped);
      this.#failing = false;
      return written;
    })().finally(() => {
      this.#running = undefined;
    });
    return this.#running;
  }

  #wakeSoon() {
    if (this.#debounce || this.#stopped) return;
    this.#debounce = setTimeout(() => {
      this.#debounce = undefined;
      this.wake();
    }, this.#debounceMs);
    this.#debounce.unref?.();
  }

  async #batch(): Promise<BatchOutcome> {
    const from = await this.ensureCursor();
    const changes = await this.#feed.changes({ after: from, limit: this.#batchSize });
    if (changes.length === 0) return { changes: 0, deliveries: 0 };
    const to = changes[changes.length - 1].position!;
    const missing = to - from - changes.length;
    if (missing > 0) {
      this.#logger.warn(
        `Event rules: ${missing} changes between feed positions ${from} and ${to} were deleted by history ` +
          'retention before they were matched; they are skipped',
      );
    }
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
    const moved = await this.#db.transaction(async tx => {
      const read = tx(CURSOR_TABLE).where({ id: 1 }).first('position');
      if (this.#isPostgres) read.forUpdate();
      const row = await read;
      if (!row || Number(row.position) !== from) return true;
      await this.#deliveries.insert(tx, deliveries, this.#now());
      await tx(CURSOR_TABLE)
        .where({ id: 1 })
        .update({ position: to, updated_at: new Date(this.#now()).toISOString() });
      return false;
    });
    if (moved) return { changes: changes.length, deliveries: 0, moved: true };
    if (deliveries.length > 0) this.#onDeliveries?.();
    return { changes: changes.length, deliveries: deliveries.length };
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
