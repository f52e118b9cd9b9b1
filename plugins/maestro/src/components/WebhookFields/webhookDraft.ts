import type { WebhookHeader, WebhookMethod, WebhookTarget } from '@maestro/plugin-maestro-common';

/** The header the signature goes in unless another is named. */
export const DEFAULT_SIGNATURE_HEADER = 'X-Maestro-Signature-256';

/**
 * A request header as the form edits it. `stored`: a secret header whose value the backend keeps (it never answers
 * it); left empty, the stored value is kept.
 */
export interface HeaderDraft {
  name: string;
  value: string;
  secret: boolean;
  stored: boolean;
}

/**
 * A webhook as the form edits it: texts as typed (numbers too, so that the backend names a bad one), the signature
 * switched on or off, and whether secrets are stored (their values are write-only: never shown, never sent back).
 */
export interface WebhookDraft {
  method: WebhookMethod;
  url: string;
  headers: HeaderDraft[];
  bodyTemplate: string;
  contentType: string;
  signed: boolean;
  signatureHeader: string;
  /** A new signing secret; empty keeps the stored one. */
  signatureSecret: string;
  secretStored: boolean;
  /** Status codes separated by commas; empty: any 2xx. */
  expectedStatus: string;
  /** Empty: the backend's default (10 s). */
  timeoutSeconds: string;
}

/** A new webhook: POST, no headers, no signature, any 2xx, the default timeout. */
export function newWebhookDraft(): WebhookDraft {
  return {
    method: 'POST',
    url: '',
    headers: [],
    bodyTemplate: '',
    contentType: '',
    signed: false,
    signatureHeader: DEFAULT_SIGNATURE_HEADER,
    signatureSecret: '',
    secretStored: false,
    expectedStatus: '',
    timeoutSeconds: '',
  };
}

/** A new header row. */
export const newHeaderDraft = (): HeaderDraft => ({ name: '', value: '', secret: false, stored: false });

/** A saved webhook as the form edits it; secret values are not in the answer, only that they are stored. */
export function webhookDraftOf(target: WebhookTarget): WebhookDraft {
  return {
    method: target.method,
    url: target.url,
    headers: (target.headers ?? []).map(h => ({
      name: h.name,
      value: h.secret ? '' : h.value ?? '',
      secret: !!h.secret,
      stored: !!h.secret && !!h.hasValue,
    })),
    bodyTemplate: target.bodyTemplate ?? '',
    contentType: target.contentType ?? '',
    signed: !!target.signature,
    signatureHeader: target.signature?.header ?? DEFAULT_SIGNATURE_HEADER,
    signatureSecret: '',
    secretStored: !!target.signature?.hasSecret,
    expectedStatus: (target.expectedStatus ?? []).join(', '),
    timeoutSeconds: target.timeoutSeconds === undefined ? '' : String(target.timeoutSeconds),
  };
}

/** A whole number as typed, or the text itself when it is not one (the backend then names the field in its 400). */
export const integerOrText = (text: string): number => {
  const trimmed = text.trim();
  return (/^-?\d+$/.test(trimmed) ? Number(trimmed) : trimmed) as number;
};

/**
 * The webhook the backend reads from a draft. A secret header or signing secret left empty is sent without a value,
 * which keeps the stored one: a stored secret never travels back.
 */
export function webhookTargetOf(draft: WebhookDraft): WebhookTarget {
  const target: WebhookTarget = { method: draft.method, url: draft.url.trim() };
  const headers: WebhookHeader[] = draft.headers
    .filter(h => h.name.trim() || h.value)
    .map(h => {
      if (!h.secret) return { name: h.name.trim(), value: h.value };
      return h.value ? { name: h.name.trim(), value: h.value, secret: true } : { name: h.name.trim(), secret: true };
    });
  if (headers.length) target.headers = headers;
  if (draft.bodyTemplate) target.bodyTemplate = draft.bodyTemplate;
  if (draft.contentType.trim()) target.contentType = draft.contentType.trim();
  if (draft.signed) {
    target.signature = { header: draft.signatureHeader.trim() || DEFAULT_SIGNATURE_HEADER };
    if (draft.signatureSecret) target.signature.secret = draft.signatureSecret;
  }
  const codes = draft.expectedStatus
    .split(',')
    .map(code => code.trim())
    .filter(Boolean);
  if (codes.length) target.expectedStatus = codes.map(integerOrText);
  if (draft.timeoutSeconds.trim()) target.timeoutSeconds = integerOrText(draft.timeoutSeconds);
  return target;
}

/**
 * A saved webhook sent back unchanged (an enable switch re-saves a whole job or rule): its answer-only fields
 * dropped, its secrets left out so that the stored ones are kept.
 */
export const webhookInputOf = (target: WebhookTarget): WebhookTarget => webhookTargetOf(webhookDraftOf(target));

/** The fields of a webhook the form shows, under `prefix` (`config.webhook`), for sorting a 400's problems. */
export function webhookFieldPaths(prefix: string, draft: WebhookDraft): string[] {
  const fields = ['method', 'url', 'headers', 'bodyTemplate', 'contentType', 'expectedStatus', 'timeoutSeconds'];
  if (draft.signed) fields.push('signature');
  return [...fields.map(field => `${prefix}.${field}`), ...draft.headers.map((_, i) => `${prefix}.headers[${i}]`)];
}

/** A webhook in a line: "POST https://hooks.example.com/deploy". */
export const webhookSummary = (target: Pick<WebhookTarget, 'method' | 'url'>) => `${target.method} ${target.url}`;
