import { pipeline, Readable, Transform } from 'node:stream';
import { NodeHttpHandler } from '@smithy/node-http-handler';
import type { EgressPolicy } from '../../egress';
import { egressNodeAgents } from '../../egress';

type HandleArgs = Parameters<NodeHttpHandler['handle']>;
type HandleResult = Awaited<ReturnType<NodeHttpHandler['handle']>>;
type HandlerOptions = NonNullable<HandleArgs[1]>;

/** How the SDK clients of a connection reach AWS. */
export interface AwsHttpSettings {
  /** Every connection is checked by this policy after DNS resolution (`maestro.egress.allow`). */
  egress: EgressPolicy;
  /** Milliseconds to establish a TCP/TLS connection. */
  connectTimeoutMs: number;
  /** Milliseconds for one request, from sending it to the last byte of the answer. */
  requestTimeoutMs: number;
  /** Largest answer read, in bytes: a larger one fails the call instead of filling the memory. */
  maxResponseBytes: number;
}

export const DEFAULT_CONNECT_TIMEOUT_MS = 10_000;
export const DEFAULT_REQUEST_TIMEOUT_MS = 60_000;
export const DEFAULT_MAX_RESPONSE_BYTES = 64 * 2 ** 20;

/** An AWS answer larger than the cap (`maestro.discovery.aws.maxResponseBytes`). */
export class ResponseTooLargeError extends Error {
  constructor(maxBytes: number) {
    super(`the answer is larger than ${maxBytes} bytes (maestro.discovery.aws.maxResponseBytes): not read`);
    this.name = 'ResponseTooLargeError';
  }
}

/** The run was aborted (task timeout or shutdown); never retried by the SDK. */
export class RunAbortedError extends Error {
  constructor() {
    super('run aborted (task timeout or shutdown)');
    this.name = 'AbortError';
  }
}

const timeoutError = (ms: number) =>
  Object.assign(new Error(`no complete answer within ${ms} ms (maestro.discovery.aws.requestTimeoutMs)`), {
    name: 'TimeoutError',
    code: 'ETIMEDOUT',
  });

/**
 * The request handler of every SDK client of a connection: the SDK's `NodeHttpHandler` with agents that check each
 * connection against the egress policy after DNS resolution (the SDK does not follow HTTP redirects: a 3xx is an
 * error), connection and request timeouts, the run's abort signal on every request, and a cap on the size of each
 * answer (a larger one fails the call, read no further).
 */
export class BoundedHttpHandler {
  readonly metadata = { handlerProtocol: 'http/1.1' };
  readonly #inner: NodeHttpHandler;
  readonly #settings: AwsHttpSettings;
  readonly #signal?: AbortSignal;

  constructor(settings: AwsHttpSettings, agents: ReturnType<typeof egressNodeAgents>, signal?: AbortSignal) {
    this.#settings = settings;
    this.#signal = signal;
    this.#inner = new NodeHttpHandler({
      ...agents,
      connectionTimeout: settings.connectTimeoutMs,
      requestTimeout: settings.requestTimeoutMs,
      throwOnRequestTimeout: true,
    });
  }

  async handle(request: HandleArgs[0], options: HandlerOptions = {}): Promise<HandleResult> {
    const signal = (options.abortSignal ?? this.#signal) as HandlerOptions['abortSignal'];
    if (signal?.aborted) throw new RunAbortedError();
    const started = Date.now();
    let result: HandleResult;
    try {
      result = await this.#inner.handle(request, { ...options, abortSignal: signal });
    } catch (error) {
      // an AbortError carrying the signal's reason as cause may look retryable to the SDK: never retry an abort
      if (signal?.aborted) throw new RunAbortedError();
      throw error;
    }
    const { response } = result;
    const body = response.body as Readable | undefined;
    if (body instanceof Readable) {
      const length = Number(response.headers['content-length']);
      if (length > this.#settings.maxResponseBytes) {
        body.destroy();
        throw new ResponseTooLargeError(this.#settings.maxResponseBytes);
      }
      response.body = bounded(
        body,
        this.#settings.maxResponseBytes,
        this.#settings.requestTimeoutMs - (Date.now() - started),
        this.#settings.requestTimeoutMs,
      );
    }
    return result;
  }

  updateHttpClientConfig(...args: Parameters<NodeHttpHandler['updateHttpClientConfig']>) {
    this.#inner.updateHttpClientConfig(...args);
  }

  httpHandlerConfigs() {
    return this.#inner.httpHandlerConfigs();
  }

  destroy() {
    this.#inner.destroy();
  }
}

/** The body, failing when it exceeds `maxBytes` or is not complete within `remainingMs`. */
function bounded(body: Readable, maxBytes: number, remainingMs: number, timeoutMs: number): Readable {
  let seen = 0;
  const out = new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      seen += chunk.length;
      if (seen > maxBytes) callback(new ResponseTooLargeError(maxBytes));
      else callback(null, chunk);
    },
  });
  const timer = setTimeout(() => out.destroy(timeoutError(timeoutMs)), Math.max(0, remainingMs));
  pipeline(body, out, () => clearTimeout(timer));
  out.once('close', () => clearTimeout(timer));
  return out;
}
