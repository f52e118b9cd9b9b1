import type { WebhookExchange, WebhookHeader, WebhookMethod } from '@maestro/plugin-maestro-common';

/**
 * A webhook as stored: secret header values and the signature secret sealed (SecretBox, bound to `sealContext`),
 * never answered. What a job's or a rule's row keeps (as JSON) for each webhook it calls.
 */
export interface StoredWebhookTarget {
  method: WebhookMethod;
  url: string;
  /** Plain headers keep `value`; secret ones keep `sealed` instead. */
  headers: Array<{ name: string; value?: string; secret?: boolean; sealed?: string }>;
  bodyTemplate?: string;
  contentType?: string;
  signature?: { header: string; sealed: string };
  expectedStatus?: number[];
  timeoutSeconds: number;
}

/** A webhook ready to send: secrets opened (in memory only, for one call). */
export interface OpenedWebhookTarget {
  method: WebhookMethod;
  url: string;
  headers: Array<Required<Pick<WebhookHeader, 'name' | 'value'>> & { secret?: boolean }>;
  bodyTemplate?: string;
  contentType?: string;
  signature?: { header: string; secret: string };
  expectedStatus?: number[];
  timeoutSeconds: number;
}

/** The outcome of one call: the exchange for the log, and whether it counts as a success. */
export interface WebhookResult extends WebhookExchange {
  ok: boolean;
}

/**
 * Sends webhooks through the egress policy: renders the body template with `context`, signs it, calls the URL
 * (same-origin redirects only, each one checked), keeps the first 4 KB of the answer.
 */
export interface WebhookCaller {
  call(
    target: OpenedWebhookTarget,
    options: {
      /** What the body template sees (`job`, `run`, `now`; or `rule`, `event`, `delivery`). */
      context: Record<string, unknown>;
      /** Extra headers, e.g. `X-Maestro-Delivery` (the idempotency key) and `X-Maestro-Event`. */
      headers?: Record<string, string>;
      /** A body given as bytes instead of the template (a report job delivering its export file). */
      body?: { data: Buffer; contentType: string };
      signal?: AbortSignal;
    },
  ): Promise<WebhookResult>;
}
