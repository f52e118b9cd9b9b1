import { mockCredentials } from '@backstage/backend-test-utils';
import { ConfigReader } from '@backstage/config';
import { AuthorizeResult, createPermission } from '@backstage/plugin-permission-common';
import {
  catalogEntityCreatePermission,
  catalogEntityDeletePermission,
  catalogEntityReadPermission,
  catalogEntityRefreshPermission,
  catalogLocationCreatePermission,
  catalogLocationDeletePermission,
  catalogLocationReadPermission,
} from '@backstage/plugin-catalog-common/alpha';
import {
  maestroDiscoveryManagePermission,
  maestroDiscoveryReadPermission,
  maestroHistoryReadPermission,
  maestroInventoryCreatePermission,
  maestroInventoryDeletePermission,
  maestroInventoryReadPermission,
  maestroInventoryUpdatePermission,
  maestroJobCreatePermission,
  maestroJobDeletePermission,
  maestroJobReadPermission,
  maestroJobRunPermission,
  maestroJobUpdatePermission,
  maestroReportCreatePermission,
  maestroReportDeletePermission,
  maestroReportExportPermission,
  maestroReportReadPermission,
  maestroReportUpdatePermission,
  maestroRuleCreatePermission,
  maestroRuleDeletePermission,
  maestroRuleReadPermission,
  maestroRuleUpdatePermission,
  maestroSettingsUpdatePermission,
} from '@maestro/plugin-maestro-common';
import { MaestroPermissionPolicy } from './MaestroPermissionPolicy';

const userWith = (ownershipEntityRefs: string[]) => ({
  credentials: mockCredentials.user(ownershipEntityRefs[0]),
  info: { userEntityRef: ownershipEntityRefs[0], ownershipEntityRefs },
});

/** The scaffolder's permissions, by name (the reference backend does not depend on @backstage/plugin-scaffolder-common). */
const scaffolder = {
  taskCreate: createPermission({ name: 'scaffolder.task.create', attributes: { action: 'create' } }),
  actionExecute: createPermission({
    name: 'scaffolder.action.execute',
    attributes: {},
    resourceType: 'scaffolder-action',
  }),
  templateManagement: createPermission({ name: 'scaffolder.template.management', attributes: {} }),
  parameterRead: createPermission({
    name: 'scaffolder.template.parameter.read',
    attributes: { action: 'read' },
    resourceType: 'scaffolder-template',
  }),
};

const ALLOW = { result: AuthorizeResult.ALLOW };
const DENY = { result: AuthorizeResult.DENY };

