import { isUtf8 } from 'node:buffer';
import { CustomErrorBase, InputError } from '@backstage/errors';
import express from 'express';
import { assertNoForbiddenKeys } from './forbiddenKeys';

/** 413: the body is larger than the limit. */
export class PayloadTooLargeError extends CustomErrorBase {
  readonly statusCode = 413;
}

/** 415: a content type, charset or content encoding the route does not read. */
export class UnsupportedMediaTypeError extends CustomErrorBase {
  readonly statusCode = 415;
}

/** `32 MiB`, `512 KiB`, `100 bytes`. */
export function formatBytes(bytes: number): string {
  if (bytes >= 1024 * 1024 && bytes % (1024 * 1024) === 0) return `${bytes / (1024 * 1024)} MiB`;
  if (bytes >= 1024 && bytes % 1024 === 0) return `${bytes / 1024} KiB`;
  return `${bytes} bytes`;
}

/**
 * The JSON body parser of the API: express.json, whose failures become errors that name the problem and at most
 * a position (body-parser's own errors carry the raw body and Node's message quotes it), and whose result is
 * refused when it holds a `__proto__`, `constructor` or `prototype` key anywhere, text a database cannot hold
 * (U+0000, a lone surrogate) or nests too deep, and whose bytes must be valid UTF-8.
 */
export function jsonBodyParser(options: { limitBytes: number }): express.RequestHandler {
  // express.json decodes invalid UTF-8 into U+FFFD: the bytes are checked first (a mangled key would otherwise be
  // named as `�(name` in a refusal, or stored)
  const invalidUtf8 = new WeakSet<express.Request>();
  const parse = express.json({
    limit: options.limitBytes,
    verify: (req, _res, buffer) => {
      if (!isUtf8(buffer)) invalidUtf8.add(req as express.Request);
    },
  });
  return (req, res, next) => {
    parse(req, res, error => {
      if (error) {
        if (!req.complete) res.setHeader('Connection', 'close'); // stop reading what is left of the body
        next(bodyParserError(error, options.limitBytes));
        return;
      }
      if (invalidUtf8.has(req)) {
        next(new InputError('body: is not valid UTF-8'));
        return;
      }
      try {
        // a list body has no field names of its own: its items are named from `body` (`body.0.spec`)
        assertNoForbiddenKeys(req.body, Array.isArray(req.body) ? ['body'] : []);
        next();
      } catch (refused) {
        next(refused);
      }
    });
  };
}

/** body-parser's failure as an error naming the problem, never quoting the body (`body: is not valid JSON (at position 17)`). */
export function bodyParserError(error: unknown, limitBytes: number): Error {
  const { type, message, status } = (error ?? {}) as { type?: string; message?: string; status?: number };
  switch (type) {
    case 'entity.parse.failed':
      return new InputError(`body: is not valid JSON${jsonErrorPosition(message)}`);
    case 'entity.too.large':
      return new PayloadTooLargeError(`body: is larger than the limit of ${formatBytes(limitBytes)}`);
    case 'charset.unsupported':
      return new UnsupportedMediaTypeError('body: only UTF-8 is accepted (Content-Type charset)');
    case 'encoding.unsupported':
      return new UnsupportedMediaTypeError('body: Content-Encoding is not supported; send the body uncompressed');
    case 'request.aborted':
      return new InputError('body: the request was aborted before its end');
    case 'request.size.invalid':
      return new InputError('body: its length does not match Content-Length');
    default:
      if (typeof status === 'number' && status >= 400 && status < 500) {
        return new InputError('body: could not be read');
      }
      return new Error('the request body could not be read');
  }
}

/**
 * Where a JSON.parse failure is, from Node's message, without the rest of that message (which can quote the
 * input): ` (at position 17)`, ` (it ends too early)`, or nothing.
 */
export function jsonErrorPosition(message: string | undefined): string {
  const at = /at position (\d+)/.exec(message ?? '');
  if (at) return ` (at position ${at[1]})`;
  if (/Unexpected end of JSON input|Unterminated string/.test(message ?? '')) return ' (it ends too early)';
  return '';
}

/** JSON.parse whose failure names `field` and at most a position. */
export function parseJsonText(text: string, field: string): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new InputError(`${field}: is not valid JSON${jsonErrorPosition((error as Error).message)}`);
  }
}

/** The media type of a request (`text/csv`), lower case, without parameters; undefined without a Content-Type. */
export function mediaType(req: express.Request): string | undefined {
  const header = req.headers['content-type'];
  return header ? header.split(';')[0].trim().toLowerCase() : undefined;
}

/**
 * Refuses, before any byte is read, a body this reader cannot take: compressed, in a charset other than UTF-8, or
 * declaring a Content-Length above `maxBytes`.
 */
export function assertReadableBody(req: express.Request, maxBytes: number, limitKey: string): void {
  const encoding = (req.headers['content-encoding'] ?? 'identity').trim().toLowerCase();
  if (encoding !== 'identity') {
    throw new UnsupportedMediaTypeError('body: Content-Encoding is not supported; send the body uncompressed');
  }
  const charset = /;\s*charset\s*=\s*"?([^";\s]+)/i.exec(req.headers['content-type'] ?? '')?.[1]?.toLowerCase();
  if (charset && !['utf-8', 'utf8', 'us-ascii'].includes(charset)) {
    throw new UnsupportedMediaTypeError('body: only UTF-8 is accepted (Content-Type charset)');
  }
  const declared = Number(req.headers['content-length']);
  if (Number.isFinite(declared) && declared > maxBytes) {
    throw tooLarge(maxBytes, limitKey);
  }
}

/**
 * The request body as UTF-8 text chunks, read as the consumer asks for them. More than `maxBytes` fails with a
 * 413 and nothing more is read; a consumer that stops early leaves the rest unread (the request stream is not
 * destroyed, so an answer can still be sent: answer with `Connection: close`).
 */
export async function* bodyText(req: express.Request, maxBytes: number, limitKey: string): AsyncGenerator<string> {
  const decoder = new TextDecoder('utf-8', { fatal: true });
  let received = 0;
  const chunks = req.iterator({ destroyOnReturn: false }) as AsyncIterableIterator<Buffer>;
  try {
    while (true) {
      let next: IteratorResult<Buffer>;
      try {
        next = await chunks.next();
      } catch {
        throw new InputError('body: the request was aborted before its end');
      }
      if (next.done) break;
      received += next.value.length;
      if (received > maxBytes) throw tooLarge(maxBytes, limitKey);
      const text = decode(decoder, next.value);
      if (text) yield text;
    }
  } finally {
    await chunks.return?.(); // stops listening to the request without destroying it
  }
  const rest = decode(decoder, undefined);
  if (rest) yield rest;
}

/** The whole request body as UTF-8 text, at most `maxBytes` (see {@link bodyText}). */
export async function readBodyText(req: express.Request, maxBytes: number, limitKey: string): Promise<string> {
  const parts: string[] = [];
  for await (const text of bodyText(req, maxBytes, limitKey)) parts.push(text);
  return parts.join('');
}

function decode(decoder: TextDecoder, chunk: Buffer | undefined): string {
  try {
    return chunk ? decoder.decode(chunk, { stream: true }) : decoder.decode();
  } catch {
    throw new InputError('body: is not valid UTF-8');
  }
}

function tooLarge(maxBytes: number, limitKey: string): PayloadTooLargeError {
  return new PayloadTooLargeError(`body: is larger than the limit of ${formatBytes(maxBytes)} (${limitKey})`);
}
