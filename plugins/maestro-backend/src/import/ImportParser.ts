import { InputError } from '@backstage/errors';
import { findMaestroKind } from '@maestro/plugin-maestro-common';
import { parseAllDocuments } from 'yaml';
import { emptyRecord, findForbiddenKey, forbiddenPart, setAtPath, shownName } from '../input/forbiddenKeys';
import { parseJsonText } from '../input/requestBody';
import { csvRecords } from './csvRecords';

/**
 * One row of an import, before validation. `row` is 1-based (the CSV data line, or the list position).
 * `problems` are what parsing already found wrong with it (e.g. a forbidden key): such a row carries nothing else.
 */
export interface ImportRow {
  row: number;
  kind?: unknown;
  name?: unknown;
  title?: unknown;
  owner?: unknown;
  spec?: unknown;
  /** The version the row was read at: the stored record must still be at it (optional). */
  version?: unknown;
  problems?: string[];
}

export type ImportFormat = 'json' | 'yaml' | 'csv';

const RECORD_COLUMNS = ['kind', 'name', 'title', 'owner', 'version'];
const REQUIRED_COLUMNS = ['kind', 'name', 'owner'];
const YAML_ALIAS_LIMIT = 100;
/** Characters per chunk when CSV text already in memory is parsed, so the row cap stops it early too. */
const CSV_SLICE = 64 * 1024;

/**
 * Reads an import file in JSON (an array of records, or `{ records: [...] }`), YAML (a list, `{ records }`, or
 * several documents of one record each) or CSV (columns `kind,name,title,owner,version` and one column per spec
 * field as `spec.hostname`, `spec.os.base`; values are converted with the kind's schema: numbers, booleans,
 * `;`-separated lists, JSON for lists of objects). At most `maxRows` rows; CSV is parsed as a stream and stops
 * as soon as there are more. No path or key of the input can write through `__proto__`, `constructor` or
 * `prototype`: CSV columns naming them are refused, JSON/YAML rows holding them are reported as invalid.
 */
export class ImportParser {
  readonly #maxRows: number;

  constructor(options: { maxRows: number }) {
    this.#maxRows = options.maxRows;
  }

  /** Import text in one format (a `{ format, content }` body, or a raw YAML body). */
  async parse(format: ImportFormat, content: string): Promise<ImportRow[]> {
    switch (format) {
      case 'json':
        return this.fromDocument(parseJsonText(content, 'content'));
      case 'yaml':
        return this.fromDocument(parseYaml(content));
      case 'csv':
        return this.parseCsv(slices(content));
      default:
        throw new InputError(`format: must be one of json, yaml, csv`);
    }
  }

  /** A parsed JSON or YAML document: a list of records, or an object with a `records` list. */
  fromDocument(data: unknown): ImportRow[] {
    if (isObject(data) && Array.isArray(data.records)) {
      const envelope = findForbiddenKey(Object.fromEntries(Object.entries(data).filter(([key]) => key !== 'records')));
      if (envelope) throw new InputError(`content: field "${envelope.path}": ${envelope.problem}`);
      return this.fromList(data.records, 'content');
    }
    if (!Array.isArray(data)) {
      throw new InputError('content: must be a list of records, or an object with a "records" list');
    }
    return this.fromList(data, 'content');
  }

  /** A list of record objects; `field` names the list in messages (`records`, `body`, `content`). */
  fromList(list: unknown[], field: string): ImportRow[] {
    this.#assertRowCount(list.length, field);
    return list.map((item, index) => {
      const row = index + 1;
      if (!isObject(item)) return { row, problems: ['record: must be an object with kind, name, owner and spec'] };
      const forbidden = findForbiddenKey(item);
      if (forbidden) {
        // the report names the row's kind and name only when they are text: a value nested too deep cannot be answered
        const text = (value: unknown) => (typeof value === 'string' ? value : undefined);
        return {
          row,
          kind: text(item.kind),
          name: text(item.name),
          problems: [`${forbidden.path}: ${forbidden.problem}`],
        };
      }
      const { kind, name, title, owner, spec, version } = item;
      return { row, kind, name, title, owner, spec, version };
    });
  }

  /** CSV text chunks (a streamed request body): parsing and reading stop as soon as there are too many rows. */
  async parseCsv(chunks: AsyncIterable<string> | Iterable<string>): Promise<ImportRow[]> {
    let columns: CsvColumn[] | undefined;
    const rows: ImportRow[] = [];
    // the header, the allowed rows, and one more to know there are too many
    for await (const cells of csvRecords(chunks, this.#maxRows + 2)) {
      if (!columns) {
        columns = csvColumns(cells);
        continue;
      }
      if (rows.length === this.#maxRows) {
        throw new InputError(
          `content: more than ${this.#maxRows} records; at most ${this.#maxRows} per import (maestro.import.maxRows)`,
        );
      }
      rows.push(csvRow(columns, cells, rows.length + 1));
    }
    if (!columns) throw new InputError('content: the CSV has no header row');
    return rows;
  }

  #assertRowCount(count: number, field: string) {
    if (count > this.#maxRows) {
      throw new InputError(`${field}: ${count} records; at most ${this.#maxRows} per import (maestro.import.maxRows)`);
    }
  }
}

/** A CSV column: a record field, or a spec field with its path below `spec`. */
type CsvColumn = { name: string; at: number; specPath?: string[] };

