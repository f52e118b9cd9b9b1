import type { Config } from '@backstage/config';
import {
  AuthorizeResult,
  isPermission,
  isResourcePermission,
  PolicyDecision,
} from '@backstage/plugin-permission-common';
import type {
  PermissionPolicy,
  PolicyQuery,
  PolicyQueryUser,
} from '@backstage/plugin-permission-node';
import {
  createMaestroRecordConditionalDecision,
  maestroRecordConditions,
} from '@maestro/plugin-maestro-backend';
import {
  MAESTRO_RECORD_RESOURCE_TYPE,
  maestroDiscoveryReadPermission,
  maestroHistoryReadPermission,
  maestroInventoryReadPermission,
} from '@maestro/plugin-maestro-common';

/**
 * The portal's permission policy, as an example of how Maestro permissions are granted:
 *
 * - reading the Maestro inventory and its history: every signed-in user;
 * - creating Maestro records: members of the groups (or the users) listed in `permission.maestro.editors`
 *   (default: `group:default/maestro-admins`);
 * - updating and deleting a record: editors, and the record's owners (a member of the owning group may edit it:
 *   a conditional decision evaluated against the record);
 * - everything else (catalog, scaffolder, search…): allowed, as Backstage's allow-all policy would.
 */
export class MaestroPermissionPolicy implements PermissionPolicy {
  readonly #editors: Set<string>;

  static fromConfig(config: Config): MaestroPermissionPolicy {
    return new MaestroPermissionPolicy(
      config.getOptionalStringArray('permission.maestro.editors') ?? [
        'group:default/maestro-admins',
      ],
    );
  }

  constructor(editors: string[]) {
    this.#editors = new Set(editors.map(e => e.toLocaleLowerCase('en-US')));
  }

  async handle(request: PolicyQuery, user?: PolicyQueryUser): Promise<PolicyDecision> {
    const { permission } = request;
    if (!permission.name.startsWith('maestro.')) {
      return { result: AuthorizeResult.ALLOW };
    }
    if (
      isPermission(permission, maestroInventoryReadPermission) ||
      isPermission(permission, maestroHistoryReadPermission) ||
      isPermission(permission, maestroDiscoveryReadPermission)
    ) {
      return { result: user ? AuthorizeResult.ALLOW : AuthorizeResult.DENY };
    }
    const refs = user?.info.ownershipEntityRefs ?? [];
    const isEditor = refs.some(ref => this.#editors.has(ref.toLocaleLowerCase('en-US')));
    if (isEditor) {
      return { result: AuthorizeResult.ALLOW };
    }
    if (user && isResourcePermission(permission, MAESTRO_RECORD_RESOURCE_TYPE)) {
      return createMaestroRecordConditionalDecision(
        permission,
        maestroRecordConditions.isRecordOwner({ owners: refs }),
      );
    }
    return { result: AuthorizeResult.DENY };
  }
}
