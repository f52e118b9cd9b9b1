import { InputError } from '@backstage/errors';
import { WEBHOOK_METHODS, type WebhookMethod } from '@maestro/plugin-maestro-common';
import type { SecretBox } from '../discovery/SecretBox';
import type { EgressPolicy } from '../egress';
import { FORBIDDEN_KEYS, shownName, textProblem } from '../input/forbiddenKeys';
import { compileTemplate } from './bodyTemplate';
import type { StoredWebhookTarget } from './types';
import { headerSealContext, signatureSealContext } from './webhookSecrets';

export { openWebhookTarget, redactWebhookTarget } from './webhookSecrets';

/** The signature header when none is named. */
export const DEFAULT_SIGNATURE_HEADER = 'X-Maestro-Signature-256';
/** Limits of a webhook definition (docs/jobs.md, "Limits"). */
export const WEBHOOK_LIMITS = {
  urlLength: 2048,
  headers: 20,
  headerNameLength: 256,
  headerValueLength: 4096,
  contentTypeLength: 256,
  secretMinLength: 8,
  secretMaxLength: 512,
  expectedStatuses: 20,
  timeoutSeconds: { min: 1, max: 60, default: 10 },
} as const;

/** How {@link readWebhookTarget} checks and seals a webhook. */
export interface WebhookInputOptions {
  /** Refuses URLs whose host is a literal address (or `localhost`) in a denied range. */
  policy: EgressPolicy;
  /** The roots the body template may use (`JOB_TEMPLATE_ROOTS`, `RULE_TEMPLATE_ROOTS`). */
  templateRoots: readonly string[];
  /** The webhook as stored before this update: secrets sent without a value keep its sealed values. */
  previous?: StoredWebhookTarget;
  /** Seals new secret values; without it, a new secret is refused. */
  box?: SecretBox;
  /** Binds the sealed values to their owner (`job:<id>:webhook`), so they do not open anywhere else. */
  sealContext: string;
}

const TOP_FIELDS = new Set([
  'method',
  'url',
  'headers',
  'bodyTemplate',
  'contentType',
  'signature',
  'expectedStatus',
  'timeoutSeconds',
]);
/** `hasValue` / `hasSecret` come back when a client sends an answer back as it was: accepted and ignored. */
const HEADER_FIELDS = new Set(['name', 'value', 'secret', 'hasValue']);
const SIGNATURE_FIELDS = new Set(['header', 'secret', 'hasSecret']);

