import { fetch as undiciFetch, type Agent } from 'undici';
import { egressDispatcher, type EgressPolicy } from '../../../egress';
import {
  OpenStackConnectionError,
  OpenStackHttpError,
  OpenStackRedirectError,
  OpenStackResponseError,
  OpenStackTimeoutError,
  extractOpenStackMessage,
} from './errors';
import { redactSecrets } from './redact';
import { readCapped } from '../../../egress/readCapped';

/** How requests are sent: where they may go, TLS trust, timeout, retries of throttled calls, body limits. */
export interface TransportOptions {
  /** Every connection (Keystone, catalog endpoints, next links, redirects) is checked by it after DNS resolution. */
  egress: EgressPolicy;
  /** PEM text of the CA certificates to trust instead of the system store (private clouds). */
  caBundle?: string;
  /** Skip TLS verification. Only when explicitly configured; never the default. */
  insecure?: boolean;
  /** Per request (each attempt, body included); default 30 s. */
  timeoutMs?: number;
  /** Retries of a 429/503 that carries `Retry-After`; default 3. */
  maxRetries?: number;
  /** First backoff delay, doubled on each retry; default 1 s. */
  retryBaseDelayMs?: number;
  /** Longest wait between retries; a `Retry-After` beyond it is not waited for (the error is thrown). Default 30 s. */
  maxRetryDelayMs?: number;
  /** Largest success body read, in bytes: a larger one fails the request. Default 32 MiB. */
  maxResponseBytes?: number;
  /** Largest part of an error (or redirect) body read, in bytes; the rest is not read. Default 64 KiB. */
  maxErrorBytes?: number;
  /** Values to blank out of every message (password, tokens). */
  secrets?: () => Iterable<string | undefined>;
}

/** One HTTP request. */
export interface TransportRequest {
  /** Catalog service type, for errors. */
  service: string;
  method: 'GET' | 'POST';
  url: string;
  headers?: Record<string, string>;
  body?: string;
  signal?: AbortSignal;
}

/** A response, read completely (or, for an error body, up to the limit: then `truncated`). */
export interface TransportResponse {
  status: number;
  headers: Headers;
  text: string;
  truncated: boolean;
}

const DEFAULT_TIMEOUT_MS = 30_000;
const DEFAULT_MAX_RETRIES = 3;
const DEFAULT_RETRY_BASE_MS = 1_000;
const DEFAULT_MAX_RETRY_DELAY_MS = 30_000;
export const DEFAULT_MAX_RESPONSE_BYTES = 32 * 2 ** 20;
export const DEFAULT_MAX_ERROR_BYTES = 64 * 2 ** 10;
const REDIRECT_STATUSES = new Set([301, 302, 303, 307, 308]);
const MAX_REDIRECTS = 5;

/**
 * Sends requests through undici's `fetch` with a dispatcher that checks every connection against the egress policy
 * (after DNS resolution) and carries the connection's TLS settings. Redirects are followed only within the
 * request's origin (the password and tokens never leave it) and re-checked; bodies are read as streams up to a
 * limit; each attempt has a timeout (combined with the caller's signal); throttled responses that say when to come
 * back are retried; transport failures become typed errors.
 */
export class HttpTransport {
  readonly #dispatcher: Agent;
  readonly #timeoutMs: number;
  readonly #maxRetries: number;
  readonly #retryBaseMs: number;
  readonly #maxRetryDelayMs: number;
  readonly #maxResponseBytes: number;
  readonly #maxErrorBytes: number;
  readonly #secrets: () => Iterable<string | undefined>;

