import type { SecretBox } from '../discovery/SecretBox';
import type { EgressPolicy } from '../egress';
import { openWebhookTarget, readWebhookTarget, redactWebhookTarget, RULE_TEMPLATE_ROOTS } from '../webhooks';
import type { WebhookCaller } from '../webhooks/types';
import type { RuleWebhooks } from './ports';

/**
 * The webhooks of event rules over the parts the plugin shares with jobs: the egress policy checks a URL when a
 * rule is saved (and the caller's connections on every call), secrets are sealed with the box (without one, a
 * secret is refused when saved); body templates may use `rule`, `event` and `delivery`.
 */
export function ruleWebhooks(parts: { policy: EgressPolicy; box?: SecretBox; caller: WebhookCaller }): RuleWebhooks {
  const { policy, box, caller } = parts;
  return {
    read: (value, field, { previous, sealContext }) =>
      readWebhookTarget(value, field, { policy, templateRoots: RULE_TEMPLATE_ROOTS, previous, box, sealContext }),
    redact: redactWebhookTarget,
    open: (stored, sealContext) => openWebhookTarget(stored, box, sealContext),
    caller,
  };
}
