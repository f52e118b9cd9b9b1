import { createHmac } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import type { Config } from '@backstage/config';
import { fetch as undiciFetch, type Agent } from 'undici';
import { egressDispatcher, EgressPolicy, type Resolver } from '../egress';
import { compileTemplate } from './bodyTemplate';
import type { OpenedWebhookTarget, WebhookCaller, WebhookResult } from './types';
import { readCapped } from '../egress/readCapped';

/** `User-Agent` of every call. */
export const WEBHOOK_USER_AGENT = 'Maestro-for-Backstage';
/** How much of a response body (and of the request body) a log keeps, in bytes. */
export const WEBHOOK_LOG_BYTES = 4096;
/** Redirects followed (same origin only) before a call gives up. */
export const WEBHOOK_MAX_REDIRECTS = 3;

const REDIRECT_STATUSES = new Set([301, 302, 303, 307, 308]);
/** Content types whose body the log shows as text; others are logged as their size. */
const TEXT_TYPES = /^(text\/|application\/([\w.+-]*\+)?(json|xml|yaml|x-yaml|x-www-form-urlencoded|csv|javascript)\b)/i;
const SHOWN_SECRET = '***';

type CallOptions = Parameters<WebhookCaller['call']>[1];

/** One request on the wire (the first, or a hop after a redirect). */
interface Hop {
  method: string;
  url: string;
  body?: Buffer;
}

/**
 * Sends webhooks (the {@link WebhookCaller} of jobs and event rules) through undici's `fetch` with the egress
 * dispatcher, so every connection, redirects included, is checked after DNS resolution. Redirects are followed at
 * most {@link WEBHOOK_MAX_REDIRECTS} times and only within the URL's origin (secret headers never leave it); each
 * call has its timeout (combined with the caller's signal); the first 4 KB of the answer are kept and the rest is
 * never read. A call never throws: every failure (egress refused, timeout, connection error, unexpected status,
 * refused redirect, aborted) is a result with `ok: false` and an `error`. Secret header values are shown as `***`
 * in the exchange, and blanked out of the response body and errors if the server echoes them.
 */
export class WebhookSender implements WebhookCaller {
  readonly #dispatcher: Agent;

  /** The sender of this installation: the egress policy of `maestro.egress.allow` and the backend's own address. */
  static fromConfig(config: Config, options: { resolve?: Resolver } = {}): WebhookSender {
    return new WebhookSender({ policy: EgressPolicy.fromConfig(config, options) });
  }

  constructor(options: { policy: EgressPolicy }) {
    this.#dispatcher = egressDispatcher(options.policy);
  }

  async call(target: OpenedWebhookTarget, options: CallOptions): Promise<WebhookResult> {
    const started = performance.now();
    const secrets = secretValues(target);
    const finish = (result: Omit<WebhookResult, 'durationMs'>): WebhookResult => {
      const done: WebhookResult = { ...result, durationMs: Math.round(performance.now() - started) };
      if (done.responseBody !== undefined) done.responseBody = blankSecrets(done.responseBody, secrets);
      if (done.error !== undefined) done.error = blankSecrets(done.error, secrets);
      return done;
    };

    let body: Buffer | undefined;
    let contentType: string | undefined;
    let renderError: string | undefined;
    if (options.body) {
      body = options.body.data;
      contentType = options.body.contentType;
    } else if (target.bodyTemplate !== undefined) {
      contentType = target.contentType ?? 'application/json';
      try {
        const template = compileTemplate(target.bodyTemplate, {
          field: 'bodyTemplate',
          roots: Object.keys(options.context),
        });
        body = Buffer.from(template.render(options.context), 'utf8');
      } catch (error) {
        renderError = `body template: ${(error as Error).message}`;
      }
    }

    const first: Hop = { method: target.method, url: target.url, body };
    const request = {
      method: target.method,
      url: target.url,
      headers: loggedHeaders(requestHeaders(target, options, first, contentType)),
      ...(body ? { body: loggedBody(body, contentType) } : {}),
    };
    if (renderError) return finish({ request, ok: false, error: renderError });
    if (first.method === 'GET' && body) {
      return finish({ request, ok: false, error: 'a GET request cannot have a body' });
    }

    const timeout = AbortSignal.timeout(target.timeoutSeconds * 1000);
    const signal = options.signal ? AbortSignal.any([options.signal, timeout]) : timeout;
    const expected = target.expectedStatus?.length ? target.expectedStatus : undefined;
    let hop = first;
    let status: number | undefined;
    try {
      for (let redirects = 0; ; redirects++) {
        const response = await undiciFetch(hop.url, {
          method: hop.method,
          headers: requestHeaders(target, options, hop, contentType).map(h => [h.name, h.value] as [string, string]),
          body: hop.body,
          redirect: 'manual',
          signal,
          dispatcher: this.#dispatcher,
        });
        status = response.status;
        const location = response.headers.get('location');
        const followed = REDIRECT_STATUSES.has(status) && location !== null && !expected?.includes(status);
        if (!followed) {
          const read = await readCapped(response.body as ReadableStream<Uint8Array> | null, WEBHOOK_LOG_BYTES);
          const ok = expected ? expected.includes(status) : status >= 200 && status < 300;
          return finish({
            request,
            status,
            responseBody: read.text,
            ...(read.truncated ? { responseTruncated: true } : {}),
            ok,
            ...(ok ? {} : { error: `unexpected status ${status} (expected ${expected?.join(', ') ?? '2xx'})` }),
          });
        }
        await response.body?.cancel().catch(() => undefined);
        const next = redirectTarget(hop, location, status);
        if (typeof next === 'string') return finish({ request, status, ok: false, error: next });
        if (redirects >= WEBHOOK_MAX_REDIRECTS) {
          return finish({
            request,
            status,
            ok: false,
            error: `more than ${WEBHOOK_MAX_REDIRECTS} redirects: stopped at ${next.url}`,
          });
        }
        hop = next;
      }
    } catch (error) {
      let reason = failure(error);
      if (options.signal?.aborted) reason = `aborted: ${describe(options.signal.reason)}`;
      else if (timeout.aborted) reason = `timed out after ${target.timeoutSeconds} s`;
      return finish({ request, ...(status !== undefined ? { status } : {}), ok: false, error: reason });
    }
  }

