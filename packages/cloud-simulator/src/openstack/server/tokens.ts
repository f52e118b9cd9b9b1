import { randomBytes } from 'node:crypto';

/** An issued token. */
export interface IssuedToken {
  id: string;
  issuedAt: Date;
  expiresAt: Date;
  auditId: string;
  /** The catalog as issued (service types left out by the `missingServices` fault at that time stay out). */
  catalog: unknown[];
}

/** Keystone's timestamp format: `2015-11-07T02:58:43.578887Z` (microseconds). */
export function keystoneTime(date: Date): string {
  return `${date.toISOString().slice(0, 23)}000Z`;
}

/** The tokens Keystone issued, until they expire or are revoked. */
export class TokenStore {
  private readonly tokens = new Map<string, IssuedToken>();

  /** Issues a Fernet-looking token valid for `ttlSeconds`. */
  issue(ttlSeconds: number, catalog: unknown[], now = new Date()): IssuedToken {
    if (this.tokens.size >= 10_000) this.dropExpired(now.getTime());
    const token: IssuedToken = {
      id: `gAAAAAB${randomBytes(132).toString('base64url')}`,
      issuedAt: now,
      expiresAt: new Date(now.getTime() + ttlSeconds * 1000),
      auditId: randomBytes(16).toString('base64url').slice(0, 22),
      catalog,
    };
    this.tokens.set(token.id, token);
    return token;
  }

  /** The token with this id when it is valid (issued, not revoked, not expired); expired tokens are dropped. */
  validate(id: string | undefined, now = Date.now()): IssuedToken | undefined {
    if (!id) return undefined;
    const token = this.tokens.get(id);
    if (!token) return undefined;
    if (token.expiresAt.getTime() <= now) {
      this.tokens.delete(id);
      return undefined;
    }
    return token;
  }

  private dropExpired(now: number): void {
    for (const [id, token] of this.tokens) {
      if (token.expiresAt.getTime() <= now) this.tokens.delete(id);
    }
  }

  /** Revokes one token; false when it was not valid. */
  revoke(id: string): boolean {
    return this.tokens.delete(id);
  }

  /** Revokes every token issued so far. */
  revokeAll(): void {
    this.tokens.clear();
  }
}