/** An HTTP header name (RFC 9110 token). */
const TOKEN = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;
/** A media type with optional parameters (`application/json; charset=utf-8`). */
const MEDIA_TYPE =
  /^[!#$%&'*+.^_`|~0-9A-Za-z-]+\/[!#$%&'*+.^_`|~0-9A-Za-z-]+([ \t]*;[ \t]*[!#$%&'*+.^_`|~0-9A-Za-z-]+=("[ !#-[\]-~]*"|[!#$%&'*+.^_`|~0-9A-Za-z-]+))*$/;

/** Whether a header value holds a control character (a tab is allowed): CR and LF would split the request. */
function hasControlCharacter(value: string): boolean {
  for (let i = 0; i < value.length; i++) {
    const code = value.charCodeAt(i);
    if ((code < 0x20 && code !== 0x09) || code === 0x7f) return true;
  }
  return false;
}
/**
 * Headers the sender sets or the connection owns: a webhook may not set them. `Content-Type` comes from
 * `contentType`; `X-Maestro-*` are the delivery id, the event and the signature.
 */
const RESERVED_HEADERS = new Set([
  'host',
  'content-length',
  'content-type',
  'transfer-encoding',
  'connection',
  'keep-alive',
  'upgrade',
  'te',
  'trailer',
  'expect',
  'proxy-connection',
]);

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** Adds a problem for each unknown or forbidden field of `value`. */
function checkFields(value: Record<string, unknown>, allowed: ReadonlySet<string>, field: string, problems: string[]) {
  for (const key of Object.keys(value)) {
    if (FORBIDDEN_KEYS.has(key)) problems.push(`${field}.${key}: "${key}" is not allowed as a field name`);
    else if (!allowed.has(key)) problems.push(`${field}.${shownName(key)}: unknown field`);
  }
}

/** Why a header name may not be set by a webhook, if it may not. */
function headerNameProblem(name: string): string | undefined {
  if (!TOKEN.test(name)) return "must be an HTTP header name (letters, digits and !#$%&'*+.^_`|~-)";
  if (name.length > WEBHOOK_LIMITS.headerNameLength) {
    return `must be at most ${WEBHOOK_LIMITS.headerNameLength} characters`;
  }
  const lower = name.toLowerCase();
  if (lower === 'content-type') return 'Content-Type is set with contentType';
  if (RESERVED_HEADERS.has(lower)) return `${name} is set by the sender and cannot be changed`;
  if (lower.startsWith('x-maestro-')) return 'X-Maestro-* headers are set by the sender';
  return undefined;
}

/** A text field's problem (type, length, characters a database cannot store), or undefined. */
function textFieldProblem(value: unknown, max: number): string | undefined {
  if (typeof value !== 'string') return 'must be a string';
  if (value.length > max) return `must be at most ${max} characters`;
  return textProblem(value);
}

/**
 * Checks a webhook from a request body and returns it as stored, or throws one InputError listing every problem,
 * each starting with its field path (`job.webhook.url: …`): the method, an http(s) URL without credentials that the
 * egress policy does not refuse as a literal address, headers (HTTP names, no reserved or `X-Maestro-*` ones, values
 * without line breaks), the body template (compiled with `templateRoots`), the content type, the signature (header
 * and a secret of 8–512 characters), the expected statuses and the timeout; unknown fields are refused.
 *
 * Secrets (the values of headers marked `secret`, the signature secret) are sealed with `box`; one sent without a
 * value keeps the sealed value of `previous` (secret headers matched by name), so a client can send back what it was
 * answered. Nothing is sealed unless the whole webhook is valid.
 */
export function readWebhookTarget(value: unknown, field: string, options: WebhookInputOptions): StoredWebhookTarget {
  if (!isObject(value)) throw new InputError(`${field}: must be an object`);
  const problems: string[] = [];
  checkFields(value, TOP_FIELDS, field, problems);

  const method = readMethod(value.method, `${field}.method`, problems);
  const url = readUrl(value.url, `${field}.url`, options.policy, problems);
  const headers = readHeaders(value.headers, `${field}.headers`, options, problems);

  let bodyTemplate: string | undefined;
  if (value.bodyTemplate !== undefined && value.bodyTemplate !== null) {
    const problem = typeof value.bodyTemplate === 'string' ? textProblem(value.bodyTemplate) : 'must be a string';
    if (problem) problems.push(`${field}.bodyTemplate: ${problem}`);
    else if (method === 'GET') problems.push(`${field}.bodyTemplate: a GET request has no body (use POST or PUT)`);
    else {
      try {
        bodyTemplate = compileTemplate(value.bodyTemplate as string, {
          field: `${field}.bodyTemplate`,
          roots: options.templateRoots,
        }).text;
      } catch (error) {
        problems.push((error as Error).message);
      }
    }
  }

  let contentType: string | undefined;
  if (value.contentType !== undefined && value.contentType !== null) {
    const problem = textFieldProblem(value.contentType, WEBHOOK_LIMITS.contentTypeLength);
    if (problem) problems.push(`${field}.contentType: ${problem}`);
    else if (!MEDIA_TYPE.test(value.contentType as string)) {
      problems.push(`${field}.contentType: must be a media type such as application/json or text/plain; charset=utf-8`);
    } else contentType = value.contentType as string;
  }

  const signature = readSignature(value.signature, `${field}.signature`, options, problems);
  if (signature && headers.some(h => h.name.toLowerCase() === signature.header.toLowerCase())) {
    problems.push(`${field}.signature.header: ${signature.header} is also one of the headers`);
  }
  const expectedStatus = readExpectedStatus(value.expectedStatus, `${field}.expectedStatus`, problems);
  const timeoutSeconds = readTimeout(value.timeoutSeconds, `${field}.timeoutSeconds`, problems);

  if (problems.length > 0) throw new InputError(problems.join('; '));

  const stored: StoredWebhookTarget = {
    method: method!,
    url: url!,
    headers: headers.map(header => sealHeader(header, options)),
    timeoutSeconds,
  };
  if (bodyTemplate !== undefined) stored.bodyTemplate = bodyTemplate;
  if (contentType !== undefined) stored.contentType = contentType;
  if (signature) {
    stored.signature = {
      header: signature.header,
      sealed:
        signature.secret !== undefined
          ? options.box!.seal(signature.secret, signatureSealContext(options.sealContext))
          : signature.kept!,
    };
  }
  if (expectedStatus) stored.expectedStatus = expectedStatus;
  return stored;
}

function readMethod(value: unknown, field: string, problems: string[]): WebhookMethod | undefined {
  if (value === undefined || value === null || value === '') {
    problems.push(`${field}: is required (one of ${WEBHOOK_METHODS.join(', ')})`);
    return undefined;
  }
  if (typeof value !== 'string' || !(WEBHOOK_METHODS as readonly string[]).includes(value)) {
    problems.push(`${field}: must be one of ${WEBHOOK_METHODS.join(', ')}`);
    return undefined;
  }
  return value as WebhookMethod;
}

/** An http(s) URL without credentials, not refused by the egress policy; answered as the parser normalised it. */
function readUrl(value: unknown, field: string, policy: EgressPolicy, problems: string[]): string | undefined {
  if (value === undefined || value === null || value === '') {
    problems.push(`${field}: is required`);
    return undefined;
  }
  const problem = textFieldProblem(value, WEBHOOK_LIMITS.urlLength);
  if (problem) {
    problems.push(`${field}: ${problem}`);
    return undefined;
  }
  let url: URL;
  try {
    url = new URL(value as string);
  } catch {
    problems.push(`${field}: must be an http(s) URL such as https://hooks.example.com/maestro`);
    return undefined;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    problems.push(`${field}: must be an http(s) URL (got ${shownName(url.protocol, 16)})`);
    return undefined;
  }
  if (url.username || url.password) {
    problems.push(`${field}: must not contain credentials (user:password@): use a secret header instead`);
    return undefined;
  }
  if (url.href.length > WEBHOOK_LIMITS.urlLength) {
    problems.push(`${field}: must be at most ${WEBHOOK_LIMITS.urlLength} characters`);
    return undefined;
  }
  const refused = policy.literalProblem(url.href);
  if (refused) {
    problems.push(`${field}: ${refused}`);
    return undefined;
  }
  return url.href;
}

/** A header as read: a plain value, a new secret value, or a secret kept from the previous version. */
type HeaderInput = { name: string; value?: string; secret: boolean; kept?: string };

function readHeaders(value: unknown, field: string, options: WebhookInputOptions, problems: string[]): HeaderInput[] {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) {
    problems.push(`${field}: must be a list of { name, value, secret }`);
    return [];
  }
  if (value.length > WEBHOOK_LIMITS.headers) {
    problems.push(`${field}: at most ${WEBHOOK_LIMITS.headers} headers (got ${value.length})`);
    return [];
  }
  const headers: HeaderInput[] = [];
  const seen = new Set<string>();
  value.forEach((entry, i) => {
    const at = `${field}[${i}]`;
    if (!isObject(entry)) {
      problems.push(`${at}: must be an object { name, value, secret }`);
      return;
    }
    checkFields(entry, HEADER_FIELDS, at, problems);
    const name = entry.name;
    if (typeof name !== 'string' || name === '') {
      problems.push(`${at}.name: is required`);
      return;
    }
    const nameProblem = headerNameProblem(name);
    if (nameProblem) problems.push(`${at}.name: ${nameProblem}`);
    else if (seen.has(name.toLowerCase())) problems.push(`${at}.name: ${name} is already set by another header`);
    seen.add(name.toLowerCase());
    const secret = entry.secret ?? false;
    if (typeof secret !== 'boolean') problems.push(`${at}.secret: must be true or false`);
    let headerValue: string | undefined;
    if (entry.value !== undefined && entry.value !== null) {
      const problem =
        textFieldProblem(entry.value, WEBHOOK_LIMITS.headerValueLength) ??
        (hasControlCharacter(entry.value as string) ? 'must not contain line breaks or control characters' : undefined);
      if (problem) problems.push(`${at}.value: ${problem}`);
      else headerValue = entry.value as string;
    }
    const given = entry.value !== undefined && entry.value !== null;
    let kept: string | undefined;
    if (secret === true && given) {
      if (headerValue !== undefined && !options.box) {
        problems.push(`${at}.value: secrets need an encryption key (maestro.discovery.encryptionKeys)`);
      }
    } else if (secret === true) {
      kept = options.previous?.headers.find(
        h => h.secret && h.sealed && h.name.toLowerCase() === name.toLowerCase(),
      )?.sealed;
      if (!kept) problems.push(`${at}.value: is required (no value is stored for the secret header ${name})`);
    } else if (!given) {
      problems.push(`${at}.value: is required`);
    }
    headers.push({ name, value: headerValue, secret: secret === true, kept });
  });
  return headers;
}

