import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { mockCredentials, mockServices, startTestBackend } from '@backstage/backend-test-utils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import type { JsonObject } from '@backstage/types';
import {
  maestroDiscoveryManagePermission,
  maestroInventoryDeletePermission,
  maestroInventoryUpdatePermission,
} from '@maestro/plugin-maestro-common';
import request from 'supertest';
import { maestroPlugin } from '../plugin';
import { startMaestro } from '../__testUtils__/startMaestro';
import { createMaestroRecordConditionalDecision, maestroRecordConditions } from '../permissions/rules';
import { DEVELOPMENT_ENCRYPTION_KEY } from './SecretBox';

jest.setTimeout(60_000);

const user = mockCredentials.user.header('user:default/alice');
const SECRET = 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY';
const KEY = Buffer.alloc(32, 3).toString('base64');

const configured = {
  id: 'aws-gitops',
  provider: 'aws',
  datacenter: 'aws-gitops',
  regions: ['eu-west-1'],
  owner: 'group:default/platform',
  endpoint: 'http://127.0.0.1:9',
  aws: { accessKeyId: 'AKIAGITOPS0000000001', secretAccessKey: 'config-secret-value-123' },
  lists: { 'server-list': { enabled: false } },
};

const connection = (overrides: Record<string, unknown> = {}) => ({
  id: 'aws-prod',
  provider: 'aws',
  title: 'Production account',
  regions: ['eu-west-1', 'us-east-1'],
  owner: 'group:default/platform',
  endpoint: 'http://127.0.0.1:9',
  aws: { accessKeyId: 'AKIAIOSFODNN7EXAMPLE', secretAccessKey: SECRET },
  lists: { 'cdns-list': { enabled: false }, 'server-list': { frequencyMinutes: 10 } },
  ...overrides,
});

const start = (
  encryptionKey: string | null = KEY,
  result: AuthorizeResult.ALLOW | AuthorizeResult.DENY = AuthorizeResult.ALLOW,
  discovery: JsonObject = {},
) =>
  startMaestro(result, {
    config: {
      maestro: {
        // the test endpoints listen on 127.0.0.1, which the egress policy refuses unless listed
        egress: { allow: ['127.0.0.1'] },
        discovery: {
          ...(encryptionKey ? { encryptionKey } : {}),
          tickSeconds: 60,
          connections: [configured],
          ...discovery,
        },
      },
    },
  });

