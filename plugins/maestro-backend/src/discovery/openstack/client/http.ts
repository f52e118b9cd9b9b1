import { Agent, fetch as undiciFetch } from 'undici';
import {
  OpenStackConnectionError,
  OpenStackHttpError,
  OpenStackTimeoutError,
  extractOpenStackMessage,
  redactSecrets,
} from './errors';

/** The `fetch` the client calls (the global one unless a test or a proxy-aware wrapper is injected). */
export type FetchFn = typeof fetch;

/** How requests are sent: TLS trust, timeout, retries of throttled calls. */
export interface TransportOptions {
  fetch?: FetchFn;
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

/** A response, read completely. */
export interface TransportResponse {
  status: number;
  headers: Headers;
  text: string;
}

const DEFAULT_TIMEOUT_MS = 30_000;
const DEFAULT_MAX_RETRIES = 3;
const DEFAULT_RETRY_BASE_MS = 1_000;
const DEFAULT_MAX_RETRY_DELAY_MS = 30_000;

/**
 * Sends requests with a per-attempt timeout (combined with the caller's signal), retries throttled responses that
 * say when to come back, and turns transport failures into typed errors. A custom CA bundle or `insecure` is
 * implemented with an undici `Agent` passed as `dispatcher`; without them the plain global `fetch` is used.
 */
export class HttpTransport {
  readonly #fetch: FetchFn;
  readonly #dispatcher?: Agent;
  readonly #timeoutMs: number;
  readonly #maxRetries: number;
  readonly #retryBaseMs: number;
  readonly #maxRetryDelayMs: number;
  readonly #secrets: () => Iterable<string | undefined>;

  constructor(options: TransportOptions = {}) {
    if (options.caBundle || options.insecure) {
      this.#dispatcher = new Agent({
        connect: {
          ...(options.caBundle ? { ca: options.caBundle } : {}),
          rejectUnauthorized: !options.insecure,
        },
      });
    }
    // undici's own fetch with its own Agent: Node's built-in fetch bundles another undici version
    const viaAgent = ((input: string, init?: RequestInit) => undiciFetch(input, init as any) as unknown as Promise<Response>) as FetchFn;
    this.#fetch = options.fetch ?? (this.#dispatcher ? viaAgent : (input, init) => fetch(input, init));
    this.#timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    this.#maxRetries = options.maxRetries ?? DEFAULT_MAX_RETRIES;
    this.#retryBaseMs = options.retryBaseDelayMs ?? DEFAULT_RETRY_BASE_MS;
    this.#maxRetryDelayMs = options.maxRetryDelayMs ?? DEFAULT_MAX_RETRY_DELAY_MS;
    this.#secrets = options.secrets ?? (() => []);
  }

  /** Sends the request; any status is returned (after the throttling retries), only transport failures throw. */
  async send(request: TransportRequest): Promise<TransportResponse> {
    for (let attempt = 0; ; attempt++) {
      const response = await this.#attempt(request);
      const delay = this.#retryDelay(response, attempt);
      if (delay === undefined) return response;
      await sleep(delay, request.signal);
    }
  }

  /** A typed error for a non-success response (the service's message extracted, secrets blanked). */
  httpError(request: TransportRequest, response: TransportResponse): OpenStackHttpError {
    const detail = extractOpenStackMessage(response.text);
    return new OpenStackHttpError({
      service: request.service,
      method: request.method,
      url: this.redact(request.url),
      status: response.status,
      detail: detail === undefined ? undefined : this.redact(detail),
      retryAfterMs: parseRetryAfter(response.headers.get('retry-after')),
      requestId:
        response.headers.get('x-openstack-request-id') ?? response.headers.get('x-compute-request-id') ?? undefined,
    });
  }

  /** The text with the configured secrets blanked out. */
  redact(text: string): string {
    return redactSecrets(text, this.#secrets());
  }

  /** Releases the TLS agent's sockets. */
  async close(): Promise<void> {
    await this.#dispatcher?.close();
  }

  async #attempt(request: TransportRequest): Promise<TransportResponse> {
    request.signal?.throwIfAborted();
    const timeout = AbortSignal.timeout(this.#timeoutMs);
    const signal = request.signal ? AbortSignal.any([request.signal, timeout]) : timeout;
    const init: RequestInit & { dispatcher?: Agent } = {
      method: request.method,
      headers: { Accept: 'application/json', ...request.headers },
      body: request.body,
      signal,
      redirect: 'follow',
      ...(this.#dispatcher ? { dispatcher: this.#dispatcher } : {}),
    };
    try {
      const response = await this.#fetch(request.url, init);
      const text = await response.text();
      return { status: response.status, headers: response.headers, text };
    } catch (error) {
      if (request.signal?.aborted) throw request.signal.reason;
      const info = { service: request.service, method: request.method, url: this.redact(request.url) };
      if (timeout.aborted) throw new OpenStackTimeoutError({ ...info, timeoutMs: this.#timeoutMs });
      throw new OpenStackConnectionError({ ...info, cause: error });
    }
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
