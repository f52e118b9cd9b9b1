import { createCipheriv, createDecipheriv, randomBytes, scryptSync } from 'node:crypto';
import type { Config } from '@backstage/config';

const VERSION = 'v1';

/** The key app-config.development.yaml publishes for local trials: refused unless `maestro.demo.enabled` is true. */
export const DEVELOPMENT_ENCRYPTION_KEY = 'local-development-key-not-for-production-use';

const UNREADABLE = 'stored secret cannot be decrypted: the encryption key changed or the value was tampered with';

/** A 32-byte key from its configured form: 32 bytes in base64, or a passphrase of at least 32 characters. */
function keyOf(raw: string, name: string): Buffer {
  const decoded = Buffer.from(raw, 'base64');
  if (decoded.length === 32 && /^[A-Za-z0-9+/]+={0,2}$/.test(raw)) return decoded;
  if (raw.length >= 32) return scryptSync(raw, 'maestro-discovery-secrets', 32);
  throw new Error(
    `${name} must be 32 bytes in base64 (e.g. \`openssl rand -base64 32\`) or a passphrase of at least 32 characters`,
  );
}

/**
 * Authenticated encryption (AES-256-GCM) of connection secrets at rest. Keys come from configuration:
 * `maestro.discovery.encryptionKeys` (a list: the first seals, every one opens, so a key can be rotated), or the
 * single-key form `maestro.discovery.encryptionKey`. Each key is 32 bytes in base64, or a passphrase of at least
 * 32 characters stretched with scrypt. Each value is bound to its connection id (additional authenticated data), so
 * a ciphertext copied onto another connection does not decrypt.
 */
export class SecretBox {
  readonly #keys: Buffer[];

  /**
   * The box configured for this installation, or undefined when no key is configured. Throws, naming the key, when
   * the configuration is unusable: both forms set, a key too short, or the published development key outside the
   * demo (`maestro.demo.enabled: true`).
   */
  static fromConfig(config: Config): SecretBox | undefined {
    const single = config.getOptionalString('maestro.discovery.encryptionKey');
    const list = config.getOptionalStringArray('maestro.discovery.encryptionKeys');
    if (single && list?.length) {
      throw new Error(
        'maestro.discovery.encryptionKey and maestro.discovery.encryptionKeys are both set: keep one (encryptionKeys lists the new key first, then the old ones, while rotating)',
      );
    }
    const named = list?.length
      ? list.map((raw, i) => ({ raw, name: `maestro.discovery.encryptionKeys[${i}]` }))
      : [{ raw: single, name: 'maestro.discovery.encryptionKey' }].filter(
          (k): k is { raw: string; name: string } => !!k.raw,
        );
    if (named.length === 0) return undefined;
    const development = named.find(k => k.raw === DEVELOPMENT_ENCRYPTION_KEY);
    if (development && !config.getOptionalBoolean('maestro.demo.enabled')) {
      throw new Error(
        `${development.name} is the published development key of app-config.development.yaml: it is only accepted with maestro.demo.enabled: true. Generate a key of your own (\`openssl rand -base64 32\`), set it from the environment (app-config.production.yaml reads $MAESTRO_ENCRYPTION_KEY), and enter the secrets stored under the development key again`,
      );
    }
    return new SecretBox(named.map(k => keyOf(k.raw, k.name)));
  }

  /** @param keys - the sealing key first, then the older keys that still open; a string is one key */
  constructor(keys: string | Buffer[]) {
    this.#keys = typeof keys === 'string' ? [keyOf(keys, 'maestro.discovery.encryptionKey')] : keys;
    if (this.#keys.length === 0) throw new Error('SecretBox needs at least one key');
  }

  /** How many keys open secrets (the first also seals). */
  get keyCount(): number {
    return this.#keys.length;
  }

  seal(plaintext: string, context: string): string {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.#keys[0], iv);
    cipher.setAAD(Buffer.from(context));
    const body = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
    return [VERSION, iv.toString('base64'), cipher.getAuthTag().toString('base64'), body.toString('base64')].join(':');
  }

  open(sealed: string, context: string): string {
    return this.openWithKeyIndex(sealed, context).plaintext;
  }

  /** Opens a sealed value with whichever configured key sealed it; `keyIndex` 0 is the sealing key. */
  openWithKeyIndex(sealed: string, context: string): { plaintext: string; keyIndex: number } {
    const [version, iv, tag, body] = sealed.split(':');
    if (version !== VERSION || !iv || !tag || body === undefined) {
      throw new Error('stored secret has an unknown format');
    }
    for (const [keyIndex, key] of this.#keys.entries()) {
      const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(iv, 'base64'));
      decipher.setAAD(Buffer.from(context));
      decipher.setAuthTag(Buffer.from(tag, 'base64'));
      try {
        const plaintext = Buffer.concat([decipher.update(Buffer.from(body, 'base64')), decipher.final()]).toString(
          'utf8',
        );
        return { plaintext, keyIndex };
      } catch {
        // authentication failed: not this key
      }
    }
    throw new Error(UNREADABLE);
  }
}