describe('discovery routes', () => {
  it('creates a connection, seals its secret, and never returns it', async () => {
    const server = await start();
    const created = await request(server)
      .post('/api/maestro/discovery/connections')
      .set('Authorization', user)
      .send(connection());
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      id: 'aws-prod',
      datacenter: 'aws-prod',
      origin: 'api',
      hasSecret: true,
      version: 1,
      aws: { accessKeyId: 'AKIAIOSFODNN7EXAMPLE', credentials: 'static' },
    });
    const lists = Object.fromEntries(created.body.lists.map((l: any) => [l.id, l]));
    expect(lists['cdns-list']).toMatchObject({ enabled: false, global: true });
    expect(lists['server-list']).toMatchObject({
      enabled: true,
      frequencyMinutes: 10,
      iamActions: ['ec2:DescribeInstances', 'ec2:DescribeInstanceTypes'],
    });
    expect(created.body.tasks.map((t: any) => t.status)).toEqual(created.body.lists.map(() => 'never'));

    const all = await request(server).get('/api/maestro/discovery/connections').set('Authorization', user).expect(200);
    expect(all.body.items.map((c: any) => [c.id, c.origin, c.hasSecret])).toEqual([
      ['aws-gitops', 'config', true],
      ['aws-prod', 'api', true],
    ]);
    for (const res of [
      created,
      all,
      await request(server).get('/api/maestro/discovery/connections/aws-prod').set('Authorization', user),
    ]) {
      expect(JSON.stringify(res.body)).not.toContain(SECRET);
      expect(JSON.stringify(res.body)).not.toContain('config-secret-value-123');
    }

    // update without a secret keeps it; a changed key id needs a new secret; a stale version is a 409
    const kept = await request(server)
      .put('/api/maestro/discovery/connections/aws-prod')
      .set('Authorization', user)
      .send({ ...connection({ title: 'Prod' }), aws: { accessKeyId: 'AKIAIOSFODNN7EXAMPLE' }, version: 1 })
      .expect(200);
    expect(kept.body).toMatchObject({ title: 'Prod', hasSecret: true, version: 2 });
    const newKey = await request(server)
      .put('/api/maestro/discovery/connections/aws-prod')
      .set('Authorization', user)
      .send({ ...connection(), aws: { accessKeyId: 'AKIAOTHERKEY00000001' }, version: 2 })
      .expect(400);
    expect(newKey.body.error.message).toBe('aws.secretAccessKey: is required when the access key id changes');
    await request(server)
      .put('/api/maestro/discovery/connections/aws-prod')
      .set('Authorization', user)
      .send({ ...connection(), version: 1 })
      .expect(409);

    await request(server).delete('/api/maestro/discovery/connections/aws-prod').set('Authorization', user).expect(204);
    await request(server).get('/api/maestro/discovery/connections/aws-prod').set('Authorization', user).expect(404);
  });

  it('answers 400 naming every bad field, and stores nothing', async () => {
    const server = await start();
    const bad = await request(server)
      .post('/api/maestro/discovery/connections')
      .set('Authorization', user)
      .send({
        id: 'Bad Id',
        provider: 'aws',
        regions: ['eu-west-1', 'moon-1'],
        owner: 'not a ref:/',
        endpoint: 'ftp://x',
        lists: { 'no-such-list': {}, 'server-list': { frequencyMinutes: 0 } },
        aws: { secretAccessKey: 'x' },
      })
      .expect(400);
    const message: string = bad.body.error.message;
    for (const field of [
      'id:',
      'regions: not a region name: moon-1',
      'owner:',
      'endpoint:',
      'lists.no-such-list: unknown list',
      'lists.server-list.frequencyMinutes:',
      'aws.accessKeyId: is required with aws.secretAccessKey',
    ]) {
      expect(message).toContain(field);
    }
    const unknownProvider = await request(server)
      .post('/api/maestro/discovery/connections')
      .set('Authorization', user)
      .send(connection({ provider: 'gcp' }))
      .expect(400);
    expect(unknownProvider.body.error.message).toContain("provider: must be one of aws, openstack (got 'gcp')");
    const list = await request(server).get('/api/maestro/discovery/connections').set('Authorization', user);
    expect(list.body.items.map((c: any) => c.id)).toEqual(['aws-gitops']);
  });

  it('refuses to store a secret when no encryption key is configured, with a message saying what to do', async () => {
    const role = 'arn:aws:iam::123456789012:role/maestro-read';
    const server = await start(null, AuthorizeResult.ALLOW, { aws: { backendIdentity: { roleArns: [role] } } });
    const res = await request(server)
      .post('/api/maestro/discovery/connections')
      .set('Authorization', user)
      .send(connection())
      .expect(400);
    expect(res.body.error.message).toMatch(
      /^aws.secretAccessKey: cannot be stored: no encryption key is configured. Set maestro.discovery.encryptionKey/,
    );
    const providers = await request(server)
      .get('/api/maestro/discovery/providers')
      .set('Authorization', user)
      .expect(200);
    expect(providers.body.canStoreSecrets).toBe(false);
    // a connection assuming an allow-listed role with the backend's credentials (no secret) is fine
    await request(server)
      .post('/api/maestro/discovery/connections')
      .set('Authorization', user)
      .send(connection({ aws: { roleArn: role, externalId: 'ext-1' } }))
      .expect(201);
  });

  it('creates an OpenStack connection with its password sealed, never returned, and names bad OpenStack fields', async () => {
    const server = await start();
    const password = 'openstack-password-never-shown';
    const body = {
      id: 'os-prod',
      provider: 'openstack',
      regions: ['RegionOne'],
      owner: 'group:default/platform',
      openstack: {
        authUrl: 'http://127.0.0.1:9/identity/v3',
        username: 'maestro',
        password,
        userDomainId: 'default',
        projectId: 'p1',
      },
    };
    const created = await request(server)
      .post('/api/maestro/discovery/connections')
      .set('Authorization', user)
      .send(body)
      .expect(201);
    expect(created.body).toMatchObject({
      provider: 'openstack',
      hasSecret: true,
      openstack: {
        authUrl: 'http://127.0.0.1:9/identity/v3',
        username: 'maestro',
        userDomainId: 'default',
        projectId: 'p1',
      },
    });
    expect(created.body.lists.map((l: any) => l.id)).toEqual(
      expect.arrayContaining([
        'server-list',
        'flavor-list',
        'images-list',
        'volumes-list',
        'snapshot-list',
        'security-list',
        'network-list',
        'loadbalance-list',
      ]),
    );
    const providers = await request(server)
      .get('/api/maestro/discovery/providers')
      .set('Authorization', user)
      .expect(200);
    const openstack = providers.body.items.find((p: any) => p.provider === 'openstack');
    expect(openstack.lists.find((l: any) => l.id === 'server-list').iamActions).toEqual(
      expect.arrayContaining([expect.stringMatching(/servers\/detail/)]),
    );
    for (const res of [
      created,
      await request(server).get('/api/maestro/discovery/connections').set('Authorization', user),
    ]) {
      expect(JSON.stringify(res.body)).not.toContain(password);
    }
    const bad = await request(server)
      .post('/api/maestro/discovery/connections')
      .set('Authorization', user)
      .send({ ...body, id: 'os-bad', openstack: { authUrl: 'keystone', password } })
      .expect(400);
    expect(bad.body.error.message).toContain(
      "openstack.authUrl: must be an http(s) URL such as https://keystone.example.com:5000/v3 (got 'keystone')",
    );
    expect(bad.body.error.message).toContain('openstack.username: is required (or openstack.userId)');
    expect(JSON.stringify(bad.body)).not.toContain(password);
  });

  it('keeps config-defined connections read-only and ids unique', async () => {
    const server = await start();
    const conflict = await request(server)
      .post('/api/maestro/discovery/connections')
      .set('Authorization', user)
      .send(connection({ id: 'aws-gitops' }))
      .expect(409);
    expect(conflict.body.error.message).toBe("id: connection 'aws-gitops' is defined in app-config");
    await request(server)
      .delete('/api/maestro/discovery/connections/aws-gitops')
      .set('Authorization', user)
      .expect(409);
    await request(server)
      .post('/api/maestro/discovery/connections')
      .set('Authorization', user)
      .send(connection())
      .expect(201);
    await request(server)
      .post('/api/maestro/discovery/connections')
      .set('Authorization', user)
      .send(connection())
      .expect(409);
  });

  it('serves the IAM policy, names a bad sync request, and refuses without credentials or permission', async () => {
    const server = await start();
    const policy = await request(server)
      .get('/api/maestro/discovery/aws/policy')
      .set('Authorization', user)
      .expect(200);
    expect(policy.body.Statement[0].Action).toEqual(
      expect.arrayContaining([
        'ec2:DescribeInstances',
        'rds:DescribeDBInstances',
        's3:ListAllMyBuckets',
        'sts:GetCallerIdentity',
      ]),
    );
    const badList = await request(server)
      .post('/api/maestro/discovery/connections/aws-gitops/sync')
      .set('Authorization', user)
      .send({ list: 'nope' })
      .expect(404);
    expect(badList.body.error.message).toBe("list 'nope' does not exist for aws");
    await request(server)
      .post('/api/maestro/discovery/connections/aws-gitops/sync')
      .set('Authorization', user)
      .send({ confirmRemovals: 'yes' })
      .expect(400);
    // a confirmed removal names the held removal the operator saw: list, region and at most how many records
    const confirm = (body: Record<string, unknown>) =>
      request(server).post('/api/maestro/discovery/connections/aws-gitops/sync').set('Authorization', user).send(body);
    const refusals: Array<[Record<string, unknown>, string]> = [
      [
        { list: 'cdns-list', confirmRemovals: true },
        'confirmRemovals: must be the held removal you confirm: { "region": "eu-west-1", "atMost": 12 }',
      ],
      [
        { confirmRemovals: { region: 'global', atMost: 3 } },
        'list: is required with confirmRemovals (the list whose removal you confirm)',
      ],
      [
        { list: 'volumes-list', confirmRemovals: { region: 'us-east-1', atMost: 3 } },
        "confirmRemovals.region: must be one of the list's regions: eu-west-1",
      ],
      [
        { list: 'cdns-list', confirmRemovals: { region: 'eu-west-1', atMost: 3 } },
        "confirmRemovals.region: must be one of the list's regions: global",
      ],
      [
        { list: 'cdns-list', confirmRemovals: { region: 'global', atMost: 0 } },
        'confirmRemovals.atMost: must be a whole number between 1 and 1000000',
      ],
      [
        { list: 'cdns-list', confirmRemovals: { region: 'global', atMost: 2, all: true } },
        'confirmRemovals: unknown field all',
      ],
    ];
    for (const [body, message] of refusals) {
      const refused = await confirm(body).expect(400);
      expect(refused.body.error.message).toContain(message);
    }
    expect(
      (await confirm({ list: 'cdns-list', confirmRemovals: { region: 'global', atMost: 12 } }).expect(202)).body
        .requested,
    ).toEqual(['cdns-list']);
    const sync = await request(server)
      .post('/api/maestro/discovery/connections/aws-gitops/sync')
      .set('Authorization', user)
      .send({ list: 'volumes-list' })
      .expect(202);
    expect(sync.body.requested).toEqual(['volumes-list']);
    // the scheduler runs it right away; nothing listens on the endpoint, so the task fails and says why
    let task: any;
    for (let i = 0; i < 100 && task?.status !== 'error'; i++) {
      await new Promise(r => setTimeout(r, 100));
      const status = await request(server)
        .get('/api/maestro/discovery/connections/aws-gitops')
        .set('Authorization', user);
      task = status.body.tasks.find((t: any) => t.list === 'volumes-list');
    }
    expect(task).toMatchObject({ status: 'error', failures: 1, error: expect.stringMatching(/ECONNREFUSED|connect/) });
    expect(task.requestedAt).toBeUndefined();

    await request(server).get('/api/maestro/discovery/connections').expect(401);
    const denied = await start(KEY, AuthorizeResult.DENY);
    await request(denied).get('/api/maestro/discovery/connections').set('Authorization', user).expect(403);
    await request(denied)
      .post('/api/maestro/discovery/connections')
      .set('Authorization', user)
      .send(connection())
      .expect(403);
  });

  it('refuses endpoints on denied literal addresses and credentials in URLs, naming the field and never echoing them', async () => {
    const server = await start();
    const post = (body: object) =>
      request(server).post('/api/maestro/discovery/connections').set('Authorization', user).send(body);
    for (const [endpoint, reason] of [
      [
        'http://169.254.169.254/latest/meta-data/',
        /^endpoint: 169\.254\.169\.254 is a link-local address; allow it with maestro\.egress\.allow$/,
      ],
      ['http://10.1.2.3/', /^endpoint: 10\.1\.2\.3 is a private address/],
      ['http://localhost:4566', /^endpoint: localhost is this machine \(loopback\)/],
      ['http://[::ffff:169.254.169.254]/', /^endpoint: .*link-local/],
    ] as const) {
      const res = await post(connection({ id: 'aws-ssrf', endpoint })).expect(400);
      expect(res.body.error.message).toMatch(reason);
    }
    const withCredentials = await post(
      connection({ id: 'aws-cred', endpoint: 'https://admin:hunter2-secret@aws.example.com/' }),
    ).expect(400);
    expect(withCredentials.body.error.message).toBe(
      'endpoint: must not contain credentials (user:password@): enter them in their own fields',
    );
    const unparsable = await post(connection({ id: 'aws-bad', endpoint: 'admin:hunter2-secret@' })).expect(400);
    expect(unparsable.body.error.message).toBe('endpoint: must be an http(s) URL');
    const openstack = {
      id: 'os-ssrf',
      provider: 'openstack',
      regions: ['RegionOne'],
      owner: 'group:default/platform',
      openstack: { authUrl: 'http://10.0.0.5:5000/v3', username: 'u', password: 'p', projectId: 'p1' },
    };
    const os = await post(openstack).expect(400);
    expect(os.body.error.message).toMatch(/^openstack\.authUrl: 10\.0\.0\.5 is a private address/);
    const osCredentials = await post({
      ...openstack,
      openstack: { ...openstack.openstack, authUrl: 'https://u:hunter2-secret@keystone.example.com/v3' },
    }).expect(400);
    expect(osCredentials.body.error.message).toMatch(/^openstack\.authUrl: must not contain credentials/);
    for (const res of [withCredentials, unparsable, osCredentials])
      expect(JSON.stringify(res.body)).not.toContain('hunter2');
    // host names are checked when connecting; the allow-listed loopback address is accepted
    await post(connection({ id: 'aws-named', endpoint: 'https://ec2.vpce.example.com' })).expect(201);
    await post(connection({ id: 'aws-local', endpoint: 'http://127.0.0.1:4566' })).expect(201);
    const items = (await request(server).get('/api/maestro/discovery/connections').set('Authorization', user)).body
      .items;
    expect(items.map((c: any) => c.id)).toEqual(['aws-gitops', 'aws-local', 'aws-named']);
  });

  it('refuses a connection in app-config whose endpoint is a denied literal address, naming the key', async () => {
    await expect(
      startMaestro(AuthorizeResult.ALLOW, {
        config: { maestro: { discovery: { connections: [{ ...configured, endpoint: 'http://169.254.169.254/' }] } } },
      }),
    ).rejects.toThrow(/maestro\.discovery\.connections\[0\]: endpoint: 169\.254\.169\.254 is a link-local address/);
  });

  it("makes API connections bring their own access key: the backend's identity only for allow-listed roles and accounts", async () => {
    const post = (server: any, aws: unknown, id = 'aws-id') =>
      request(server)
        .post('/api/maestro/discovery/connections')
        .set('Authorization', user)
        .send(connection({ id, aws }));
    const server = await start();
    const chain = await post(server, {}).expect(400);
    expect(chain.body.error.message).toMatch(
      /^aws\.accessKeyId: is required: connections created through the API use their own access key/,
    );
    const role = await post(server, { roleArn: 'arn:aws:iam::123456789012:role/reader' }).expect(400);
    expect(role.body.error.message).toMatch(/^aws\.roleArn: can only be assumed with this connection's own access key/);
    const account = await post(server, { accountId: '123456789012' }).expect(400);
    expect(account.body.error.message).toMatch(/^aws\.accountId: .*maestro\.discovery\.aws\.backendIdentity\.accounts/);
    const noSecret = await post(server, { accessKeyId: 'AKIAIOSFODNN7EXAMPLE' }).expect(400);
    expect(noSecret.body.error.message).toBe('aws.secretAccessKey: is required with aws.accessKeyId');
    // own keys, and a role assumed with them: fine
    await post(server, {
      accessKeyId: 'AKIAIOSFODNN7EXAMPLE',
      secretAccessKey: SECRET,
      roleArn: 'arn:aws:iam::123456789012:role/reader',
    }).expect(201);
    // an update cannot switch a connection to the backend's identity
    const switched = await request(server)
      .put('/api/maestro/discovery/connections/aws-id')
      .set('Authorization', user)
      .send({ ...connection({ id: 'aws-id', aws: { roleArn: 'arn:aws:iam::123456789012:role/reader' } }), version: 1 })
      .expect(400);
    expect(switched.body.error.message).toMatch(/^aws\.roleArn:/);

    const allowing = await start(KEY, AuthorizeResult.ALLOW, {
      aws: { backendIdentity: { accounts: ['123456789012'], roleArns: ['arn:aws:iam::123456789012:role/reader'] } },
    });
    await post(allowing, { roleArn: 'arn:aws:iam::123456789012:role/reader' }, 'aws-role').expect(201);
    await post(allowing, { accountId: '123456789012' }, 'aws-account').expect(201);
    await post(allowing, { roleArn: 'arn:aws:iam::123456789012:role/other' }, 'aws-other').expect(400);
    await post(allowing, {}, 'aws-chain').expect(400);
  });

  it('shows readers a fixed description of a failed run and managers the remote error text, capped', async () => {
    const remote = `internal detail from the endpoint: ${'x'.repeat(1200)}`;
    const fake = http.createServer((req, res) => {
      req.resume();
      res.writeHead(500, { 'content-type': 'text/xml' });
      res.end(
        `<ErrorResponse><Error><Type>Receiver</Type><Code>InternalFailure</Code><Message>${remote}</Message></Error><RequestId>r</RequestId></ErrorResponse>`,
      );
    });
    await new Promise<void>(r => fake.listen(0, '127.0.0.1', r));
    try {
      const permissions = mockServices.permissions.mock({
        authorize: async (requests, options) => {
          const ref = (options.credentials.principal as { userEntityRef?: string }).userEntityRef;
          return requests.map(r => ({
            result:
              ref === 'user:default/reader' && r.permission.name === maestroDiscoveryManagePermission.name
                ? AuthorizeResult.DENY
                : AuthorizeResult.ALLOW,
          }));
        },
      });
      const { server } = await startTestBackend({
        features: [
          maestroPlugin,
          mockServices.rootConfig.factory({
            data: {
              maestro: {
                egress: { allow: ['127.0.0.1'] },
                discovery: {
                  tickSeconds: 60,
                  aws: { maxAttempts: 1 },
                  connections: [
                    { ...configured, endpoint: `http://127.0.0.1:${(fake.address() as AddressInfo).port}` },
                  ],
                },
              },
            },
          }),
          permissions.factory,
          mockServices.httpAuth.factory({ defaultCredentials: mockCredentials.none() }),
        ],
      });
      const reader = mockCredentials.user.header('user:default/reader');
      await request(server)
        .post('/api/maestro/discovery/connections/aws-gitops/sync')
        .set('Authorization', reader)
        .send({})
        .expect(403);
      await request(server)
        .post('/api/maestro/discovery/connections/aws-gitops/sync')
        .set('Authorization', user)
        .send({ list: 'volumes-list' })
        .expect(202);
      const task = async (who: string) => {
        const res = await request(server)
          .get('/api/maestro/discovery/connections/aws-gitops')
          .set('Authorization', who)
          .expect(200);
        return res.body.tasks.find((t: any) => t.list === 'volumes-list');
      };
      for (let i = 0; i < 100 && (await task(user)).status !== 'error'; i++) await new Promise(r => setTimeout(r, 100));
      const asManager = await task(user);
      expect(asManager.status).toBe('error');
      expect(asManager.error).toContain('internal detail from the endpoint');
      expect(asManager.error.length).toBeLessThanOrEqual(1001);
      const asReader = await task(reader);
      expect(asReader).toMatchObject({ status: 'error', error: 'AWS answered HTTP 500 (InternalFailure)' });
      const list = await request(server)
        .get('/api/maestro/discovery/connections')
        .set('Authorization', reader)
        .expect(200);
      const everything = JSON.stringify(list.body);
      expect(everything).not.toContain('internal detail');
      expect(everything).not.toContain('errorSummary');
    } finally {
      await new Promise<void>(r => fake.close(() => r()));
    }
  });
});

