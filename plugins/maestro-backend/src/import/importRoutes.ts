import { InputError } from '@backstage/errors';
import type express from 'express';
import type Router from 'express-promise-router';
import { assertNoForbiddenKeys } from '../input/forbiddenKeys';
import { QueryReader } from '../input/QueryReader';
import { optionalReason } from '../input/requestFields';
import {
  assertReadableBody,
  bodyText,
  mediaType,
  parseJsonText,
  readBodyText,
  UnsupportedMediaTypeError,
} from '../input/requestBody';
import type { InventoryService } from '../records/InventoryService';
import type { RequestContext } from '../service/RequestContext';
import { ImportFormat, ImportParser, ImportRow } from './ImportParser';
import type { ImportLimits } from './importLimits';

type RouterType = ReturnType<typeof Router>;

const YAML_TYPES = ['application/yaml', 'application/x-yaml', 'text/yaml', 'text/x-yaml'];
const FORMATS: ImportFormat[] = ['json', 'yaml', 'csv'];
const LIMIT_KEY = 'maestro.import.maxBytes';

/** What the body of an import holds once read. */
interface ImportInput {
  format: ImportFormat;
  rows: ImportRow[];
  reason?: string;
}

/**
 * `POST /records/import`: creates or updates records by (kind, name), all or nothing, through the inventory
 * service. The caller is authorized before a byte of the body is read (create, or an update decision that is not
 * DENY); the body is then read as a stream within `maestro.import.maxBytes`, CSV parsed as it arrives and stopped
 * past `maestro.import.maxRows`. Which existing records the caller may update is decided inside the write
 * transaction, against the records as read there; a row's optional `version` must equal the stored one.
 */
export function registerImportRoute(
  router: RouterType,
  deps: { inventory: InventoryService; context: RequestContext; limits: ImportLimits },
) {
  const { inventory, context, limits } = deps;
  const parser = new ImportParser({ maxRows: limits.maxRows });

  /** The body, read within the limits, as rows (and the reason, from the query for raw bodies). */
  const readImport = async (req: express.Request): Promise<ImportInput> => {
    const type = mediaType(req);
    const queryReason = () => optionalReason(new QueryReader(req.query).string('reason'));
    if (type !== 'text/csv' && type !== 'application/json' && !YAML_TYPES.includes(type ?? '')) {
      throw new UnsupportedMediaTypeError('body: Content-Type must be application/json, text/csv or application/yaml');
    }
    assertReadableBody(req, limits.maxBytes, LIMIT_KEY);
    if (type === 'text/csv') {
      return {
        format: 'csv',
        rows: await parser.parseCsv(bodyText(req, limits.maxBytes, LIMIT_KEY)),
        reason: queryReason(),
      };
    }
    const text = await readBodyText(req, limits.maxBytes, LIMIT_KEY);
    if (type !== 'application/json')
      return { format: 'yaml', rows: await parser.parse('yaml', text), reason: queryReason() };
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
    // the decisions come first: someone who may neither create nor update gets a 403 before the body is read
    const permit = await inventory.authorizeImport(await context.credentials(req));
    const { format, rows, reason } = await readImport(req);
    if (rows.length === 0) throw new InputError('content: contains no records');
    // every row is validated first (one report of every problem, nothing written if there is any: a 400 listing
    // the rows, see errorMapping)
    res.json(await inventory.importRecords(rows, { permit, format, reason, request: req }));
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
