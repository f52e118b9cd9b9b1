import { parseEntityRef, stringifyEntityRef } from '@backstage/catalog-model';
import type { Config } from '@backstage/config';
import { catalogConditions, createCatalogConditionalDecision } from '@backstage/plugin-catalog-backend/alpha';
import {
  catalogEntityDeletePermission,
  catalogEntityRefreshPermission,
  catalogEntityValidatePermission,
} from '@backstage/plugin-catalog-common/alpha';
import {
  AuthorizeResult,
  isPermission,
  isResourcePermission,
  PolicyDecision,
} from '@backstage/plugin-permission-common';
import type { PermissionPolicy, PolicyQuery, PolicyQueryUser } from '@backstage/plugin-permission-node';
import { createMaestroRecordConditionalDecision, maestroRecordConditions } from '@maestro/plugin-maestro-backend';
import {
  ANNOTATION_MAESTRO_RECORD_ID,
  MAESTRO_RECORD_RESOURCE_TYPE,
  maestroDiscoveryReadPermission,
  maestroGraphReadPermission,
  maestroHistoryReadPermission,
  maestroInventoryReadPermission,
  maestroJobReadPermission,
  maestroReportExportPermission,
  maestroReportReadPermission,
  maestroRuleReadPermission,
} from '@maestro/plugin-maestro-common';

const DEFAULT_GROUP = 'group:default/maestro-admins';

/** Non-read permissions every signed-in user has: they change nothing (re-read an entity's source, validate YAML). */
const HARMLESS_PERMISSIONS = [catalogEntityRefreshPermission, catalogEntityValidatePermission];

/** A configured list of users and groups, as full lower-case entity refs; a bad ref stops the backend at start-up. */
function refsOf(config: Config, key: string): Set<string> {
  const refs = config.getOptionalStringArray(key) ?? [DEFAULT_GROUP];
  return new Set(
    refs.map((ref, i) => {
      try {
        const parsed = parseEntityRef(ref, { defaultKind: 'group', defaultNamespace: 'default' });
        return stringifyEntityRef(parsed).toLocaleLowerCase('en-US');
      } catch {
        throw new Error(`${key}[${i}]: must be an entity ref such as group:default/platform or user:default/ann`);
      }
    }),
  );
}

/**
 * The portal's permission policy: what each signed-in user may do in Maestro and in the rest of the portal.
 *
 * Maestro:
 * - reading the inventory, its history, the discovery connections, saved reports, business graphs, jobs (with their
 *   run logs) and event rules, and exporting reports: every signed-in user, or, when `permission.maestro.readers`
 *   lists users and groups, those and the editors (e.g. to keep the estate's addresses from contractors); the same
 *   for the REST API, the pages and the actions AI assistants call over MCP;
 * - creating records, changing settings, managing discovery connections, saving, changing or deleting report
 *   definitions and business graphs, sharing graphs, and creating, changing, deleting and running jobs and event
 *   rules: the Maestro editors
 *   (`permission.maestro.editors`, default `group:default/maestro-admins`);
 * - updating and deleting a record: editors, and the record's owners (a conditional decision evaluated against the
 *   record: a member of the owning group may edit it).
 *
 * The rest of the portal (catalog, software templates, and any plugin added later):
 * - every permission whose action is `read`, plus refreshing and validating catalog entities: every signed-in user;
 * - deleting a catalog entity: portal admins (`permission.maestro.admins`, default `group:default/maestro-admins`),
 *   and never an entity Maestro projects (annotation `maestro.backstage.io/record-id`: the Maestro store manages
 *   those; delete the record instead);
 * - everything else (registering and unregistering locations, creating entities, running and managing software
 *   templates, ingestion, unknown permissions): portal admins only.
 *
 * Nothing is allowed without a signed-in user (service-to-service calls never reach the policy).
 */
export class MaestroPermissionPolicy implements PermissionPolicy {
  readonly #editors: Set<string>;
  readonly #admins: Set<string>;
  /** Who reads Maestro besides the editors; undefined: every signed-in user. */
  readonly #readers?: Set<string>;

  static fromConfig(config: Config): MaestroPermissionPolicy {
    return new MaestroPermissionPolicy({
      editors: refsOf(config, 'permission.maestro.editors'),
      admins: refsOf(config, 'permission.maestro.admins'),
      readers: config.has('permission.maestro.readers') ? refsOf(config, 'permission.maestro.readers') : undefined,
    });
  }

  constructor(options: { editors: Iterable<string>; admins: Iterable<string>; readers?: Iterable<string> }) {
    const lower = (refs: Iterable<string>) => new Set([...refs].map(r => r.toLocaleLowerCase('en-US')));
    this.#editors = lower(options.editors);
    this.#admins = lower(options.admins);
    this.#readers = options.readers && lower(options.readers);
  }

  async handle(request: PolicyQuery, user?: PolicyQueryUser): Promise<PolicyDecision> {
    if (!user) return { result: AuthorizeResult.DENY };
    const refs = user.info.ownershipEntityRefs ?? [];
    const member = (group: Set<string>) => refs.some(ref => group.has(ref.toLocaleLowerCase('en-US')));
    const { permission } = request;
    if (permission.name.startsWith('maestro.')) {
      const isEditor = member(this.#editors);
      return this.#maestro(request, refs, { isEditor, isReader: isEditor || !this.#readers || member(this.#readers) });
    }
    if (isPermission(permission, catalogEntityDeletePermission)) {
      if (!member(this.#admins)) return { result: AuthorizeResult.DENY };
      return createCatalogConditionalDecision(permission, {
        not: catalogConditions.hasAnnotation({ annotation: ANNOTATION_MAESTRO_RECORD_ID }),
      });
    }
    if (permission.attributes.action === 'read' || HARMLESS_PERMISSIONS.some(p => isPermission(permission, p))) {
      return { result: AuthorizeResult.ALLOW };
    }
    return { result: member(this.#admins) ? AuthorizeResult.ALLOW : AuthorizeResult.DENY };
  }

  #maestro(
    { permission }: PolicyQuery,
    refs: string[],
    { isEditor, isReader }: { isEditor: boolean; isReader: boolean },
  ): PolicyDecision {
    if (
      isPermission(permission, maestroInventoryReadPermission) ||
      isPermission(permission, maestroHistoryReadPermission) ||
      isPermission(permission, maestroDiscoveryReadPermission) ||
      isPermission(permission, maestroReportReadPermission) ||
      isPermission(permission, maestroReportExportPermission) ||
      isPermission(permission, maestroGraphReadPermission) ||
      isPermission(permission, maestroJobReadPermission) ||
      isPermission(permission, maestroRuleReadPermission)
    ) {
      return { result: isReader ? AuthorizeResult.ALLOW : AuthorizeResult.DENY };
    }
    if (isEditor) {
      return { result: AuthorizeResult.ALLOW };
    }
    if (isResourcePermission(permission, MAESTRO_RECORD_RESOURCE_TYPE)) {
      return createMaestroRecordConditionalDecision(
        permission,
        maestroRecordConditions.isRecordOwner({ owners: refs }),
      );
    }
    return { result: AuthorizeResult.DENY };
  }
}