describe('MaestroPermissionPolicy', () => {
  const policy = MaestroPermissionPolicy.fromConfig(
    new ConfigReader({
      permission: { maestro: { editors: ['group:default/maestro-admins'], admins: ['portal-admins'] } },
    }),
  );
  const editor = userWith(['user:default/ann', 'group:default/maestro-admins']);
  const admin = userWith(['user:default/pat', 'group:default/portal-admins']);
  const reader = userWith(['user:default/bob', 'group:default/dev']);

  it('lets every signed-in user read the inventory, its history, the discovery connections, reports, jobs and rules', async () => {
    for (const permission of [
      maestroInventoryReadPermission,
      maestroHistoryReadPermission,
      maestroDiscoveryReadPermission,
      maestroReportReadPermission,
      maestroReportExportPermission,
      maestroJobReadPermission,
      maestroRuleReadPermission,
    ]) {
      expect(await policy.handle({ permission }, reader)).toEqual(ALLOW);
      expect(await policy.handle({ permission })).toEqual(DENY);
    }
  });

  it('with permission.maestro.readers, lets only those readers and the editors read Maestro', async () => {
    const restricted = MaestroPermissionPolicy.fromConfig(
      new ConfigReader({
        permission: { maestro: { editors: ['group:default/maestro-admins'], readers: ['group:default/dev'] } },
      }),
    );
    const outsider = userWith(['user:default/eve', 'group:default/contractors']);
    for (const permission of [
      maestroInventoryReadPermission,
      maestroHistoryReadPermission,
      maestroReportReadPermission,
    ]) {
      expect(await restricted.handle({ permission }, reader)).toEqual(ALLOW);
      expect(await restricted.handle({ permission }, editor)).toEqual(ALLOW);
      expect(await restricted.handle({ permission }, outsider)).toEqual(DENY);
    }
    // the rest of the portal is unchanged
    expect(await restricted.handle({ permission: catalogEntityReadPermission }, outsider)).toEqual(ALLOW);
  });

  it('lets only editors create, change settings, manage discovery connections, save reports, and manage and run jobs and rules', async () => {
    for (const permission of [
      maestroInventoryCreatePermission,
      maestroSettingsUpdatePermission,
      maestroDiscoveryManagePermission,
      maestroReportCreatePermission,
      maestroReportUpdatePermission,
      maestroReportDeletePermission,
      maestroJobCreatePermission,
      maestroJobUpdatePermission,
      maestroJobDeletePermission,
      maestroJobRunPermission,
      maestroRuleCreatePermission,
      maestroRuleUpdatePermission,
      maestroRuleDeletePermission,
    ]) {
      expect(await policy.handle({ permission }, editor)).toEqual(ALLOW);
      expect(await policy.handle({ permission }, reader)).toEqual(DENY);
      // portal admins are not Maestro editors
      expect(await policy.handle({ permission }, admin)).toEqual(DENY);
      expect(await policy.handle({ permission })).toEqual(DENY);
    }
  });

  it('lets editors update and delete any record, and others the records their groups own', async () => {
    for (const permission of [maestroInventoryUpdatePermission, maestroInventoryDeletePermission]) {
      expect(await policy.handle({ permission }, editor)).toEqual(ALLOW);
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
      expect(await policy.handle({ permission })).toEqual(DENY);
    }
  });

  it('lets every signed-in user read the catalog and refresh an entity, and nobody without a user', async () => {
    for (const permission of [
      catalogEntityReadPermission,
      catalogLocationReadPermission,
      catalogEntityRefreshPermission,
      scaffolder.parameterRead,
    ]) {
      expect(await policy.handle({ permission }, reader)).toEqual(ALLOW);
      expect(await policy.handle({ permission })).toEqual(DENY);
    }
  });

  it('denies a plain user every catalog entity deletion, and admins the deletion of Maestro entities', async () => {
    const permission = catalogEntityDeletePermission;
    expect(await policy.handle({ permission }, reader)).toEqual(DENY);
    // not even an editor or the owner may delete the projection of a record: the Maestro store manages it
    expect(await policy.handle({ permission }, editor)).toEqual(DENY);
    expect(await policy.handle({ permission }, admin)).toEqual({
      result: AuthorizeResult.CONDITIONAL,
      pluginId: 'catalog',
      resourceType: 'catalog-entity',
      conditions: {
        not: {
          rule: 'HAS_ANNOTATION',
          resourceType: 'catalog-entity',
          params: { annotation: 'maestro.backstage.io/record-id' },
        },
      },
    });
  });

  it('keeps catalog writes, location management and software templates to portal admins', async () => {
    for (const permission of [
      catalogEntityCreatePermission,
      catalogLocationCreatePermission,
      catalogLocationDeletePermission,
      scaffolder.taskCreate,
      scaffolder.actionExecute,
      scaffolder.templateManagement,
    ]) {
      expect(await policy.handle({ permission }, admin)).toEqual(ALLOW);
      expect(await policy.handle({ permission }, reader)).toEqual(DENY);
      expect(await policy.handle({ permission }, editor)).toEqual(DENY);
    }
  });

  it('denies an unknown plugin’s writes to all but admins, and allows its reads', async () => {
    const write = createPermission({ name: 'other.thing.delete', attributes: { action: 'delete' } });
    const unnamed = createPermission({ name: 'other.thing.run', attributes: {} });
    const read = createPermission({ name: 'other.thing.read', attributes: { action: 'read' } });
    for (const permission of [write, unnamed]) {
      expect(await policy.handle({ permission }, reader)).toEqual(DENY);
      expect(await policy.handle({ permission }, admin)).toEqual(ALLOW);
    }
    expect(await policy.handle({ permission: read }, reader)).toEqual(ALLOW);
  });

  it('defaults editors and admins to group:default/maestro-admins, and names a bad ref at start-up', async () => {
    const defaults = MaestroPermissionPolicy.fromConfig(new ConfigReader({}));
    expect(await defaults.handle({ permission: maestroInventoryCreatePermission }, editor)).toEqual(ALLOW);
    expect(await defaults.handle({ permission: catalogLocationCreatePermission }, editor)).toEqual(ALLOW);
    expect(await defaults.handle({ permission: catalogLocationCreatePermission }, admin)).toEqual(DENY);
    expect(() =>
      MaestroPermissionPolicy.fromConfig(
        new ConfigReader({ permission: { maestro: { admins: ['group:default/ok', 'user:'] } } }),
      ),
    ).toThrow('permission.maestro.admins[1]: must be an entity ref such as group:default/platform or user:default/ann');
  });
});
