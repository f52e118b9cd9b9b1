import { CloudFrontClient } from '@aws-sdk/client-cloudfront';
import { EC2Client } from '@aws-sdk/client-ec2';
import { ElasticLoadBalancingClient } from '@aws-sdk/client-elastic-load-balancing';
import { ElasticLoadBalancingV2Client } from '@aws-sdk/client-elastic-load-balancing-v2';
import { RDSClient } from '@aws-sdk/client-rds';
import { S3Client } from '@aws-sdk/client-s3';
import { AssumeRoleCommand, GetCallerIdentityCommand, STSClient, STSClientConfig } from '@aws-sdk/client-sts';
import { egressNodeAgents } from '../../egress';
import { AwsHttpSettings, BoundedHttpHandler } from './awsHttpHandler';

/** Credentials as every SDK client accepts them: static, or a provider function. */
type CredentialSource = NonNullable<STSClientConfig['credentials']>;
type AwsCredentialIdentityProvider = Extract<CredentialSource, Function>;
type AwsCredentialIdentity = Exclude<CredentialSource, Function>;

/** How an AWS connection authenticates. Secrets never leave this object: it is not serialised anywhere. */
export interface AwsAuth {
  /** Static keys (config, or UI with the secret sealed at rest). */
  accessKeyId?: string;
  secretAccessKey?: string;
  /** Assume this role (with the static keys, or the default chain, as the source identity). */
  roleArn?: string;
  externalId?: string;
  /** A provider from the Backstage AWS integration (`aws.accounts` in app-config), when used. */
  provider?: AwsCredentialIdentityProvider;
}

/** Options every SDK client of a connection gets. */
export interface AwsClientOptions {
  auth: AwsAuth;
  /** Endpoint override: VPC endpoints, LocalStack, the simulator. */
  endpoint?: string;
  /** SDK retry attempts (throttling backs off between them); default 8. */
  maxAttempts?: number;
  /** `adaptive` adds a client-side rate limiter to `standard` retries; default adaptive. */
  retryMode?: 'standard' | 'adaptive';
  /** Egress policy, timeouts and the answer size cap of every request. */
  http: AwsHttpSettings;
  /** The run's abort signal: aborts every request of these clients (the STS calls for the credentials included). */
  signal?: AbortSignal;
}

const ROLE_SESSION = 'maestro-discovery';

/**
 * The SDK clients of one connection (one run), per region, sharing one credential provider (assumed-role
 * credentials are cached and refreshed before they expire) and one pair of HTTP agents whose every connection the
 * egress policy checks. Each client sends through a {@link BoundedHttpHandler}: timeouts, the run's abort signal,
 * a cap on answers.
 */
export class AwsClients {
  readonly #options: AwsClientOptions;
  readonly #agents: ReturnType<typeof egressNodeAgents>;
  readonly #credentials: AwsCredentialIdentityProvider | AwsCredentialIdentity | undefined;
  readonly #cache = new Map<string, unknown>();

  constructor(options: AwsClientOptions) {
    this.#options = options;
    this.#agents = egressNodeAgents(options.http.egress);
    this.#credentials = this.#credentialSource();
  }

  /** The run's abort signal, for `client.send(command, { abortSignal })` and paginators. */
  get signal(): AbortSignal | undefined {
    return this.#options.signal;
  }

  #common(region: string, credentials = this.#credentials) {
    return {
      region,
      credentials,
      maxAttempts: this.#options.maxAttempts ?? 8,
      retryMode: this.#options.retryMode ?? 'adaptive',
      requestHandler: new BoundedHttpHandler(this.#options.http, this.#agents, this.#options.signal),
      ...(this.#options.endpoint ? { endpoint: this.#options.endpoint } : {}),
    };
  }

  #client<T>(key: string, region: string, create: () => T): T {
    const id = `${key}/${region}`;
    let client = this.#cache.get(id) as T | undefined;
    if (!client) {
      client = create();
      this.#cache.set(id, client);
    }
    return client;
  }

