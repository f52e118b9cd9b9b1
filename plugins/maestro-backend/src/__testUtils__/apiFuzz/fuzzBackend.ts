import request from 'supertest';
import type { BackstageCredentials, PermissionsService } from '@backstage/backend-plugin-api';
import { mockCredentials, mockServices, startTestBackend } from '@backstage/backend-test-utils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import type { Knex } from 'knex';
import { maestroPlugin } from '../../plugin';

/** The fuzz test's users: the editor may do everything, the reader only what reading needs. */
export const FUZZ_EDITOR = 'user:default/fuzz-editor';
export const FUZZ_READER = 'user:default/fuzz-reader';
export const READ_PERMISSIONS: ReadonlySet<string> = new Set([
  'maestro.inventory.read',
  'maestro.history.read',
  'maestro.discovery.read',
  'maestro.report.read',
]);

/** Decides per permission name and caller: services and the editor are allowed everything, the reader reads. */
function allowed(credentials: BackstageCredentials, permission: string): boolean {
  const principal = credentials.principal as { type: string; userEntityRef?: string };
  if (principal.type === 'service') return true;
  if (principal.type !== 'user') return false;
  if (principal.userEntityRef === FUZZ_EDITOR) return true;
  return principal.userEntityRef === FUZZ_READER && READ_PERMISSIONS.has(permission);
}

const policy: Partial<PermissionsService> = {
  async authorize(requests, { credentials }) {
    return requests.map(r => ({
      result: allowed(credentials, r.permission.name) ? AuthorizeResult.ALLOW : AuthorizeResult.DENY,
    }));
  },
  async authorizeConditional(requests, { credentials }) {
    return requests.map(r => ({
      result: allowed(credentials, r.permission.name) ? AuthorizeResult.ALLOW : AuthorizeResult.DENY,
    }));
  },
};

/** A connection defined in app-config: the API must refuse to change or delete it (409), never fail. */
const CONFIGURED_CONNECTION = {
  id: 'configured-aws',
  provider: 'aws',
  regions: ['eu-west-1'],
  owner: 'group:default/platform',
  endpoint: 'http://127.0.0.1:9',
  aws: { accessKeyId: 'AKIACONFIGURED000001', secretAccessKey: 'configured-secret-value' },
};

/**
 * Starts the real Maestro plugin for the fuzz test, on the given database (in-memory SQLite without one). The
 * scheduler only records tasks and no job run is executed (`maestro.jobs.workers: false`): a "sync now" or a "run
 * now" is accepted but no run starts, so nothing writes to the store behind the fuzzer's back (and nothing leaves the
 * machine).
 */
export async function startFuzzBackend(options: { knex?: Knex } = {}) {
  const { server } = await startTestBackend({
    features: [
      maestroPlugin,
      mockServices.rootConfig.factory({
        data: {
          maestro: {
            // the configured connection's endpoint is a loopback address, refused unless allow-listed
            egress: { allow: ['127.0.0.1'] },
            // no catalog plugin in this backend: reports read the store only
            reports: { catalogEntities: false },
            // thousands of requests from one address: the share routes' rate limit would answer 429
            graphs: { share: { rateLimit: 1_000_000 } },
            // jobs' runs stay queued: a discovery job run would write to the store behind the fuzzer's back
            jobs: { workers: false },
            discovery: {
              encryptionKey: Buffer.alloc(32, 7).toString('base64'),
              tickSeconds: 60,
              connections: [CONFIGURED_CONNECTION],
            },
          },
        },
      }),
      ...(options.knex ? [mockServices.database.factory({ knex: options.knex, migrations: { skip: false } })] : []),
      mockServices.permissions.mock(policy).factory,
      mockServices.scheduler.mock({ scheduleTask: async () => {}, triggerTask: async () => {} }).factory,
      mockServices.httpAuth.factory({ defaultCredentials: mockCredentials.none() }),
      // the backend's errors (a 500's cause) on the console when asked
      ...(process.env.MAESTRO_FUZZ_LOG ? [mockServices.rootLogger.factory({ level: 'error' })] : []),
    ],
  });
  await seedGraphEstate(server);
  return server;
}

/**
 * The small estate the graph examples of the OpenAPI document name (client acme, system shop entered through web,
 * web → orders, server srv) and one saved graph over it, so that drawn graph requests can succeed (the fuzzer learns
 * the graph's id from `GET /graphs`) rather than all end in "unknown entry" or "no such graph".
 */
async function seedGraphEstate(server: Parameters<typeof request>[0]) {
  const editor = mockCredentials.user.header(FUZZ_EDITOR);
  const owner = 'group:default/platform';
  const app = (name: string, spec: object) => ({
    kind: 'Component',
    name,
    owner,
    spec: { type: 'service', lifecycle: 'production', ...spec },
  });
  for (const record of [
    { kind: 'Server', name: 'srv', owner, spec: { hostname: 'srv.fuzz' } },
    { kind: 'Client', name: 'acme', owner, spec: {} },
    app('orders', { servers: ['server:default/srv'] }),
    app('web', {
      servers: ['server:default/srv'],
      dependencies: [{ ref: 'component:default/orders', protocol: 'rest' }],
    }),
    {
      kind: 'System',
      name: 'shop',
      owner,
      spec: { clients: ['client:default/acme'], entryApplications: ['component:default/web'] },
    },
  ]) {
    await request(server).post('/api/maestro/records').set('Authorization', editor).send(record).expect(201);
  }
  await request(server)
    .post('/api/maestro/graphs')
    .set('Authorization', editor)
    .send({ name: 'shop', entry: { system: 'system:default/shop' }, layers: { infrastructure: true, business: true } })
    .expect(201);
}

/** The Authorization header of each identity (none for `anonymous`). */
export function authorizationOf(
  identity: 'editor' | 'reader' | 'anonymous' | 'invalid-token' | 'service',
): string | undefined {
  switch (identity) {
    case 'editor':
      return mockCredentials.user.header(FUZZ_EDITOR);
    case 'reader':
      return mockCredentials.user.header(FUZZ_READER);
    case 'service':
      return mockCredentials.service.header();
    case 'invalid-token':
      return mockCredentials.user.invalidHeader();
    default:
      return undefined;
  }
}
