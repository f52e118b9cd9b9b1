import type { Config } from '@backstage/config';
import { SecretBox } from '../discovery/SecretBox';
import { EgressPolicy, type Resolver } from '../egress';
import {
  openWebhookTarget,
  readWebhookTarget,
  redactWebhookTarget,
  RULE_TEMPLATE_ROOTS,
  WebhookSender,
} from '../webhooks';
import type { RuleWebhooks } from './ports';

/**
 * The webhooks of event rules for this installation: one egress policy (`maestro.egress.allow`, the backend's own
 * address refused) checks a URL when a rule is saved and every connection when it is called; secrets are sealed
 * with the box of `maestro.discovery.encryptionKeys` (without a key, a secret is refused when saved); body
 * templates may use `rule`, `event` and `delivery`.
 */
export function ruleWebhooksFromConfig(config: Config, options: { resolve?: Resolver } = {}): RuleWebhooks {
  const policy = EgressPolicy.fromConfig(config, options);
  const box = SecretBox.fromConfig(config);
  return {
    read: (value, field, { previous, sealContext }) =>
      readWebhookTarget(value, field, { policy, templateRoots: RULE_TEMPLATE_ROOTS, previous, box, sealContext }),
    redact: redactWebhookTarget,
    open: (stored, sealContext) => openWebhookTarget(stored, box, sealContext),
    caller: new WebhookSender({ policy }),
  };
}
