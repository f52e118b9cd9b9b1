import type { Config } from '@backstage/config';

const ACCOUNT = /^\d{12}$/;
const ROLE_ARN = /^arn:aws[\w-]*:iam::\d{12}:role\/.+$/;

/** What an AWS connection asks for, as far as whose identity it runs with. */
export interface AwsIdentityRequest {
  accountId?: string;
  accessKeyId?: string;
  roleArn?: string;
}

/**
 * Who may make the backend act as itself. Connections defined in app-config may use the backend's own AWS identity
 * (the SDK's default credential chain, the Backstage AWS integration's `aws.accounts`, a role assumed with either).
 * Connections created through the API bring their own access key (a role is then assumed with that key), unless the
 * operator lists the account (`maestro.discovery.aws.backendIdentity.accounts`: integration credentials for it) or
 * the role (`maestro.discovery.aws.backendIdentity.roleArns`: assumed with the backend's credentials).
 */
export class BackendIdentityRules {
  readonly #accounts: Set<string>;
  readonly #roleArns: Set<string>;

  static fromConfig(config: Config): BackendIdentityRules {
    const key = 'maestro.discovery.aws.backendIdentity';
    const accounts = config.getOptionalStringArray(`${key}.accounts`) ?? [];
    const roleArns = config.getOptionalStringArray(`${key}.roleArns`) ?? [];
    accounts.forEach((a, i) => {
      if (!ACCOUNT.test(a)) throw new Error(`${key}.accounts[${i}]: must be a 12-digit AWS account id`);
    });
    roleArns.forEach((r, i) => {
      if (!ROLE_ARN.test(r))
        throw new Error(`${key}.roleArns[${i}]: must be a role ARN, arn:aws:iam::<account>:role/<name>`);
    });
    return new BackendIdentityRules(accounts, roleArns);
  }

  constructor(accounts: string[] = [], roleArns: string[] = []) {
    this.#accounts = new Set(accounts);
    this.#roleArns = new Set(roleArns);
  }

  /**
   * Why a connection created through the API may not run as it asks (`field: problem`), or undefined. Static keys
   * are always fine; without them the backend's identity would be used, which needs the operator's allow-list.
   */
  problemOf(aws: AwsIdentityRequest | undefined): string | undefined {
    if (aws?.accessKeyId) return undefined;
    if (aws?.roleArn) {
      if (this.#roleArns.has(aws.roleArn)) return undefined;
      return `aws.roleArn: can only be assumed with this connection's own access key (aws.accessKeyId and aws.secretAccessKey): assuming it with the backend's credentials needs the role in maestro.discovery.aws.backendIdentity.roleArns`;
    }
    if (aws?.accountId) {
      if (this.#accounts.has(aws.accountId)) return undefined;
      return `aws.accountId: the backend's credentials for this account (aws.accounts) are only used when the account is in maestro.discovery.aws.backendIdentity.accounts; enter an access key (aws.accessKeyId and aws.secretAccessKey)`;
    }
    return `aws.accessKeyId: is required: connections created through the API use their own access key; the backend's own identity (default credential chain) is reserved to connections in app-config`;
  }
}
