import { NotFoundError } from '@backstage/errors';
import type { RuleAction, RuleActor, RuleConditions, RuleEvent } from '@maestro/plugin-maestro-common';
import type { Knex } from 'knex';
import { shownName } from '../input/forbiddenKeys';
import type { StoredWebhookTarget } from '../webhooks/types';

export const RULES_TABLE = 'maestro_rules';
export const DELIVERIES_TABLE = 'maestro_rule_deliveries';
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A rule's action as stored: a webhook keeps its secrets sealed (see {@link StoredWebhookTarget}). */
export type StoredRuleAction =
  | { type: 'webhook'; webhook: StoredWebhookTarget }
  | Exclude<RuleAction, { type: 'webhook' }>;

/** What a rule says, as validated by `ruleInput.ts`: everything a create or an update writes. */
export interface RuleFields {
  name: string;
  description?: string;
  enabled: boolean;
  owner: string;
  events: RuleEvent[];
  actor: RuleActor;
  conditions: RuleConditions;
  actions: StoredRuleAction[];
}

/** A rule as stored. */
export interface StoredRule extends RuleFields {
  id: string;
  /** The change feed head when the rule was created: the rule matches only changes after it. */
  sincePosition: number;
  createdAt: string;
  createdBy: string;
  updatedAt: string;
  updatedBy: string;
}

type Row = {
  id: string;
  name: string;
  description: string | null;
  enabled: boolean | number;
  owner: string;
  events: string;
  actor: string;
  conditions: string;
  actions: string;
  since_position: number | string;
  created_at: string;
  created_by: string;
  updated_at: string;
  updated_by: string;
};

function toRule(row: Row): StoredRule {
  return {
    id: row.id,
    name: row.name,
    ...(row.description ? { description: row.description } : {}),
    enabled: Boolean(row.enabled),
    owner: row.owner,
    events: JSON.parse(row.events),
    actor: row.actor as RuleActor,
    conditions: JSON.parse(row.conditions),
    actions: JSON.parse(row.actions),
    sincePosition: Number(row.since_position),
    createdAt: row.created_at,
    createdBy: row.created_by,
    updatedAt: row.updated_at,
    updatedBy: row.updated_by,
  };
}

function fieldColumns(fields: RuleFields) {
  return {
    name: fields.name,
    description: fields.description ?? null,
    enabled: fields.enabled,
    owner: fields.owner,
    events: JSON.stringify(fields.events),
    actor: fields.actor,
    conditions: JSON.stringify(fields.conditions),
    actions: JSON.stringify(fields.actions),
  };
}

/**
 * Event rules (`maestro_rules`): what they match and do, as JSON text (decision 0005), with webhook secrets sealed
 * by the caller. Deleting a rule deletes its deliveries in the same transaction. Uses the plugin's database; the
 * tables come from the plugin's migrations (applyMigrations).
 */
export class RuleStore {
  readonly #db: Knex;

  constructor(db: Knex) {
    this.#db = db;
  }

  /** Every rule, by name (then id). */
  async list(): Promise<StoredRule[]> {
    const rows = await this.#db<Row>(RULES_TABLE).orderBy([
      { column: 'name', order: 'asc' },
      { column: 'id', order: 'asc' },
    ]);
    return rows.map(toRule);
  }

  /** The enabled rules (what the matcher matches changes against). */
  async enabled(): Promise<StoredRule[]> {
    const rows = await this.#db<Row>(RULES_TABLE).where({ enabled: true }).orderBy('id');
    return rows.map(toRule);
  }

  /** A rule, or undefined. */
  async find(id: string): Promise<StoredRule | undefined> {
    if (!UUID.test(id)) return undefined;
    const row = await this.#db<Row>(RULES_TABLE).where({ id }).first();
    return row ? toRule(row) : undefined;
  }

  /** The rules of these ids that exist, by id. */
  async findMany(ids: string[]): Promise<Map<string, StoredRule>> {
    const valid = ids.filter(id => UUID.test(id));
    const rows = valid.length ? await this.#db<Row>(RULES_TABLE).whereIn('id', valid) : [];
    return new Map(rows.map(row => [row.id, toRule(row)]));
  }

  /** A rule; 404 naming the id otherwise. */
  async get(id: string): Promise<StoredRule> {
    const rule = await this.find(id);
    if (!rule) throw new NotFoundError(`id: no event rule ${shownName(id)}`);
    return rule;
  }

  /** Saves a new rule under `id` (chosen by the caller: its webhook secrets are sealed for it). */
  async create(
    id: string,
    fields: RuleFields,
    options: { actor: string; now: string; sincePosition: number },
  ): Promise<StoredRule> {
    await this.#db(RULES_TABLE).insert({
      id,
      ...fieldColumns(fields),
      since_position: options.sincePosition,
      created_at: options.now,
      created_by: options.actor,
      updated_at: options.now,
      updated_by: options.actor,
    });
    return this.get(id);
  }

  /** Replaces what a rule says (its creation and feed position stay); 404 when it does not exist. */
  async update(id: string, fields: RuleFields, options: { actor: string; now: string }): Promise<StoredRule> {
    const count = UUID.test(id)
      ? await this.#db(RULES_TABLE)
          .where({ id })
          .update({ ...fieldColumns(fields), updated_at: options.now, updated_by: options.actor })
      : 0;
    if (count !== 1) throw new NotFoundError(`id: no event rule ${shownName(id)}`);
    return this.get(id);
  }

  /** Deletes a rule and its deliveries, together; 404 when it does not exist. */
  async delete(id: string): Promise<void> {
    const deleted =
      UUID.test(id) &&
      (await this.#db.transaction(async tx => {
        await tx(DELIVERIES_TABLE).where({ rule_id: id }).delete();
        const count: number = await tx(RULES_TABLE).where({ id }).delete();
        return count === 1;
      }));
    if (!deleted) throw new NotFoundError(`id: no event rule ${shownName(id)}`);
  }
}
