import { stringify as toYaml } from 'yaml';
import { Draw } from './draw';
import { applyHostileVariant } from './hostileInputs';
import { Knowledge } from './knowledge';
import { collectionOf, encodeComponent, fillPath, Operation, pointerResolver, Schema } from './openApiOperations';
import { SchemaValues } from './schemaValues';

/** Who sends a request: the fuzz test's editor (every permission), reader (read permissions only), or nobody. */
export type Identity = 'editor' | 'reader' | 'anonymous' | 'invalid-token';

/** A request body before it is serialised: a value, with raw JSON text to splice in at placeholder strings. */
export interface BodyDraft {
  mediaType: string;
  value: unknown;
  /** Placeholder string (as it appears in `value`) → raw JSON text put in its place (deep nesting, 1e999…). */
  splices: Map<string, string>;
  /** Set when a variant wrote the bytes itself (malformed JSON, invalid UTF-8). */
  raw?: string | Buffer;
}

/** A request under construction; hostile variants change it before it is sent. */
export interface RequestDraft {
  op: Operation;
  identity: Identity;
  variants: string[];
  pathValues: Record<string, string>;
  /** Path parameters written into the URL as they are (not percent-encoded): `%zz`. */
  rawPath: Set<string>;
  query: Array<[string, string]>;
  headers: Record<string, string>;
  body?: BodyDraft;
  /** Schema of the JSON body as sent (for the names a refusal may use), when there is one. */
  bodySchema?: Schema;
  /** Long strings the request carries, which no answer may quote in full. */
  longValues: string[];
}

/** A request ready to send. */
export interface FuzzRequest {
  op: Operation;
  identity: Identity;
  /** `valid`, or the hostile variants applied (`body:wrong-type`, …). */
  variant: string;
  pathValues: Record<string, string>;
  query: Array<[string, string]>;
  /** Path and query, relative to the plugin's base URL. */
  url: string;
  headers: Record<string, string>;
  body?: string | Buffer;
  bodySchema?: Schema;
  /** The top-level fields of a JSON object body as drafted (a refusal may name one), with their string values. */
  bodyFields: Record<string, unknown>;
  longValues: string[];
}

/** Whether a media type is JSON (`application/json`, `application/*+json`). */
export const isJson = (mediaType: string) => /^application\/([\w.-]+\+)?json$/.test(mediaType.split(';')[0].trim());

export interface RequestBuilderOptions {
  doc: Schema;
  operations: Operation[];
  knowledge: Knowledge;
  /** Share of requests that get hostile variants (the rest are drawn valid). */
  hostileShare: number;
  /** Caps of integer query parameters by name (e.g. a long poll's `wait`), to keep runs short. */
  queryCaps?: Record<string, number>;
}

/**
 * Builds one request from the OpenAPI document: an operation, an identity, path and query parameters and a body
 * drawn valid from their schemas (with ids, versions and seqs the API showed earlier), then, for a share of
 * requests, one or two hostile variants.
 */
export function buildRequest(draw: Draw, options: RequestBuilderOptions): FuzzRequest {
  const { operations, knowledge } = options;
  const resolve = pointerResolver(options.doc);
  const op = draw.pick(operations);
  const identity = draw.weighted<Identity>([
    [64, 'editor'],
    [32, 'reader'],
    [2, 'anonymous'],
    [2, 'invalid-token'],
  ]);

  const pathValues: Record<string, string> = {};
  for (const param of op.pathParams) {
    const ids = knowledge.ids(collectionOf(op.path));
    if (Array.isArray(param.schema.enum)) pathValues[param.name] = String(draw.pick(param.schema.enum));
    else if (ids.length > 0 && draw.chance(0.9))
      pathValues[param.name] = draw.pick(draw.chance(0.5) ? ids.slice(-2) : ids);
    else pathValues[param.name] = draw.matching('^[a-z0-9][a-z0-9-]{0,30}$');
  }
  const pathId = op.pathParams.length ? pathValues[op.pathParams[op.pathParams.length - 1].name] : undefined;
  const resource = knowledge.resource(pathId);
  const values = new SchemaValues(draw, {
    resolve,
    path: pathValues,
    resource,
    known: field => knownValues(field, { knowledge, pathId, resource, pathValues }),
  });

  const query: Array<[string, string]> = [];
  for (const param of op.queryParams) {
    if (!param.required && !draw.chance(0.4)) continue;
    let value = values.value(param.schema, 0, {}, param.name);
    const cap = options.queryCaps?.[param.name];
    if (cap !== undefined && typeof value === 'number') value = Math.min(value, cap);
    query.push([param.name, typeof value === 'string' ? value : JSON.stringify(value)]);
  }

  const draft: RequestDraft = {
    op,
    identity,
    variants: [],
    pathValues,
    rawPath: new Set(),
    query,
    headers: {},
    longValues: [],
  };
  if (op.body && (op.body.required || draw.chance(0.7))) {
    const types = Object.keys(op.body.content);
    const mediaType = types.includes('application/json') && draw.chance(0.75) ? 'application/json' : draw.pick(types);
    const jsonSchema =
      op.body.content[mediaType] && isJson(mediaType)
        ? op.body.content[mediaType]
        : op.body.content['application/json'];
    let value = jsonSchema ? values.value(jsonSchema) : draw.text(200);
    // a text form (CSV, YAML) carries a list of the JSON form: drawn again until the JSON form is one
    for (let attempt = 0; !isJson(mediaType) && jsonSchema && attempt < 4 && !recordList(value); attempt++)
      value = values.value(jsonSchema);
    draft.body = { mediaType, value: isJson(mediaType) ? value : textBody(mediaType, value, draw), splices: new Map() };
    draft.bodySchema = jsonSchema;
    draft.headers['Content-Type'] = mediaType;
  }

  if (draw.chance(options.hostileShare)) {
    applyHostileVariant(draw, draft, values);
    if (draw.chance(0.15)) applyHostileVariant(draw, draft, values);
  }
  return finish(draft);
}

