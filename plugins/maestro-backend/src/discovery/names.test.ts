import { scopedName } from './names';
import { SecretBox } from './SecretBox';

describe('scopedName', () => {
  it('joins provider, account, region and id into a catalog-valid name', () => {
    expect(scopedName(['aws', '123456789012', 'eu-west-1', 'i-0abc123'])).toBe('aws-123456789012-eu-west-1-i-0abc123');
    expect(scopedName(['aws', '1', 'global', 'my bucket/with:odd chars.'])).toBe('aws-1-global-my-bucket-with-odd-chars');
  });

  it('shortens long names to 63 characters with a hash, without collisions', () => {
    const arn = (n: number) => `arn:aws:elasticloadbalancing:eu-west-1:123456789012:loadbalancer/app/a-very-long-balancer-name-${n}/50dc6c495c0c9188`;
    const a = scopedName(['aws', '123456789012', 'eu-west-1', arn(1)]);
    const b = scopedName(['aws', '123456789012', 'eu-west-1', arn(2)]);
    expect(a.length).toBeLessThanOrEqual(63);
    expect(a).toMatch(/^[a-z0-9A-Z]([-_.a-z0-9A-Z]*[a-z0-9A-Z])?$/);
    expect(a).not.toBe(b);
    expect(scopedName(['aws', '123456789012', 'eu-west-1', arn(1)])).toBe(a);
  });
});

describe('SecretBox', () => {
  const box = new SecretBox('a passphrase that is long enough for the key!');

  it('round-trips a secret bound to its connection, and refuses another connection or a tampered value', () => {
    const sealed = box.seal('s3cr3t-value', 'aws-prod');
    expect(sealed).not.toContain('s3cr3t');
    expect(box.open(sealed, 'aws-prod')).toBe('s3cr3t-value');
    expect(() => box.open(sealed, 'aws-other')).toThrow(/cannot be decrypted/);
    const parts = sealed.split(':');
    parts[3] = Buffer.from('forged').toString('base64');
    expect(() => box.open(parts.join(':'), 'aws-prod')).toThrow(/cannot be decrypted/);
    expect(() => new SecretBox('x'.repeat(32)).open(sealed, 'aws-prod')).toThrow(/cannot be decrypted/);
  });

  it('accepts a base64 32-byte key and rejects a short one with a clear message', () => {
    const key = Buffer.alloc(32, 7).toString('base64');
    const other = new SecretBox(key);
    expect(other.open(other.seal('x', 'c'), 'c')).toBe('x');
    expect(() => new SecretBox('short')).toThrow(/32 bytes in base64/);
  });
});
