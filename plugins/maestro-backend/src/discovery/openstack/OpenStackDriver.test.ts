import { ConfigReader } from '@backstage/config';
import type { JsonObject } from '@backstage/types';
import { OpenStackDriver, readOpenStackTuning } from './OpenStackDriver';

const config = (openstack: JsonObject, egress?: JsonObject) =>
  new ConfigReader({ maestro: { discovery: { openstack }, ...(egress ? { egress } : {}) } });

describe('maestro.discovery.openstack', () => {
  it('reads the tuning, every key optional', () => {
    expect(readOpenStackTuning(config({}))).toEqual({});
    expect(
      readOpenStackTuning(
        config({
          timeoutMs: 5000,
          pageSize: 500,
          maxRetries: 0,
          computeMicroversion: '2.60',
          maxResponseBytes: 2 ** 26,
        }),
      ),
    ).toEqual({
      timeoutMs: 5000,
      pageSize: 500,
      maxRetries: 0,
      computeMicroversion: '2.60',
      maxResponseBytes: 2 ** 26,
    });
  });

  it.each([
    [
      { computeMicroversion: 'latest' },
      "maestro.discovery.openstack.computeMicroversion: must be a microversion such as 2.60 (got 'latest')",
    ],
    [
      { maxResponseBytes: 1000 },
      'maestro.discovery.openstack.maxResponseBytes: must be an integer from 65536 to 1073741824 (got 1000)',
    ],
    [{ pageSize: 0 }, 'maestro.discovery.openstack.pageSize: must be an integer from 1 to 10000 (got 0)'],
    [{ timeoutMs: 1.5 }, 'maestro.discovery.openstack.timeoutMs: must be an integer from 1000 to 600000 (got 1.5)'],
    [{ maxRetries: 99 }, 'maestro.discovery.openstack.maxRetries: must be an integer from 0 to 10 (got 99)'],
  ])('refuses %j at start-up, naming the key', (openstack, message) => {
    expect(() => new OpenStackDriver({ config: config(openstack) })).toThrow(message);
  });

  it('refuses a bad egress allow-list entry at start-up, naming it', () => {
    expect(() => new OpenStackDriver({ config: config({}, { allow: ['10.0.0.0/99'] }) })).toThrow(
      /maestro.egress.allow\[0\]: '10.0.0.0\/99' is not a CIDR/,
    );
  });
});
