import { parseEntityRef, stringifyEntityRef } from '@backstage/catalog-model';
import {
  diffRecords,
  type ChangeAction,
  type ChangeEntry,
  type InventoryRecord,
  type RuleActor,
  type RuleEvent,
} from '@maestro/plugin-maestro-common';
import { compileFilters, type RecordPredicate } from '../reports/reportFilters';
import type { DeliveryContext } from './RuleDeliveryStore';
import type { StoredRule, StoredRuleAction } from './RuleStore';

/** The rule event of each change action of the feed. */
export const EVENT_OF_ACTION: Record<ChangeAction, RuleEvent> = {
  create: 'created',
  update: 'changed',
  delete: 'deactivated',
  restore: 'reactivated',
};

/** The actor discovery writes as: `maestro:discovery/<connection>`. */
const DISCOVERY_ACTOR = 'maestro:discovery/';

/** Largest context (JSON characters) a delivery keeps whole; larger ones lose the records' specs. */
export const MAX_CONTEXT_CHARS = 64 * 1024;

/** Whether a change's actor is of the kind a rule asks for (a person: a `user:` ref; discovery: its actor). */
export function actorMatches(wanted: RuleActor, actor: string): boolean {
  if (wanted === 'any') return true;
  if (wanted === 'discovery') return actor.startsWith(DISCOVERY_ACTOR);
  return actor.toLowerCase().startsWith('user:');
}

/**
 * An entity ref in one comparable form (`kind:namespace/name`, lower case, `defaultKind` and `default` filled in),
 * or the text lower-cased when it does not parse.
 */
export function comparableRef(ref: string, defaultKind: string): string {
  try {
    return stringifyEntityRef(parseEntityRef(ref, { defaultKind, defaultNamespace: 'default' })).toLowerCase();
  } catch {
    return ref.toLowerCase();
  }
}

/**
 * The top-level fields whose value differs between two versions of a record: `title`, `owner`, `active`, and each
 * spec field as `spec.<field>` (a nested difference counts for its top-level field), sorted.
 */
export function changedFieldsOf(before?: InventoryRecord, after?: InventoryRecord): string[] {
  const fields = new Set<string>();
  for (const { path } of diffRecords(before, after)) {
    const parts = path.split('.');
    fields.add(parts[0] === 'spec' && parts.length > 1 ? `spec.${parts[1]}` : parts[0]);
  }
  return [...fields].sort();
}

/** One change of the feed, as every rule reads it: its event, the record conditions read, what changed (lazily). */
export class MatchedChange {
  readonly change: ChangeEntry;
  readonly event: RuleEvent;
  /** The record after the change (for a deactivation: as deactivated), or before it when there is no after. */
  readonly record: InventoryRecord | undefined;
  #changedFields?: string[];
  #owner?: string;
  #datacenter?: string | null;

  constructor(change: ChangeEntry) {
    this.change = change;
    this.event = EVENT_OF_ACTION[change.action];
    this.record = change.after ?? change.before;
  }

  get changedFields(): string[] {
    this.#changedFields ??= changedFieldsOf(this.change.before, this.change.after);
    return this.#changedFields;
  }

  get owner(): string {
    this.#owner ??= comparableRef(this.record?.owner ?? '', 'group');
    return this.#owner;
  }

  get datacenter(): string | null {
    if (this.#datacenter === undefined) {
      const value = this.record?.spec?.datacenter;
      this.#datacenter = typeof value === 'string' && value ? comparableRef(value, 'datacenter') : null;
    }
    return this.#datacenter;
  }

  /** What a delivery keeps of the change for its action (specs left out when the whole is too large). */
  context(): DeliveryContext {
    const { before, after, reason } = this.change;
    const full: DeliveryContext = {
      record: this.record!,
      ...(before ? { before } : {}),
      ...(after ? { after } : {}),
      ...(reason ? { reason } : {}),
      changedFields: this.changedFields,
    };
    if (JSON.stringify(full).length <= MAX_CONTEXT_CHARS) return full;
    const bare = (record: InventoryRecord) => ({ ...record, spec: {} });
    return {
      ...full,
      record: bare(full.record),
      ...(before ? { before: bare(before) } : {}),
      ...(after ? { after: bare(after) } : {}),
      ...(reason ? { reason: reason.slice(0, 2000) } : {}),
      trimmed: true,
    };
  }
}

/** A rule ready to match: its conditions as sets and one compiled filter test. */
export interface CompiledRule {
  id: string;
  /** Changes the rule was created after are not matched. */
  sincePosition: number;
  actions: StoredRuleAction[];
  matches(change: MatchedChange): boolean;
}

/**
 * Compiles a rule's conditions once (lists into sets, refs into one comparable form, the filters with the reports'
 * {@link compileFilters} over the rule's one kind). Every given condition must hold; a list holds when any of its
 * values does. Conditions on the record read {@link MatchedChange.record}.
 */
export function compileRule(rule: StoredRule, now: number): CompiledRule {
  const events = new Set(rule.events);
  const { kinds, owners, datacenters, changedFields, filters } = rule.conditions;
  const kindSet = kinds?.length ? new Set(kinds) : undefined;
  const ownerSet = owners?.length ? new Set(owners.map(o => comparableRef(o, 'group'))) : undefined;
  const datacenterSet = datacenters?.length ? new Set(datacenters.map(d => comparableRef(d, 'datacenter'))) : undefined;
  const fieldList = changedFields?.length ? changedFields : undefined;
  const filter: RecordPredicate | undefined =
    filters?.length && kinds?.length === 1
      ? compileFilters(kinds[0], filters, { now, prefix: 'conditions.filters' })
      : undefined;
  return {
    id: rule.id,
    sincePosition: rule.sincePosition,
    actions: rule.actions,
    matches(change) {
      const record = change.record;
      if (!record || !events.has(change.event) || !actorMatches(rule.actor, change.change.actor)) return false;
      if (kindSet && !kindSet.has(record.kind)) return false;
      if (ownerSet && !ownerSet.has(change.owner)) return false;
      if (datacenterSet && (change.datacenter === null || !datacenterSet.has(change.datacenter))) return false;
      if (fieldList && !fieldList.some(field => change.changedFields.includes(field))) return false;
      return !filter || filter(record);
    },
  };
}
