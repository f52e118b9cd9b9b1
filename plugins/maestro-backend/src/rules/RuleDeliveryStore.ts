import { randomUUID } from 'node:crypto';
import { ConflictError, NotFoundError } from '@backstage/errors';
import type {
  InventoryRecord,
  RuleAction,
  RuleDelivery,
  RuleDeliveryStatus,
  RuleEvent,
  WebhookExchange,
} from '@maestro/plugin-maestro-common';
import type { Knex } from 'knex';
import { shownName } from '../input/forbiddenKeys';
import { DELIVERIES_TABLE, RULES_TABLE } from './RuleStore';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** Rows per insert statement: 21 columns each stays far below both engines' bound-parameter limits. */
const INSERT_CHUNK = 200;

/** What an action needs of the change that made it: the record before and after (trimmed), why, what changed. */
export interface DeliveryContext {
  /** The record the rule's conditions read: after the change, or before it when there is no after. */
  record: InventoryRecord;
  before?: InventoryRecord;
  after?: InventoryRecord;
  reason?: string;
  /** Top-level fields whose value differs (`title`, `owner`, `active`, `spec.environment`…). */
  changedFields: string[];
  /** The records' specs were too large to keep whole and were left out. */
  trimmed?: boolean;
}

/** A delivery to write: the matcher makes one per action of a matching rule. */
export interface NewDelivery {
  ruleId: string;
  actionIndex: number;
  actionType: RuleAction['type'];
  change: RuleDelivery['change'];
  context: DeliveryContext;
}

/** A delivery as one replica holds it while it runs the action (`claim` fences every later write). */
export interface ClaimedDelivery {
  id: string;
  claim: string;
  ruleId: string;
  actionIndex: number;
  actionType: RuleAction['type'];
  change: RuleDelivery['change'];
  context: DeliveryContext;
  /** This attempt's number (1 for the first). */
  attempt: number;
}

type Row = {
  id: string;
  rule_id: string;
  action_index: number;
  action_type: string;
  change_position: number | string;
  record_id: string;
  kind: string;
  name: string;
  event: string;
  actor: string;
  change_at: string;
  context: string;
  status: RuleDeliveryStatus;
  attempts: number;
  next_attempt_at: string | null;
  claimed_by: string | null;
  claimed_at: string | null;
  created_at: string;
  delivered_at: string | null;
  last_error: string | null;
  webhook: string | null;
};

/** Outcomes written in one transaction at most. */
const OUTCOME_BATCH = 100;

type QueuedOutcome = {
  delivery: ClaimedDelivery;
  columns: Record<string, unknown>;
  resolve: (held: boolean) => void;
  reject: (error: unknown) => void;
};

const iso = (ms: number) => new Date(ms).toISOString();

function changeOf(row: Row): RuleDelivery['change'] {
  return {
    position: Number(row.change_position),
    recordId: row.record_id,
    kind: row.kind,
    name: row.name,
    event: row.event as RuleEvent,
    actor: row.actor,
    at: row.change_at,
  };
}

/** A delivery as the API answers it (the context stays inside). */
export function toRuleDelivery(row: Row): RuleDelivery {
  return {
    id: row.id,
    ruleId: row.rule_id,
    actionIndex: Number(row.action_index),
    actionType: row.action_type as RuleAction['type'],
    status: row.status,
    change: changeOf(row),
    attempts: Number(row.attempts),
    ...(row.next_attempt_at && row.status === 'pending' ? { nextAttemptAt: row.next_attempt_at } : {}),
    createdAt: row.created_at,
    ...(row.delivered_at ? { deliveredAt: row.delivered_at } : {}),
    ...(row.last_error ? { lastError: row.last_error } : {}),
    ...(row.webhook ? { webhook: JSON.parse(row.webhook) as WebhookExchange } : {}),
  };
}

/**
 * The deliveries of event rules (`maestro_rule_deliveries`), the queue and the log at once, shared by every replica
 * through the plugin's database. A due delivery is claimed by one replica with one conditional update
 * (`status = 'pending'` → `delivering`, with a claim token; PostgreSQL skips rows another replica is claiming);
 * its outcome is written only while that claim holds, so a delivery taken back from a silent replica cannot be
 * finished by it any more.
 */
