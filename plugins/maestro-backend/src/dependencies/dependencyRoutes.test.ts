import { mockCredentials, mockServices, startTestBackend } from '@backstage/backend-test-utils';
import { AuthorizeResult, isResourcePermission } from '@backstage/plugin-permission-common';
import type { Knex } from 'knex';
import request from 'supertest';
import { describeEachDatabase } from '../__testUtils__/databases';
import { openPost } from '../__testUtils__/openPost';
import { createRecords, startMaestro, userHeader } from '../__testUtils__/startMaestro';
import { createMaestroRecordConditionalDecision, maestroRecordConditions } from '../permissions/rules';
import { maestroPlugin } from '../plugin';

jest.setTimeout(120_000);

const alice = userHeader('user:default/alice');
const COMMIT = '/api/maestro/dependencies/commit';

const app = (name: string, spec: object = {}, owner = 'group:default/platform') => ({
  kind: 'Component',
  name,
  owner,
  spec: { type: 'service', lifecycle: 'production', ...spec },
});

/** A record as the commit needs it (id, version) with what the tests check (spec). */
interface Stored {
  id: string;
  version: number;
  spec: Record<string, any>;
}

type Server = Parameters<typeof request>[0];

/** Every record of the store by name (active or not), as read now. */
async function readAll(server: Server): Promise<Record<string, Stored>> {
  const res = await request(server).get('/api/maestro/records?active=all&limit=1000').set('Authorization', alice);
  expect(res.status).toBe(200);
  return Object.fromEntries(res.body.items.map((r: any) => [r.name, r]));
}

async function historyOf(server: Server, id: string) {
  const res = await request(server).get(`/api/maestro/records/${id}/history`).set('Authorization', alice).expect(200);
  return res.body.items as Array<{ action: string; reason: string | null; actor: string }>;
}

/** What a refused commit must leave alone: every record's version and spec, and the history's length. */
async function stateOf(server: Server) {
  const records = await readAll(server);
  const feed = await request(server).get('/api/maestro/history?limit=500').set('Authorization', alice).expect(200);
  return {
    records: Object.fromEntries(Object.entries(records).map(([n, r]) => [n, { version: r.version, spec: r.spec }])),
    changes: feed.body.items.length,
  };
}

/**
 * An estate: a system `shop` entered through `web`; web → api → orders; `billing` and `ledger` in a cycle already
 * (billing ↔ ledger); `archive` deleted.
 */
async function seed(server: Server) {
  await createRecords(server, [
    app('web', { dependencies: [{ ref: 'component:default/api', protocol: 'rest' }] }),
    app('api', { dependencies: [{ ref: 'orders', protocol: 'grpc', description: 'order book' }] }),
    app('orders'),
    app('billing', { dependencies: [{ ref: 'ledger' }] }),
    app('ledger', { dependencies: [{ ref: 'billing' }] }),
    app('archive'),
    { kind: 'Resource', name: 'queue', owner: 'group:default/platform', spec: { type: 'broker' } },
    { kind: 'System', name: 'shop', owner: 'group:default/platform', spec: { entryApplications: ['web'] } },
  ]);
  const archive = (await readAll(server)).archive;
  await request(server)
    .delete(`/api/maestro/records/${archive.id}?version=${archive.version}`)
    .set('Authorization', alice)
    .expect(200);
  return readAll(server);
}

