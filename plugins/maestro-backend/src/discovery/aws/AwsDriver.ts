import type { Config } from '@backstage/config';
import { DefaultAwsCredentialsManager } from '@backstage/integration-aws-node';
import { EgressPolicy } from '../../egress';
import type { DiscoveryConnectionForm } from '@maestro/plugin-maestro-common';
import type { DiscoveryDriver, DriverSession, ResolvedConnection } from '@maestro/plugin-maestro-node';
import { ReaderSafeError } from '../statusErrors';
import { AwsClients, classifyAwsError } from './AwsClients';
import {
  AwsHttpSettings,
  DEFAULT_CONNECT_TIMEOUT_MS,
  DEFAULT_MAX_RESPONSE_BYTES,
  DEFAULT_REQUEST_TIMEOUT_MS,
} from './awsHttpHandler';
import { awsConnectionForm } from './awsForm';
import { AWS_LISTS, awsReadOnlyPolicy } from './awsLists';
import { AwsSettingsRules } from './awsSettings';
import { BackendIdentityRules } from './backendIdentity';

/** A positive whole number from config, or the default; anything else stops the backend naming the key. */
function positiveInt(config: Config, key: string, fallback: number): number {
  const value = config.getOptionalNumber(key);
  if (value === undefined) return fallback;
  if (!Number.isInteger(value) || value < 1) throw new Error(`${key} must be a whole number above 0 (got ${value})`);
  return value;
}

/** The AWS HTTP settings of `maestro.discovery.aws` and `maestro.egress`. */
export function awsHttpSettingsFromConfig(config: Config): AwsHttpSettings {
  return {
    egress: EgressPolicy.fromConfig(config),
    connectTimeoutMs: positiveInt(config, 'maestro.discovery.aws.connectTimeoutMs', DEFAULT_CONNECT_TIMEOUT_MS),
    requestTimeoutMs: positiveInt(config, 'maestro.discovery.aws.requestTimeoutMs', DEFAULT_REQUEST_TIMEOUT_MS),
    maxResponseBytes: positiveInt(config, 'maestro.discovery.aws.maxResponseBytes', DEFAULT_MAX_RESPONSE_BYTES),
  };
}

/**
 * AWS discovery through the AWS SDK for JavaScript v3. Credentials: static keys (config, or a UI connection
 * with the secret sealed), an assumed role (with external id) on top of them or of the default chain, the
 * Backstage AWS integration (`aws.accounts` in app-config) when only an account id is given, or the SDK's default
 * credential chain. The modes that use the backend's own identity are for connections defined in app-config, or
 * allow-listed accounts and roles ({@link BackendIdentityRules}); checked again on every run.
 */
export class AwsDriver implements DiscoveryDriver {
  readonly provider = 'aws' as const;
  readonly lists = AWS_LISTS;
  readonly settings: AwsSettingsRules;
  readonly form: DiscoveryConnectionForm = awsConnectionForm(awsReadOnlyPolicy());
  readonly #config: Config;
  readonly #retry: { maxAttempts?: number; retryMode?: 'standard' | 'adaptive' };
  readonly #http: AwsHttpSettings;
  readonly #backendIdentity: BackendIdentityRules;
  #integration?: DefaultAwsCredentialsManager;

  constructor(options: { config: Config }) {
    this.#config = options.config;
    this.#retry = {
      maxAttempts: options.config.getOptionalNumber('maestro.discovery.aws.maxAttempts'),
      retryMode: options.config.getOptionalString('maestro.discovery.aws.retryMode') as
        | 'standard'
        | 'adaptive'
        | undefined,
    };
    this.#http = awsHttpSettingsFromConfig(options.config);
    this.#backendIdentity = BackendIdentityRules.fromConfig(options.config);
    this.settings = new AwsSettingsRules(this.#backendIdentity);
  }

  async open(connection: ResolvedConnection, signal?: AbortSignal): Promise<DriverSession> {
    const aws = connection.aws ?? { credentials: 'default-chain' as const };
    if (connection.secretError) throw new ReaderSafeError(connection.secretError);
    if (aws.credentials === 'static' && !connection.secret) {
      // never fall back to the backend's own identity for a connection meant to use keys
      throw new ReaderSafeError(
        `access key ${aws.accessKeyId} has no secret access key: enter it (Edit connection) or set it in app-config`,
      );
    }
    if (connection.origin !== 'config') {
      // a connection stored through the API before the rule, or after the allow-list changed: never the backend's identity
      const problem = this.#backendIdentity.problemOf(aws);
      if (problem) throw new ReaderSafeError(`this connection may not use the backend's own AWS identity: ${problem}`);
    }
    let provider;
    if (aws.credentials === 'integration') {
      this.#integration ??= DefaultAwsCredentialsManager.fromConfig(this.#config);
      provider = (await this.#integration.getCredentialProvider({ accountId: aws.accountId })).sdkCredentialProvider;
    }
    const clients = new AwsClients({
      auth: {
        accessKeyId: aws.accessKeyId,
        secretAccessKey: connection.secret,
        roleArn: aws.roleArn,
        externalId: aws.externalId,
        provider,
      },
      endpoint: connection.endpoint,
      ...this.#retry,
      http: this.#http,
      signal,
    });
    let accountId: string;
    try {
      accountId = await clients.accountId([...connection.regions, 'us-east-1']);
      if (aws.accountId && aws.accountId !== accountId) {
        throw new ReaderSafeError(
          `the credentials belong to account ${accountId}, not to the configured account ${aws.accountId}`,
        );
      }
    } catch (error) {
      clients.destroy();
      throw error;
    }
    const datacenter = `datacenter:default/${connection.datacenter}`;
    return {
      accountId,
      crawl: async (listId, region, emit, crawlSignal, warn) => {
        const list = AWS_LISTS.find(l => l.id === listId);
        if (!list) throw new Error(`unknown AWS list ${listId}`);
        await list.crawl(
          { clients, region, accountId, datacenter, signal: crawlSignal ?? signal, warn: warn ?? (() => undefined) },
          emit,
        );
      },
      classify: classifyAwsError,
      close: () => clients.destroy(),
    };
  }
}