  /** Releases the dispatcher's sockets. */
  async close(): Promise<void> {
    await this.#dispatcher.close();
  }
}

/**
 * The headers of one hop, in order: `Content-Type` (when there is a body), `User-Agent` (unless the webhook sets its
 * own), the caller's (`X-Maestro-Delivery`, `X-Maestro-Event`), the signature over the exact body bytes, then the
 * webhook's own.
 */
function requestHeaders(
  target: OpenedWebhookTarget,
  options: CallOptions,
  hop: Hop,
  contentType: string | undefined,
): Array<{ name: string; value: string; secret?: boolean }> {
  const headers: Array<{ name: string; value: string; secret?: boolean }> = [];
  if (hop.body && contentType) headers.push({ name: 'Content-Type', value: contentType });
  if (!target.headers.some(header => header.name.toLowerCase() === 'user-agent')) {
    headers.push({ name: 'User-Agent', value: WEBHOOK_USER_AGENT });
  }
  for (const [name, value] of Object.entries(options.headers ?? {})) headers.push({ name, value });
  if (target.signature) {
    headers.push({ name: target.signature.header, value: signBody(target.signature.secret, hop.body) });
  }
  for (const header of target.headers) {
    headers.push({ name: header.name, value: header.value, ...(header.secret ? { secret: true } : {}) });
  }
  return headers;
}

/** `sha256=<hex of HMAC-SHA256(secret, body bytes)>`; no body signs the empty string. */
export function signBody(secret: string, body: Buffer | undefined): string {
  return `sha256=${createHmac('sha256', secret)
    .update(body ?? Buffer.alloc(0))
    .digest('hex')}`;
}

/** The headers as a log shows them: secret values as `***` (the signature is shown: it reveals nothing). */
function loggedHeaders(headers: Array<{ name: string; value: string; secret?: boolean }>): Record<string, string> {
  const shown: Record<string, string> = {};
  for (const header of headers) shown[header.name] = header.secret ? SHOWN_SECRET : header.value;
  return shown;
}

/** The request body as a log keeps it: the first 4 KB of a text body, the size of a binary one. */
function loggedBody(body: Buffer, contentType: string | undefined): string {
  if (contentType && !TEXT_TYPES.test(contentType)) return `(${body.length} bytes of ${contentType})`;
  if (body.length <= WEBHOOK_LOG_BYTES) return body.toString('utf8');
  return `${new TextDecoder().decode(body.subarray(0, WEBHOOK_LOG_BYTES))}… (${body.length} bytes in all)`;
}

/**
 * The next hop of a redirect, or why it is not followed: another origin (secret headers and the signature stay
 * with the URL they were written for), or an unreadable location. 303, and 301/302 after a POST, continue as a GET
 * without body, as browsers do; 307 and 308 repeat the request.
 */
function redirectTarget(hop: Hop, location: string, status: number): Hop | string {
  let url: URL;
  try {
    url = new URL(location, hop.url);
  } catch {
    return `redirect to an unreadable location refused`;
  }
  const origin = new URL(hop.url).origin;
  if (url.origin !== origin) return `redirect to another origin refused: ${url.origin} (only ${origin} is followed)`;
  url.username = '';
  url.password = '';
  const toGet = status === 303 ? hop.method !== 'GET' : (status === 301 || status === 302) && hop.method === 'POST';
  return toGet ? { method: 'GET', url: url.href } : { ...hop, url: url.href };
}

/** The values to blank out of what a server answers (secret headers, the signature secret). */
function secretValues(target: OpenedWebhookTarget): string[] {
  const values = target.headers.filter(h => h.secret && h.value.length >= 4).map(h => h.value);
  if (target.signature) values.push(target.signature.secret);
  return values;
}

function blankSecrets(text: string, secrets: readonly string[]): string {
  return secrets.reduce((shown, secret) => shown.split(secret).join(SHOWN_SECRET), text);
}

/** An error from any realm (Node's own errors fail `instanceof Error` inside a test sandbox). */
type ErrorLike = { name?: unknown; message?: unknown; code?: unknown; cause?: unknown; errors?: unknown };
const errorLike = (value: unknown): value is ErrorLike => typeof value === 'object' && value !== null;

/** Why a request failed without an answer: the egress policy's refusal, or the connection's error. */
function failure(error: unknown): string {
  let deepest = error;
  for (let current = error, depth = 0; errorLike(current) && depth < 8; current = current.cause, depth++) {
    if (current.name === 'EgressDeniedError') {
      const message = String(current.message);
      return message.startsWith('egress denied:') ? message : `egress denied: ${message}`;
    }
    deepest = current;
  }
  return `request failed: ${describe(deepest)}`;
}

/** An error as one line: its code and message (the first of an AggregateError's errors when it has no message). */
function describe(reason: unknown): string {
  if (!errorLike(reason)) return String(reason);
  const first = Array.isArray(reason.errors) ? reason.errors[0] : undefined;
  if (!reason.message && first) return describe(first);
  const message = String(reason.message || reason.name || 'unknown error');
  const code = typeof reason.code === 'string' ? reason.code : undefined;
  return code && !message.includes(code) ? `${code} ${message}` : message;
}
