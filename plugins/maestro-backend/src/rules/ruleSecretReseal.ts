import type { Knex } from 'knex';
import type { SecretBox } from '../discovery/SecretBox';
import { resealWebhookColumn, type SecretResealCount } from '../webhooks/webhookReseal';
import { ruleActionSealContext } from './ports';

/**
 * Key rotation for event rules: re-seals with the first configured key the secrets of every webhook action (each
 * bound to its rule and the action's place, as when it was saved). Run by the discovery secrets' re-seal task
 * (`SecretReseal`), so one task moves every stored secret.
 */
export function resealRuleSecrets(db: Knex, box: SecretBox): Promise<SecretResealCount> {
  return resealWebhookColumn({
    db,
    box,
    table: 'maestro_rules',
    column: 'actions',
    label: 'rule',
    webhooksOf: (id, actions) =>
      (Array.isArray(actions) ? actions : []).flatMap((action: any, i: number) =>
        action?.type === 'webhook' && action.webhook?.url
          ? [
              {
                target: action.webhook,
                sealContext: ruleActionSealContext(id, i),
                replace: (next: any) => (actions[i] = { ...action, webhook: next }),
              },
            ]
          : [],
      ),
  });
}
