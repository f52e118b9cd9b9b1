import type { Config } from '@backstage/config';
import {
  AuthorizeResult,
  isPermission,
  PolicyDecision,
} from '@backstage/plugin-permission-common';
import type {
  PermissionPolicy,
  PolicyQuery,
  PolicyQueryUser,
} from '@backstage/plugin-permission-node';
import {
  maestroHistoryReadPermission,
  maestroInventoryReadPermission,
} from '@maestro/plugin-maestro-common';

/**
 * The portal's permission policy, as an example of how Maestro permissions are granted:
 *
 * - reading the Maestro inventory and its history: every signed-in user;
 * - creating, updating, deleting Maestro records (`maestro.inventory.*`): only members of the groups (or the users)
 *   listed in `permission.maestro.editors` (default: `group:default/maestro-admins`);
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
      isPermission(permission, maestroHistoryReadPermission)
    ) {
      return { result: user ? AuthorizeResult.ALLOW : AuthorizeResult.DENY };
    }
    const refs = user?.info.ownershipEntityRefs ?? [];
    const isEditor = refs.some(ref => this.#editors.has(ref.toLocaleLowerCase('en-US')));
    return { result: isEditor ? AuthorizeResult.ALLOW : AuthorizeResult.DENY };
  }
}