/**
 * Starts Maestro whose permission answers come from `decide` (permission name, user ref): ALLOW, DENY, or for
 * record permissions the owner condition (`owners`), as the portal policy answers a record's owners.
 */
async function startWithPolicy(
  decide: (name: string, user: string) => AuthorizeResult.ALLOW | AuthorizeResult.DENY | { owners: string[] },
) {
  const onRecords = [maestroInventoryUpdatePermission, maestroInventoryDeletePermission];
  const answer = (requests: any[], options: any) =>
    requests.map(({ permission }) => {
      const decision = decide(permission.name, options.credentials.principal.userEntityRef);
      if (typeof decision !== 'object') return { result: decision };
      const resourcePermission = onRecords.find(p => p.name === permission.name)!;
      return createMaestroRecordConditionalDecision(
        resourcePermission,
        maestroRecordConditions.isRecordOwner(decision),
      );
    });
  const { server } = await startTestBackend({
    features: [
      maestroPlugin,
      mockServices.rootConfig.factory({
        data: { maestro: { egress: { allow: ['127.0.0.1'] }, discovery: { encryptionKey: KEY, tickSeconds: 60 } } },
      }),
      mockServices.permissions.mock({
        authorize: (async (requests: any[], options: any) =>
          answer(requests, options).map(d =>
            d.result === AuthorizeResult.CONDITIONAL ? { result: AuthorizeResult.DENY } : d,
          )) as any,
        authorizeConditional: (async (requests: any[], options: any) => answer(requests, options)) as any,
      }).factory,
      mockServices.httpAuth.factory({ defaultCredentials: mockCredentials.none() }),
    ],
  });
  return server;
}

