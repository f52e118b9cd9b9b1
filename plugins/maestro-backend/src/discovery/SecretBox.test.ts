import type { JsonObject } from '@backstage/types';
import { ConfigReader } from '@backstage/config';
import { DEVELOPMENT_ENCRYPTION_KEY, SecretBox } from './SecretBox';

const NEW = Buffer.alloc(32, 1).toString('base64');
const OLD = 'an old passphrase that is long enough to be a key';

const boxOf = (discovery: JsonObject, demo?: boolean) =>
  SecretBox.fromConfig(
    new ConfigReader({ maestro: { discovery, ...(demo === undefined ? {} : { demo: { enabled: demo } }) } }),
  );

describe('SecretBox with several keys', () => {
  it('seals with the first key and opens what any listed key sealed', () => {
    const old = boxOf({ encryptionKey: OLD })!;
    const sealedWithOld = old.seal('old-secret', 'aws-prod');
    const rotated = boxOf({ encryptionKeys: [NEW, OLD] })!;
    expect(rotated.keyCount).toBe(2);
    expect(rotated.openWithKeyIndex(sealedWithOld, 'aws-prod')).toEqual({ plaintext: 'old-secret', keyIndex: 1 });
    const sealedWithNew = rotated.seal('new-secret', 'aws-prod');
    expect(rotated.openWithKeyIndex(sealedWithNew, 'aws-prod')).toEqual({ plaintext: 'new-secret', keyIndex: 0 });
    // the old key alone cannot open what the new key sealed; the new key alone cannot open the old value
    expect(() => old.open(sealedWithNew, 'aws-prod')).toThrow(/cannot be decrypted/);
    expect(() => boxOf({ encryptionKeys: [NEW] })!.open(sealedWithOld, 'aws-prod')).toThrow(/cannot be decrypted/);
    // still bound to the connection id, whichever key
    expect(() => rotated.open(sealedWithOld, 'aws-other')).toThrow(/cannot be decrypted/);
  });

  it('has no box without a key, and names the bad key or the conflicting settings', () => {
    expect(boxOf({})).toBeUndefined();
    expect(boxOf({ encryptionKeys: [] })).toBeUndefined();
    expect(() => boxOf({ encryptionKeys: [NEW, 'short'] })).toThrow(
      'maestro.discovery.encryptionKeys[1] must be 32 bytes in base64 (e.g. `openssl rand -base64 32`) or a passphrase of at least 32 characters',
    );
    expect(() => boxOf({ encryptionKey: NEW, encryptionKeys: [NEW, OLD] })).toThrow(
      /^maestro.discovery.encryptionKey and maestro.discovery.encryptionKeys are both set: keep one/,
    );
  });

  it('refuses the published development key unless the demo is on, saying what to do', () => {
    for (const discovery of [
      { encryptionKey: DEVELOPMENT_ENCRYPTION_KEY },
      { encryptionKeys: [NEW, DEVELOPMENT_ENCRYPTION_KEY] },
    ]) {
      for (const demo of [undefined, false]) {
        expect(() => boxOf(discovery, demo)).toThrow(
          /is the published development key of app-config.development.yaml: it is only accepted with maestro.demo.enabled: true. Generate a key of your own/,
        );
      }
      expect(boxOf(discovery, true)).toBeDefined();
    }
    expect(() => boxOf({ encryptionKeys: [NEW, DEVELOPMENT_ENCRYPTION_KEY] })).toThrow(
      /^maestro.discovery.encryptionKeys\[1\] is the published/,
    );
  });
});
