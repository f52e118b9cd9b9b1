import { InputError } from '@backstage/errors';

/** The body as an object, or an InputError naming `body` (a list, a string, a number or nothing). */
export function requireObject(body: unknown): Record<string, unknown> {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw new InputError('body: must be a JSON object (Content-Type: application/json)');
  }
  return body as Record<string, unknown>;
}

/** A change reason from input: undefined when absent, an InputError naming `reason` when invalid. */
export function optionalReason(reason: unknown): string | undefined {
  if (reason === undefined || reason === null || reason === '') return undefined;
  if (typeof reason !== 'string' || reason.length > 2000) {
    throw new InputError('reason: must be a string of at most 2000 characters');
  }
  return reason;
}

/** Throws an InputError naming `version` unless it is the positive integer version the caller read. */
export function requireVersion(version: unknown): asserts version is number {
  if (!Number.isSafeInteger(version) || (version as number) < 1) {
    throw new InputError('version: is required and must be the positive integer version you read');
  }
}