describe('discovery routes: boundaries', () => {
  it('refuses to create or change a connection whose records the caller may not write, naming what is missing', async () => {
    // Bob manages discovery and may update and delete the records platform owns, but may not create records;
    // Carol may create, and update only the records team-a owns
    const server = await startWithPolicy((name, who) => {
      if (name.startsWith('maestro.discovery.')) return AuthorizeResult.ALLOW;
      if (name === 'maestro.inventory.create')
        return who === 'user:default/carol' ? AuthorizeResult.ALLOW : AuthorizeResult.DENY;
      if (name === 'maestro.inventory.update' || name === 'maestro.inventory.delete') {
        return { owners: who === 'user:default/carol' ? ['group:default/team-a'] : ['group:default/platform'] };
      }
      return AuthorizeResult.DENY;
    });
    const bob = mockCredentials.user.header('user:default/bob');
    const carol = mockCredentials.user.header('user:default/carol');
    const noCreate = await request(server)
      .post('/api/maestro/discovery/connections')
      .set('Authorization', bob)
      .send(connection())
      .expect(403);
    expect(noCreate.body.error.message).toBe(
      "not allowed: maestro.inventory.create for records owned by group:default/platform (the connection's runs create, update and deactivate them)",
    );
    const otherOwner = await request(server)
      .post('/api/maestro/discovery/connections')
      .set('Authorization', carol)
      .send(connection())
      .expect(403);
    expect(otherOwner.body.error.message).toMatch(
      /^not allowed: maestro.inventory.update, maestro.inventory.delete for records owned by group:default\/platform/,
    );
    // nothing was stored
    const none = await request(server)
      .get('/api/maestro/discovery/connections')
      .set('Authorization', carol)
      .expect(200);
    expect(none.body.items).toEqual([]);

    // a short owner ref is evaluated as the group it names
    const own = await request(server)
      .post('/api/maestro/discovery/connections')
      .set('Authorization', carol)
      .send(connection({ owner: 'team-a' }))
      .expect(201);
    // changing the owner to one Carol may not write for is refused, and the connection stays as it was
    const moved = await request(server)
      .put('/api/maestro/discovery/connections/aws-prod')
      .set('Authorization', carol)
      .send({ ...connection({ owner: 'group:default/platform' }), version: own.body.version })
      .expect(403);
    expect(moved.body.error.message).toContain(
      'maestro.inventory.update, maestro.inventory.delete for records owned by group:default/platform',
    );
    const after = await request(server)
      .get('/api/maestro/discovery/connections/aws-prod')
      .set('Authorization', carol)
      .expect(200);
    expect(after.body).toMatchObject({ owner: 'team-a', version: 1 });
  });

  it('never returns the external id, masks key ids for readers, and keeps both on an edit that leaves them as read', async () => {
    const server = await startWithPolicy((name, who) => {
      if (name === 'maestro.discovery.manage')
        return who === 'user:default/alice' ? AuthorizeResult.ALLOW : AuthorizeResult.DENY;
      return AuthorizeResult.ALLOW;
    });
    const reader = mockCredentials.user.header('user:default/rita');
    const body = connection({
      aws: {
        accessKeyId: 'AKIAIOSFODNN7EXAMPLE',
        secretAccessKey: SECRET,
        roleArn: 'arn:aws:iam::123456789012:role/maestro-read',
        externalId: 'ext-id-1234567',
      },
    });
    const created = await request(server)
      .post('/api/maestro/discovery/connections')
      .set('Authorization', user)
      .send(body)
      .expect(201);
    expect(created.body.aws).toEqual({
      accessKeyId: 'AKIAIOSFODNN7EXAMPLE',
      roleArn: 'arn:aws:iam::123456789012:role/maestro-read',
      hasExternalId: true,
      credentials: 'static',
    });
    const asReader = [
      await request(server).get('/api/maestro/discovery/connections/aws-prod').set('Authorization', reader).expect(200),
      await request(server).get('/api/maestro/discovery/connections').set('Authorization', reader).expect(200),
    ];
    expect(asReader[0].body.aws).toMatchObject({ accessKeyId: 'AKIA…MPLE', hasExternalId: true });
    expect(asReader[1].body.items[0].aws.accessKeyId).toBe('AKIA…MPLE');
    const asManager = await request(server)
      .get('/api/maestro/discovery/connections/aws-prod')
      .set('Authorization', user)
      .expect(200);
    expect(asManager.body.aws.accessKeyId).toBe('AKIAIOSFODNN7EXAMPLE');
    for (const res of [created, asManager, ...asReader]) {
      expect(JSON.stringify(res.body)).not.toContain('ext-id-1234567');
      expect(JSON.stringify(res.body)).not.toContain(SECRET);
    }
    for (const res of asReader) expect(JSON.stringify(res.body)).not.toContain('AKIAIOSFODNN7EXAMPLE');

    // the edit form sends back what a manager read: the key id in full, no secret, no external id: both are kept
    const { secretAccessKey: _s, externalId: _e, ...asRead } = body.aws as Record<string, string>;
    const kept = await request(server)
      .put('/api/maestro/discovery/connections/aws-prod')
      .set('Authorization', user)
      .send({ ...body, title: 'Prod', aws: asRead, version: 1 })
      .expect(200);
    expect(kept.body).toMatchObject({ title: 'Prod', hasSecret: true, aws: { hasExternalId: true } });
    // the masked form is not a key id
    const masked = await request(server)
      .put('/api/maestro/discovery/connections/aws-prod')
      .set('Authorization', user)
      .send({ ...body, aws: { ...asRead, accessKeyId: 'AKIA…MPLE' }, version: 2 })
      .expect(400);
    expect(masked.body.error.message).toContain('aws.accessKeyId: must be an access key id');
    // another role drops the external id unless one is given; an empty one removes it
    const otherRole = await request(server)
      .put('/api/maestro/discovery/connections/aws-prod')
      .set('Authorization', user)
      .send({ ...body, aws: { ...asRead, roleArn: 'arn:aws:iam::123456789012:role/other' }, version: 2 })
      .expect(200);
    expect(otherRole.body.aws.hasExternalId).toBeUndefined();
    const withId = await request(server)
      .put('/api/maestro/discovery/connections/aws-prod')
      .set('Authorization', user)
      .send({ ...body, aws: { ...asRead, externalId: 'ext-2' }, version: 3 })
      .expect(200);
    expect(withId.body.aws.hasExternalId).toBe(true);
    const cleared = await request(server)
      .put('/api/maestro/discovery/connections/aws-prod')
      .set('Authorization', user)
      .send({ ...body, aws: { ...asRead, externalId: '' }, version: 4 })
      .expect(200);
    expect(cleared.body.aws.hasExternalId).toBeUndefined();
  });

  it('refuses to start with the published development key unless the demo is on, saying what to do', async () => {
    const withKey = (demo: boolean) =>
      startMaestro(AuthorizeResult.ALLOW, {
        config: {
          maestro: {
            demo: { enabled: demo },
            discovery: { encryptionKey: DEVELOPMENT_ENCRYPTION_KEY, tickSeconds: 60 },
          },
        },
      });
    await expect(withKey(false)).rejects.toThrow(
      /maestro.discovery.encryptionKey is the published development key of app-config.development.yaml: it is only accepted with maestro.demo.enabled: true. Generate a key of your own/,
    );
    const demo = await withKey(true);
    const providers = await request(demo)
      .get('/api/maestro/discovery/providers')
      .set('Authorization', user)
      .expect(200);
    expect(providers.body.canStoreSecrets).toBe(true);
  });
});
