import { cidr, FailureCollector, gib, gibOfBytes, placement } from './translate';

describe('translation helpers shared by the providers', () => {
  it('places a resource: datacenter, region unless the list is global, zone, provider id', () => {
    expect(placement({ datacenter: 'datacenter:default/dc', region: 'eu-west-1' }, 'i-1', 'eu-west-1a')).toEqual({
      datacenter: 'datacenter:default/dc',
      region: 'eu-west-1',
      zone: 'eu-west-1a',
      providerId: 'i-1',
    });
    expect(Object.keys(placement({ datacenter: 'datacenter:default/dc' }, 'arn:aws:s3:::b'))).toEqual([
      'datacenter',
      'zone',
      'providerId',
    ]);
  });

  it('keeps CIDR blocks only, and rounds sizes to GiB with two decimals', () => {
    expect([cidr('10.0.0.0/16'), cidr('2001:db8::/56'), cidr('10.0.0.0'), cidr(null), cidr('')]).toEqual([
      '10.0.0.0/16',
      '2001:db8::/56',
      undefined,
      undefined,
      undefined,
    ]);
    expect([gib(2048), gib(1000), gib(undefined)]).toEqual([2, 0.98, undefined]);
    expect([gibOfBytes(3 * 1024 ** 3), gibOfBytes(1_000_000_000), gibOfBytes(undefined)]).toEqual([3, 0.93, undefined]);
  });

  it('runs every call of a list when one fails, then rethrows the first failure (the listing stays incomplete)', async () => {
    const calls = new FailureCollector();
    const ran: string[] = [];
    await calls.step(async () => void ran.push('vpcs'));
    await calls.step(async () => {
      ran.push('subnets');
      throw new Error('subnets denied');
    });
    await calls.step(async () => {
      ran.push('routes');
      throw new Error('routes denied');
    });
    await calls.step(async () => void ran.push('acls'));
    expect(ran).toEqual(['vpcs', 'subnets', 'routes', 'acls']);
    expect(() => calls.rethrow()).toThrow('subnets denied');
    const clean = new FailureCollector();
    await clean.step(async () => undefined);
    expect(() => clean.rethrow()).not.toThrow();
  });
});
