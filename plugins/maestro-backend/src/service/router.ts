import express from 'express';
import Router from 'express-promise-router';
import type {
  AuditorService,
  BackstageCredentials,
  HttpAuthService,
  LoggerService,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { InputError, NotAllowedError, NotFoundError } from '@backstage/errors';
import {
  AuthorizeResult,
  BasicPermission,
  ResourcePermission,
} from '@backstage/plugin-permission-common';
import {
  ChangeAction,
  CreateRecordRequest,
  InventoryRecord,
  MAESTRO_KINDS,
  MAESTRO_RECORD_RESOURCE_TYPE,
  maestroHistoryReadPermission,
  maestroInventoryCreatePermission,
  maestroInventoryDeletePermission,
  maestroInventoryReadPermission,
  maestroInventoryUpdatePermission,
  maestroSettingsUpdatePermission,
  UpdateRecordRequest,
} from '@maestro/plugin-maestro-common';
import type { JsonObject } from '@backstage/types';
import type { InventoryStore, RecordSortField } from '../records/InventoryStore';
import { RecordValidator } from '../records/RecordValidator';
import { openApiSpec } from '../schema/openapi';
import { DuplicateChecker } from '../records/DuplicateChecker';
import { SettingsStore } from '../settings/SettingsStore';
import { DEFAULT_IMPORT_LIMITS, ImportLimits } from '../import/importLimits';
import { jsonBodyParser } from '../input/requestBody';
import { pathParameterGuard } from '../input/pathParameters';
import { shownName } from '../input/forbiddenKeys';
import { registerImportRoute } from '../import/importRoutes';
import { QueryReader } from '../input/QueryReader';
import { mustGetRecord } from '../records/recordLookup';
import type { DiscoveryService } from '../discovery/DiscoveryService';
import { registerDiscoveryRoutes } from '../discovery/discoveryRoutes';
import { ChangeFeed } from '../history/ChangeFeed';
import { registerHistoryRoutes } from '../history/historyRoutes';
import { versionRead } from '../input/versionRead';

export interface RouterOptions {
  logger: LoggerService;
  httpAuth: HttpAuthService;
  permissions: PermissionsService;
  auditor: AuditorService;
  store: InventoryStore;
  settings: SettingsStore;
  /** Discovery (connections, status, sync); its routes are absent without it. */
  discovery?: DiscoveryService;
  /** Limits of `POST /records/import` (`maestro.import.*`). Default: DEFAULT_IMPORT_LIMITS. */
  importLimits?: ImportLimits;
  /** The change feed's long polls (default: one with the default waiter cap over `store`). */
  changeFeed?: ChangeFeed;
}

const JSON_BODY_LIMIT_BYTES = 5 * 1024 * 1024;
const SORT_FIELDS: RecordSortField[] = ['name', 'kind', 'updatedAt', 'createdAt'];

/** The Maestro REST API, mounted at /api/maestro. Its contract is src/schema/openapi.ts (served at /openapi.json). */
export async function createRouter(options: RouterOptions): Promise<express.Router> {
  const { httpAuth, permissions, auditor, store, settings } = options;
  const validator = RecordValidator.create();
  const duplicates = new DuplicateChecker(store);
  const router = Router();
  router.use(pathParameterGuard(Object.keys(openApiSpec.paths)));
  const jsonBody = jsonBodyParser({ limitBytes: JSON_BODY_LIMIT_BYTES });
  // the import route reads its own (larger, streamed) body, after authorizing the caller
  router.use((req, res, next) => (req.path === '/records/import' ? next() : jsonBody(req, res, next)));

  const authorize = async (
    req: express.Request,
    permission: BasicPermission,
  ): Promise<BackstageCredentials> => {
    const credentials = await httpAuth.credentials(req, { allow: ['user', 'service'] });
    const [decision] = await permissions.authorize([{ permission }], { credentials });
    if (decision.result !== AuthorizeResult.ALLOW) {
      throw new NotAllowedError(`not allowed: ${permission.name}`);
    }
    return credentials;
  };

  /**
   * Authorizes an action on one record (update, delete). The policy may answer conditionally (e.g. "the user's
   * groups own it"); the permission framework evaluates the conditions against the record in the store.
   */
  const authorizeRecord = async (
    req: express.Request,
    permission: ResourcePermission<typeof MAESTRO_RECORD_RESOURCE_TYPE>,
    recordId: string,
  ): Promise<{ credentials: BackstageCredentials; record: InventoryRecord }> => {
    const credentials = await httpAuth.credentials(req, { allow: ['user', 'service'] });
    const record = await mustGetRecord(store, recordId);
    const [decision] = await permissions.authorize([{ permission, resourceRef: record.id }], {
      credentials,
    });
    if (decision.result !== AuthorizeResult.ALLOW) {
      throw new NotAllowedError(`not allowed: ${permission.name} on ${record.kind} ${record.name}`);
    }
    return { credentials, record };
  };

  const actorOf = (credentials: BackstageCredentials): string => {
    const principal = credentials.principal as { type: string; userEntityRef?: string; subject?: string };
    if (principal.type === 'user' && principal.userEntityRef) return principal.userEntityRef;
    if (principal.type === 'service' && principal.subject) return principal.subject;
    return 'unknown';
  };

  /** Runs a write wrapped in an auditor event that records success or failure. */
  const audited = async <T>(
    req: express.Request,
    eventId: string,
    meta: JsonObject,
    fn: () => Promise<T>,
    successMeta: (result: T) => JsonObject = result => {
      const record = result as unknown as InventoryRecord;
      return { recordId: record.id, version: record.version };
    },
  ): Promise<T> => {
    const event = await auditor.createEvent({
      eventId,
      severityLevel: 'medium',
      request: req,
      meta,
    });
    try {
      const result = await fn();
      await event.success({ meta: successMeta(result) });
      return result;
    } catch (error) {
      await event.fail({ error: error as Error });
      throw error;
    }
  };

  if (options.discovery) {
    registerDiscoveryRoutes(router, options.discovery, { authorize, audited, actorOf, permissions });
  }
  registerHistoryRoutes(router, {
    store,
    feed: options.changeFeed ?? new ChangeFeed({ store, logger: options.logger }),
    authorize,
  });

  router.get('/health', (_req, res) => {
    res.json({ status: 'ok' });
  });

  router.get('/openapi.json', (_req, res) => {
    res.json(openApiSpec);
  });

  router.get('/kinds', async (req, res) => {
    await authorize(req, maestroInventoryReadPermission);
    res.json({
      items: Object.values(MAESTRO_KINDS).map(k => ({
        kind: k.kind,
        plural: k.plural,
        specSchema: k.specSchema,
      })),
    });
  });

  router.get('/summary', async (req, res) => {
    await authorize(req, maestroInventoryReadPermission);
    const [kinds, environments, services, latestServers, latestApplications] = await Promise.all([
      store.countByKind(),
      store.countBySpecField('Server', 'environment', 10),
      store.topServices(10),
      store.listRecords({ kind: 'Server', active: true, orderBy: 'createdAt', order: 'desc', limit: 5 }),
      store.listRecords({ kind: 'Component', active: true, orderBy: 'createdAt', order: 'desc', limit: 5 }),
    ]);
    res.json({
      kinds,
      environments,
      services,
      latestServers: latestServers.items,
      latestApplications: latestApplications.items,
    });
  });

  router.get('/records', async (req, res) => {
    await authorize(req, maestroInventoryReadPermission);
    const q = new QueryReader(req.query);
    const kindParam = q.string('kind');
    const kind = kindParam === undefined ? undefined : validator.kind(kindParam);
    const active = q.enumValue('active', ['true', 'false', 'all'] as const) ?? 'true';
    const orderBy = sortField(q.string('orderBy'));
    // keyset paging (the catalog's full load): ids after a cursor (empty: from the start), in id order, unaffected
    // by rows that change between pages
    const afterId = req.query.after === undefined ? undefined : q.string('after') ?? '';
    if (afterId !== undefined && (orderBy || q.string('order') || q.string('offset'))) {
      throw new InputError('after: pages in id order; it cannot be combined with orderBy, order or offset');
    }
    const result = await store.listRecords({
      afterId,
      kind,
      active: active === 'all' ? undefined : active === 'true',
      search: q.string('q'),
      owner: q.string('owner'),
      orderBy,
      orderNumeric: isNumericSpecField(kind, orderBy),
      specEquals: q.specFilters(),
      order: q.enumValue('order', ['asc', 'desc'] as const),
      offset: q.integer('offset', { min: 0 }) ?? 0,
      limit: q.integer('limit', { min: 1, max: 1000 }) ?? 50,
    });
    res.json(result);
  });

  router.post('/records', async (req, res) => {
    const credentials = await authorize(req, maestroInventoryCreatePermission);
    const body = requireObject(req.body) as Partial<CreateRecordRequest>;
    const kind = validator.kind(body.kind);
    validator.assertValid({
      kind,
      name: body.name ?? '',
      owner: body.owner ?? '',
      title: body.title,
      spec: body.spec ?? null,
    });
    const record = await audited(req, 'record-create', { kind, name: body.name }, () =>
      store.createRecord(
        { kind, name: body.name!, title: body.title, owner: body.owner!, spec: body.spec! },
        { actor: actorOf(credentials), reason: optionalReason(body.reason) },
      ),
    );
    res.status(201).json({ ...record, warnings: await duplicates.warningsFor(record) });
  });

  registerImportRoute(router, {
    httpAuth,
    permissions,
    store,
    validator,
    limits: options.importLimits ?? DEFAULT_IMPORT_LIMITS,
    audited,
    actorOf,
    optionalReason,
  });

  router.get('/records/:id', async (req, res) => {
    await authorize(req, maestroInventoryReadPermission);
    const record = await mustGetRecord(store, req.params.id);
    // the version, for If-Match on a delete or restore
    res.setHeader('ETag', `"${record.version}"`);
    res.json(record);
  });

  router.put('/records/:id', async (req, res) => {
    const body = requireObject(req.body) as Partial<UpdateRecordRequest>;
    requireVersion(body.version);
    const { credentials, record: current } = await authorizeRecord(
      req,
      maestroInventoryUpdatePermission,
      req.params.id,
    );
    validator.assertValid({ kind: current.kind, owner: body.owner, title: body.title, spec: body.spec });
    const record = await audited(
      req,
      'record-update',
      { recordId: current.id, kind: current.kind, name: current.name },
      () =>
        store.updateRecord(
          current.id,
          { version: body.version!, title: body.title, owner: body.owner, spec: body.spec },
          { actor: actorOf(credentials), reason: optionalReason(body.reason) },
        ),
    );
    res.json({ ...record, warnings: await duplicates.warningsFor(record) });
  });

  router.delete('/records/:id', async (req, res) => {
    const q = new QueryReader(req.query);
    const version = versionRead(req, q.integer('version', { min: 1 }));
    const { credentials, record: current } = await authorizeRecord(
      req,
      maestroInventoryDeletePermission,
      req.params.id,
    );
    const record = await audited(
      req,
      'record-delete',
      { recordId: current.id, kind: current.kind, name: current.name },
      () =>
        store.setActive(
          current.id,
          false,
          { version },
          { actor: actorOf(credentials), reason: optionalReason(q.string('reason')) },
        ),
    );
    res.json(record);
  });

  router.post('/records/:id/restore', async (req, res) => {
    const body = (req.body && typeof req.body === 'object' ? req.body : {}) as {
      version?: number;
      reason?: string;
    };
    if (body.version !== undefined && (!Number.isInteger(body.version) || body.version < 1)) {
      throw new InputError('version: must be the positive integer version you read');
    }
    const version = versionRead(req, body.version);
    const { credentials, record: current } = await authorizeRecord(
      req,
      maestroInventoryUpdatePermission,
      req.params.id,
    );
    const record = await audited(
      req,
      'record-restore',
      { recordId: current.id, kind: current.kind, name: current.name },
      () =>
        store.setActive(
          current.id,
          true,
          { version },
          { actor: actorOf(credentials), reason: optionalReason(body.reason) },
        ),
    );
    res.json(record);
  });

  router.get('/records/:id/history', async (req, res) => {
    await authorize(req, maestroHistoryReadPermission);
    const q = new QueryReader(req.query);
    await mustGetRecord(store, req.params.id);
    const items = await store.history(req.params.id, {
      limit: q.integer('limit', { min: 1, max: 500 }) ?? 50,
      beforeSeq: q.integer('before', { min: 1 }),
    });
    res.json({ items });
  });

  router.get('/history', async (req, res) => {
    await authorize(req, maestroHistoryReadPermission);
    const q = new QueryReader(req.query);
    const kind = q.string('kind');
    const items = await store.searchHistory({
      kind: kind === undefined ? undefined : validator.kind(kind),
      actor: q.string('actor'),
      action: q.enumValue('action', ['create', 'update', 'delete', 'restore'] as ChangeAction[]),
      from: q.timestamp('from'),
      to: q.timestamp('to'),
      beforeSeq: q.integer('before', { min: 1 }),
      limit: q.integer('limit', { min: 1, max: 500 }) ?? 50,
    });
    res.json({ items });
  });

  router.post('/records/:id/revert', async (req, res) => {
    const body = requireObject(req.body) as { seq?: number; version?: number; reason?: string };
    // a safe integer: 1e20 is an integer to JavaScript but not to the seq column (a 500 on PostgreSQL)
    if (!Number.isSafeInteger(body.seq) || (body.seq as number) < 1) {
      throw new InputError('seq: is required: the history entry (seq) whose version to bring back');
    }
    requireVersion(body.version);
    const { credentials, record: current } = await authorizeRecord(
      req,
      maestroInventoryUpdatePermission,
      req.params.id,
    );
    const change = await store.getChange(body.seq!);
    if (!change || change.recordId !== current.id || !change.after) {
      throw new NotFoundError(`seq: no history entry ${body.seq} for record ${current.id}`);
    }
    const target = change.after;
    const reason = optionalReason(body.reason) ?? `revert to version ${target.version} (seq ${change.seq})`;
    const record = await audited(
      req,
      'record-revert',
      { recordId: current.id, kind: current.kind, name: current.name, seq: change.seq },
      () =>
        store.updateRecord(
          current.id,
          { version: body.version!, title: target.title ?? null, owner: target.owner, spec: target.spec },
          { actor: actorOf(credentials), reason },
        ),
    );
    res.json({ ...record, warnings: await duplicates.warningsFor(record) });
  });

  router.get('/settings', async (req, res) => {
    await authorize(req, maestroInventoryReadPermission);
    res.json({ items: await settings.getAll() });
  });

  router.get('/settings/:key', async (req, res) => {
    await authorize(req, maestroInventoryReadPermission);
    res.json(await settings.get(settings.key(req.params.key)));
  });

  router.get('/settings/:key/history', async (req, res) => {
    await authorize(req, maestroInventoryReadPermission);
    const key = settings.key(req.params.key);
    const limit = new QueryReader(req.query).integer('limit', { min: 1, max: 500 }) ?? 50;
    res.json({ items: await settings.history(key, { limit }) });
  });

  router.put('/settings/:key', async (req, res) => {
    const credentials = await authorize(req, maestroSettingsUpdatePermission);
    const key = settings.key(req.params.key);
    const body = requireObject(req.body) as { value?: unknown; version?: unknown };
    if (!Number.isInteger(body.version) || (body.version as number) < 0) {
      throw new InputError('version: is required: the version you read (0 for a setting never saved)');
    }
    if (body.value === undefined) throw new InputError('value: is required');
    const saved = await audited(
      req,
      'settings-update',
      { key },
      () => settings.set(key, body.value, body.version as number, actorOf(credentials)),
      r => ({ version: r.version }),
    );
    res.json(saved);
  });

  return router;
}

/** True when the kind's schema declares the top-level spec field in orderBy as a number. */
function isNumericSpecField(kind: string | undefined, orderBy: string | undefined): boolean {
  if (!kind || !orderBy?.startsWith('spec.')) return false;
  const schema = MAESTRO_KINDS[kind]?.specSchema as { properties?: Record<string, { type?: string }> };
  const type = schema?.properties?.[orderBy.slice('spec.'.length)]?.type;
  return type === 'integer' || type === 'number';
}

function sortField(value: string | undefined): RecordSortField | `spec.${string}` | undefined {
  if (value === undefined) return undefined;
  if ((SORT_FIELDS as string[]).includes(value)) return value as RecordSortField;
  if (/^spec\.[A-Za-z][A-Za-z0-9]{0,63}$/.test(value)) return value as `spec.${string}`;
  throw new InputError(
    `orderBy: must be one of ${SORT_FIELDS.join(', ')} or spec.<field> (got '${shownName(value)}')`,
  );
}

/** Throws an InputError naming `version` unless it is the positive integer version the caller read. */
function requireVersion(version: unknown): asserts version is number {
  if (!Number.isSafeInteger(version) || (version as number) < 1) {
    throw new InputError('version: is required and must be the positive integer version you read');
  }
}

function requireObject(body: unknown): Record<string, unknown> {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw new InputError('body: must be a JSON object (Content-Type: application/json)');
  }
  return body as Record<string, unknown>;
}

function optionalReason(reason: unknown): string | undefined {
  if (reason === undefined || reason === null || reason === '') return undefined;
  if (typeof reason !== 'string' || reason.length > 2000) {
    throw new InputError('reason: must be a string of at most 2000 characters');
  }
  return reason;
}
