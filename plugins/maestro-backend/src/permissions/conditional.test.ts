import { mockCredentials, mockServices, startTestBackend } from '@backstage/backend-test-utils';
import { createBackendModule } from '@backstage/backend-plugin-api';
import permissionPlugin from '@backstage/plugin-permission-backend';
import { policyExtensionPoint } from '@backstage/plugin-permission-node/alpha';
import { AuthorizeResult, isResourcePermission } from '@backstage/plugin-permission-common';
import request from 'supertest';
import { maestroPlugin } from '../plugin';
import { maestroInventoryUpdatePermission } from '@maestro/plugin-maestro-common';
import { createMaestroRecordConditionalDecision, maestroRecordConditions } from './rules';

jest.setTimeout(60_000);

/** A policy that lets anyone create, and update or delete only the records they own. */
const ownerPolicyModule = createBackendModule({
  pluginId: 'permission',
  moduleId: 'test-owner-policy',
  register(reg) {
    reg.registerInit({
      deps: { policy: policyExtensionPoint },
      async init({ policy }) {
        policy.setPolicy({
          async handle(req, user) {
            if (isResourcePermission(req.permission, 'maestro-record')) {
              return createMaestroRecordConditionalDecision(
                req.permission,
                maestroRecordConditions.isRecordOwner({ owners: user?.info.ownershipEntityRefs ?? [] }),
              );
            }
            return { result: AuthorizeResult.ALLOW };
          },
        });
      },
    });
  },
});

