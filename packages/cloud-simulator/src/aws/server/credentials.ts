import { randomBytes } from 'node:crypto';
import type { AwsWorld } from '../../world/AwsWorld';
import { hashString } from '../../world/build/context';
import { Random, UPPER_ALNUM } from '../../world/random';
import type { FakeAwsAccount } from '../../world/types';
import type { Identity } from './types';

/** Temporary credentials issued by STS `AssumeRole`. */
export interface IssuedCredentials {
  AccessKeyId: string;
  SecretAccessKey: string;
  SessionToken: string;
  Expiration: Date;
}

interface Session {
  identity: Identity;
  expiration: Date;
}

/** The IAM user id of an account's long-term key (stable, derived from the key). */
function userIdOf(accessKeyId: string): string {
  return `AIDA${new Random(hashString(accessKeyId)).chars(17, UPPER_ALNUM)}`;
}

/**
 * Resolves access key ids to callers: the accounts' long-term keys (as IAM user `maestro`) and the temporary keys
 * issued by `AssumeRole` (as the assumed role of the role's account).
 */
export class CredentialStore {
  private readonly sessions = new Map<string, Session>();

  constructor(private readonly world: AwsWorld) {}

  /** The caller of an access key id, or undefined when the key is unknown or expired. */
  identify(accessKeyId: string): Identity | undefined {
    const account = this.world.accountByAccessKey(accessKeyId);
    if (account) {
      return {
        account,
        arn: `arn:aws:iam::${account.spec.accountId}:user/maestro`,
        userId: userIdOf(accessKeyId),
      };
    }
    const session = this.sessions.get(accessKeyId);
    if (!session || session.expiration.getTime() < Date.now()) return undefined;
    return session.identity;
  }

  /** Issues temporary credentials acting as `roleName` of `account`. */
  issue(
    account: FakeAwsAccount,
    roleName: string,
    sessionName: string,
    durationSeconds: number,
  ): { credentials: IssuedCredentials; identity: Identity; roleId: string } {
    const roleId = `AROA${new Random(hashString(`${account.spec.accountId}/${roleName}`)).chars(17, UPPER_ALNUM)}`;
    const identity: Identity = {
      account,
      arn: `arn:aws:sts::${account.spec.accountId}:assumed-role/${roleName}/${sessionName}`,
      userId: `${roleId}:${sessionName}`,
    };
    const credentials: IssuedCredentials = {
      AccessKeyId: `ASIA${randomChars(16)}`,
      SecretAccessKey: randomBytes(30).toString('base64'),
      SessionToken: randomBytes(120).toString('base64'),
      Expiration: new Date(Math.floor(Date.now() / 1000) * 1000 + durationSeconds * 1000),
    };
    this.sessions.set(credentials.AccessKeyId, {
      identity,
      expiration: credentials.Expiration,
    });
    return { credentials, identity, roleId };
  }
}

function randomChars(length: number): string {
  const bytes = randomBytes(length);
  let out = '';
  for (const byte of bytes) out += UPPER_ALNUM[byte % UPPER_ALNUM.length];
  return out;
}