  constructor(options: TransportOptions) {
    this.#dispatcher = egressDispatcher(options.egress, {
      ...(options.caBundle ? { ca: options.caBundle } : {}),
      rejectUnauthorized: !options.insecure,
    });
    this.#timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    this.#maxRetries = options.maxRetries ?? DEFAULT_MAX_RETRIES;
    this.#retryBaseMs = options.retryBaseDelayMs ?? DEFAULT_RETRY_BASE_MS;
    this.#maxRetryDelayMs = options.maxRetryDelayMs ?? DEFAULT_MAX_RETRY_DELAY_MS;
    this.#maxResponseBytes = options.maxResponseBytes ?? DEFAULT_MAX_RESPONSE_BYTES;
    this.#maxErrorBytes = options.maxErrorBytes ?? DEFAULT_MAX_ERROR_BYTES;
    this.#secrets = options.secrets ?? (() => []);
  }

  /** Sends the request; any status is returned (after the throttling retries), only transport failures throw. */
  async send(request: TransportRequest): Promise<TransportResponse> {
    for (let attempt = 0; ; attempt++) {
      const response = await this.#exchange(request);
      const delay = this.#retryDelay(response, attempt);
      if (delay === undefined) return response;
      await sleep(delay, request.signal);
    }
  }

  /** A typed error for a non-success response (the service's message extracted, secrets blanked, then capped). */
  httpError(request: TransportRequest, response: TransportResponse): OpenStackHttpError {
    const detail = extractOpenStackMessage(response.text, text => this.redact(text, { truncated: response.truncated }));
    return new OpenStackHttpError({
      service: request.service,
      method: request.method,
      url: this.redact(request.url),
      status: response.status,
      detail,
      retryAfterMs: parseRetryAfter(response.headers.get('retry-after')),
      requestId:
        response.headers.get('x-openstack-request-id') ?? response.headers.get('x-compute-request-id') ?? undefined,
    });
  }

  /** The text with the configured secrets blanked out, in every encoding they could come back in. */
  redact(text: string, options: { truncated?: boolean } = {}): string {
    return redactSecrets(text, this.#secrets(), options);
  }

  /** Releases the dispatcher's sockets. */
  async close(): Promise<void> {
    await this.#dispatcher.close();
  }

  /** One request, following redirects within its origin only. */
  async #exchange(request: TransportRequest): Promise<TransportResponse> {
    let current = request;
    for (let hops = 0; ; hops++) {
      const response = await this.#attempt(current);
      const location = REDIRECT_STATUSES.has(response.status) ? response.headers.get('location') : null;
      if (!location) return response;
      const info = { service: current.service, method: current.method, url: this.redact(current.url) };
      const from = new URL(current.url).origin;
      let target: URL;
      try {
        target = new URL(location, current.url);
      } catch {
        throw new OpenStackRedirectError({ ...info, reason: 'was redirected to an unreadable location: refused' });
      }
      if (target.origin !== from) {
        throw new OpenStackRedirectError({
          ...info,
          location: target.origin,
          reason: `was redirected to another origin (${target.origin}): refused, credentials and tokens are only sent to ${from}`,
        });
      }
      if (hops >= MAX_REDIRECTS) {
        throw new OpenStackRedirectError({
          ...info,
          reason: `was redirected more than ${MAX_REDIRECTS} times: stopped`,
        });
      }
      target.username = '';
      target.password = '';
      // 307/308 repeat the request as it was; 301/302/303 turn a POST into a GET without body (as browsers do)
      const same = response.status === 307 || response.status === 308 || current.method === 'GET';
      current = { ...current, url: target.toString(), ...(same ? {} : { method: 'GET', body: undefined }) };
    }
  }

  async #attempt(request: TransportRequest): Promise<TransportResponse> {
    request.signal?.throwIfAborted();
    const timeout = AbortSignal.timeout(this.#timeoutMs);
    const signal = request.signal ? AbortSignal.any([request.signal, timeout]) : timeout;
    const info = { service: request.service, method: request.method, url: this.redact(request.url) };
    let response: TransportResponse;
    try {
      const answer = await undiciFetch(request.url, {
        method: request.method,
        headers: { Accept: 'application/json', ...request.headers },
        body: request.body,
        signal,
        redirect: 'manual',
        dispatcher: this.#dispatcher,
      });
      const success = answer.status >= 200 && answer.status < 300;
      const limit = success ? this.#maxResponseBytes : this.#maxErrorBytes;
      const declared = Number(answer.headers.get('content-length') ?? NaN);
      let read: { text: string; truncated: boolean };
      if (success && declared > limit) {
        await answer.body?.cancel().catch(() => undefined); // announced too large: not read at all
        read = { text: '', truncated: true };
      } else {
        read = await readCapped(answer.body as ReadableStream<Uint8Array> | null, limit);
      }
      response = { status: answer.status, headers: answer.headers as unknown as Headers, ...read };
    } catch (error) {
      if (request.signal?.aborted) throw request.signal.reason;
      if (timeout.aborted) throw new OpenStackTimeoutError({ ...info, timeoutMs: this.#timeoutMs });
      throw new OpenStackConnectionError({ ...info, cause: error });
    }
    if (response.truncated && response.status >= 200 && response.status < 300) {
      throw new OpenStackResponseError(
        `${info.service} ${info.method} ${info.url} answered more than ${this.#maxResponseBytes} bytes: not read ` +
          '(raise maestro.discovery.openstack.maxResponseBytes, or lower maestro.discovery.openstack.pageSize)',
      );
    }
    return response;
  }

  /** How long to wait before retrying, or undefined when the response is final. */
  #retryDelay(response: TransportResponse, attempt: number): number | undefined {
    if (response.status !== 429 && response.status !== 503) return undefined;
    if (attempt >= this.#maxRetries) return undefined;
    const retryAfter = parseRetryAfter(response.headers.get('retry-after'));
    if (retryAfter === undefined || retryAfter > this.#maxRetryDelayMs) return undefined;
    const backoff = this.#retryBaseMs * 2 ** attempt;
    return Math.min(Math.max(retryAfter, backoff), this.#maxRetryDelayMs);
  }
}

/** `Retry-After` in milliseconds: delta-seconds or an HTTP date; undefined when absent or unparseable. */
export function parseRetryAfter(value: string | null, now: number = Date.now()): number | undefined {
  if (value === null || value.trim() === '') return undefined;
  const trimmed = value.trim();
  if (/^\d+(\.\d+)?$/.test(trimmed)) return Math.round(Number(trimmed) * 1000);
  const date = Date.parse(trimmed);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

/** Waits, or rejects with the signal's reason as soon as it aborts. */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) {
      reject(signal.reason);
      return;
    }
    let timer: ReturnType<typeof setTimeout> | undefined = undefined;
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal?.reason);
    };
    timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

/** Waits for the promise, or rejects with the signal's reason as soon as it aborts (the promise keeps running). */
export function abortable<T>(promise: Promise<T>, signal?: AbortSignal): Promise<T> {
  if (!signal) return promise;
  if (signal.aborted) return Promise.reject(signal.reason);
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(signal.reason);
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(
      value => {
        signal.removeEventListener('abort', onAbort);
        resolve(value);
      },
      error => {
        signal.removeEventListener('abort', onAbort);
        reject(error);
      },
    );
  });
}
