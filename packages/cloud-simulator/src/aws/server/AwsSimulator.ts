import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AwsWorld } from '../../world/AwsWorld';
import { emptyRegion } from '../../world/build/context';
import { CredentialStore } from './credentials';
import { AwsApiError } from './errors';
import { FaultInjector, type AwsFaults } from './faults';
import { errorResponse, successResponse, type ApiResponse } from './responses';
import { routeRequest } from './routing';
import { readBody, SimulatorHttpServer } from '../../http/SimulatorHttpServer';
import type { ApiCall, ServiceName } from './types';

/** Request counters of a simulator. */
export interface AwsSimulatorStats {
  /** Every request received, including failed and throttled ones. */
  requests: number;
  /** Requests answered with a throttling error (`throttle` and `rateLimit` faults). */
  throttled: number;
  /** Requests per operation name (`DescribeInstances`, `ListBuckets` …). */
  byAction: Record<string, number>;
}

/** A running simulated AWS endpoint. */
export interface AwsSimulator {
  /** The endpoint to give the SDK clients: `http://127.0.0.1:PORT`. */
  readonly endpoint: string;
  /** The world served; changes to it are visible on the next request. */
  readonly world: AwsWorld;
  /** The faults injected; may be replaced or changed at any time. */
  faults: AwsFaults;
  readonly stats: AwsSimulatorStats;
  /** Zeroes the counters of `stats`. */
  resetStats(): void;
  /** Stops the server and closes its connections. */
  close(): Promise<void>;
}

/** Options of {@link startAwsSimulator}. */
export interface AwsSimulatorOptions {
  world: AwsWorld;
  /** The port to listen on; 0 (the default) picks a free one. */
  port?: number;
  /** The interface to listen on (default `127.0.0.1`). */
  host?: string;
  faults?: AwsFaults;
  /**
   * The page size of paginated operations when the caller gives none (capped at each operation's maximum).
   * Default: each operation's maximum (1000 for most EC2 operations, 400 for load balancers, 100 for RDS and
   * CloudFront, all buckets for S3).
   */
  defaultPageSize?: number;
}

function missingAuthentication(service: ServiceName): AwsApiError {
  if (service === 'ec2') {
    return new AwsApiError('AuthFailure', 'AWS was not able to validate the provided access credentials', 401);
  }
  if (service === 's3') return new AwsApiError('AccessDenied', 'Access Denied', 403);
  return new AwsApiError('MissingAuthenticationToken', 'Request is missing Authentication Token', 403);
}

function unknownAccessKey(service: ServiceName, accessKeyId: string): AwsApiError {
  if (service === 'ec2') {
    return new AwsApiError('AuthFailure', 'AWS was not able to validate the provided access credentials', 401);
  }
  if (service === 's3') {
    return new AwsApiError(
      'InvalidAccessKeyId',
      'The AWS Access Key Id you provided does not exist in our records.',
      403,
      { AWSAccessKeyId: accessKeyId },
    );
  }
  return new AwsApiError('InvalidClientTokenId', 'The security token included in the request is invalid.', 403);
}

function unsupportedAction(service: ServiceName, action: string): AwsApiError {
  if (service === 's3') {
    return new AwsApiError('NotImplemented', `${action} is not implemented by the simulator`, 501);
  }
  return new AwsApiError('InvalidAction', `The action ${action} is not valid for this web service.`);
}

class AwsSimulatorServer implements AwsSimulator {
  faults: AwsFaults;
  readonly world: AwsWorld;
  readonly stats: AwsSimulatorStats = {
    requests: 0,
    throttled: 0,
    byAction: {},
  };
  private readonly http = new SimulatorHttpServer((req, res) => this.handle(req, res));
  private readonly credentials: CredentialStore;
  private readonly injector = new FaultInjector();
  private readonly defaultPageSize?: number;

  constructor(options: AwsSimulatorOptions) {
    this.world = options.world;
    this.faults = options.faults ?? {};
    this.defaultPageSize = options.defaultPageSize;
    this.credentials = new CredentialStore(options.world);
  }

  get endpoint(): string {
    return this.http.endpoint;
  }

  listen(port: number, host: string): Promise<void> {
    return this.http.listen(port, host);
  }

  resetStats(): void {
    this.stats.requests = 0;
    this.stats.throttled = 0;
    for (const key of Object.keys(this.stats.byAction)) {
      delete this.stats.byAction[key];
    }
  }

  close(): Promise<void> {
    return this.http.close();
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const requestId = randomUUID();
    const body = await readBody(req);
    let response: ApiResponse;
    try {
      response = this.dispatch(req, body, requestId);
    } catch (error) {
      response = errorResponse(
        'query',
        '',
        new AwsApiError('InternalFailure', `Simulator error: ${String(error)}`, 500),
        requestId,
      );
    }
    const latency = this.faults.latencyMs;
    if (latency && latency > 0) {
      await new Promise(resolve => setTimeout(resolve, latency));
    }
    res.writeHead(response.status, {
      ...response.headers,
      'content-length': Buffer.byteLength(response.body),
    });
    res.end(req.method === 'HEAD' ? undefined : response.body);
  }

  private dispatch(req: IncomingMessage, body: string, requestId: string): ApiResponse {
    const url = new URL(req.url ?? '/', 'http://simulator');
    const routed = routeRequest(req.method ?? 'GET', url, req.headers, body);
    const { service, action } = routed;
    this.stats.requests++;
    this.stats.byAction[action] = (this.stats.byAction[action] ?? 0) + 1;
    if (!service) {
      return errorResponse(
        'query',
        '',
        new AwsApiError('UnrecognizedClientException', 'The request is not signed for a simulated service'),
        requestId,
      );
    }
    const fail = (error: AwsApiError) =>
      errorResponse(service.protocol, service.xmlNamespace, error, requestId, service.name === 's3' ? 's3' : 'aws');
    if (!routed.accessKeyId) return fail(missingAuthentication(service.name));
    const identity = this.credentials.identify(routed.accessKeyId);
    if (!identity) return fail(unknownAccessKey(service.name, routed.accessKeyId));
    const handler = service.operations[action];
    if (!handler) return fail(unsupportedAction(service.name, action));
    const fault = this.injector.check(this.faults, {
      service: service.name,
      action,
      iamAction: service.iamAction(action),
      region: routed.region,
      accountId: identity.account.spec.accountId,
      callerArn: identity.arn,
    });
    if (fault) {
      if (fault.throttled) this.stats.throttled++;
      return fail(fault.error);
    }
    const call: ApiCall = {
      action,
      params: routed.params,
      path: routed.path,
      world: this.world,
      identity,
      regionName: routed.region,
      region: identity.account.regions[routed.region] ?? emptyRegion(routed.region),
      credentials: this.credentials,
      defaultPageSize: max => Math.min(this.defaultPageSize ?? max, max),
    };
    try {
      return successResponse(service, action, handler(call), requestId);
    } catch (error) {
      if (error instanceof AwsApiError) return fail(error);
      throw error;
    }
  }
}

/**
 * Starts a simulated AWS endpoint serving `world` over HTTP: EC2, Classic ELB, ELBv2, RDS, STS (AWS query and EC2
 * protocols), S3 and CloudFront (REST-XML), told apart by the SigV4 credential scope of each request. Point the
 * AWS SDK clients at `endpoint` (S3 with `forcePathStyle: true`) with an account's access key.
 */
export async function startAwsSimulator(options: AwsSimulatorOptions): Promise<AwsSimulator> {
  const simulator = new AwsSimulatorServer(options);
  await simulator.listen(options.port ?? 0, options.host ?? '127.0.0.1');
  return simulator;
}
