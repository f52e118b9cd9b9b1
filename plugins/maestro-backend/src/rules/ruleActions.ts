import { isProjectedToCatalog, type WebhookExchange } from '@maestro/plugin-maestro-common';
import type { NotificationService } from '@backstage/plugin-notifications-node';
import type { ClaimedDelivery } from './RuleDeliveryStore';
import { ruleActionSealContext, type JobStarter, type RuleWebhooks } from './ports';
import type { StoredRule, StoredRuleAction } from './RuleStore';

/** How one attempt of an action went. `final`: a failure no retry can mend (the delivery fails at once). */
export type ActionOutcome =
  | { ok: true; webhook?: WebhookExchange }
  | { ok: false; error: string; webhook?: WebhookExchange; final?: boolean };

/** Where the Maestro page is, for records the catalog does not show (network ports). */
const MAESTRO_PAGE = '/maestro';

const messageOf = (error: unknown) => ((error as Error)?.message ?? String(error)).slice(0, 2000);

/** The page of a record in the portal: its catalog entity page (`/catalog/default/<kind>/<name>`), when it has one. */
export function recordPageLink(record: { kind: string; name: string; spec?: unknown }): string {
  if (!isProjectedToCatalog(record)) return MAESTRO_PAGE;
  return `/catalog/default/${encodeURIComponent(record.kind.toLowerCase())}/${encodeURIComponent(record.name)}`;
}

/**
 * What a rule's webhook body template sees: `rule`, `event` (the change: its type, the record after it — or before,
 * when there is no after —, the record before and after, who, when, why, what changed, its feed position) and
 * `delivery` (its id, the idempotency key, and the attempt's number).
 */
export function webhookContext(rule: StoredRule, delivery: ClaimedDelivery): Record<string, unknown> {
  const { context, change } = delivery;
  return {
    rule: { id: rule.id, name: rule.name },
    event: {
      type: change.event,
      record: context.record,
      before: context.before,
      after: context.after,
      actor: change.actor,
      at: change.at,
      reason: context.reason,
      changedFields: context.changedFields,
      position: change.position,
    },
    delivery: { id: delivery.id, attempt: delivery.attempt },
  };
}

/**
 * Runs one attempt of a rule's action for a delivery: calls the webhook (through the egress policy, with the
 * delivery id as `X-Maestro-Delivery` on every attempt), sends the Backstage notification (scoped to the delivery,
 * so a retry updates it rather than adding a second), or starts the job. Never throws: every failure is an outcome.
 */
export class RuleActionRunner {
  readonly #webhooks?: RuleWebhooks;
  readonly #notifications?: NotificationService;
  readonly #jobs?: JobStarter;

  constructor(options: { webhooks?: RuleWebhooks; notifications?: NotificationService; jobs?: JobStarter }) {
    this.#webhooks = options.webhooks;
    this.#notifications = options.notifications;
    this.#jobs = options.jobs;
  }

  async run(rule: StoredRule, delivery: ClaimedDelivery, signal: AbortSignal): Promise<ActionOutcome> {
    const action = rule.actions[delivery.actionIndex];
    if (!action || action.type !== delivery.actionType) {
      return {
        ok: false,
        final: true,
        error: `the rule no longer has this action (action ${delivery.actionIndex} was a ${delivery.actionType})`,
      };
    }
    try {
      return await this.#run(rule, action, delivery, signal);
    } catch (error) {
      return { ok: false, error: messageOf(error), final: (error as Error)?.name === 'NotFoundError' };
    }
  }

  async #run(
    rule: StoredRule,
    action: StoredRuleAction,
    delivery: ClaimedDelivery,
    signal: AbortSignal,
  ): Promise<ActionOutcome> {
    switch (action.type) {
      case 'webhook': {
        if (!this.#webhooks) return { ok: false, final: true, error: 'webhooks are not available in this backend' };
        const target = this.#webhooks.open(action.webhook, ruleActionSealContext(rule.id, delivery.actionIndex));
        const { ok, ...exchange } = await this.#webhooks.caller.call(target, {
          context: webhookContext(rule, delivery),
          headers: { 'X-Maestro-Delivery': delivery.id, 'X-Maestro-Event': `record.${delivery.change.event}` },
          signal,
        });
        if (ok) return { ok: true, webhook: exchange };
        const error = exchange.error ?? `unexpected status ${exchange.status}`;
        return { ok: false, error, webhook: exchange };
      }
      case 'notify': {
        if (!this.#notifications) {
          return { ok: false, final: true, error: 'notifications are not available in this backend' };
        }
        const { record, reason } = delivery.context;
        const { kind, name, event, actor } = delivery.change;
        const entityRef = action.to.type === 'owner' ? record.owner : action.to.entityRef;
        await this.#notifications.send({
          recipients: { type: 'entity', entityRef },
          payload: {
            title: `${kind} ${name} ${event}`,
            description: `Event rule "${rule.name}": ${kind} ${name} was ${event} by ${actor}${
              reason ? ` (${reason.slice(0, 500)})` : ''
            }.`,
            link: recordPageLink(record),
            severity: action.severity ?? 'normal',
            topic: `maestro-rule:${rule.id}`,
            scope: `maestro-rule-delivery:${delivery.id}`,
          },
        });
        return { ok: true };
      }
      case 'job': {
        if (!this.#jobs) return { ok: false, final: true, error: 'jobs are not available in this backend' };
        await this.#jobs.startRun(action.jobId, { trigger: 'rule', startedBy: delivery.id });
        return { ok: true };
      }
      default:
        return { ok: false, final: true, error: `unknown action type` };
    }
  }
}
