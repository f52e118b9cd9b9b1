/**
 * The errors of the OpenStack client. Each carries a stable `code`; none ever contains the password or a token
 * (messages are built from the method, the URL without credentials, the status and the service's own message).
 */

/** Stable discriminant of every error the client throws. */
export type OpenStackErrorCode =
  | 'http'
  | 'auth'
  | 'timeout'
  | 'connection'
  | 'service-unavailable'
  | 'pagination-loop'
  | 'invalid-response'
  | 'redirect'
  | 'config';

/** What the discovery scheduler does with an error (see {@link classifyOpenStackError}). */
export type OpenStackErrorClass = 'denied' | 'throttled' | 'auth' | 'unavailable' | 'error';

/** Longest service message kept in an error (HTML error pages can be long). */
export const MAX_DETAIL_LENGTH = 300;

/** Base class of every error the client throws. */
export class OpenStackError extends Error {
  readonly code: OpenStackErrorCode;

  constructor(code: OpenStackErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
    this.code = code;
  }
}

/** What identifies a request in an error. */
export interface OpenStackRequestInfo {
  /** Catalog service type (`compute`, `network`, `identity`, …). */
  service: string;
  method: string;
  /** Without user info; OpenStack puts no secret in query strings. */
  url: string;
}

/** A service answered with a non-success status. */
export class OpenStackHttpError extends OpenStackError {
  readonly status: number;
  readonly service: string;
  readonly method: string;
  readonly url: string;
  /** The service's own message, extracted from its error body. */
  readonly detail?: string;
  /** `Retry-After`, in milliseconds, when the service sent one. */
  readonly retryAfterMs?: number;
  /** `X-OpenStack-Request-Id` (or `X-Compute-Request-Id`), for the operators' logs. */
  readonly requestId?: string;

  constructor(
    init: OpenStackRequestInfo & { status: number; detail?: string; retryAfterMs?: number; requestId?: string },
  ) {
    const url = safeUrl(init.url);
    super(
      'http',
      `${init.service} ${init.method} ${url} returned HTTP ${init.status}${init.detail ? `: ${init.detail}` : ''}`,
    );
    this.status = init.status;
    this.service = init.service;
    this.method = init.method;
    this.url = url;
    this.detail = init.detail;
    this.retryAfterMs = init.retryAfterMs;
    this.requestId = init.requestId;
  }
}

/** Keystone refused the credentials (HTTP 401 on `POST /v3/auth/tokens`). */
export class OpenStackAuthError extends OpenStackError {
  readonly authUrl: string;
  /** How the user was named (`name "x" in domain "Default"` or `id …`), never the password. */
  readonly user: string;
  readonly project?: string;
  readonly status?: number;

  constructor(init: { authUrl: string; user: string; project?: string; status?: number; detail?: string }) {
    const scope = init.project ? ` for project ${init.project}` : ' (unscoped)';
    super(
      'auth',
      `Keystone at ${safeUrl(init.authUrl)} rejected the credentials of user ${init.user}${scope}` +
        `${init.detail ? `: ${init.detail}` : ''}`,
    );
    this.authUrl = safeUrl(init.authUrl);
    this.user = init.user;
    this.project = init.project;
    this.status = init.status;
  }
}

/** A request did not complete within the client's timeout. */
export class OpenStackTimeoutError extends OpenStackError {
  readonly service: string;
  readonly method: string;
  readonly url: string;
  readonly timeoutMs: number;

  constructor(init: OpenStackRequestInfo & { timeoutMs: number }) {
    const url = safeUrl(init.url);
    super('timeout', `${init.service} ${init.method} ${url} timed out after ${init.timeoutMs} ms`);
    this.service = init.service;
    this.method = init.method;
    this.url = url;
    this.timeoutMs = init.timeoutMs;
  }
}

/** The request never got an answer: DNS, refused connection, TLS verification, reset. */
export class OpenStackConnectionError extends OpenStackError {
  readonly service: string;
  readonly method: string;
  readonly url: string;
  /** The system or TLS error code when there is one (`ECONNREFUSED`, `SELF_SIGNED_CERT_IN_CHAIN`, …). */
  readonly causeCode?: string;

  constructor(init: OpenStackRequestInfo & { cause: unknown }) {
    const url = safeUrl(init.url);
    const { code, message } = describeCause(init.cause);
    super('connection', `${init.service} ${init.method} ${url} failed: ${code ? `${code} ` : ''}${message}`, {
      cause: init.cause,
    });
    this.service = init.service;
    this.method = init.method;
    this.url = url;
    this.causeCode = code;
  }
}

/**
 * The catalog has no endpoint of this service type in this region (on the configured interface). Not a failure
 * of the crawl: the list is reported as "service not available".
 */
export class OpenStackServiceUnavailableError extends OpenStackError {
  readonly serviceType: string;
  readonly region: string;
  readonly interface: string;

