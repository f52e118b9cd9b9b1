import type {
  AuditorService,
  BackstageCredentials,
  HttpAuthService,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { NotAllowedError } from '@backstage/errors';
import { AuthorizeResult, BasicPermission, ResourcePermission } from '@backstage/plugin-permission-common';
import type { JsonObject } from '@backstage/types';
import type { InventoryRecord, MAESTRO_RECORD_RESOURCE_TYPE } from '@maestro/plugin-maestro-common';
import type express from 'express';
import { actorOf, InventoryService, PrincipalWriter } from '../records/InventoryService';
import { InvalidRowsError } from '../records/rowChecks';

/**
 * What every routes file of the API shares: the caller's credentials (users and services), permission checks
 * (403 naming the permission), the inventory service's record authorization, auditor events around writes, and
 * the writer a record write is made as. Error answers come from Backstage's error handler (`@backstage/errors`
 * classes), except those {@link errorMapping} shapes.
 */
export class RequestContext {
  readonly permissions: PermissionsService;
  readonly #httpAuth: HttpAuthService;
  readonly #auditor: AuditorService;
  readonly #inventory: InventoryService;

  static create(options: {
    httpAuth: HttpAuthService;
    permissions: PermissionsService;
    auditor: AuditorService;
    inventory: InventoryService;
  }): RequestContext {
    return new RequestContext(options);
  }

  private constructor(options: {
    httpAuth: HttpAuthService;
    permissions: PermissionsService;
    auditor: AuditorService;
    inventory: InventoryService;
  }) {
    this.permissions = options.permissions;
    this.#httpAuth = options.httpAuth;
    this.#auditor = options.auditor;
    this.#inventory = options.inventory;
  }

  /** The caller's credentials (a user or a service; 401 otherwise). */
  credentials(req: express.Request): Promise<BackstageCredentials> {
    return this.#httpAuth.credentials(req, { allow: ['user', 'service'] });
  }

  /** The caller's credentials, if the policy allows them `permission` (403 naming it otherwise). */
  async authorize(req: express.Request, permission: BasicPermission): Promise<BackstageCredentials> {
    const credentials = await this.credentials(req);
    await requirePermission(this.permissions, credentials, permission);
    return credentials;
  }

  /**
   * Authorizes an action on one record (update, delete): the policy may answer conditionally (e.g. "the user's
   * groups own it"), evaluated against the record in the store. 404 when there is no such record.
   */
  async authorizeRecord(
    req: express.Request,
    permission: ResourcePermission<typeof MAESTRO_RECORD_RESOURCE_TYPE>,
    recordId: string,
  ): Promise<{ credentials: BackstageCredentials; record: InventoryRecord }> {
    const credentials = await this.credentials(req);
    return { credentials, record: await this.#inventory.authorizeRecord(credentials, permission, recordId) };
  }

  /** The writer of a record write this request makes: its caller, the request (for auditing) and the reason. */
  writer(req: express.Request, credentials: BackstageCredentials, reason?: () => unknown): PrincipalWriter {
    return { credentials, request: req, ...(reason ? { reason } : {}) };
  }

  /** The actor history records for these credentials (user entity ref or service subject). */
  actorOf(credentials: BackstageCredentials): string {
    return actorOf(credentials);
  }

  /** Runs a write that is not a record write (settings, discovery) wrapped in an auditor event. */
  async audited<T>(
    req: express.Request,
    eventId: string,
    meta: JsonObject,
    fn: () => Promise<T>,
    successMeta: (result: T) => JsonObject,
  ): Promise<T> {
    const event = await this.#auditor.createEvent({ eventId, severityLevel: 'medium', request: req, meta });
    try {
      const result = await fn();
      await event.success({ meta: successMeta(result) });
      return result;
    } catch (error) {
      await event.fail({ error: error as Error });
      throw error;
    }
  }
}

/**
 * Asks the permission policy whether `credentials` may do `permission`: a NotAllowedError (403) naming the permission
 * unless it allows. The one check behind every route's {@link RequestContext.authorize} and every action's.
 */
export async function requirePermission(
  permissions: PermissionsService,
  credentials: BackstageCredentials,
  permission: BasicPermission,
): Promise<void> {
  const [decision] = await permissions.authorize([{ permission }], { credentials });
  if (decision.result !== AuthorizeResult.ALLOW) {
    throw new NotAllowedError(`not allowed: ${permission.name}`);
  }
}

/**
 * Error answers the API shapes itself, before Backstage's error handler: an import with invalid rows is a 400
 * that also lists every invalid row (`rows`).
 */
export function errorMapping(): express.ErrorRequestHandler {
  return (error, _req, res, next) => {
    if (!(error instanceof InvalidRowsError)) {
      next(error);
      return;
    }
    res.status(400).json({
      error: { name: 'InputError', message: error.message },
      response: { statusCode: 400 },
      rows: error.rows,
    });
  };
}
