/**
 * Outbound webhooks on the wire: what a job or an event rule calls, and what its log keeps of each call. Shared by
 * the backend (which validates, seals the secrets, renders, signs and sends) and the jobs pages (which edit them).
 */

/** HTTP methods a webhook may use. @public */
export const WEBHOOK_METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'] as const;
/** @public */
export type WebhookMethod = (typeof WEBHOOK_METHODS)[number];

/**
 * One request header of a webhook. A header marked `secret` has its value sealed at rest and never answered: the
 * API returns `{ name, secret: true, hasValue: true }`; sending it back without `value` keeps the stored one.
 * @public
 */
export interface WebhookHeader {
  name: string;
  value?: string;
  secret?: boolean;
  /** Answers only: a secret header has a stored value. */
  hasValue?: boolean;
}

/**
 * The HMAC-SHA256 signature of a webhook's body: the header (default `X-Maestro-Signature-256`) carries
 * `sha256=<hex of HMAC-SHA256(secret, body bytes)>`. The secret is write-only, like secret headers: answers carry
 * `hasSecret: true`, and an update without `secret` keeps the stored one.
 * @public
 */
export interface WebhookSignature {
  header?: string;
  secret?: string;
  /** Answers only: a secret is stored. */
  hasSecret?: boolean;
}

/**
 * A webhook call: method, URL, headers, a body template rendered with the caller's context (`{{ job.name }}`,
 * `{{ event.record | json }}`: see docs/jobs.md), an optional signature, the status that counts as success and a
 * timeout. The URL passes the egress policy (`maestro.egress.allow`) when saved and again on every call.
 * @public
 */
export interface WebhookTarget {
  method: WebhookMethod;
  url: string;
  headers?: WebhookHeader[];
  /** The body, a template; none for GET and DELETE unless given. */
  bodyTemplate?: string;
  /** `Content-Type` of the body (default `application/json`). */
  contentType?: string;
  signature?: WebhookSignature;
  /** Statuses that count as success: exact codes (default: any 2xx). */
  expectedStatus?: number[];
  /** Seconds before the call is abandoned (1–60, default 10). */
  timeoutSeconds?: number;
}

/** What a log keeps of one webhook call (secret header values shown as `***`). @public */
export interface WebhookExchange {
  request: { method: string; url: string; headers: Record<string, string>; body?: string };
  /** The response status; absent when no response came (refused by the egress policy, timeout, connection error). */
  status?: number;
  /** The first 4 KB of the response body, as text. */
  responseBody?: string;
  /** Whether the body was longer than what is kept. */
  responseTruncated?: boolean;
  durationMs: number;
  /** Why the call did not succeed: no response, an unexpected status, a refused redirect. */
  error?: string;
}