  constructor(init: { serviceType: string; region: string; interface: string }) {
    super(
      'service-unavailable',
      `the service catalog has no ${init.interface} ${init.serviceType} endpoint in region ${init.region}`,
    );
    this.serviceType = init.serviceType;
    this.region = init.region;
    this.interface = init.interface;
  }
}

/** A paginated listing pointed back to a page it already read. */
export class OpenStackPaginationError extends OpenStackError {
  readonly url: string;

  constructor(url: string) {
    super('pagination-loop', `pagination repeats ${safeUrl(url)}: stopped to avoid an endless listing`);
    this.url = safeUrl(url);
  }
}

/**
 * A redirect the client refused to follow: to another origin (credentials and tokens only ever go to the origin they
 * were meant for), or one too many.
 */
export class OpenStackRedirectError extends OpenStackError {
  readonly service: string;
  readonly method: string;
  readonly url: string;
  /** The origin the server redirected to (scheme, host and port only). */
  readonly location?: string;

  constructor(init: OpenStackRequestInfo & { location?: string; reason: string }) {
    const url = safeUrl(init.url);
    super('redirect', `${init.service} ${init.method} ${url} ${init.reason}`);
    this.service = init.service;
    this.method = init.method;
    this.url = url;
    this.location = init.location;
  }
}

/** A success response whose body is not what the API documents. */
export class OpenStackResponseError extends OpenStackError {
  constructor(message: string) {
    super('invalid-response', message);
  }
}

/** The client's options are incomplete or contradictory. */
export class OpenStackConfigError extends OpenStackError {
  constructor(message: string) {
    super('config', message);
  }
}

/** True for every error the client throws. */
export function isOpenStackError(error: unknown): error is OpenStackError {
  return error instanceof OpenStackError;
}

/**
 * What an error means to the discovery scheduler: `denied` (403: the role lacks a policy), `throttled` (429, or
 * 413/503 with `Retry-After`, once the client's own retries are spent), `auth` (Keystone refused the credentials,
 * or a service still answered 401 after a fresh token), `unavailable` (no such service in the region), `error`
 * (anything else: timeouts, connection failures, 5xx …).
 */
export function classifyOpenStackError(error: unknown): OpenStackErrorClass {
  if (error instanceof OpenStackServiceUnavailableError) return 'unavailable';
  if (error instanceof OpenStackAuthError) return 'auth';
  if (error instanceof OpenStackHttpError) {
    if (error.status === 401) return 'auth';
    if (error.status === 403) return 'denied';
    if (error.status === 429) return 'throttled';
    if ((error.status === 413 || error.status === 503) && error.retryAfterMs !== undefined) return 'throttled';
  }
  return 'error';
}

/**
 * The human message of an OpenStack error body, whichever project wrote it:
 * Nova/Cinder `{"itemNotFound": {"code", "message"}}` (any single top-level key holding a `message`),
 * Keystone `{"error": {"code", "title", "message"}}`, Neutron `{"NeutronError": {"type", "message", "detail"}}`,
 * Octavia `{"faultcode", "faultstring"}`, Placement-style `{"errors": [{"title", "detail"}]}`, and plain text or
 * HTML (Glance, proxies), with the tags stripped in one pass. Undefined when empty. With `redact`, the text is passed
 * through it (raw body and message) before it is capped to a few hundred characters, so a cut never leaves part of
 * a secret.
 */
export function extractOpenStackMessage(body: string, redact: (text: string) => string = t => t): string | undefined {
  const text = redact(body).trim();
  if (!text) return undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    parsed = undefined;
  }
  const fromJson = parsed === undefined ? undefined : messageFromJson(parsed);
  if (fromJson !== undefined) return cap(redact(fromJson));
  if (parsed !== undefined && typeof parsed !== 'string') return undefined;
  return cap(redact(stripHtml(typeof parsed === 'string' ? parsed : text)));
}

/** The URL without user info (`https://user:pass@host` → `https://host`); unparseable input is returned as is. */
export function safeUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (!parsed.username && !parsed.password) return url;
    parsed.username = '';
    parsed.password = '';
    return parsed.toString();
  } catch {
    return url;
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function nonEmpty(value: unknown): string | undefined {
  return typeof value === 'string' && value.trim() ? value.trim() : undefined;
}

function messageFromJson(body: unknown): string | undefined {
  if (!isRecord(body)) return undefined;
  // Neutron: {"NeutronError": {"type": "NetworkNotFound", "message": "…", "detail": ""}}
  if (isRecord(body.NeutronError)) {
    return nonEmpty(body.NeutronError.message) ?? nonEmpty(body.NeutronError.type);
  }
  // Keystone: {"error": {"code": 401, "title": "Unauthorized", "message": "…"}}
  if (isRecord(body.error)) return nonEmpty(body.error.message) ?? nonEmpty(body.error.title);
  const plain = nonEmpty(body.error);
  if (plain) return plain;
  // Octavia (WSME): {"faultcode": "Client", "faultstring": "…", "debuginfo": null}
  const fault = nonEmpty(body.faultstring);
  if (fault) return fault;
  // Placement and newer APIs: {"errors": [{"status": 409, "title": "…", "detail": "…"}]}
  if (Array.isArray(body.errors) && isRecord(body.errors[0])) {
    return nonEmpty(body.errors[0].detail) ?? nonEmpty(body.errors[0].title);
  }
  const direct = nonEmpty(body.message);
  if (direct) return direct;
  // Nova / Cinder: {"itemNotFound": {"code": 404, "message": "…"}} (badRequest, forbidden, overLimit, …)
  const keys = Object.keys(body);
  if (keys.length === 1) {
    const inner = body[keys[0]];
    if (isRecord(inner)) return nonEmpty(inner.message) ?? nonEmpty(inner.explanation);
  }
  return undefined;
}

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: ' ' };

