import { mockCredentials, mockServices, startTestBackend } from '@backstage/backend-test-utils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { maestroInventoryUpdatePermission } from '@maestro/plugin-maestro-common';
import request from 'supertest';
import { maestroPlugin } from '../plugin';
import { createMaestroRecordConditionalDecision, maestroRecordConditions } from '../permissions/rules';
import { startMaestro } from '../__testUtils__/startMaestro';

jest.setTimeout(60_000);

const alice = mockCredentials.user.header('user:default/alice');
const bob = mockCredentials.user.header('user:default/bob');

/** The plugin with a policy: create as `create` says, update where the caller's ref owns the record. */
async function startWithOwnerPolicy(options: {
  create: AuthorizeResult.ALLOW | AuthorizeResult.DENY;
  beforeDecision?: () => Promise<void>;
}) {
  const { server } = await startTestBackend({
    features: [
      maestroPlugin,
      mockServices.permissions.mock({
        authorize: (async (requests: any[]) =>
          requests.map(r => ({
            result: r.permission.name === 'maestro.inventory.create' ? options.create : AuthorizeResult.ALLOW,
          }))) as any,
        authorizeConditional: (async (_requests: any[], { credentials }: any) => {
          await options.beforeDecision?.();
          return [
            createMaestroRecordConditionalDecision(
              maestroInventoryUpdatePermission,
              maestroRecordConditions.isRecordOwner({ owners: [credentials.principal.userEntityRef] }),
            ),
          ];
        }) as any,
      }).factory,
      mockServices.httpAuth.factory({ defaultCredentials: mockCredentials.none() }),
    ],
  });
  return server;
}

const bobsServer = (spec: Record<string, unknown> = {}) => ({
  kind: 'Server',
  name: 'bob-01',
  owner: 'user:default/bob',
  spec: { hostname: 'bob-01', ...spec },
});

describe('POST /records/import integrity', () => {
  it('judges the rows that update records by the records as the write transaction reads them', async () => {
    let beforeDecision: (() => Promise<void>) | undefined;
    const server = await startWithOwnerPolicy({
      create: AuthorizeResult.ALLOW,
      beforeDecision: () => beforeDecision?.() ?? Promise.resolve(),
    });
    const created = await request(server)
      .post('/api/maestro/records/import')
      .set('Authorization', bob)
      .send({ records: [bobsServer()] });
    expect(created.status).toBe(200);
    const id = created.body.rows[0].id;

    // while bob's import is being authorized, alice takes the record over
    beforeDecision = async () => {
      beforeDecision = undefined;
      await request(server)
        .put(`/api/maestro/records/${id}`)
        .set('Authorization', alice)
        .send({ version: 1, owner: 'user:default/alice', spec: { hostname: 'alices' } })
        .expect(200);
    };
    const again = await request(server)
      .post('/api/maestro/records/import')
      .set('Authorization', bob)
      .send({ records: [bobsServer({ cpu: 2 })] });
    expect(again.status).toBe(403);
    expect(again.body.error.message).toBe(
      'not allowed: maestro.inventory.update on 1 existing record(s) of this import',
    );
    const record = await request(server).get(`/api/maestro/records/${id}`).set('Authorization', bob);
    expect(record.body).toMatchObject({ version: 2, owner: 'user:default/alice', spec: { hostname: 'alices' } });
  });

  it('lets someone who may only update their own records re-import them, and refuses new rows', async () => {
    let create: AuthorizeResult.ALLOW | AuthorizeResult.DENY = AuthorizeResult.ALLOW;
    const server = await startWithOwnerPolicy({
      get create() {
        return create;
      },
    });
    await request(server)
      .post('/api/maestro/records/import')
      .set('Authorization', bob)
      .send({ records: [bobsServer()] })
      .expect(200);
    create = AuthorizeResult.DENY;
    const update = await request(server)
      .post('/api/maestro/records/import')
      .set('Authorization', bob)
      .send({ records: [bobsServer({ cpu: 4 })] });
    expect(update.status).toBe(200);
    expect(update.body.updated).toBe(1);
    const withNew = await request(server)
      .post('/api/maestro/records/import')
      .set('Authorization', bob)
      .send({ records: [bobsServer({ cpu: 8 }), { ...bobsServer(), name: 'bob-02' }] });
    expect(withNew.status).toBe(403);
    expect(withNew.body.error.message).toBe('not allowed: maestro.inventory.create');
  });

  it('takes an optional per-row version (JSON field, CSV column) that must be the stored one: 409 naming row and version', async () => {
    const server = await startMaestro();
    const created = await request(server)
      .post('/api/maestro/records/import')
      .set('Authorization', alice)
      .send({
        records: [{ kind: 'Server', name: 'web-01', owner: 'group:default/ops', spec: { hostname: 'web-01', cpu: 1 } }],
      })
      .expect(200);
    const id = created.body.rows[0].id;

    const json = (version: unknown, cpu: number) =>
      request(server)
        .post('/api/maestro/records/import')
        .set('Authorization', alice)
        .send({
          records: [
            { kind: 'Server', name: 'web-01', owner: 'group:default/ops', version, spec: { hostname: 'web-01', cpu } },
          ],
        });
    expect((await json(1, 2)).status).toBe(200); // version 1 → 2
    const stale = await json(1, 3);
    expect(stale.status).toBe(409);
    expect(stale.body.error.message).toBe(
      "version: Server 'web-01' (row 1) is at version 2, not 1; reload it and import again",
    );
    const bad = await json('two', 3);
    expect(bad.status).toBe(400);
    expect(bad.body.rows[0].problems).toEqual(['version: must be the positive integer version you read (or left out)']);

    const staleCsv = await request(server)
      .post('/api/maestro/records/import')
      .set('Authorization', alice)
      .set('Content-Type', 'text/csv')
      .send('kind,name,owner,version,spec.hostname,spec.cpu\nServer,web-01,group:default/ops,1,web-01,5');
    expect(staleCsv.status).toBe(409);
    expect(staleCsv.body.error.message).toMatch(/^version: Server 'web-01' \(row 1\) is at version 2, not 1/);
    const currentCsv = await request(server)
      .post('/api/maestro/records/import')
      .set('Authorization', alice)
      .set('Content-Type', 'text/csv')
      .send('kind,name,owner,version,spec.hostname,spec.cpu\nServer,web-01,group:default/ops,2,web-01,5')
      .expect(200);
    expect(currentCsv.body.updated).toBe(1);
    // without a version a row overwrites, as before
    await json(undefined, 6).expect(200);
    const record = await request(server).get(`/api/maestro/records/${id}`).set('Authorization', alice);
    expect(record.body).toMatchObject({ version: 4, spec: { cpu: 6 } });
  });
});
