import type { JsonObject } from '@backstage/types';
import type { ConnectionSettingsContext, ParsedSettings, ProviderSettings } from '@maestro/plugin-maestro-node';
import { BackendIdentityRules } from './backendIdentity';

/** The AWS settings of a connection as stored (`aws: {…}`); the secret access key is the connection's secret. */
export interface AwsSettings {
  accountId?: string;
  accessKeyId?: string;
  roleArn?: string;
  externalId?: string;
}

/** An AWS region name (eu-west-1, us-gov-west-1). */
export const AWS_REGION = /^[a-z]{2}(-[a-z]+)+-\d{1,2}$/;
export const AWS_ACCOUNT_PATTERN = /^\d{12}$/;
export const AWS_ACCESS_KEY_PATTERN = /^[A-Z0-9]{16,128}$/;
export const AWS_ROLE_ARN_PATTERN = /^arn:aws[\w-]*:iam::\d{12}:role\/.+$/;

/** How an AWS connection gets credentials: static keys, the Backstage AWS integration, or the default chain. */
function credentialsModeOf(aws: AwsSettings | undefined): 'static' | 'integration' | 'default-chain' {
  if (aws?.accessKeyId) return 'static';
  return aws?.accountId ? 'integration' : 'default-chain';
}

/**
 * The AWS part of a connection: account id, access key id (+ the secret access key, the connection's secret), a role
 * to assume with its external id. Connections created through the API bring their own key unless the operator
 * allow-lists the account or the role ({@link BackendIdentityRules}).
 */
export class AwsSettingsRules implements ProviderSettings {
  readonly #backendIdentity: BackendIdentityRules;

  constructor(backendIdentity: BackendIdentityRules) {
    this.#backendIdentity = backendIdentity;
  }

  parse(context: ConnectionSettingsContext): ParsedSettings {
    const { string: str, problem } = context;
    const a = (context.body.aws ?? {}) as Record<string, unknown>;
    let aws: AwsSettings = {
      accountId: str('aws.accountId', a.accountId, { pattern: AWS_ACCOUNT_PATTERN, hint: 'must be 12 digits' }),
      accessKeyId: str('aws.accessKeyId', a.accessKeyId, {
        max: 128,
        pattern: AWS_ACCESS_KEY_PATTERN,
        hint: 'must be an access key id such as AKIA…',
      }),
      roleArn: str('aws.roleArn', a.roleArn, {
        max: 2048,
        pattern: AWS_ROLE_ARN_PATTERN,
        hint: 'must be a role ARN, arn:aws:iam::<account>:role/<name>',
      }),
      externalId: str('aws.externalId', a.externalId, { max: 1224 }),
    };
    const secret = str('aws.secretAccessKey', a.secretAccessKey, { max: 256, quiet: true });
    if (secret && !aws.accessKeyId) problem('aws.accessKeyId: is required with aws.secretAccessKey');
    aws = Object.fromEntries(Object.entries(aws).filter(([, v]) => v !== undefined));
    if (context.origin === 'api') {
      // the backend's own identity is for app-config connections and allow-listed accounts / roles
      const identityProblem = this.#backendIdentity.problemOf(aws);
      if (identityProblem) problem(identityProblem);
      if (context.create && aws.accessKeyId && !secret)
        problem('aws.secretAccessKey: is required with aws.accessKeyId');
    }
    return { settings: aws as JsonObject, ...(secret ? { secret } : {}) };
  }

  /** Adds how the connection obtains credentials (`static`, `integration`, `default-chain`). */
  resolve(stored: JsonObject | undefined): JsonObject {
    return { ...stored, credentials: credentialsModeOf(stored as AwsSettings | undefined) };
  }

  /** The external id is write-only: shown as `hasExternalId`. */
  toPublic(resolved: JsonObject): JsonObject {
    const { externalId, ...shown } = resolved;
    return { ...shown, ...(externalId ? { hasExternalId: true } : {}) };
  }

  keepSecretProblem(stored: JsonObject | undefined, next: JsonObject | undefined): string | undefined {
    if (stored?.accessKeyId !== next?.accessKeyId)
      return 'aws.secretAccessKey: is required when the access key id changes';
    return undefined;
  }
}
