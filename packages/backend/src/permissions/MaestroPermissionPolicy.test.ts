import { mockCredentials } from '@backstage/backend-test-utils';
import { ConfigReader } from '@backstage/config';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { catalogEntityReadPermission } from '@backstage/plugin-catalog-common/alpha';
import {
  maestroHistoryReadPermission,
  maestroInventoryCreatePermission,
  maestroInventoryDeletePermission,
  maestroInventoryReadPermission,
  maestroInventoryUpdatePermission,
} from '@maestro/plugin-maestro-common';
import { MaestroPermissionPolicy } from './MaestroPermissionPolicy';

const userWith = (ownershipEntityRefs: string[]) => ({
  credentials: mockCredentials.user(ownershipEntityRefs[0]),
  info: { userEntityRef: ownershipEntityRefs[0], ownershipEntityRefs },
});

describe('MaestroPermissionPolicy', () => {
  const policy = MaestroPermissionPolicy.fromConfig(
    new ConfigReader({ permission: { maestro: { editors: ['group:default/maestro-admins'] } } }),
  );
  const admin = userWith(['user:default/ann', 'group:default/maestro-admins']);
  const reader = userWith(['user:default/bob', 'group:default/dev']);

  it('lets every signed-in user read the inventory and its history', async () => {
    for (const permission of [maestroInventoryReadPermission, maestroHistoryReadPermission]) {
      expect(await policy.handle({ permission }, reader)).toEqual({ result: AuthorizeResult.ALLOW });
    }
  });

  it('lets only editors create', async () => {
    const permission = maestroInventoryCreatePermission;
    expect(await policy.handle({ permission }, admin)).toEqual({ result: AuthorizeResult.ALLOW });
    expect(await policy.handle({ permission }, reader)).toEqual({ result: AuthorizeResult.DENY });
    expect(await policy.handle({ permission })).toEqual({ result: AuthorizeResult.DENY });
  });

  it('lets editors update and delete any record, and others the records their groups own', async () => {
    for (const permission of [maestroInventoryUpdatePermission, maestroInventoryDeletePermission]) {
      expect(await policy.handle({ permission }, admin)).toEqual({ result: AuthorizeResult.ALLOW });
      expect(await policy.handle({ permission }, reader)).toEqual({
        result: AuthorizeResult.CONDITIONAL,
        pluginId: 'maestro',
        resourceType: 'maestro-record',
        conditions: {
          rule: 'IS_RECORD_OWNER',
          resourceType: 'maestro-record',
          params: { owners: ['user:default/bob', 'group:default/dev'] },
        },
      });
      expect(await policy.handle({ permission })).toEqual({ result: AuthorizeResult.DENY });
    }
  });

  it('leaves other plugins allowed', async () => {
    expect(await policy.handle({ permission: catalogEntityReadPermission }, reader)).toEqual({
      result: AuthorizeResult.ALLOW,
    });
  });

  it('defaults the editors to group:default/maestro-admins', async () => {
    const defaults = MaestroPermissionPolicy.fromConfig(new ConfigReader({}));
    expect(await defaults.handle({ permission: maestroInventoryCreatePermission }, admin)).toEqual({
      result: AuthorizeResult.ALLOW,
    });
  });
});