/** Checks the header (required, known, unique columns; safe spec paths) before any row is read. */
function csvColumns(header: string[]): CsvColumn[] {
  const names = header.map(h => h.trim());
  for (const required of REQUIRED_COLUMNS) {
    if (!names.includes(required)) throw new InputError(`content: the CSV header has no "${required}" column`);
  }
  const unknown = names.filter(c => !RECORD_COLUMNS.includes(c) && !c.startsWith('spec.'));
  if (unknown.length) {
    throw new InputError(
      `content: unknown CSV column(s) ${unknown
        .slice(0, 5)
        .map(c => shownName(c))
        .join(', ')}${unknown.length > 5 ? ', …' : ''}; ` + 'use kind, name, title, owner, version and spec.<field>',
    );
  }
  const duplicate = names.find((name, at) => names.indexOf(name) !== at);
  if (duplicate !== undefined) throw new InputError(`content: column "${shownName(duplicate)}" appears more than once`);
  return names.map((name, at) => {
    if (!name.startsWith('spec.')) return { name, at };
    const specPath = name.slice('spec.'.length).split('.');
    const forbidden = forbiddenPart(specPath);
    if (forbidden !== undefined) {
      throw new InputError(`content: column "${shownName(name)}": "${forbidden}" is not allowed in a field path`);
    }
    if (specPath.some(part => part === '')) {
      throw new InputError(`content: column "${shownName(name)}": a field path has no empty parts`);
    }
    return { name, at, specPath };
  });
}

function csvRow(columns: CsvColumn[], cells: string[], row: number): ImportRow {
  const value = (at: number) => (cells[at] === undefined || cells[at] === '' ? undefined : cells[at]);
  const get = (name: string) => {
    const column = columns.find(c => c.name === name);
    return column ? value(column.at) : undefined;
  };
  const kind = get('kind');
  const def = kind ? findMaestroKind(kind) : undefined;
  const spec = emptyRecord();
  for (const column of columns) {
    const cell = value(column.at);
    if (!column.specPath || cell === undefined) continue;
    setAtPath(spec, column.specPath, coerce(cell, schemaAt(def?.specSchema, column.specPath)));
  }
  const base = { row, kind, name: get('name') };
  const forbidden = findForbiddenKey(spec, ['spec']); // a JSON cell (list of objects) can hold one
  if (forbidden) return { ...base, problems: [`${forbidden.path}: ${forbidden.problem}`] };
  const version = get('version');
  return {
    ...base,
    title: get('title'),
    owner: get('owner'),
    spec,
    version: version !== undefined && /^\d{1,15}$/.test(version) ? Number(version) : version,
  };
}

/** The JSON schema of a spec field (own `properties` only, then `additionalProperties`), to convert its cells. */
function schemaAt(schema: any, path: string[]): any {
  let current = schema;
  for (const part of path) {
    const properties = current?.properties;
    if (properties && Object.hasOwn(properties, part)) current = properties[part];
    else if (typeof current?.additionalProperties === 'object') current = current.additionalProperties;
    else return undefined;
  }
  return current;
}

function coerce(value: string, schema: any): unknown {
  switch (schema?.type) {
    case 'integer':
    case 'number': {
      const n = Number(value);
      return value.trim() !== '' && Number.isFinite(n) ? n : value; // left as text: validation names the field
    }
    case 'boolean':
      if (value === 'true') return true;
      if (value === 'false') return false;
      return value;
    case 'array':
      if (schema.items?.type === 'object') return jsonOrText(value);
      return value
        .split(';')
        .map(v => v.trim())
        .filter(Boolean)
        .map(v => coerce(v, schema.items));
    case 'object':
      return jsonOrText(value);
    default:
      return value;
  }
}

function jsonOrText(value: string): unknown {
  try {
    return JSON.parse(value);
  } catch {
    return value; // validation names the field
  }
}

/**
 * YAML text: one document (a list, or `{ records }`) or several (one record each). Errors name the problem and
 * where it is, never the text (yaml's messages carry code frames and quote aliases and tags).
 */
function parseYaml(content: string): unknown {
  // prettyErrors fills linePos (the message's code frame is not used)
  const documents = parseAllDocuments(content, { prettyErrors: true, uniqueKeys: true });
  const values: unknown[] = [];
  for (const document of documents) {
    const [error] = document.errors;
    if (error) {
      const at = error.linePos?.[0];
      const what = error.code.toLowerCase().replace(/_/g, ' ');
      throw new InputError(`content: is not valid YAML (${what}${at ? ` at line ${at.line}, column ${at.col}` : ''})`);
    }
    try {
      values.push(document.toJS({ maxAliasCount: YAML_ALIAS_LIMIT }));
    } catch (e) {
      const excessive = /excessive alias count/i.test((e as Error).message);
      throw new InputError(
        `content: is not valid YAML (${
          excessive ? `more than ${YAML_ALIAS_LIMIT} alias uses` : 'an alias without its anchor'
        })`,
      );
    }
  }
  return values.length === 1 ? values[0] : values;
}

/** Text in slices of about CSV_SLICE characters, never splitting a surrogate pair. */
function* slices(text: string): Generator<string> {
  let at = 0;
  while (at < text.length) {
    let end = Math.min(at + CSV_SLICE, text.length);
    const last = text.charCodeAt(end - 1);
    if (end < text.length && last >= 0xd800 && last <= 0xdbff) end -= 1;
    yield text.slice(at, end);
    at = end;
  }
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