describe('owner-based permissions', () => {
  it('evaluates the IS_RECORD_OWNER condition against the record in the store (apply-conditions)', async () => {
    const { server } = await startTestBackend({
      features: [
        maestroPlugin,
        permissionPlugin,
        ownerPolicyModule,
        mockServices.httpAuth.factory({ defaultCredentials: mockCredentials.none() }),
        mockServices.rootConfig.factory({ data: { permission: { enabled: true } } }),
      ],
    });
    const bob = mockCredentials.user.header('user:default/bob');
    const created = await request(server)
      .post('/api/maestro/records')
      .set('Authorization', bob)
      .send({ kind: 'Datacenter', name: 'bobs-dc', owner: 'user:default/bob', spec: { provider: 'aws' } })
      .expect(201);

    // what the permission backend sends to the plugin for a conditional decision
    const applyConditions = (owners: string[], resourceRef: string) =>
      request(server)
        .post('/api/maestro/.well-known/backstage/permissions/apply-conditions')
        .set(
          'Authorization',
          mockCredentials.service.header({
            onBehalfOf: mockCredentials.service('plugin:permission'),
            targetPluginId: 'maestro',
          }),
        )
        .send({
          items: [
            {
              id: '1',
              resourceRef,
              resourceType: 'maestro-record',
              conditions: { rule: 'IS_RECORD_OWNER', resourceType: 'maestro-record', params: { owners } },
            },
          ],
        });

    const owner = await applyConditions(['user:default/bob', 'group:default/x'], created.body.id);
    expect(owner.status).toBe(200);
    expect(owner.body.items).toEqual([{ id: '1', result: AuthorizeResult.ALLOW }]);
    const other = await applyConditions(['user:default/alice'], created.body.id);
    expect(other.body.items).toEqual([{ id: '1', result: AuthorizeResult.DENY }]);
    // an unknown record is never allowed
    const unknown = await applyConditions(['user:default/bob'], 'no-such-id');
    expect(unknown.body.items).toEqual([{ id: '1', result: AuthorizeResult.DENY }]);
  });

  it('asks the permission framework about the record itself (resourceRef) on update and delete', async () => {
    const authorize = jest.fn(async (requests: any[]) =>
      requests.map(r => ({
        result: r.resourceRef ? AuthorizeResult.DENY : AuthorizeResult.ALLOW,
      })),
    );
    const { server } = await startTestBackend({
      features: [
        maestroPlugin,
        mockServices.permissions.mock({ authorize: authorize as any }).factory,
        mockServices.httpAuth.factory({ defaultCredentials: mockCredentials.none() }),
      ],
    });
    const bob = mockCredentials.user.header('user:default/bob');
    const created = await request(server)
      .post('/api/maestro/records')
      .set('Authorization', bob)
      .send({ kind: 'Datacenter', name: 'dc', owner: 'user:default/bob', spec: { provider: 'aws' } })
      .expect(201);
    const res = await request(server)
      .put(`/api/maestro/records/${created.body.id}`)
      .set('Authorization', bob)
      .send({ version: 1, spec: { provider: 'gcp' } });
    expect(res.status).toBe(403);
    expect(res.body.error.message).toBe('not allowed: maestro.inventory.update on Datacenter dc');
    expect(authorize).toHaveBeenLastCalledWith(
      [{ permission: expect.objectContaining({ name: 'maestro.inventory.update' }), resourceRef: created.body.id }],
      expect.anything(),
    );
    await request(server)
      .delete(`/api/maestro/records/${created.body.id}?version=1`)
      .set('Authorization', bob)
      .expect(403);
    const after = await request(server).get(`/api/maestro/records/${created.body.id}`).set('Authorization', bob);
    expect(after.body).toMatchObject({ version: 1, active: true, spec: { provider: 'aws' } });
  });

  it('authorizes a large re-import with one conditional decision evaluated per record', async () => {
    // what the permission backend answers for a non-editor: update allowed where the user's refs own the record
    const conditionalFor = (owners: string[]) =>
      createMaestroRecordConditionalDecision(
        maestroInventoryUpdatePermission,
        maestroRecordConditions.isRecordOwner({ owners }),
      );
    let owners = ['user:default/bob'];
    const authorizeConditional = jest.fn(async () => [conditionalFor(owners)]);
    const authorize = jest.fn(async (requests: any[]) => requests.map(() => ({ result: AuthorizeResult.ALLOW })));
    const { server } = await startTestBackend({
      features: [
        maestroPlugin,
        mockServices.permissions.mock({
          authorize: authorize as any,
          authorizeConditional: authorizeConditional as any,
        }).factory,
        mockServices.httpAuth.factory({ defaultCredentials: mockCredentials.none() }),
      ],
    });
    const bob = mockCredentials.user.header('user:default/bob');
    const rows = (cpu: number, owner = 'user:default/bob') =>
      Array.from({ length: 600 }, (_, i) => ({
        kind: 'Server',
        name: `bob-${i}`,
        owner,
        spec: { hostname: `bob-${i}`, cpu },
      }));
    const first = await request(server)
      .post('/api/maestro/records/import')
      .set('Authorization', bob)
      .send({ records: rows(1) });
    expect(first.body.created).toBe(600);
    // one update decision per import, asked before the body is read (whether or not a row updates)
    expect(authorizeConditional).toHaveBeenCalledTimes(1);

    // the owner may update all 600 in one import: one decision, not 600 requests
    const again = await request(server)
      .post('/api/maestro/records/import')
      .set('Authorization', bob)
      .send({ records: rows(2) });
    expect(again.status).toBe(200);
    expect(again.body.updated).toBe(600);
    expect(authorizeConditional).toHaveBeenCalledTimes(2);

    // someone whose refs own none of them may not, and nothing changes
    owners = ['user:default/alice'];
    const denied = await request(server)
      .post('/api/maestro/records/import')
      .set('Authorization', bob)
      .send({ records: rows(3) });
    expect(denied.status).toBe(403);
    expect(denied.body.error.message).toBe(
      'not allowed: maestro.inventory.update on 600 existing record(s) of this import',
    );
    const one = await request(server).get('/api/maestro/records?kind=server&q=bob-599').set('Authorization', bob);
    expect(one.body.items[0].spec.cpu).toBe(2);
  });
});
