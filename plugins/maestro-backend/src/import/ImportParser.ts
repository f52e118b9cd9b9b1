import { InputError } from '@backstage/errors';
import { findMaestroKind } from '@maestro/plugin-maestro-common';
import { parse as parseYaml } from 'yaml';
import { parseCsv } from './parseCsv';

/** One row of an import, before validation. `row` is 1-based (the CSV data line, or the array position). */
export interface ImportRow {
  row: number;
  kind?: unknown;
  name?: unknown;
  title?: unknown;
  owner?: unknown;
  spec?: unknown;
}

export type ImportFormat = 'json' | 'yaml' | 'csv';

/**
 * Reads an import file in JSON (an array of records, or `{ records: [...] }`), YAML (a list, or several documents)
 * or CSV (columns `kind,name,title,owner` and one column per spec field as `spec.hostname`, `spec.os.base`; values
 * are converted with the kind's schema: numbers, booleans, `;`-separated lists, JSON for lists of objects).
 */
export class ImportParser {
  parse(format: ImportFormat, content: string): ImportRow[] {
    switch (format) {
      case 'json':
        return this.#fromList(this.#json(content));
      case 'yaml':
        return this.#fromList(this.#yaml(content));
      case 'csv':
        return this.#csv(content);
      default:
        throw new InputError(`format: must be one of json, yaml, csv`);
    }
  }

  #json(content: string): unknown {
    try {
      return JSON.parse(content);
    } catch (e) {
      throw new InputError(`content: is not valid JSON (${(e as Error).message})`);
    }
  }

  #yaml(content: string): unknown {
    try {
      return parseYaml(content);
    } catch (e) {
      throw new InputError(`content: is not valid YAML (${(e as Error).message})`);
    }
  }

  #fromList(data: unknown): ImportRow[] {
    const list =
      data && typeof data === 'object' && !Array.isArray(data) && Array.isArray((data as any).records)
        ? (data as any).records
        : data;
    if (!Array.isArray(list)) {
      throw new InputError('content: must be a list of records, or an object with a "records" list');
    }
    return list.map((item, index) =>
      item && typeof item === 'object' && !Array.isArray(item)
        ? { row: index + 1, ...(item as object) }
        : { row: index + 1, kind: undefined },
    );
  }

  #csv(content: string): ImportRow[] {
    let table: string[][];
    try {
      table = parseCsv(content);
    } catch (e) {
      throw new InputError(`content: is not valid CSV (${(e as Error).message})`);
    }
    if (table.length === 0) throw new InputError('content: the CSV has no header row');
    const [header, ...lines] = table;
    const columns = header.map(h => h.trim());
    for (const required of ['kind', 'name', 'owner']) {
      if (!columns.includes(required)) {
        throw new InputError(`content: the CSV header has no "${required}" column`);
      }
    }
    const unknown = columns.filter(
      c => !['kind', 'name', 'title', 'owner'].includes(c) && !c.startsWith('spec.'),
    );
    if (unknown.length) {
      throw new InputError(
        `content: unknown CSV column(s) ${unknown.join(', ')}; use kind, name, title, owner and spec.<field>`,
      );
    }
    return lines.map((cells, index) => {
      const get = (column: string) => {
        const at = columns.indexOf(column);
        return at >= 0 && cells[at] !== undefined && cells[at] !== '' ? cells[at] : undefined;
      };
      const kind = get('kind');
      const def = kind ? findMaestroKind(kind) : undefined;
      const spec: Record<string, unknown> = {};
      columns.forEach((column, at) => {
        if (!column.startsWith('spec.') || cells[at] === undefined || cells[at] === '') return;
        const path = column.slice('spec.'.length).split('.');
        setPath(spec, path, coerce(cells[at], schemaAt(def?.specSchema, path)));
      });
      return { row: index + 1, kind, name: get('name'), title: get('title'), owner: get('owner'), spec };
    });
  }
}

function schemaAt(schema: any, path: string[]): any {
  let current = schema;
  for (const part of path) {
    current = current?.properties?.[part] ?? (typeof current?.additionalProperties === 'object' ? current.additionalProperties : undefined);
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
      if (schema.items?.type === 'object') {
        try {
          return JSON.parse(value);
        } catch {
          return value;
        }
      }
      return value
        .split(';')
        .map(v => v.trim())
        .filter(Boolean)
        .map(v => coerce(v, schema.items));
    case 'object':
      try {
        return JSON.parse(value);
      } catch {
        return value;
      }
    default:
      return value;
  }
}

function setPath(target: Record<string, unknown>, path: string[], value: unknown) {
  let current = target;
  for (const part of path.slice(0, -1)) {
    if (typeof current[part] !== 'object' || current[part] === null) current[part] = {};
    current = current[part] as Record<string, unknown>;
  }
  current[path[path.length - 1]] = value;
}