describeEachDatabase('POST /dependencies/commit', (databases, databaseId) => {
  const start = async () => startMaestro(AuthorizeResult.ALLOW, { knex: await databases.init(databaseId) });

  it('changes three records in one commit: each a new version and a history entry with the reason', async () => {
    const server = await start();
    const r = await seed(server);
    const res = await request(server)
      .post(COMMIT)
      .set('Authorization', alice)
      .send({
        reason: 'orders now publishes to the queue',
        changes: [
          // web: api kept (its protocol changed), orders added, a duplicate collapsed
          {
            id: r.web.id,
            version: r.web.version,
            dependencies: [
              { ref: 'api', protocol: 'graphql' },
              { ref: 'component:default/orders', protocol: 'rest' },
              { ref: 'Component:default/Orders', protocol: 'rest' },
            ],
          },
          // api: orders kept with its description, the Resource queue added
          {
            id: r.api.id,
            version: r.api.version,
            dependencies: [
              { ref: 'orders', protocol: 'grpc' },
              { ref: 'resource:default/queue', protocol: 'amqp' },
            ],
          },
          { id: r.shop.id, version: r.shop.version, entryApplications: ['web', 'component:default/api'] },
          // unchanged: not written
          { id: r.orders.id, version: r.orders.version, dependencies: [] },
        ],
      });
    expect(res.status).toBe(200);
    expect(res.body.records).toEqual([
      { id: r.web.id, version: r.web.version + 1 },
      { id: r.api.id, version: r.api.version + 1 },
      { id: r.shop.id, version: r.shop.version + 1 },
      { id: r.orders.id, version: r.orders.version },
    ]);
    const after = await readAll(server);
    expect(after.web.spec).toEqual({
      type: 'service',
      lifecycle: 'production',
      dependencies: [
        { ref: 'component:default/api', protocol: 'graphql' },
        { ref: 'component:default/orders', protocol: 'rest' },
      ],
    });
    expect(after.api.spec.dependencies).toEqual([
      { ref: 'orders', protocol: 'grpc', description: 'order book' },
      { ref: 'resource:default/queue', protocol: 'amqp' },
    ]);
    expect(after.shop.spec).toEqual({ entryApplications: ['web', 'component:default/api'] });
    for (const name of ['web', 'api', 'shop']) {
      const [latest] = await historyOf(server, after[name].id);
      expect(latest).toMatchObject({
        action: 'update',
        reason: 'orders now publishes to the queue',
        actor: 'user:default/alice',
      });
    }
    expect(await historyOf(server, after.orders.id)).toHaveLength(1);
  });

  it('refuses a commit with one stale record with 409 naming it, and writes nothing', async () => {
    const server = await start();
    const r = await seed(server);
    // someone else edits orders after the maker read it
    await request(server)
      .put(`/api/maestro/records/${r.orders.id}`)
      .set('Authorization', alice)
      .send({ version: r.orders.version, spec: { type: 'service', lifecycle: 'deprecated' } })
      .expect(200);
    const before = await stateOf(server);
    const res = await request(server)
      .post(COMMIT)
      .set('Authorization', alice)
      .send({
        reason: 'r',
        changes: [
          { id: r.web.id, version: r.web.version, dependencies: [] },
          { id: r.orders.id, version: r.orders.version, dependencies: [{ ref: 'api' }] },
          { id: r.shop.id, version: r.shop.version, entryApplications: [] },
        ],
      });
    expect(res.status).toBe(409);
    expect(res.body.error.message).toMatch(/^version: 1 record\(s\) changed since you read them, nothing was written/);
    expect(res.body.error.message).toContain(`Component orders (id ${r.orders.id}) is at version 2, not 1`);
    expect(res.body.error.message).not.toContain('Component web');
    expect(await stateOf(server)).toEqual(before);
  });

  it('refuses bad targets with a 400 naming the field, and writes nothing', async () => {
    const server = await start();
    const r = await seed(server);
    const before = await stateOf(server);
    const refused = async (changes: object[], field: string, extra = /./) => {
      const res = await request(server).post(COMMIT).set('Authorization', alice).send({ reason: 'r', changes });
      expect(res.status).toBe(400);
      expect(res.body.error.message.startsWith(`${field}: `)).toBe(true);
      expect(res.body.error.message).toMatch(extra);
    };
    const web = { id: r.web.id, version: r.web.version };
    // the first change is valid: nothing of it may be written either
    const ok = { id: r.orders.id, version: r.orders.version, dependencies: [{ ref: 'api' }] };
    await refused([ok, { ...web, dependencies: [{ ref: 'api' }, { ref: 'ghost' }] }], 'changes[1].dependencies[1].ref');
    // a deleted application is no target
    await refused([{ ...web, dependencies: [{ ref: 'archive' }] }], 'changes[0].dependencies[0].ref');
    await refused(
      [ok, { ...web, dependencies: [{ ref: 'component:default/web' }] }],
      'changes[1].dependencies[0].ref',
      /itself/,
    );
    await refused(
      [{ ...web, dependencies: [{ ref: 'api', protocol: 'smoke-signals' }] }],
      'changes[0].dependencies[0].protocol',
    );
    await refused(
      [
        {
          ...web,
          dependencies: [
            { ref: 'api', protocol: 'rest' },
            { ref: 'api', protocol: 'grpc' },
          ],
        },
      ],
      'changes[0].dependencies[1]',
    );
    await refused([{ ...web, entryApplications: ['api'] }], 'changes[0].entryApplications', /not a System/);
    await refused([{ id: r.shop.id, version: r.shop.version, dependencies: [] }], 'changes[0].dependencies');
    await refused(
      [{ id: r.shop.id, version: r.shop.version, entryApplications: ['nope'] }],
      'changes[0].entryApplications[0]',
    );
    await refused([{ id: r.archive.id, version: r.archive.version, dependencies: [] }], 'changes[0].id', /deleted/);
    await refused(
      [web, web].map(c => ({ ...c, dependencies: [] })),
      'changes[1].id',
    );
    const noReason = await request(server)
      .post(COMMIT)
      .set('Authorization', alice)
      .send({ changes: [{ ...web, dependencies: [] }] });
    expect(noReason.status).toBe(400);
    expect(noReason.body.error.message).toMatch(/^reason: /);
    const unknown = await request(server)
      .post(COMMIT)
      .set('Authorization', alice)
      .send({ reason: 'r', changes: [{ id: 'no-such-record', version: 1, dependencies: [] }] });
    expect(unknown.status).toBe(404);
    expect(unknown.body.error.message).toMatch(/^changes\[0\]\.id: no inventory record/);
    expect(await stateOf(server)).toEqual(before);
  });

  it('refuses a new cycle with a 400 listing it unless allowCycles; a cycle already there blocks nothing else', async () => {
    const server = await start();
    const r = await seed(server);
    const before = await stateOf(server);
    // orders → web closes web → api → orders → web
    const closing = {
      reason: 'r',
      changes: [{ id: r.orders.id, version: r.orders.version, dependencies: [{ ref: 'web', protocol: 'rest' }] }],
    };
    const refused = await request(server).post(COMMIT).set('Authorization', alice).send(closing);
    expect(refused.status).toBe(400);
    expect(refused.body.error.message).toBe(
      'changes[0].dependencies[0].ref: this dependency closes a cycle: component:default/orders → component:default/web → ' +
        'component:default/api → component:default/orders (commit with allowCycles to accept it)',
    );
    expect(await stateOf(server)).toEqual(before);

    // billing ↔ ledger is already a cycle: adding orders to billing is not refused for it
    const unrelated = await request(server)
      .post(COMMIT)
      .set('Authorization', alice)
      .send({
        reason: 'billing reads orders',
        changes: [
          { id: r.billing.id, version: r.billing.version, dependencies: [{ ref: 'ledger' }, { ref: 'orders' }] },
        ],
      });
    expect(unrelated.status).toBe(200);

    const accepted = await request(server)
      .post(COMMIT)
      .set('Authorization', alice)
      .send({ ...closing, allowCycles: true });
    expect(accepted.status).toBe(200);
    expect((await readAll(server)).orders.spec.dependencies).toEqual([
      { ref: 'component:default/web', protocol: 'rest' },
    ]);
  });

  it('answers 401 without credentials, refuses __proto__, and a body over the limit with 413, writing nothing', async () => {
    const server = await start();
    const r = await seed(server);
    const before = await stateOf(server);
    const body = { reason: 'r', changes: [{ id: r.web.id, version: r.web.version, dependencies: [] }] };
    await request(server).post(COMMIT).send(body).expect(401);
    const proto = await request(server)
      .post(COMMIT)
      .set('Authorization', alice)
      .set('Content-Type', 'application/json')
      .send(
        `{"reason":"r","changes":[{"id":"${r.web.id}","version":${r.web.version},"dependencies":[],"__proto__":{"polluted":true}}]}`,
      );
    expect(proto.status).toBe(400);
    expect(proto.body.error.message).toMatch(/^changes\.0\.__proto__: /);
    expect(({} as any).polluted).toBeUndefined();
    const huge = await request(server)
      .post(COMMIT)
      .set('Authorization', alice)
      .send({ ...body, reason: 'x'.repeat(6 * 1024 * 1024) });
    expect(huge.status).toBe(413);
    expect(huge.body.error.message).toMatch(/^body: is larger than the limit/);
    expect(await stateOf(server)).toEqual(before);
  });
});

