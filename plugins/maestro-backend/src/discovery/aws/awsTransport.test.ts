import http from 'node:http';
import net, { AddressInfo } from 'node:net';
import { TestDatabases } from '@backstage/backend-test-utils';
import { AwsSimulator, generateAwsWorld, startAwsSimulator } from '@maestro/cloud-simulator';
import { createDiscoveryHarness } from '../../__testUtils__/discoveryHarness';

jest.setTimeout(60_000);

const ACCOUNT = {
  accountId: '210987654322',
  accessKeyId: 'AKIATESTTRANSPORT001',
  secretAccessKey: 'transport-secret-never-logged',
  regions: ['eu-west-1'],
};

/** Turns a hang into a failure with a message (the runs under test end within a few seconds once fixed). */
function settlesWithin<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout;
  return Promise.race([
    promise.finally(() => clearTimeout(timer)),
    new Promise<T>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`${what}: still running after ${ms} ms`)), ms);
    }),
  ]);
}

async function listen(server: net.Server): Promise<number> {
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
  return (server.address() as AddressInfo).port;
}

/**
 * How the AWS SDK clients of a connection reach the network: the egress policy on every connection, no redirects,
 * connection and request timeouts, the run's abort signal, a cap on the size of answers. Real sockets: the
 * simulator, and fake endpoints that redirect, never answer, or stream without end.
 */
