import { createCipheriv, createDecipheriv, randomBytes, scryptSync } from 'node:crypto';
import type { Config } from '@backstage/config';

const VERSION = 'v1';

/**
 * Authenticated encryption (AES-256-GCM) of connection secrets at rest. The key comes from configuration
 * (`maestro.discovery.encryptionKey`: 32 bytes in base64, or a passphrase of at least 32 characters that is
 * stretched with scrypt). Each value is bound to its connection id (additional authenticated data), so a
 * ciphertext copied onto another connection does not decrypt.
 */
export class SecretBox {
  readonly #key: Buffer;

  /** The box configured for this installation, or undefined when no key is configured. */
  static fromConfig(config: Config): SecretBox | undefined {
    const raw = config.getOptionalString('maestro.discovery.encryptionKey');
    return raw ? new SecretBox(raw) : undefined;
  }

  constructor(key: string) {
    const decoded = Buffer.from(key, 'base64');
    if (decoded.length === 32 && /^[A-Za-z0-9+/]+={0,2}$/.test(key)) {
      this.#key = decoded;
    } else if (key.length >= 32) {
      this.#key = scryptSync(key, 'maestro-discovery-secrets', 32);
    } else {
      throw new Error(
        'maestro.discovery.encryptionKey must be 32 bytes in base64 (e.g. `openssl rand -base64 32`) or a passphrase of at least 32 characters',
      );
    }
  }

  seal(plaintext: string, context: string): string {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.#key, iv);
    cipher.setAAD(Buffer.from(context));
    const body = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
    return [VERSION, iv.toString('base64'), cipher.getAuthTag().toString('base64'), body.toString('base64')].join(':');
  }

  open(sealed: string, context: string): string {
    const [version, iv, tag, body] = sealed.split(':');
    if (version !== VERSION || !iv || !tag || body === undefined) {
      throw new Error('stored secret has an unknown format');
    }
    const decipher = createDecipheriv('aes-256-gcm', this.#key, Buffer.from(iv, 'base64'));
    decipher.setAAD(Buffer.from(context));
    decipher.setAuthTag(Buffer.from(tag, 'base64'));
    try {
      return Buffer.concat([decipher.update(Buffer.from(body, 'base64')), decipher.final()]).toString('utf8');
    } catch {
      throw new Error('stored secret cannot be decrypted: the encryption key changed or the value was tampered with');
    }
  }
}
