import type { DiscoveryRegionResult, DiscoveryTaskStatus } from '@maestro/plugin-maestro-common';

/**
 * What readers and managers see of a discovery error.
 *
 * An error's message often carries text the remote end wrote (an AWS error message, up to 300 characters of an
 * OpenStack error page …): whoever may manage connections sees it (capped), every other reader sees a short
 * description Maestro writes itself from the error's type, HTTP status and well-known codes
 * ({@link publicErrorOf}, computed when the run records the error and stored beside it as `errorSummary`).
 */

/** Longest error text shown to managers. */
export const MANAGER_ERROR_LENGTH = 1000;

/** An error whose message Maestro wrote from its own data: shown as it is to every reader. */
export class ReaderSafeError extends Error {
  readonly readerSafe = true;
}

/** A region's outcome as stored: the error, and its description for every reader. */
export type StoredRegionResult = DiscoveryRegionResult & { errorSummary?: string };

/** A status as stored: the error, and its description for every reader. */
export type StoredTaskStatus = DiscoveryTaskStatus & { errorSummary?: string; regions?: StoredRegionResult[] };

/** AWS error codes (the SDK's error names) shown to readers; any other code is left out. */
const KNOWN_CODES = new Set([
  'AccessDenied',
  'AccessDeniedException',
  'UnauthorizedOperation',
  'AuthFailure',
  'InvalidClientTokenId',
  'InvalidAccessKeyId',
  'SignatureDoesNotMatch',
  'ExpiredToken',
  'RequestLimitExceeded',
  'Throttling',
  'ThrottlingException',
  'SlowDown',
  'InternalError',
  'InternalFailure',
  'ServiceUnavailable',
  'Unavailable',
  'PermanentRedirect',
  'NoSuchBucket',
  'InvalidParameterValue',
  'InvalidParameterCombination',
  'ValidationError',
  'InvalidAction',
  'NotImplemented',
  'OptInRequired',
]);

/** Node network error codes: text of Node's, safe to show. */
const NETWORK_CODE = /^(E[A-Z]{3,20}|[A-Z_]*CERT[A-Z_]*|UNABLE_TO_[A-Z_]+)$/;

const PROVIDERS: Record<string, string> = { aws: 'AWS', openstack: 'OpenStack' };

type ErrorLike = {
  name?: unknown;
  code?: unknown;
  causeCode?: unknown;
  status?: unknown;
  readerSafe?: unknown;
  message?: unknown;
  cause?: unknown;
  $metadata?: { httpStatusCode?: unknown };
};

/** The error and its causes, outermost first. */
function chainOf(error: unknown): ErrorLike[] {
  const chain: ErrorLike[] = [];
  let current = error;
  while (current && typeof current === 'object' && chain.length < 8) {
    chain.push(current as ErrorLike);
    current = (current as ErrorLike).cause;
  }
  return chain;
}

/**
 * A short description of an error for every reader: fixed text, the HTTP status, well-known AWS codes, Node's
 * network codes and the permissions a list needs; never text the remote end wrote.
 */
export function publicErrorOf(
  error: unknown,
  options: { kind?: string; provider?: string; iamActions?: string[] } = {},
): string {
  const chain = chainOf(error);
  const first = chain[0] ?? {};
  const provider = PROVIDERS[options.provider ?? ''] ?? 'the cloud';
  if (chain.some(e => e.name === 'EgressDeniedError' || e.code === 'EGRESS_DENIED')) {
    return 'egress denied: the endpoint is not an allowed address (maestro.egress.allow)';
  }
  if (first.readerSafe === true && typeof first.message === 'string') return first.message.slice(0, 300);
  if (first.name === 'AbortError') return 'run aborted (task timeout or shutdown)';
  if (chain.some(e => e.name === 'ResponseTooLargeError')) return `${provider} sent an answer larger than allowed`;
  if (chain.some(e => e.name === 'TimeoutError' || e.code === 'ETIMEDOUT' || e.code === 'timeout')) {
    return `${provider} did not answer in time`;
  }
  switch (options.kind) {
    case 'denied':
      return options.iamActions?.length ? `access denied: ${options.iamActions.join(', ')}` : 'access denied';
    case 'throttled':
      return 'throttled beyond the retry budget';
    case 'auth':
      return `${provider} rejected the credentials`;
    case 'unavailable':
      return 'service not available';
    default:
  }
  const status = Number(first.$metadata?.httpStatusCode ?? first.status);
  if (Number.isInteger(status) && status >= 100 && status <= 599) {
    const code = typeof first.name === 'string' && KNOWN_CODES.has(first.name) ? ` (${first.name})` : '';
    return `${provider} answered HTTP ${status}${code}`;
  }
  const network = chain
    .flatMap(e => [e.code, e.causeCode])
    .find((c): c is string => typeof c === 'string' && NETWORK_CODE.test(c));
  if (network) return `could not connect to ${provider} (${network})`;
  return 'the run failed';
}

/** A description of an enrichment that could not be read, for a list's warnings (every reader sees it). */
export function enrichmentWarning(
  what: string,
  error: unknown,
  options: { kind?: string; iamAction: string; provider?: string },
) {
  if (options.kind === 'denied') return `${what} not read: access denied (add ${options.iamAction})`;
  return `${what} not read: ${publicErrorOf(error, options)}`;
}

const capped = (text: string | undefined) =>
  text && text.length > MANAGER_ERROR_LENGTH ? `${text.slice(0, MANAGER_ERROR_LENGTH)}…` : text;

/**
 * A task status as one viewer may see it: managers (`maestro.discovery.manage`) get the errors as recorded (capped),
 * every other reader the description of {@link publicErrorOf}.
 */
export function statusForViewer(status: StoredTaskStatus, canManage: boolean): DiscoveryTaskStatus {
  const { errorSummary, ...rest } = status;
  const errorFor = (error: string | undefined, summary: string | undefined) => {
    if (error === undefined) return undefined;
    return canManage ? capped(error) : summary ?? 'the run failed';
  };
  const view: DiscoveryTaskStatus = { ...rest };
  if (rest.error !== undefined) view.error = errorFor(rest.error, errorSummary);
  const regions: StoredRegionResult[] | undefined = status.regions;
  if (regions) {
    view.regions = regions.map(({ errorSummary: regionSummary, ...region }) =>
      region.error === undefined ? region : { ...region, error: errorFor(region.error, regionSummary) },
    );
  }
  return view;
}
