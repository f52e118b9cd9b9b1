import type { Knex } from 'knex';
import type { SecretBox } from '../discovery/SecretBox';
import { resealWebhookColumn, type SecretResealCount } from '../webhooks/webhookReseal';
import { deliverySealContext } from './runners/ReportJobRunner';
import { webhookSealContext } from './runners/WebhookJobRunner';

/**
 * Key rotation for jobs: re-seals with the first configured key the secrets of every webhook job and of every report
 * job delivering to a webhook (each bound to its job, as when it was saved). Run by the discovery secrets' re-seal
 * task (`SecretReseal`), so one task moves every stored secret.
 */
export function resealJobSecrets(db: Knex, box: SecretBox): Promise<SecretResealCount> {
  return resealWebhookColumn({
    db,
    box,
    table: 'maestro_jobs',
    column: 'config',
    label: 'job',
    webhooksOf: (id, config) => {
      const found = [];
      if (config?.webhook?.url) {
        found.push({
          target: config.webhook,
          sealContext: webhookSealContext(id),
          replace: (next: any) => (config.webhook = next),
        });
      }
      if (config?.delivery?.type === 'webhook' && config.delivery.webhook?.url) {
        found.push({
          target: config.delivery.webhook,
          sealContext: deliverySealContext(id),
          replace: (next: any) => (config.delivery.webhook = next),
        });
      }
      return found;
    },
  });
}
