/*
 * End-to-end smoke test: starts the real backend (packages/backend/src/index.ts, every plugin the README's start
 * command runs) as its own Node process, on a free port and an in-memory SQLite database, then checks through
 * HTTP that the Maestro plugin is healthy and that the demo inventory reaches the catalog API through the entity
 * provider.
 */
import { ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

jest.setTimeout(180_000);

const root = resolve(__dirname, '../../..');

function freePort(): Promise<number> {
  return new Promise((res, rej) => {
    const srv = createServer();
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as { port: number };
      srv.close(() => res(port));
    });
    srv.on('error', rej);
  });
}

async function eventually<T>(what: string, check: () => Promise<T>, timeoutMs: number): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  while (Date.now() < deadline) {
    try {
      return await check();
    } catch (error) {
      last = error;
      await new Promise(r => setTimeout(r, 500));
    }
  }
  throw new Error(`${what} did not happen within ${timeoutMs} ms: ${last}`);
}

describe('backend smoke test', () => {
  let child: ChildProcess | undefined;
  let output = '';

  afterAll(async () => {
    if (child && child.exitCode === null) {
      child.kill('SIGTERM');
      await new Promise(r => child!.once('exit', r));
    }
  });

  it('starts, reports healthy, and projects the Maestro demo inventory into the catalog', async () => {
    const port = await freePort();
    const baseUrl = `http://127.0.0.1:${port}`;
    const dir = mkdtempSync(join(tmpdir(), 'maestro-smoke-'));
    const testConfig = join(dir, 'app-config.smoke.yaml');
    writeFileSync(
      testConfig,
      JSON.stringify({
        backend: {
          baseUrl,
          listen: { port, host: '127.0.0.1' },
          database: { client: 'better-sqlite3', connection: ':memory:' },
        },
        maestro: { demo: { enabled: true } },
      }),
    );
    child = spawn(
      process.execPath,
      [
        '--enable-source-maps',
        '--require',
        require.resolve('@backstage/cli-node/config/nodeTransform.cjs'),
        'src/index.ts',
        '--config',
        join(root, 'app-config.yaml'),
        '--config',
        testConfig,
      ],
      {
        cwd: resolve(__dirname, '..'),
        env: { ...process.env, NODE_ENV: 'development', LOG_LEVEL: 'warn' },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    child.stdout!.on('data', d => (output += d));
    child.stderr!.on('data', d => (output += d));
    const exited = new Promise<never>((_, rej) =>
      child!.once('exit', code => rej(new Error(`backend exited with ${code}:\n${output}`))),
    );

    const health = await Promise.race([
      exited,
      eventually(
        'GET /api/maestro/health',
        async () => {
          const res = await fetch(`${baseUrl}/api/maestro/health`);
          if (!res.ok) throw new Error(`status ${res.status}`);
          return res.json();
        },
        120_000,
      ),
    ]);
    expect(health).toEqual({ status: 'ok' });

    // the API itself requires a token
    expect((await fetch(`${baseUrl}/api/maestro/records`)).status).toBe(401);

    // sign in as guest, as a person does on the sign-in page
    const refresh = await fetch(`${baseUrl}/api/auth/guest/refresh`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', 'X-Requested-With': 'XMLHttpRequest' },
      body: '{}',
    });
    expect(refresh.status).toBe(200);
    const token = (await refresh.json()).backstageIdentity.token;

    const entity = await Promise.race([
      exited,
      eventually(
        'the demo Datacenter in the catalog API',
        async () => {
          const res = await fetch(
            `${baseUrl}/api/catalog/entities/by-name/datacenter/default/demo-aws-eu-west-1`,
            { headers: { Authorization: `Bearer ${token}` } },
          );
          if (!res.ok) throw new Error(`status ${res.status}`);
          const body = await res.json();
          if (!body.relations?.some((r: any) => r.type === 'hosts')) throw new Error('no relations yet');
          return body;
        },
        60_000,
      ),
    ]);
    expect(entity.kind).toBe('Datacenter');
    expect(entity.metadata.annotations['maestro.backstage.io/record-id']).toBeTruthy();

    // the guest is a Maestro editor in app-config.yaml: a write goes through the real permission policy
    const created = await fetch(`${baseUrl}/api/maestro/records`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
      body: JSON.stringify({
        kind: 'Server',
        name: 'smoke-01',
        owner: 'group:default/maestro-admins',
        spec: { hostname: 'smoke-01' },
      }),
    });
    expect(created.status).toBe(201);
  });
});