  ec2(region: string) {
    return this.#client('ec2', region, () => new EC2Client(this.#common(region)));
  }
  elb(region: string) {
    return this.#client('elb', region, () => new ElasticLoadBalancingClient(this.#common(region)));
  }
  elbv2(region: string) {
    return this.#client('elbv2', region, () => new ElasticLoadBalancingV2Client(this.#common(region)));
  }
  rds(region: string) {
    return this.#client('rds', region, () => new RDSClient(this.#common(region)));
  }
  s3(region = 'us-east-1') {
    return this.#client(
      's3',
      region,
      () => new S3Client({ ...this.#common(region), forcePathStyle: !!this.#options.endpoint }),
    );
  }
  cloudfront() {
    return this.#client('cloudfront', 'us-east-1', () => new CloudFrontClient(this.#common('us-east-1')));
  }
  sts(region = 'us-east-1') {
    return this.#client('sts', region, () => new STSClient(this.#common(region)));
  }

  /**
   * The account the credentials belong to (also proves they work), asked of STS in each of these regions in turn
   * until one answers, so one region's outage does not stop the crawl of the others.
   */
  async accountId(regions: string[] = ['us-east-1']): Promise<string> {
    let firstError: unknown;
    for (const region of regions) {
      try {
        const identity = await this.sts(region).send(new GetCallerIdentityCommand({}), { abortSignal: this.signal });
        // the account scopes record names and shows in statuses: only ever a 12-digit id
        if (!identity.Account || !/^\d{12}$/.test(identity.Account))
          throw new Error('sts:GetCallerIdentity returned no account id');
        return identity.Account;
      } catch (error) {
        firstError ??= error;
        // wrong credentials fail the same everywhere: no point asking other regions
        if (classifyAwsError(error) === 'auth') break;
      }
    }
    throw firstError;
  }

  destroy() {
    for (const client of this.#cache.values()) (client as { destroy(): void }).destroy();
    this.#cache.clear();
    this.#agents.httpAgent.destroy();
    this.#agents.httpsAgent.destroy();
  }

  #credentialSource(): AwsCredentialIdentityProvider | AwsCredentialIdentity | undefined {
    const { auth } = this.#options;
    const base: AwsCredentialIdentityProvider | AwsCredentialIdentity | undefined =
      auth.provider ??
      (auth.accessKeyId && auth.secretAccessKey
        ? { accessKeyId: auth.accessKeyId, secretAccessKey: auth.secretAccessKey }
        : undefined); // undefined: the SDK's default credential chain
    if (!auth.roleArn) return base;
    // the source identity's client: through the same egress-checked handler, destroyed with the others
    const sts = this.#client('sts-assume-role', 'us-east-1', () => new STSClient(this.#common('us-east-1', base)));
    let cached: AwsCredentialIdentity | undefined;
    return async () => {
      if (cached?.expiration && cached.expiration.getTime() - Date.now() > 5 * 60_000) return cached;
      const out = await sts.send(
        new AssumeRoleCommand({
          RoleArn: auth.roleArn,
          RoleSessionName: ROLE_SESSION,
          ...(auth.externalId ? { ExternalId: auth.externalId } : {}),
        }),
        { abortSignal: this.signal },
      );
      const c = out.Credentials;
      if (!c?.AccessKeyId || !c.SecretAccessKey)
        throw new Error(`sts:AssumeRole ${auth.roleArn} returned no credentials`);
      cached = {
        accessKeyId: c.AccessKeyId,
        secretAccessKey: c.SecretAccessKey,
        sessionToken: c.SessionToken,
        expiration: c.Expiration,
      };
      return cached;
    };
  }
}

/** AWS error names that mean "the credentials may not call this": the list reports the IAM actions it needs. */
const DENIED = new Set([
  'AccessDenied',
  'AccessDeniedException',
  'UnauthorizedOperation',
  'AuthorizationError',
  'UnauthorizedAccess',
]);
const THROTTLED = new Set([
  'RequestLimitExceeded',
  'Throttling',
  'ThrottlingException',
  'SlowDown',
  'TooManyRequestsException',
]);

/** How a failed call is reported. */
export function classifyAwsError(error: unknown): 'denied' | 'throttled' | 'auth' | 'error' {
  const name = (error as { name?: string; Code?: string })?.name ?? '';
  if (DENIED.has(name)) return 'denied';
  if (THROTTLED.has(name)) return 'throttled';
  if (
    ['AuthFailure', 'InvalidClientTokenId', 'InvalidAccessKeyId', 'SignatureDoesNotMatch', 'ExpiredToken'].includes(
      name,
    )
  ) {
    return 'auth';
  }
  return 'error';
}
