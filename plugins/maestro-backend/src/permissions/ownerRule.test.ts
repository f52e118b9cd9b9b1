import { mockCredentials, mockServices, startTestBackend } from '@backstage/backend-test-utils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import request from 'supertest';
import { maestroPlugin } from '../plugin';
import { isRecordOwner } from './rules';

jest.setTimeout(60_000);

describe('IS_RECORD_OWNER with short and differently written owner refs', () => {
  it("matches a record created with a short owner against the user's full ownership refs (apply-conditions)", async () => {
    const { server } = await startTestBackend({
      features: [
        maestroPlugin,
        mockServices.permissions.factory({ result: AuthorizeResult.ALLOW }),
        mockServices.httpAuth.factory({ defaultCredentials: mockCredentials.none() }),
      ],
    });
    const created = await request(server)
      .post('/api/maestro/records')
      .set('Authorization', mockCredentials.user.header('user:default/bob'))
      .send({ kind: 'Datacenter', name: 'dc', owner: 'platform', spec: { provider: 'aws' } })
      .expect(201);

    // what the permission backend sends for a conditional decision: owners are the user's ownershipEntityRefs
    const applyConditions = (owners: string[]) =>
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
              resourceRef: created.body.id,
              resourceType: 'maestro-record',
              conditions: { rule: 'IS_RECORD_OWNER', resourceType: 'maestro-record', params: { owners } },
            },
          ],
        });
    expect((await applyConditions(['user:default/bob', 'group:default/platform'])).body.items).toEqual([
      { id: '1', result: AuthorizeResult.ALLOW },
    ]);
    expect((await applyConditions(['user:default/bob', 'group:default/platform-team'])).body.items).toEqual([
      { id: '1', result: AuthorizeResult.DENY },
    ]);
  });

  it("compares both sides in the catalog's full, lower-case form", () => {
    const record = (owner: string) => ({ owner } as any);
    expect(isRecordOwner.apply(record('platform'), { owners: ['group:default/platform'] })).toBe(true);
    expect(isRecordOwner.apply(record('group:default/platform'), { owners: ['Platform'] })).toBe(true);
    expect(isRecordOwner.apply(record('Group:Default/Platform'), { owners: ['group:default/platform'] })).toBe(true);
    expect(isRecordOwner.apply(record('user:default/platform'), { owners: ['platform'] })).toBe(false);
    expect(isRecordOwner.toQuery({ owners: ['platform', 'user:default/Bob'] })).toEqual({
      owner: { in: ['group:default/platform', 'user:default/bob'] },
    });
  });
});