function sealHeader(header: HeaderInput, options: WebhookInputOptions): StoredWebhookTarget['headers'][number] {
  if (!header.secret) return { name: header.name, value: header.value! };
  const sealed =
    header.value !== undefined
      ? options.box!.seal(header.value, headerSealContext(options.sealContext, header.name))
      : header.kept!;
  return { name: header.name, secret: true, sealed };
}

/** The signature as read: its header, and a new secret or the sealed one kept from the previous version. */
type SignatureInput = { header: string; secret?: string; kept?: string };

function readSignature(
  value: unknown,
  field: string,
  options: WebhookInputOptions,
  problems: string[],
): SignatureInput | undefined {
  if (value === undefined || value === null) return undefined;
  if (!isObject(value)) {
    problems.push(`${field}: must be an object { header, secret }`);
    return undefined;
  }
  checkFields(value, SIGNATURE_FIELDS, field, problems);
  let header = DEFAULT_SIGNATURE_HEADER;
  if (value.header !== undefined && value.header !== null && value.header !== '') {
    let problem: string | undefined = 'must be a string';
    if (typeof value.header === 'string') {
      const isDefault = value.header.toLowerCase() === DEFAULT_SIGNATURE_HEADER.toLowerCase();
      problem = isDefault ? undefined : headerNameProblem(value.header);
    }
    if (problem) problems.push(`${field}.header: ${problem}`);
    else header = value.header as string;
  }
  const secret = value.secret;
  if (secret === undefined || secret === null || secret === '') {
    const kept = options.previous?.signature?.sealed;
    if (!kept) problems.push(`${field}.secret: is required`);
    return { header, kept };
  }
  if (typeof secret !== 'string') problems.push(`${field}.secret: must be a string`);
  else if (secret.length < WEBHOOK_LIMITS.secretMinLength || secret.length > WEBHOOK_LIMITS.secretMaxLength) {
    problems.push(
      `${field}.secret: must be ${WEBHOOK_LIMITS.secretMinLength} to ${WEBHOOK_LIMITS.secretMaxLength} characters`,
    );
  } else if (textProblem(secret)) problems.push(`${field}.secret: ${textProblem(secret)}`);
  else if (!options.box)
    problems.push(`${field}.secret: secrets need an encryption key (maestro.discovery.encryptionKeys)`);
  else return { header, secret };
  return { header };
}

