import { Random } from '../../world/random';
import { AwsApiError } from './errors';
import type { ServiceName } from './types';

/** Faults the simulator injects; settable at any time through `AwsSimulator.faults`. */
export interface AwsFaults {
  /**
   * Throttles matching requests: every `everyNth` matching request, and/or each with `probability`; only `actions`
   * (e.g. `DescribeInstances`) and `regions` when given.
   */
  throttle?: {
    everyNth?: number;
    probability?: number;
    actions?: string[];
    regions?: string[];
  };
  /**
   * A token bucket per account, region and service, like EC2's request-rate limits (e.g. 100 tokens, 20 per
   * second): an exhausted bucket answers `RequestLimitExceeded` (EC2), `Throttling` (AWS query services,
   * CloudFront) or `SlowDown` (S3).
   */
  rateLimit?: { bucketSize: number; refillPerSecond: number };
  /**
   * IAM actions the caller is denied (`ec2:DescribeVolumes`, `rds:DescribeDBInstances`, `s3:ListAllMyBuckets`;
   * `*` wildcards allowed, e.g. `ec2:Describe*`), answered with the service's authorization error.
   */
  accessDenied?: string[];
  /** Regions in which every call fails with HTTP 500 (`InternalError` in EC2 and S3, `InternalFailure` elsewhere). */
  failRegions?: string[];
  /** Delay added to every response, in milliseconds. */
  latencyMs?: number;
}

/** What a fault decision is about. */
export interface FaultSubject {
  service: ServiceName;
  action: string;
  iamAction: string;
  region: string;
  accountId: string;
  /** The caller's ARN, quoted in authorization errors. */
  callerArn: string;
}

/** The throttling error of a service. */
export function throttlingError(service: ServiceName): AwsApiError {
  if (service === 'ec2') {
    return new AwsApiError('RequestLimitExceeded', 'Request limit exceeded.', 503);
  }
  if (service === 's3') {
    return new AwsApiError('SlowDown', 'Please reduce your request rate.', 503);
  }
  return new AwsApiError('Throttling', 'Rate exceeded', 400);
}

/** The internal-error response of a service. */
export function internalError(service: ServiceName): AwsApiError {
  if (service === 'ec2') {
    return new AwsApiError('InternalError', 'An internal error has occurred', 500);
  }
  if (service === 's3') {
    return new AwsApiError('InternalError', 'We encountered an internal error. Please try again.', 500);
  }
  return new AwsApiError(
    'InternalFailure',
    'The request processing has failed because of an unknown error, exception or failure.',
    500,
  );
}

/** The authorization error of a service for a denied IAM action. */
export function accessDeniedError(subject: FaultSubject): AwsApiError {
  const why = `User: ${subject.callerArn} is not authorized to perform: ${subject.iamAction} because no identity-based policy allows the ${subject.iamAction} action`;
  if (subject.service === 'ec2') {
    return new AwsApiError('UnauthorizedOperation', `You are not authorized to perform this operation. ${why}`, 403);
  }
  return new AwsApiError('AccessDenied', why, 403);
}

function globMatch(pattern: string, value: string): boolean {
  if (!pattern.includes('*')) return pattern.toLowerCase() === value.toLowerCase();
  const regex = new RegExp(
    `^${pattern
      .split('*')
      .map(part => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&'))
      .join('.*')}$`,
    'i',
  );
  return regex.test(value);
}

interface Bucket {
  tokens: number;
  updated: number;
}

/** Decides, request by request, which fault (if any) to inject. */
export class FaultInjector {
  private throttleCount = 0;
  private readonly random = new Random(0x7a11);
  private readonly buckets = new Map<string, Bucket>();
  private rateConfig: AwsFaults['rateLimit'];

  /**
   * The error to answer instead of handling the request, or undefined. `throttled` is true when the error is a
   * throttling error (counted in the simulator's stats).
   */
  check(
    faults: AwsFaults,
    subject: FaultSubject,
    now: number = Date.now(),
  ): { error: AwsApiError; throttled: boolean } | undefined {
    if (faults.failRegions?.includes(subject.region)) {
      return { error: internalError(subject.service), throttled: false };
    }
    if (this.throttles(faults.throttle, subject) || this.rateLimited(faults.rateLimit, subject, now)) {
      return { error: throttlingError(subject.service), throttled: true };
    }
    if (subject.action !== 'GetCallerIdentity' && faults.accessDenied?.some(p => globMatch(p, subject.iamAction))) {
      return { error: accessDeniedError(subject), throttled: false };
    }
    return undefined;
  }

  private throttles(rule: AwsFaults['throttle'], subject: FaultSubject): boolean {
    if (!rule) return false;
    if (rule.actions && !rule.actions.includes(subject.action)) return false;
    if (rule.regions && !rule.regions.includes(subject.region)) return false;
    this.throttleCount++;
    if (rule.everyNth && rule.everyNth > 0 && this.throttleCount % rule.everyNth === 0) {
      return true;
    }
    return rule.probability !== undefined && this.random.next() < rule.probability;
  }

  private rateLimited(limit: AwsFaults['rateLimit'], subject: FaultSubject, now: number): boolean {
    if (limit !== this.rateConfig) {
      this.buckets.clear();
      this.rateConfig = limit;
    }
    if (!limit) return false;
    const key = `${subject.accountId}/${subject.region}/${subject.service}`;
    let bucket = this.buckets.get(key);
    if (!bucket) {
      bucket = { tokens: limit.bucketSize, updated: now };
      this.buckets.set(key, bucket);
    }
    bucket.tokens = Math.min(limit.bucketSize, bucket.tokens + ((now - bucket.updated) / 1000) * limit.refillPerSecond);
    bucket.updated = now;
    if (bucket.tokens < 1) return true;
    bucket.tokens -= 1;
    return false;
  }
}
