import type { Config } from '@backstage/config';
import { DefaultAwsCredentialsManager } from '@backstage/integration-aws-node';
import type { ResolvedConnection } from '../ConnectionStore';
import type { DiscoveryDriver, DriverSession } from '../driver';
import { AwsClients, classifyAwsError } from './AwsClients';
import { AWS_LISTS } from './awsLists';

/**
 * AWS discovery through the AWS SDK for JavaScript v3. Credentials: static keys (config, or a UI connection
 * with the secret sealed), an assumed role (with external id) on top of them or of the default chain, the
 * Backstage AWS integration (`aws.accounts` in app-config) when only an account id is given, or the SDK's default
 * credential chain.
 */
export class AwsDriver implements DiscoveryDriver {
  readonly provider = 'aws' as const;
  readonly lists = AWS_LISTS;
  readonly #config: Config;
  readonly #retry: { maxAttempts?: number; retryMode?: 'standard' | 'adaptive' };
  #integration?: DefaultAwsCredentialsManager;

  constructor(options: { config: Config }) {
    this.#config = options.config;
    this.#retry = {
      maxAttempts: options.config.getOptionalNumber('maestro.discovery.aws.maxAttempts'),
      retryMode: options.config.getOptionalString('maestro.discovery.aws.retryMode') as 'standard' | 'adaptive' | undefined,
    };
  }

  async open(connection: ResolvedConnection): Promise<DriverSession> {
    const aws = connection.aws ?? { credentials: 'default-chain' as const };
    if (connection.secretError) throw new Error(connection.secretError);
    if (aws.credentials === 'static' && !connection.secret) {
      // never fall back to the backend's own identity for a connection meant to use keys
      throw new Error(`access key ${aws.accessKeyId} has no secret access key: enter it (Edit connection) or set it in app-config`);
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
    });
    let accountId: string;
    try {
      accountId = await clients.accountId([...connection.regions, 'us-east-1']);
      if (aws.accountId && aws.accountId !== accountId) {
        throw new Error(`the credentials belong to account ${accountId}, not to the configured account ${aws.accountId}`);
      }
    } catch (error) {
      clients.destroy();
      throw error;
    }
    const datacenter = `datacenter:default/${connection.datacenter}`;
    return {
      accountId,
      crawl: async (listId, region, emit, signal) => {
        const list = AWS_LISTS.find(l => l.id === listId);
        if (!list) throw new Error(`unknown AWS list ${listId}`);
        await list.crawl({ clients, region, accountId, datacenter, signal }, emit);
      },
      classify: classifyAwsError,
      close: () => clients.destroy(),
    };
  }
}
