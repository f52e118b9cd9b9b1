import type {
  BackstageCredentials,
  HttpAuthService,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { InputError, NotAllowedError } from '@backstage/errors';
import {
  AuthorizeResult,
  PolicyDecision,
} from '@backstage/plugin-permission-common';
import { createConditionAuthorizer } from '@backstage/plugin-permission-node';
import type { JsonObject } from '@backstage/types';
import {
  InventoryRecord,
  maestroInventoryCreatePermission,
  maestroInventoryUpdatePermission,
} from '@maestro/plugin-maestro-common';
import type express from 'express';
import type Router from 'express-promise-router';
import type { InventoryStore, UpsertRow } from '../records/InventoryStore';
import type { RecordValidator } from '../records/RecordValidator';
import { ImportFormat, ImportParser, ImportRow } from './ImportParser';
import type { ImportLimits } from './importLimits';
import { assertNoForbiddenKeys } from '../input/forbiddenKeys';
import {
  assertReadableBody,
  bodyText,
  mediaType,
  parseJsonText,
  readBodyText,
  UnsupportedMediaTypeError,
} from '../input/requestBody';
import { maestroRecordRules } from '../permissions/rules';
import { QueryReader } from '../input/QueryReader';

type RouterType = ReturnType<typeof Router>;

const YAML_TYPES = ['application/yaml', 'application/x-yaml', 'text/yaml', 'text/x-yaml'];
const FORMATS: ImportFormat[] = ['json', 'yaml', 'csv'];
const LIMIT_KEY = 'maestro.import.maxBytes';

/** What the import route borrows from the main router. */
export interface ImportRouteOptions {
  httpAuth: HttpAuthService;
  permissions: PermissionsService;
  store: InventoryStore;
  validator: RecordValidator;
  limits: ImportLimits;
  audited<T>(req: express.Request, eventId: string, meta: JsonObject, fn: () => Promise<T>, successMeta?: (result: T) => JsonObject): Promise<T>;
  actorOf(credentials: BackstageCredentials): string;
  /** A change reason from input (undefined when absent; InputError naming `reason` when invalid). */
  optionalReason(reason: unknown): string | undefined;
}

/** What the body of an import holds once read. */
interface ImportInput {
  format: ImportFormat;
  rows: ImportRow[];
  reason?: string;
}

/**
 * `POST /records/import`: creates or updates records by (kind, name), all or nothing. The caller is authorized
 * before a byte of the body is read (create, or an update decision that is not DENY); the body is then read as a
 * stream within `maestro.import.maxBytes`, CSV parsed as it arrives and stopped past `maestro.import.maxRows`.
 * Which existing records the caller may update is decided inside the write transaction, against the records as
 * read there; a row's optional `version` must equal the stored one.
 */
export function registerImportRoute(router: RouterType, options: ImportRouteOptions) {
  const { httpAuth, permissions, store, validator, limits, audited, actorOf, optionalReason } = options;
  const parser = new ImportParser({ maxRows: limits.maxRows });
  const recordAuthorizer = createConditionAuthorizer<InventoryRecord, unknown>(Object.values(maestroRecordRules));
  const mayUpdate = (decision: PolicyDecision, record: InventoryRecord) =>
    decision.result === AuthorizeResult.ALLOW ||
    (decision.result === AuthorizeResult.CONDITIONAL && recordAuthorizer(decision, record));

  /** The body, read within the limits, as rows (and the reason, from the query for raw bodies). */
  const readImport = async (req: express.Request): Promise<ImportInput> => {
    const type = mediaType(req);
    const queryReason = () => optionalReason(new QueryReader(req.query).string('reason'));
    if (type !== 'text/csv' && type !== 'application/json' && !YAML_TYPES.includes(type ?? '')) {
      throw new UnsupportedMediaTypeError('body: Content-Type must be application/json, text/csv or application/yaml');
    }
    assertReadableBody(req, limits.maxBytes, LIMIT_KEY);
    if (type === 'text/csv') {
      return { format: 'csv', rows: await parser.parseCsv(bodyText(req, limits.maxBytes, LIMIT_KEY)), reason: queryReason() };
    }
    const text = await readBodyText(req, limits.maxBytes, LIMIT_KEY);
    if (type !== 'application/json') return { format: 'yaml', rows: await parser.parse('yaml', text), reason: queryReason() };
    const body = parseJsonText(text, 'body');
    if (Array.isArray(body)) return { format: 'json', rows: parser.fromList(body, 'body') };
    if (typeof body !== 'object' || body === null) {
      throw new InputError('body: must be a JSON object or a list of records');
    }
    const fields = body as Record<string, unknown>;
    assertNoForbiddenKeys(Object.fromEntries(Object.entries(fields).filter(([key]) => key !== 'records')));
    const reason = optionalReason(fields.reason);
    if (fields.records !== undefined) {
      if (!Array.isArray(fields.records)) throw new InputError('records: must be a list of records');
      return { format: 'json', rows: parser.fromList(fields.records, 'records'), reason };
    }
    if (!FORMATS.includes(fields.format as ImportFormat)) {
      throw new InputError('format: must be one of json, yaml, csv (or send records, or a text/csv or YAML body)');
    }
    if (typeof fields.content !== 'string') throw new InputError('content: must be the file content as a string');
    const format = fields.format as ImportFormat;
    return { format, rows: await parser.parse(format, fields.content), reason };
  };

  const importRecords = async (req: express.Request, res: express.Response) => {
    const credentials = await httpAuth.credentials(req, { allow: ['user', 'service'] });
    // the decisions come first: someone who may neither create nor update gets a 403 before the body is read
    const [[create], [update]] = await Promise.all([
      permissions.authorize([{ permission: maestroInventoryCreatePermission }], { credentials }),
      permissions.authorizeConditional([{ permission: maestroInventoryUpdatePermission }], { credentials }),
    ]);
    if (create.result !== AuthorizeResult.ALLOW && update.result === AuthorizeResult.DENY) {
      throw new NotAllowedError('not allowed: maestro.inventory.create or maestro.inventory.update');
    }
    const { format, rows, reason } = await readImport(req);
    if (rows.length === 0) throw new InputError('content: contains no records');

    // validate every row first: one report of every problem, and nothing written if there is any
    const report: Array<{ row: number; kind?: unknown; name?: unknown; problems: string[] }> = [];
    const records: UpsertRow[] = [];
    for (const row of rows) {
      const problems = row.problems ?? rowProblems(row, validator);
      if (problems.length > 0) report.push({ row: row.row, kind: row.kind, name: row.name, problems });
      else records.push(upsertRow(row, validator));
    }
    if (report.length > 0) {
      res.status(400).json({
        error: {
          name: 'InputError',
          message: `${report.length} of ${rows.length} rows are invalid; nothing was imported: ${report
            .slice(0, 5)
            .map(r => `row ${r.row}: ${r.problems.join('; ')}`)
            .join(' | ')}${report.length > 5 ? ' | …' : ''}`,
        },
        response: { statusCode: 400 },
        rows: report,
      });
      return;
    }

    // Checked inside the write transaction against the records as read there: a record whose owner changed
    // since is judged by its new owner. One conditional decision for the whole import, evaluated per record.
    const authorizeExisting = (existing: InventoryRecord[]) => {
      if (existing.length < records.length && create.result !== AuthorizeResult.ALLOW) {
        throw new NotAllowedError('not allowed: maestro.inventory.create');
      }
      const denied = existing.filter(record => !mayUpdate(update, record)).length;
      if (denied > 0) {
        throw new NotAllowedError(`not allowed: maestro.inventory.update on ${denied} existing record(s) of this import`);
      }
    };

    const result = await audited(
      req,
      'records-import',
      { format, rows: rows.length },
      () =>
        store.upsertRecords(
          records,
          { actor: actorOf(credentials), reason: reason ?? `import (${format})` },
          { authorizeExisting },
        ),
      r => ({ created: r.created, updated: r.updated, unchanged: r.unchanged }),
    );
    res.json(result);
  };

  router.post('/records/import', async (req, res) => {
    try {
      await importRecords(req, res);
    } catch (error) {
      // answered before the end of the body (refused, too large, too many rows): close instead of reading the rest
      if (!req.complete) res.setHeader('Connection', 'close');
      throw error;
    }
  });
}

/** What is wrong with a row: its record fields, and its version when it has one. */
function rowProblems(row: ImportRow, validator: RecordValidator): string[] {
  const problems: string[] = [];
  try {
    const kind = validator.kind(row.kind);
    validator.assertValid({ kind, name: row.name ?? '', owner: row.owner ?? '', title: row.title, spec: row.spec ?? null });
  } catch (error) {
    problems.push(...(error as Error).message.split('; '));
  }
  if (row.version !== undefined && row.version !== null && !isVersion(row.version)) {
    problems.push('version: must be the positive integer version you read (or left out)');
  }
  return problems;
}

function upsertRow(row: ImportRow, validator: RecordValidator): UpsertRow {
  return {
    kind: validator.kind(row.kind),
    name: row.name as string,
    owner: row.owner as string,
    title: row.title as string | undefined,
    spec: row.spec as JsonObject,
    ...(isVersion(row.version) ? { expectedVersion: row.version } : {}),
  };
}

function isVersion(value: unknown): value is number {
  return typeof value === 'number' && Number.isSafeInteger(value) && value >= 1;
}