export class RuleDeliveryStore {
  readonly #db: Knex;
  readonly #isPostgres: boolean;
  readonly #outcomes: QueuedOutcome[] = [];
  #writing = false;

  constructor(db: Knex) {
    this.#db = db;
    this.#isPostgres = db.client.config.client === 'pg';
  }

  /** Writes new deliveries (pending, due at `now`) in chunks, in the caller's transaction. */
  async insert(db: Knex | Knex.Transaction, deliveries: NewDelivery[], now: number): Promise<void> {
    const at = iso(now);
    for (let i = 0; i < deliveries.length; i += INSERT_CHUNK) {
      await db(DELIVERIES_TABLE).insert(
        deliveries.slice(i, i + INSERT_CHUNK).map(d => ({
          id: randomUUID(),
          rule_id: d.ruleId,
          action_index: d.actionIndex,
          action_type: d.actionType,
          change_position: d.change.position,
          record_id: d.change.recordId,
          kind: d.change.kind,
          name: d.change.name,
          event: d.change.event,
          actor: d.change.actor,
          change_at: d.change.at,
          context: JSON.stringify(d.context),
          status: 'pending',
          attempts: 0,
          next_attempt_at: at,
          claimed_by: null,
          claimed_at: null,
          created_at: at,
          delivered_at: null,
          last_error: null,
          webhook: null,
        })),
      );
    }
  }

  /**
   * Claims up to `limit` due deliveries of enabled rules for `replica` (oldest due first) and counts the attempt.
   * One atomic update: a delivery is claimed by one replica only. Deliveries of a disabled rule wait.
   */
  async claimDue(options: { replica: string; now: number; limit: number }): Promise<ClaimedDelivery[]> {
    const claim = `${options.replica}/${randomUUID()}`;
    const at = iso(options.now);
    const due = this.#db(`${DELIVERIES_TABLE} as d`)
      .join(`${RULES_TABLE} as r`, 'r.id', 'd.rule_id')
      .where('d.status', 'pending')
      .andWhere('d.next_attempt_at', '<=', at)
      .andWhere('r.enabled', true)
      .orderBy('d.next_attempt_at', 'asc')
      .limit(options.limit)
      .select('d.id');
    const claimed = { status: 'delivering', claimed_by: claim, claimed_at: at, attempts: this.#db.raw('attempts + 1') };
    let count: number;
    if (this.#isPostgres) {
      // a materialized CTE: the due rows are picked (and locked, skipping those another replica is claiming) once;
      // as an IN (subquery) the planner may run the subquery again and claim past the limit
      const pick = due.forUpdate('d').skipLocked().toSQL();
      const result = await this.#db.raw(
        `with due as materialized (${pick.sql}) ` +
          `update ${DELIVERIES_TABLE} as t set status = 'delivering', claimed_by = ?, claimed_at = ?, ` +
          `attempts = t.attempts + 1 from due where t.id = due.id and t.status = 'pending'`,
        [...pick.bindings, claim, at],
      );
      count = Number(result.rowCount);
    } else {
      count = await this.#db(DELIVERIES_TABLE).whereIn('id', due).andWhere('status', 'pending').update(claimed);
    }
    if (count === 0) return [];
    const rows = await this.#db<Row>(DELIVERIES_TABLE).where({ claimed_by: claim, status: 'delivering' });
    return rows.map(row => ({
      id: row.id,
      claim,
      ruleId: row.rule_id,
      actionIndex: Number(row.action_index),
      actionType: row.action_type as RuleAction['type'],
      change: changeOf(row),
      context: JSON.parse(row.context),
      attempt: Number(row.attempts),
    }));
  }