/** Values the API showed for a field, by the API's naming conventions: a path id's version and seqs, times. */
function knownValues(
  field: string,
  context: {
    knowledge: Knowledge;
    pathId?: string;
    resource?: Record<string, unknown>;
    pathValues: Record<string, string>;
  },
): unknown[] {
  const { knowledge, pathId, resource, pathValues } = context;
  if (field in pathValues) return [pathValues[field]];
  switch (field) {
    case 'version':
      return resource && Number.isInteger(resource.version) ? [resource.version] : [];
    case 'seq':
      return knowledge.seqsOf(pathId);
    case 'before':
    case 'after':
      return knowledge.seqs;
    case 'at':
    case 'from':
    case 'to':
      return knowledge.times;
    case 'connectionId':
      return knowledge.ids('/discovery/connections');
    case 'reportId':
      return knowledge.ids('/reports');
    case 'onSuccess':
    case 'onFailure':
      // a chain to a job the API showed (a job has a schedule: not one of its runs; built-in discovery lists
      // cannot be chained to)
      return knowledge
        .ids('/jobs')
        .filter(id => !id.startsWith('discovery:') && id !== pathId && !!knowledge.resource(id)?.schedule)
        .map(jobId => ({ jobId }));
    default:
      // an update keeps what cannot change (an enum such as a provider) as the resource has it
      return resource && typeof resource[field] === 'string' && /^[a-z]+$/.test(resource[field] as string)
        ? [resource[field]]
        : [];
  }
}

/**
 * A text body carrying what the JSON body would: YAML as is, CSV as the first list of objects flattened into
 * dotted columns (`spec.os.base`), lists of scalars joined with `;`, lists of objects as JSON.
 */
function textBody(mediaType: string, value: unknown, draw: Draw): string {
  if (/yaml/.test(mediaType)) return toYaml(value);
  if (mediaType !== 'text/csv') return draw.text(200);
  const rows = (recordList(value) ?? [])
    .filter(r => r && typeof r === 'object')
    .map(r => flatten(r as Record<string, unknown>));
  const columns = [...new Set(rows.flatMap(r => Object.keys(r)))];
  const cell = (v: unknown) => {
    const text = v === undefined ? '' : String(v);
    return /[",\n\r]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
  };
  return [columns.map(cell).join(','), ...rows.map(r => columns.map(c => cell(r[c])).join(','))].join('\n');
}

/** The first list of objects of a JSON body (the body itself, or one of its fields). */
function recordList(value: unknown): unknown[] | undefined {
  const candidates = Array.isArray(value) ? [value] : Object.values((value ?? {}) as Record<string, unknown>);
  return candidates.find(
    (v): v is unknown[] => Array.isArray(v) && v.length > 0 && v.every(i => i && typeof i === 'object'),
  );
}

function flatten(object: Record<string, unknown>, prefix = ''): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, v] of Object.entries(object)) {
    const name = `${prefix}${key}`;
    if (Array.isArray(v))
      out[name] = v.every(i => i === null || typeof i !== 'object') ? v.join(';') : JSON.stringify(v);
    else if (v && typeof v === 'object') Object.assign(out, flatten(v as Record<string, unknown>, `${name}.`));
    else out[name] = v;
  }
  return out;
}

function bodyFields(body: BodyDraft | undefined): Record<string, unknown> {
  let value = body?.value;
  if (typeof body?.raw === 'string') {
    try {
      value = body.raw.length < 100_000 ? JSON.parse(body.raw.replace(/^\ufeff/, '')) : undefined;
    } catch {
      value = undefined;
    }
    // too long to parse (a deeply nested object): its first key, which a refusal may name (`a.a.….a: is nested…`)
    const first = value === undefined ? /^\ufeff?\s*\{\s*"([A-Za-z0-9_]{1,64})"\s*:/.exec(body.raw) : null;
    if (first) return { [first[1]]: undefined };
  }
  return value && typeof value === 'object' && !Array.isArray(value) ? { ...(value as Record<string, unknown>) } : {};
}

/** The string as UTF-8 carries it (lone surrogates become U+FFFD). */
const wellFormed = (value: string) => Buffer.from(value, 'utf8').toString('utf8');

function finish(draft: RequestDraft): FuzzRequest {
  const path = fillPath(draft.op.path, draft.pathValues, draft.rawPath);
  const search = draft.query.map(([k, v]) => `${encodeComponent(k)}=${encodeComponent(v)}`).join('&');
  let body: string | Buffer | undefined;
  if (draft.body) {
    if (draft.body.raw !== undefined) body = draft.body.raw;
    else if (typeof draft.body.value === 'string' && !isJson(draft.body.mediaType)) body = draft.body.value;
    else {
      body = JSON.stringify(draft.body.value) ?? '';
      for (const [placeholder, raw] of draft.body.splices) body = body.split(JSON.stringify(placeholder)).join(raw);
    }
  }
  return {
    op: draft.op,
    identity: draft.identity,
    variant: draft.variants.length ? draft.variants.join('+') : 'valid',
    // as the server reads them (a lone surrogate is sent as U+FFFD)
    pathValues: Object.fromEntries(Object.entries(draft.pathValues).map(([k, v]) => [k, wellFormed(v)])),
    query: draft.query.map(([k, v]) => [wellFormed(k), wellFormed(v)]),
    url: `${path}${search ? `?${search}` : ''}`,
    headers: draft.headers,
    body,
    bodySchema: draft.bodySchema,
    bodyFields: bodyFields(draft.body),
    longValues: draft.longValues,
  };
}
