import type { WebhookTarget } from '@maestro/plugin-maestro-common';
import type { OpenedWebhookTarget, StoredWebhookTarget, WebhookCaller } from '../webhooks/types';

/**
 * What event rules need of user-defined jobs: start a run of a job (the "start a job" action) and know whether a
 * job exists (checked when a rule is saved). The jobs feature implements it (`src/jobs`, exported there under the
 * same name); the plugin wires the two together, and without it a rule's job action fails at delivery.
 */
export interface JobStarter {
  startRun(jobId: string, options: { trigger: 'rule'; startedBy: string }): Promise<unknown>;
  exists(jobId: string): Promise<boolean>;
}

/**
 * What event rules need of the webhooks module, bound to the egress policy and the secret box of this backend:
 * read a webhook from a rule's input (validated, secrets sealed with `sealContext`, the previous version's secrets
 * kept when not sent again), answer it without its secrets, open its secrets for one call, and send it.
 */
export interface RuleWebhooks {
  read(
    value: unknown,
    field: string,
    options: { previous?: StoredWebhookTarget; sealContext: string },
  ): StoredWebhookTarget;
  redact(stored: StoredWebhookTarget): WebhookTarget;
  open(stored: StoredWebhookTarget, sealContext: string): OpenedWebhookTarget;
  caller: WebhookCaller;
}

/** The sealing context of the secrets of a rule's webhook action: bound to the rule and the action's place. */
export function ruleActionSealContext(ruleId: string, actionIndex: number): string {
  return `rule:${ruleId}:actions[${actionIndex}]`;
}