  /**
   * Ends a claimed delivery as delivered; false when the claim was lost (taken back as stale). Outcomes written at
   * about the same time share one transaction (one commit, one disk flush, instead of one each).
   */
  succeed(delivery: ClaimedDelivery, outcome: { now: number; webhook?: WebhookExchange }): Promise<boolean> {
    return this.#finish(delivery, {
      status: 'delivered',
      delivered_at: iso(outcome.now),
      next_attempt_at: null,
      claimed_by: null,
      last_error: null,
      webhook: outcome.webhook ? JSON.stringify(outcome.webhook) : null,
    });
  }

  /**
   * Records a failed attempt of a claimed delivery: pending again at `retryAt`, or failed for good without one.
   * False when the claim was lost. Batched like {@link RuleDeliveryStore.succeed}.
   */
  fail(
    delivery: ClaimedDelivery,
    outcome: { now: number; error: string; retryAt?: number; webhook?: WebhookExchange },
  ): Promise<boolean> {
    return this.#finish(delivery, {
      status: outcome.retryAt === undefined ? 'failed' : 'pending',
      next_attempt_at: outcome.retryAt === undefined ? null : iso(outcome.retryAt),
      claimed_by: null,
      last_error: outcome.error.slice(0, 2000),
      webhook: outcome.webhook ? JSON.stringify(outcome.webhook) : null,
    });
  }

  /** Deletes a claimed delivery whose rule is gone. */
  async discard(delivery: ClaimedDelivery): Promise<void> {
    await this.#claimed(delivery).delete();
  }

  /**
   * Takes back the deliveries claimed before `before` whose replica never finished them (it died): pending again
   * at once, or failed when they used their last attempt. Answers how many.
   */
  async releaseStale(options: { before: number; now: number; maxAttempts: number }): Promise<number> {
    const stale = () =>
      this.#db(DELIVERIES_TABLE).where({ status: 'delivering' }).andWhere('claimed_at', '<', iso(options.before));
    const error = `the backend replica delivering it stopped (claimed before ${iso(options.before)})`;
    const failed = await stale()
      .andWhere('attempts', '>=', options.maxAttempts)
      .update({ status: 'failed', claimed_by: null, next_attempt_at: null, last_error: error });
    const retried = await stale()
      .andWhere('attempts', '<', options.maxAttempts)
      .update({ status: 'pending', claimed_by: null, next_attempt_at: iso(options.now), last_error: error });
    return failed + retried;
  }

  /**
   * Puts a delivery of a rule back in the queue, due now, with its attempts reset and the same id (so the same
   * idempotency key). 404 when the rule has no such delivery, 409 while it is being delivered.
   */
  async redeliver(ruleId: string, id: string, now: number): Promise<RuleDelivery> {
    const row = await this.#find(ruleId, id);
    const count = await this.#db(DELIVERIES_TABLE)
      .where({ id, rule_id: ruleId })
      .whereNot({ status: 'delivering' })
      .update({ status: 'pending', attempts: 0, next_attempt_at: iso(now), claimed_by: null, delivered_at: null });
    if (count !== 1) {
      throw new ConflictError(`deliveryId: delivery ${row.id} is being delivered right now; retry when it ends`);
    }
    return toRuleDelivery(await this.#find(ruleId, id));
  }

  /** A delivery of a rule; 404 naming the id otherwise. */
  async get(ruleId: string, id: string): Promise<RuleDelivery> {
    return toRuleDelivery(await this.#find(ruleId, id));
  }

  /**
   * A rule's deliveries, newest first — by the change's feed position, then the action — `limit` at a time (the
   * unique key is the index): `before` (a delivery id) continues after that delivery; `nextBefore` is set when there
   * may be more.
   */
  async list(
    ruleId: string,
    options: { status?: RuleDeliveryStatus; limit: number; before?: string },
  ): Promise<{ deliveries: RuleDelivery[]; nextBefore?: string }> {
    const query = this.#db<Row>(DELIVERIES_TABLE).where({ rule_id: ruleId });
    if (options.status) query.andWhere({ status: options.status });
    if (options.before !== undefined) {
      const from = await this.#find(ruleId, options.before, 'before');
      query.andWhere(q =>
        q
          .where('change_position', '<', from.change_position)
          .orWhere(q2 =>
            q2.where('change_position', '=', from.change_position).andWhere('action_index', '<', from.action_index),
          ),
      );
    }
    const rows = await query
      .orderBy([
        { column: 'change_position', order: 'desc' },
        { column: 'action_index', order: 'desc' },
      ])
      .limit(options.limit);
    return {
      deliveries: rows.map(toRuleDelivery),
      ...(rows.length === options.limit && rows.length > 0 ? { nextBefore: rows[rows.length - 1].id } : {}),
    };
  }

  /** Per rule: deliveries waiting (pending or being delivered) and failed for good. */
  async counts(): Promise<Map<string, { pending: number; failed: number }>> {
    const rows: Array<{ rule_id: string; status: string; count: number | string }> = await this.#db(DELIVERIES_TABLE)
      .whereIn('status', ['pending', 'delivering', 'failed'])
      .groupBy('rule_id', 'status')
      .select('rule_id', 'status')
      .count({ count: '*' });
    const counts = new Map<string, { pending: number; failed: number }>();
    for (const row of rows) {
      const entry = counts.get(row.rule_id) ?? { pending: 0, failed: 0 };
      if (row.status === 'failed') entry.failed += Number(row.count);
      else entry.pending += Number(row.count);
      counts.set(row.rule_id, entry);
    }
    return counts;
  }

  /**
   * The retention: deletes deliveries delivered before `before`, failed ones created before it, and those of rules
   * that no longer exist. Answers how many.
   */
  async prune(before: number): Promise<number> {
    const at = iso(before);
    const delivered = await this.#db(DELIVERIES_TABLE)
      .where({ status: 'delivered' })
      .andWhere('delivered_at', '<', at)
      .delete();
    const failed = await this.#db(DELIVERIES_TABLE)
      .where({ status: 'failed' })
      .andWhere('created_at', '<', at)
      .delete();
    const orphans = await this.#db(DELIVERIES_TABLE).whereNotIn('rule_id', this.#db(RULES_TABLE).select('id')).delete();
    return delivered + failed + orphans;
  }

  async #find(ruleId: string, id: string, field = 'deliveryId'): Promise<Row> {
    const row = UUID.test(id)
      ? await this.#db<Row>(DELIVERIES_TABLE).where({ id, rule_id: ruleId }).first()
      : undefined;
    if (!row) throw new NotFoundError(`${field}: rule ${shownName(ruleId)} has no delivery ${shownName(id)}`);
    return row;
  }

  /** Queues an outcome for the next batch; answers whether the claim still held. */
  #finish(delivery: ClaimedDelivery, columns: Record<string, unknown>): Promise<boolean> {
    return new Promise<boolean>((resolve, reject) => {
      this.#outcomes.push({ delivery, columns, resolve, reject });
      if (this.#writing) return;
      this.#writing = true;
      setImmediate(() => void this.#writeOutcomes());
    });
  }

  /**
   * Writes the queued outcomes, up to {@link OUTCOME_BATCH} per transaction, until none is left. When a batch's
   * transaction fails, its outcomes are written one by one, so one bad write does not take the others with it.
   */
  async #writeOutcomes(): Promise<void> {
    while (this.#outcomes.length > 0) {
      const batch = this.#outcomes.splice(0, OUTCOME_BATCH);
      const write = (db: Knex, item: QueuedOutcome) =>
        this.#claimed(item.delivery, db)
          .update(item.columns)
          .then(count => count === 1);
      try {
        const done = await this.#db.transaction(async tx => {
          const results: boolean[] = [];
          for (const item of batch) results.push(await write(tx, item));
          return results;
        });
        batch.forEach((item, i) => item.resolve(done[i]));
      } catch {
        for (const item of batch) await write(this.#db, item).then(item.resolve, item.reject);
      }
    }
    this.#writing = false;
  }

  #claimed(delivery: ClaimedDelivery, db: Knex = this.#db) {
    return db(DELIVERIES_TABLE).where({ id: delivery.id, claimed_by: delivery.claim, status: 'delivering' });
  }
}
