export { WebhookFields, JOB_TEMPLATE_ROOTS, RULE_TEMPLATE_ROOTS } from './WebhookFields';
export type { TemplateRoot } from './WebhookFields';
export { WebhookExchangeView } from './WebhookExchangeView';
export { WebhookExchangeRow } from './WebhookExchangeRow';
export * from './webhookDraft';
