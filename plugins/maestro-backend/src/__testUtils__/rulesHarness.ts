import { randomUUID } from 'node:crypto';
import { createServiceFactory } from '@backstage/backend-plugin-api';
import { mockServices } from '@backstage/backend-test-utils';
import { notificationService } from '@backstage/plugin-notifications-node';
import type { TestDatabaseId, TestDatabases } from '@backstage/backend-test-utils';
import type { Knex } from 'knex';
import { KnexInventoryStore } from '../records/KnexInventoryStore';
import { RuleDeliveryStore } from '../rules/RuleDeliveryStore';
import { RuleMatcher } from '../rules/RuleMatcher';
import { RuleStore, type RuleFields, type StoredRule } from '../rules/RuleStore';
import { migrateTestDatabase } from './migrateTestDatabase';

/**
 * A notification service for a test backend that records what it is asked to send: `factory` goes into the features
 * given to `startMaestro…`, `sent` fills up with each notification.
 */
export function recordingNotifications() {
  const sent: any[] = [];
  const factory = createServiceFactory({
    service: notificationService,
    deps: {},
    factory: () => ({ send: async (notification: any) => void sent.push(notification) }),
  });
  return { factory, sent };
}

/** A production Server in datacenter aws-prod, owned by group platform unless told otherwise. */
export const testServer = (name: string, spec: Record<string, unknown> = {}, owner = 'group:default/platform') => ({
  kind: 'Server',
  name,
  owner,
  spec: { hostname: name, environment: 'production', datacenter: 'datacenter:default/aws-prod', ...spec },
});

/** A rule's fields with defaults: every event, any actor, no condition, one notification to the owner. */
export function ruleFields(fields: Partial<RuleFields> = {}): RuleFields {
  return {
    name: 'rule',
    enabled: true,
    owner: 'group:default/platform',
    events: ['created', 'changed', 'deactivated', 'reactivated'],
    actor: 'any',
    conditions: {},
    actions: [{ type: 'notify', to: { type: 'owner' } }],
    ...fields,
  };
}

/**
 * The event rules' parts over one migrated test database: the inventory store (whose writes make the change feed),
 * the rule and delivery stores, a clock tests move, and matchers made on demand (each a "replica").
 */
export async function rulesOnDatabase(databases: TestDatabases, databaseId: TestDatabaseId) {
  const knex: Knex = await migrateTestDatabase(await databases.init(databaseId));
  const database = mockServices.database({ knex });
  const store = await KnexInventoryStore.create({ database });
  const rules = new RuleStore(knex);
  const deliveries = new RuleDeliveryStore(knex);
  const clock = { now: Date.parse('2026-12-06T10:00:00Z') };
  const logger = mockServices.logger.mock();

  /** Saves a rule created now (it sees changes after the current feed head). */
  async function addRule(fields: Partial<RuleFields> = {}): Promise<StoredRule> {
    return rules.create(randomUUID(), ruleFields(fields), {
      actor: 'user:default/alice',
      now: new Date(clock.now).toISOString(),
      sincePosition: await store.feedHead(),
    });
  }

  /** A matcher on its own inventory store instance (another replica's writes do not wake it). */
  async function matcher(options: { onDeliveries?: () => void; pollIntervalMs?: number; batchSize?: number } = {}) {
    const feed = await KnexInventoryStore.create({ database });
    return {
      feed,
      matcher: new RuleMatcher({ db: knex, feed, rules, deliveries, logger, now: () => clock.now, ...options }),
    };
  }

  /** Every delivery row, by change position, rule and action. */
  async function deliveryRows(): Promise<any[]> {
    return knex('maestro_rule_deliveries').orderBy(['change_position', 'rule_id', 'action_index']);
  }

  return { knex, database, store, rules, deliveries, clock, logger, addRule, matcher, deliveryRows };
}

/** Resolves once `check` answers true, looking every 10 ms (a wait for a state, not a timing assertion). */
export async function until(check: () => boolean | Promise<boolean>, timeoutMs = 20_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > end) throw new Error('timed out waiting');
    await new Promise(r => setTimeout(r, 10));
  }
}