describe('AWS discovery transport', () => {
  const databases = TestDatabases.create({ ids: ['SQLITE_3'] });
  const closers: Array<() => Promise<void> | void> = [];
  afterEach(async () => {
    while (closers.length) await closers.pop()!();
  });

  const connection = (endpoint: string) => ({
    id: 'aws-t',
    provider: 'aws' as const,
    regions: ACCOUNT.regions,
    owner: 'group:default/platform',
    endpoint,
    aws: { accessKeyId: ACCOUNT.accessKeyId, secretAccessKey: ACCOUNT.secretAccessKey },
  });

  async function harness(endpoint: string | undefined, aws: Record<string, number> = {}, egressAllow?: string[]) {
    const knex = await databases.init('SQLITE_3');
    return createDiscoveryHarness({
      knex,
      connections: endpoint ? [connection(endpoint)] : [],
      discoveryConfig: { aws: { maxAttempts: 2, ...aws }, encryptionKey: 'k'.repeat(40) },
      egressAllow,
    });
  }

  async function simulator(): Promise<AwsSimulator> {
    const sim = await startAwsSimulator({
      world: generateAwsWorld({ seed: 3, accounts: [ACCOUNT], sizes: { instances: 5 } }),
    });
    closers.push(() => sim.close());
    return sim;
  }

  /** A server that accepts connections and never answers; counts them. */
  async function silentServer() {
    const sockets = new Set<net.Socket>();
    let connected!: () => void;
    const firstConnection = new Promise<void>(resolve => (connected = resolve));
    const server = net.createServer(socket => {
      sockets.add(socket);
      socket.on('error', () => undefined);
      connected();
    });
    const port = await listen(server);
    closers.push(
      () =>
        new Promise<void>(resolve => {
          sockets.forEach(s => s.destroy());
          server.close(() => resolve());
        }),
    );
    return { endpoint: `http://127.0.0.1:${port}`, firstConnection, connections: () => sockets.size };
  }

  it('refuses an endpoint on a denied address at run time and sends nothing to it (a connection stored before the allow-list changed)', async () => {
    const sim = await simulator();
    const { service } = await harness(undefined, {}, []);
    // stored as it was accepted earlier (the API refuses such an endpoint now: see discoveryRoutes.test)
    const { aws, ...rest } = connection(sim.endpoint);
    await service.connections.create(
      { ...rest, aws: { accessKeyId: aws.accessKeyId }, lists: {}, datacenter: 'aws-t', secret: aws.secretAccessKey },
      'user:default/alice',
    );
    const status = await service.runNow('aws-t', 'server-list');
    expect(status).toMatchObject({
      status: 'error',
      error: expect.stringMatching(/egress denied: 127\.0\.0\.1 is a loopback address/),
    });
    expect(status.errorSummary).toBe('egress denied: the endpoint is not an allowed address (maestro.egress.allow)');
    expect(sim.stats.requests).toBe(0);
  });

  it('does not follow an HTTP redirect: a 307 answer fails the run and its target sees nothing', async () => {
    const targetHits: string[] = [];
    const target = http.createServer((req, res) => {
      targetHits.push(req.url!);
      res.end();
    });
    const targetPort = await listen(target);
    const redirecting = http.createServer((req, res) => {
      req.resume();
      res
        .writeHead(307, { location: `http://127.0.0.1:${targetPort}/latest/meta-data/iam/security-credentials/` })
        .end();
    });
    const port = await listen(redirecting);
    closers.push(
      () => new Promise<void>(r => target.close(() => r())),
      () => new Promise<void>(r => redirecting.close(() => r())),
    );
    const { service } = await harness(`http://127.0.0.1:${port}`);
    const status = await service.runNow('aws-t', 'server-list');
    expect(status.status).toBe('error');
    expect(status.errorSummary).toBe('AWS answered HTTP 307');
    expect(targetHits).toEqual([]);
  });

  it('ends a run against an endpoint that accepts and never answers with a timeout error', async () => {
    const silent = await silentServer();
    const { service } = await harness(silent.endpoint, { requestTimeoutMs: 300, connectTimeoutMs: 300 });
    const status = await settlesWithin(service.runNow('aws-t', 'server-list'), 20_000, 'the run');
    expect(status).toMatchObject({ status: 'error', error: expect.stringMatching(/300 ms/) });
    expect(status.errorSummary).toBe('AWS did not answer in time');
    expect(silent.connections()).toBeGreaterThan(0);
    expect((await service.statuses('aws-t')).find(s => s.list === 'server-list')!.status).toBe('error');
  });

  it("stops a run promptly when the run's signal aborts, and leaves the status error, not running", async () => {
    const silent = await silentServer();
    const { service } = await harness(silent.endpoint, { requestTimeoutMs: 600_000, connectTimeoutMs: 600_000 });
    const controller = new AbortController();
    const run = service.runNow('aws-t', 'server-list', { signal: controller.signal });
    await silent.firstConnection;
    expect((await service.statuses('aws-t')).find(s => s.list === 'server-list')!.status).toBe('running');
    controller.abort();
    const status = await settlesWithin(run, 20_000, 'the aborted run');
    expect(status).toMatchObject({ status: 'error', error: expect.stringMatching(/aborted/) });
    expect((await service.statuses('aws-t')).find(s => s.list === 'server-list')!.status).toBe('error');
  });

  it('stops reading an answer larger than maestro.discovery.aws.maxResponseBytes', async () => {
    let written = 0;
    const chunk = Buffer.alloc(256 * 1024, 'x');
    const streaming = http.createServer((req, res) => {
      req.resume();
      res.writeHead(200, { 'content-type': 'text/xml' });
      res.write('<GetCallerIdentityResponse><GetCallerIdentityResult><Arn>');
      const pump = () => {
        while (written < 512 * 2 ** 20) {
          written += chunk.length;
          if (!res.write(chunk)) {
            res.once('drain', pump);
            return;
          }
        }
        res.end('</Arn></GetCallerIdentityResult></GetCallerIdentityResponse>');
      };
      res.on('close', () => res.removeAllListeners('drain'));
      pump();
    });
    const port = await listen(streaming);
    closers.push(
      () =>
        new Promise<void>(r => {
          streaming.closeAllConnections();
          streaming.close(() => r());
        }),
    );
    const { service } = await harness(`http://127.0.0.1:${port}`, { maxResponseBytes: 2 ** 20 });
    const status = await settlesWithin(service.runNow('aws-t', 'server-list'), 30_000, 'the run');
    expect(status).toMatchObject({ status: 'error', error: expect.stringMatching(/larger than 1048576 bytes/) });
    expect(status.errorSummary).toBe('AWS sent an answer larger than allowed');
    // the answer was abandoned: far less than the 512 MiB the server would have sent
    expect(written).toBeLessThan(64 * 2 ** 20);
  });
});
