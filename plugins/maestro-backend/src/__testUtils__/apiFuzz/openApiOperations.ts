/**
 * The operations of an OpenAPI 3 document, read generically: each path and method with its path, query and body
 * descriptions, `$ref`s resolved. The API fuzz test drives what this returns, so a route added to the document is
 * fuzzed without touching the test.
 */

/** A JSON schema (OpenAPI 3.0 schema object or draft-07), as a plain object. */
export type Schema = { [key: string]: any };

export type HttpMethod = 'get' | 'post' | 'put' | 'delete' | 'patch';

export interface OperationParameter {
  name: string;
  in: 'path' | 'query';
  required: boolean;
  schema: Schema;
}

export interface Operation {
  /** `METHOD /path/{param}`, e.g. `PUT /records/{id}`. */
  key: string;
  operationId: string;
  method: HttpMethod;
  /** The path template, e.g. `/records/{id}/restore`. */
  path: string;
  pathParams: OperationParameter[];
  queryParams: OperationParameter[];
  /** Request body schemas by media type; absent when the operation takes no body. */
  body?: { required: boolean; content: Record<string, Schema> };
  /** False for operations whose security is `[]` (no token needed). */
  secured: boolean;
  /** Whether the operation may write (anything but GET). */
  mutating: boolean;
  /**
   * A write a reader may make on their own things (`x-maestro-own-writes: true`: watching a record is not editing
   * the inventory).
   */
  ownWrite: boolean;
  /** Status codes the document declares for the operation. */
  documentedStatuses: string[];
}

const METHODS: HttpMethod[] = ['get', 'post', 'put', 'delete', 'patch'];

/** Resolves `#/a/b` pointers against the document. */
export function pointerResolver(doc: Schema) {
  return (pointer: string): Schema => {
    if (!pointer.startsWith('#/')) throw new Error(`only local references are supported (got ${pointer})`);
    let node: any = doc;
    for (const part of pointer.slice(2).split('/')) {
      node = node?.[part.replace(/~1/g, '/').replace(/~0/g, '~')];
    }
    if (node === undefined) throw new Error(`dangling reference ${pointer}`);
    return node;
  };
}

/** Every operation of the document, in document order. */
export function readOperations(doc: Schema): Operation[] {
  const resolve = pointerResolver(doc);
  const deref = (node: Schema): Schema => (node && typeof node.$ref === 'string' ? deref(resolve(node.$ref)) : node);
  const operations: Operation[] = [];
  for (const [path, item] of Object.entries<Schema>(doc.paths ?? {})) {
    const shared = (item.parameters ?? []).map(deref);
    for (const method of METHODS) {
      const op = item[method];
      if (!op) continue;
      const params = [...shared, ...(op.parameters ?? []).map(deref)].map(
        (p: Schema): OperationParameter => ({
          name: p.name,
          in: p.in,
          required: p.in === 'path' || !!p.required,
          schema: p.schema ?? { type: 'string' },
        }),
      );
      const requestBody = op.requestBody ? deref(op.requestBody) : undefined;
      const security = op.security ?? doc.security ?? [];
      operations.push({
        key: `${method.toUpperCase()} ${path}`,
        operationId: op.operationId ?? `${method} ${path}`,
        method,
        path,
        pathParams: params.filter(p => p.in === 'path'),
        queryParams: params.filter(p => p.in === 'query'),
        body: requestBody
          ? {
              required: !!requestBody.required,
              content: Object.fromEntries(
                Object.entries<Schema>(requestBody.content ?? {}).map(([type, media]) => [type, media.schema ?? {}]),
              ),
            }
          : undefined,
        secured: security.length > 0,
        mutating: method !== 'get',
        ownWrite: op['x-maestro-own-writes'] === true,
        documentedStatuses: Object.keys(op.responses ?? {}),
      });
    }
  }
  return operations;
}

/** The literal part of a path template before its first parameter (`/records` for `/records/{id}/history`). */
export function collectionOf(path: string): string {
  const at = path.indexOf('/{');
  return at < 0 ? path : path.slice(0, at);
}

/** Fills a path template with (already chosen) parameter values, percent-encoded unless `raw`. */
export function fillPath(path: string, values: Record<string, string>, raw: ReadonlySet<string> = new Set()): string {
  return path.replace(/\{([^}]+)\}/g, (_, name: string) =>
    raw.has(name) ? values[name] : encodeComponent(values[name] ?? ''),
  );
}

/** encodeURIComponent, also for strings with lone surrogates (sent as the UTF-8 of U+FFFD, as a client would). */
export function encodeComponent(value: string): string {
  try {
    return encodeURIComponent(value);
  } catch {
    return encodeURIComponent(Buffer.from(value, 'utf8').toString('utf8'));
  }
}