/** A named entity of {@link ENTITIES}, or a numeric one (`&#34;`, `&#x27;`) as its character. */
function decodeEntity(named: string | undefined, decimal: string | undefined, hex: string | undefined): string {
  if (named) return ENTITIES[named.toLowerCase()] ?? ' ';
  const code = decimal ? Number(decimal) : parseInt(hex!, 16);
  return code > 0 && code <= 0x10ffff && (code < 0xd800 || code > 0xdfff) ? String.fromCodePoint(code) : ' ';
}

/** Elements whose content is not text: dropped with their content. */
const SKIPPED_ELEMENTS = new Set(['head', 'script', 'style', 'title']);

/**
 * The text of an HTML (or plain text) body: tags replaced by spaces, `head`/`script`/`style`/`title` elements dropped
 * with their content, the common named entities and every numeric one decoded, whitespace collapsed. One left-to-right pass: each position is looked
 * at a bounded number of times (a search for an element's closing tag that found none is not repeated), so hostile
 * bodies (thousands of unclosed `<script>`) cost linear time.
 */
export function stripHtml(text: string): string {
  const lower = text.replace(/[A-Z]+/g, upper => upper.toLowerCase()); // same length, same indexes
  const parts: string[] = [];
  const unclosed = new Set<string>();
  let i = 0;
  while (i < text.length) {
    const open = text.indexOf('<', i);
    if (open === -1) break;
    const close = text.indexOf('>', open + 1);
    if (close === -1) break; // a lone '<': the rest is text
    parts.push(text.slice(i, open), ' ');
    i = close + 1;
    const name = /^[a-z]+/.exec(lower.slice(open + 1, Math.min(close, open + 8)))?.[0];
    if (!name || !SKIPPED_ELEMENTS.has(name) || unclosed.has(name) || text[close - 1] === '/') continue;
    const end = closingTagEnd(lower, name, i);
    if (end === -1) unclosed.add(name); // no closing tag: its content stays as text, like any unknown markup
    else i = end;
  }
  parts.push(text.slice(i));
  return parts
    .join('')
    .replace(/&(?:(amp|lt|gt|quot|apos|nbsp)|#(\d{1,7})|#x([0-9a-f]{1,6}));/gi, (_, named, decimal, hex) =>
      decodeEntity(named, decimal, hex),
    )
    .replace(/\s+/g, ' ')
    .trim();
}

/** The index after `</name>` (whitespace allowed before `>`) from `from` on, or -1. */
function closingTagEnd(lower: string, name: string, from: number): number {
  const marker = `</${name}`;
  for (let at = lower.indexOf(marker, from); at !== -1; at = lower.indexOf(marker, at + marker.length)) {
    let j = at + marker.length;
    while (j < lower.length && /\s/.test(lower[j])) j++;
    if (lower[j] === '>') return j + 1;
  }
  return -1;
}

function cap(text: string): string | undefined {
  const trimmed = text.trim();
  if (!trimmed) return undefined;
  if (trimmed.length <= MAX_DETAIL_LENGTH) return trimmed;
  let end = MAX_DETAIL_LENGTH - 1;
  if (/[\ud800-\udbff]/.test(trimmed[end - 1])) end--; // never half of a surrogate pair
  return `${trimmed.slice(0, end)}…`;
}

/**
 * The deepest useful code and message of a fetch failure (`TypeError: fetch failed` wraps the real cause). Duck-typed:
 * errors from Node's own fetch may come from another realm than this module's `Error`.
 */
function describeCause(cause: unknown): { code?: string; message: string } {
  let code: string | undefined;
  let message = isRecord(cause) && typeof cause.message === 'string' ? cause.message : String(cause);
  let current: unknown = cause;
  for (let depth = 0; depth < 5 && isRecord(current); depth++) {
    if (typeof current.code === 'string') code = current.code;
    if (typeof current.message === 'string' && current.message && current.message !== 'fetch failed') {
      message = current.message;
    }
    current = current.cause;
  }
  return { code, message };
}
