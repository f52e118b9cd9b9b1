export {
  compileTemplate,
  JOB_TEMPLATE_ROOTS,
  MAX_RENDERED_BYTES,
  MAX_TEMPLATE_BYTES,
  RULE_TEMPLATE_ROOTS,
  TemplateRenderError,
} from './bodyTemplate';
export type { CompiledTemplate, TemplateOptions } from './bodyTemplate';
export { DEFAULT_SIGNATURE_HEADER, readWebhookTarget, WEBHOOK_LIMITS } from './webhookInput';
export { openWebhookTarget, redactWebhookTarget } from './webhookSecrets';
export type { WebhookInputOptions } from './webhookInput';
export { signBody, WEBHOOK_LOG_BYTES, WEBHOOK_MAX_REDIRECTS, WEBHOOK_USER_AGENT, WebhookSender } from './WebhookSender';
export type { OpenedWebhookTarget, StoredWebhookTarget, WebhookCaller, WebhookResult } from './types';
