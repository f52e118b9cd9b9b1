import { alternativeName, scopedName } from './names';
import { SecretBox } from './SecretBox';

describe('scopedName', () => {
  it('joins provider, account, region and id into a catalog-valid name', () => {
    expect(scopedName(['aws', '123456789012', 'eu-west-1', 'i-0abc123'])).toBe('aws-123456789012-eu-west-1-i-0abc123');
    // characters outside the alphabet: replaced, and a hash of the raw id says which id it was
    expect(scopedName(['aws', '1', 'global', 'my bucket/with:odd chars.'])).toMatch(
      /^aws-1-global-my-bucket-with-odd-chars-[0-9a-f]{10}$/,
    );
  });

  it('gives ids that read the same once sanitised different names', () => {
    const names = ['logs--a', 'logs-a', 'logs/a', 'logs-a-', 'logs a'].map(id =>
      scopedName(['aws', '123456789012', 's3', id]),
    );
    expect(names[1]).toBe('aws-123456789012-s3-logs-a');
    expect(new Set(names).size).toBe(names.length);
    for (const name of names) expect(name).toMatch(/^[a-z0-9A-Z]([-_.a-z0-9A-Z]*[a-z0-9A-Z])?$/);
    expect(scopedName(['aws', '123456789012', 's3', 'logs--a'])).toBe(names[0]);
  });

  it('names a deterministic alternative within 63 characters', () => {
    const long = scopedName(['aws', '123456789012', 'eu-west-1', 'x'.repeat(80)]);
    const alt = alternativeName(long, 'i-1', 1);
    expect(alt.length).toBeLessThanOrEqual(63);
    expect(alt).toBe(alternativeName(long, 'i-1', 1));
    expect(alt).not.toBe(alternativeName(long, 'i-1', 2));
    expect(alt).not.toBe(alternativeName(long, 'i-2', 1));
    expect(alternativeName('aws-1-eu-west-1-i-7', 'i-7', 1)).toMatch(/^aws-1-eu-west-1-i-7-[0-9a-f]{8}$/);
  });

  it('shortens long names to 63 characters with a hash, without collisions', () => {
    const arn = (n: number) =>
      `arn:aws:elasticloadbalancing:eu-west-1:123456789012:loadbalancer/app/a-very-long-balancer-name-${n}/50dc6c495c0c9188`;
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