/**
 * A policy as the plugin sees it: everything allowed, except that maestro.inventory.update is conditional on the
 * record's owner being group:default/mine (the portal's decision for "records of my groups").
 */
const ownersOnlyPermissions = () =>
  mockServices.permissions.mock({
    authorize: async requests => requests.map(() => ({ result: AuthorizeResult.ALLOW })),
    authorizeConditional: async requests =>
      requests.map(({ permission }) =>
        permission.name === 'maestro.inventory.update' && isResourcePermission(permission)
          ? (createMaestroRecordConditionalDecision(
              permission as any,
              maestroRecordConditions.isRecordOwner({ owners: ['group:default/mine'] }),
            ) as any)
          : { result: AuthorizeResult.ALLOW },
      ),
  }).factory;

describeEachDatabase('POST /dependencies/commit permissions', (databases, databaseId) => {
  const startWithPolicy = async (knex: Knex) => {
    const { server } = await startTestBackend({
      features: [
        maestroPlugin,
        ownersOnlyPermissions(),
        mockServices.database.factory({ knex, migrations: { skip: false } }),
        mockServices.httpAuth.factory({ defaultCredentials: mockCredentials.none() }),
      ],
    });
    return server;
  };

  it('applies a conditional decision to each record: one not allowed is a 403 naming it, nothing written', async () => {
    const server = await startWithPolicy(await databases.init(databaseId));
    await createRecords(server, [
      app('mine-a', {}, 'group:default/mine'),
      app('mine-b', {}, 'group:default/mine'),
      app('theirs', {}, 'group:default/others'),
    ]);
    const r = await readAll(server);
    const before = await stateOf(server);
    const change = (name: string, ref: string) => ({
      id: r[name].id,
      version: r[name].version,
      dependencies: [{ ref }],
    });
    const denied = await request(server)
      .post(COMMIT)
      .set('Authorization', alice)
      .send({ reason: 'r', changes: [change('mine-a', 'mine-b'), change('theirs', 'mine-b')] });
    expect(denied.status).toBe(403);
    expect(denied.body.error.message).toBe('not allowed: maestro.inventory.update on Component theirs');
    expect(await stateOf(server)).toEqual(before);
    // depending on a record one may not update is fine: only the records changed are authorized
    await request(server)
      .post(COMMIT)
      .set('Authorization', alice)
      .send({ reason: 'r', changes: [change('mine-a', 'theirs')] })
      .expect(200);
  });
});

describe('POST /dependencies/commit before the body', () => {
  it('refuses a caller who may not update any record with 403 before reading the body', async () => {
    const server = await startMaestro(AuthorizeResult.DENY);
    const { req, answer } = openPost(server, '/dependencies/commit', {
      Authorization: alice,
      'Content-Type': 'application/json',
      'Content-Length': String(1024 * 1024),
    });
    req.write('{"reason": "half a body", "changes": [');
    const res = await answer;
    expect(res.status).toBe(403);
    expect(res.body.error.message).toBe('not allowed: maestro.inventory.update');
    expect(res.headers.connection).toBe('close');
    expect(req.writableEnded).toBe(false);
    req.destroy();
  });
});