function readExpectedStatus(value: unknown, field: string, problems: string[]): number[] | undefined {
  if (value === undefined || value === null) return undefined;
  if (!Array.isArray(value)) {
    problems.push(`${field}: must be a list of HTTP status codes such as [200, 202]`);
    return undefined;
  }
  if (value.length > WEBHOOK_LIMITS.expectedStatuses) {
    problems.push(`${field}: at most ${WEBHOOK_LIMITS.expectedStatuses} codes (got ${value.length})`);
    return undefined;
  }
  const before = problems.length;
  value.forEach((code, i) => {
    if (!Number.isInteger(code) || code < 100 || code > 599) {
      problems.push(`${field}[${i}]: must be an HTTP status code from 100 to 599`);
    }
  });
  if (problems.length > before || value.length === 0) return undefined;
  return [...new Set(value as number[])];
}

function readTimeout(value: unknown, field: string, problems: string[]): number {
  const { min, max } = WEBHOOK_LIMITS.timeoutSeconds;
  if (value === undefined || value === null) return WEBHOOK_LIMITS.timeoutSeconds.default;
  if (!Number.isInteger(value) || (value as number) < min || (value as number) > max) {
    problems.push(`${field}: must be a whole number of seconds from ${min} to ${max}`);
    return WEBHOOK_LIMITS.timeoutSeconds.default;
  }
  return value as number;
}
