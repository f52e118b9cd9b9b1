import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { ConfigReader } from '@backstage/config';
import { fetch as undiciFetch } from 'undici';
import { egressDispatcher, egressNodeAgents } from './agents';
import { EgressDeniedError, EgressPolicy, Resolver } from './EgressPolicy';

/** A resolver that knows a few names (no DNS in tests). */
const fakeDns =
  (names: Record<string, string[]>): Resolver =>
  async hostname => {
    const addresses = names[hostname];
    if (!addresses) throw Object.assign(new Error(`getaddrinfo ENOTFOUND ${hostname}`), { code: 'ENOTFOUND' });
    return addresses.map(address => ({ address, family: address.includes(':') ? 6 : 4 }));
  };

describe('EgressPolicy', () => {
  describe('literalProblem (when a connection is saved)', () => {
    const policy = new EgressPolicy({ own: [{ port: 7007 }] });

    it.each([
      ['http://169.254.169.254/latest/meta-data/', /link-local/],
      ['http://10.1.2.3/', /private/],
      ['https://172.20.0.1:8443/v3', /private/],
      ['http://192.168.0.10/', /private/],
      ['http://127.0.0.1:4566/', /loopback/],
      ['http://0.0.0.0/', /unspecified/],
      ['http://100.64.0.1/', /carrier-grade NAT/],
      ['http://[::1]/', /loopback/],
      ['http://[fd12:3456::1]/', /unique-local/],
      ['http://[fe80::1]/', /link-local/],
      ['http://[::ffff:169.254.169.254]/', /link-local/],
      ['http://[64:ff9b::a00:1]/', /NAT64/],
      ['http://localhost:5000/', /this machine/],
      ['http://api.localhost/', /this machine/],
    ])('refuses %s', (url, reason) => {
      expect(policy.literalProblem(url)).toMatch(reason);
    });

    it('leaves host names to connection time and accepts public addresses', () => {
      expect(policy.literalProblem('https://keystone.example.com:5000/v3')).toBeUndefined();
      expect(policy.literalProblem('https://93.184.216.34/')).toBeUndefined();
      expect(policy.literalProblem('http://[2606:4700::1111]/')).toBeUndefined();
    });

    it('accepts what the operator allow-lists, but never the backend itself', () => {
      const allowing = new EgressPolicy({
        allow: ['10.20.0.0/16', '127.0.0.1', 'localhost', 'fd00::/8'],
        own: [{ port: 7007 }],
      });
      expect(allowing.literalProblem('http://10.20.3.4/')).toBeUndefined();
      expect(allowing.literalProblem('http://10.21.3.4/')).toMatch(/private/);
      expect(allowing.literalProblem('http://127.0.0.1:4566/')).toBeUndefined();
      expect(allowing.literalProblem('http://localhost:4566/')).toBeUndefined();
      expect(allowing.literalProblem('http://[fd00::5]/')).toBeUndefined();
      expect(allowing.literalProblem('http://127.0.0.1:7007/api/maestro')).toMatch(/this backend itself/);
    });
  });

  describe('fromConfig', () => {
    it('reads the allow-list and the backend address, and refuses a bad entry naming it', () => {
      const policy = EgressPolicy.fromConfig(
        new ConfigReader({
          backend: { baseUrl: 'https://portal.example.com', listen: { port: 7007 } },
          maestro: { egress: { allow: ['*.corp.example', '10.0.0.0/8'] } },
        }),
      );
      expect(policy.literalProblem('http://10.1.1.1/')).toBeUndefined();
      expect(policy.literalProblem('http://127.0.0.1:7007/')).toMatch(/this backend itself/);
      expect(() =>
        EgressPolicy.fromConfig(new ConfigReader({ maestro: { egress: { allow: ['10.0.0.0/40'] } } })),
      ).toThrow(/maestro\.egress\.allow\[0\]: '10\.0\.0\.0\/40' is not a CIDR/);
      expect(() =>
        EgressPolicy.fromConfig(new ConfigReader({ maestro: { egress: { allow: ['http://x/'] } } })),
      ).toThrow(/maestro\.egress\.allow\[0\]/);
    });

    it('denies the baseUrl host on its port', async () => {
      const policy = EgressPolicy.fromConfig(
        new ConfigReader({ backend: { baseUrl: 'https://portal.example.com', listen: ':7007' } }),
        { resolve: fakeDns({ 'portal.example.com': ['93.184.216.34'] }) },
      );
      await expect(policy.check('https://portal.example.com/api/maestro/records')).rejects.toThrow(/itself/);
      await expect(policy.check('https://portal.example.com:8443/')).resolves.toBeUndefined();
    });
  });

  describe('check (after DNS resolution)', () => {
    const resolve = fakeDns({
      'metadata.evil.example': ['169.254.169.254'],
      'mixed.example': ['93.184.216.34', '10.0.0.7'],
      'public.example': ['93.184.216.34', '2606:4700::1111'],
      'keystone.corp.example': ['10.0.5.5'],
    });

    it('refuses a name that resolves to a denied address, or to any denied address among several', async () => {
      const policy = new EgressPolicy({ resolve });
      await expect(policy.check('http://metadata.evil.example/')).rejects.toThrow(EgressDeniedError);
      await expect(policy.check('http://metadata.evil.example/')).rejects.toThrow(
        /metadata\.evil\.example \(169\.254\.169\.254\) is a link-local address/,
      );
      await expect(policy.check('http://mixed.example/')).rejects.toThrow(/10\.0\.0\.7/);
      await expect(policy.check('https://public.example/')).resolves.toBeUndefined();
      await expect(policy.check('file:///etc/passwd')).rejects.toThrow(/only http and https/);
    });

    it('allows a private name that is allow-listed by name or wildcard', async () => {
      await expect(
        new EgressPolicy({ resolve, allow: ['keystone.corp.example'] }).check('https://keystone.corp.example:5000/'),
      ).resolves.toBeUndefined();
      await expect(
        new EgressPolicy({ resolve, allow: ['*.corp.example'] }).check('https://keystone.corp.example/'),
      ).resolves.toBeUndefined();
      await expect(
        new EgressPolicy({ resolve, allow: ['*.corp.example'] }).check('https://metadata.evil.example/'),
      ).rejects.toThrow();
    });
  });

  describe('HTTP clients through the policy (real sockets)', () => {
    let server: http.Server;
    let port: number;
    let hits: string[];

    beforeAll(async () => {
      hits = [];
      server = http.createServer((req, res) => {
        hits.push(req.url!);
        if (req.url === '/redirect-to-loopback-name') {
          res.writeHead(302, { location: `http://inside.example:${port}/secret` }).end();
        } else if (req.url === '/redirect-to-literal') {
          res.writeHead(302, { location: `http://127.0.0.2:${port}/secret` }).end();
        } else {
          res.end('ok');
        }
      });
      await new Promise<void>(r => server.listen(0, '127.0.0.1', r));
      port = (server.address() as AddressInfo).port;
    });
    afterAll(() => new Promise<void>(r => server.close(() => r())));
    beforeEach(() => {
      hits = [];
    });

    const resolve = fakeDns({ 'inside.example': ['127.0.0.1'], 'allowed.example': ['127.0.0.1'] });

    const fetchThrough = async (policy: EgressPolicy, url: string) => {
      const dispatcher = egressDispatcher(policy);
      try {
        const response = await undiciFetch(url, { dispatcher });
        return await response.text();
      } finally {
        await dispatcher.close();
      }
    };

    it('undici: refuses a loopback literal and a name resolving to loopback, before any byte is sent', async () => {
      const policy = new EgressPolicy({ resolve });
      await expect(fetchThrough(policy, `http://127.0.0.1:${port}/x`)).rejects.toMatchObject({
        cause: expect.objectContaining({ name: 'EgressDeniedError' }),
      });
      await expect(fetchThrough(policy, `http://inside.example:${port}/x`)).rejects.toMatchObject({
        cause: expect.objectContaining({
          message: expect.stringMatching(/inside\.example \(127\.0\.0\.1\) is a loopback/),
        }),
      });
      expect(hits).toEqual([]);
    });

    it('undici: connects where the operator allows, and checks every redirect hop again', async () => {
      const policy = new EgressPolicy({ resolve, allow: ['allowed.example'] });
      await expect(fetchThrough(policy, `http://allowed.example:${port}/hello`)).resolves.toBe('ok');
      await expect(fetchThrough(policy, `http://allowed.example:${port}/redirect-to-loopback-name`)).rejects.toThrow();
      await expect(fetchThrough(policy, `http://allowed.example:${port}/redirect-to-literal`)).rejects.toThrow();
      expect(hits).toEqual(['/hello', '/redirect-to-loopback-name', '/redirect-to-literal']);
    });

    const getThrough = (agent: http.Agent, url: string) =>
      new Promise<string>((resolveBody, reject) => {
        http
          .get(url, { agent }, res => {
            let body = '';
            res.on('data', d => (body += d));
            res.on('end', () => resolveBody(body));
          })
          .on('error', reject);
      });

    it('node:http agents (the AWS SDK handler): same checks on literals and names', async () => {
      const denied = egressNodeAgents(new EgressPolicy({ resolve }));
      await expect(getThrough(denied.httpAgent, `http://127.0.0.1:${port}/x`)).rejects.toThrow(EgressDeniedError);
      await expect(getThrough(denied.httpAgent, `http://inside.example:${port}/x`)).rejects.toThrow(/loopback/);
      expect(hits).toEqual([]);
      const allowed = egressNodeAgents(new EgressPolicy({ resolve, allow: ['127.0.0.1'] }));
      await expect(getThrough(allowed.httpAgent, `http://inside.example:${port}/y`)).resolves.toBe('ok');
      await expect(getThrough(allowed.httpAgent, `http://127.0.0.1:${port}/z`)).resolves.toBe('ok');
      expect(hits).toEqual(['/y', '/z']);
      denied.httpAgent.destroy();
      allowed.httpAgent.destroy();
    });

    it("refuses the backend's own port on loopback even when loopback is allow-listed", async () => {
      const policy = new EgressPolicy({ resolve, allow: ['127.0.0.0/8'], own: [{ port }] });
      await expect(fetchThrough(policy, `http://127.0.0.1:${port}/api`)).rejects.toMatchObject({
        cause: expect.objectContaining({ message: expect.stringMatching(/this backend itself/) }),
      });
      await expect(fetchThrough(policy, `http://inside.example:${port}/api`)).rejects.toThrow();
      expect(hits).toEqual([]);
    });
  });
});
