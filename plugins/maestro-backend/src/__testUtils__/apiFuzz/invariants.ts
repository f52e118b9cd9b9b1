import type { FuzzRequest } from './fuzzRequest';
import type { Schema } from './openApiOperations';

/** An HTTP answer as the fuzzer saw it. */
export interface Answer {
  status: number;
  contentType: string;
  text: string;
  body: any;
}

/** One broken invariant. */
export interface Violation {
  rule: string;
  detail: string;
}

/** Permission names a 403 must name one of (the plugin's permissions all start with `maestro.`). */
const PERMISSION = /\bmaestro\.[a-z]+\.[a-z]+\b/;
/** How much of a long input value an answer may quote. */
const ECHO_LIMIT = 200;

/**
 * The names a refusal of this request may start its message with: `body`, the operation's parameters, the query
 * parameters sent, and every property name of the body schema (at any depth, `$ref`s and `allOf` followed).
 */
export function fieldNames(request: FuzzRequest, resolve: (pointer: string) => Schema): Set<string> {
  const names = new Set<string>(['body']);
  for (const p of [...request.op.pathParams, ...request.op.queryParams]) names.add(p.name);
  // as sent, and as Express's query parser reads it (`a[b]=1` is a field `a`)
  for (const [name] of request.query) names.add(name).add(name.split('[')[0]);
  // a refusal may name a key the request sent, documented or not (`constructor: … is not allowed`)
  // (a raw body's key with a lone surrogate reaches the server as UTF-8, where it became U+FFFD)
  for (const key of Object.keys(request.bodyFields)) names.add(key).add(Buffer.from(key, 'utf8').toString('utf8'));
  const seen = new Set<Schema>();
  const walk = (node: unknown) => {
    if (!node || typeof node !== 'object' || seen.has(node as Schema)) return;
    seen.add(node as Schema);
    const schema = node as Schema;
    if (typeof schema.$ref === 'string') walk(resolve(schema.$ref));
    for (const name of Object.keys(schema.properties ?? {})) names.add(name);
    for (const child of [
      ...Object.values(schema.properties ?? {}),
      schema.items,
      schema.additionalProperties,
      ...(schema.allOf ?? []),
      ...(schema.oneOf ?? []),
      ...(schema.anyOf ?? []),
    ])
      walk(child);
  };
  for (const schema of Object.values(request.op.body?.content ?? {})) walk(schema);
  return names;
}

/** Whether the message starts with one of the names, followed by `:`, `.` or `[` (`spec.cpu: must be integer`). */
function startsWithField(message: string, names: Set<string>): boolean {
  for (const name of names) {
    // a long name is shown cut (`spec.xxxx…: …`)
    const shown = name.length > 64 ? `${name.slice(0, 64)}…` : name;
    if (message.startsWith(shown) && /^[:.[]/.test(message.slice(shown.length))) return message.includes(': ');
  }
  return false;
}

/**
 * The rule every refusal follows (documented in docs/architecture.md, "API fuzz test"):
 * - any status ≥ 500 is a failure; without a valid token, a secured route answers 401; the reader (read
 *   permissions only) never gets a 2xx to a write, but to one on their own things (`x-maestro-own-writes`:
 *   subscriptions);
 * - a 4xx answers JSON `{ error: { name, message } }`;
 * - 401 is an `AuthenticationError`; 403 names the permission refused (`maestro.<area>.<action>`);
 * - 404 names the field (`seq: no history entry …`) or the resource, by a value the request gave (its id);
 * - any other 4xx (400, 409, 413, 415…) starts its message with the field or parameter it is about
 *   (`kind: …`, `spec.cpu: …`, `version: …`, `body: …`), or, for an import, reports rows
 *   (`2 of 3 rows are invalid …: row 1: kind: …`);
 * - no message quotes more than 200 characters of a long value of the request.
 */
export function checkAnswer(request: FuzzRequest, answer: Answer, names: Set<string>): Violation[] {
  const { status } = answer;
  if (status === 0) return [{ rule: 'an answer', detail: answer.text }];
  if (status >= 500) return [{ rule: 'status >= 500', detail: `${status} ${answer.text.slice(0, 300)}` }];
  if (
    request.op.secured &&
    (request.identity === 'anonymous' || request.identity === 'invalid-token') &&
    status !== 401
  ) {
    return [{ rule: 'no valid token: 401', detail: `${status} ${answer.text.slice(0, 200)}` }];
  }
  if (request.identity === 'reader' && request.op.mutating && !request.op.ownWrite && status < 400) {
    return [{ rule: 'the reader cannot write', detail: `${status} ${answer.text.slice(0, 200)}` }];
  }
  if (status < 400) return [];
  const error = answer.body?.error;
  if (!/json/.test(answer.contentType) || typeof error?.name !== 'string' || typeof error?.message !== 'string') {
    return [
      { rule: '4xx is {error:{name,message}}', detail: `${status} ${answer.contentType} ${answer.text.slice(0, 200)}` },
    ];
  }
  const message: string = error.message;
  const violations: Violation[] = [];
  const echoed = request.longValues.find(value => message.includes(value.slice(0, ECHO_LIMIT)));
  if (echoed)
    violations.push({
      rule: 'message quotes a long input',
      detail: `${status} ${message.slice(0, 160)}… (${message.length} chars)`,
    });
  const named = startsWithField(message, names);
  if (status === 401) {
    if (error.name !== 'AuthenticationError')
      violations.push({ rule: '401 is an AuthenticationError', detail: `${error.name}: ${message}` });
  } else if (status === 403) {
    if (!PERMISSION.test(message)) violations.push({ rule: '403 names the permission', detail: message.slice(0, 200) });
  } else if (status === 404) {
    const given = [
      ...Object.values(request.pathValues),
      ...request.query.map(([, v]) => v),
      ...topLevelStrings(request),
    ]
      .filter(v => v.length > 0)
      .map(v => v.slice(0, 60));
    if (!named && !given.some(v => message.includes(v)))
      violations.push({ rule: '404 names the field or the resource', detail: message.slice(0, 200) });
  } else if (!named && !(/^\d+ of \d+ rows? (is|are) invalid/.test(message) && /\brow \d+: /.test(message))) {
    violations.push({ rule: `${status} names the field`, detail: message.slice(0, 200) });
  }
  return violations;
}

function topLevelStrings(request: FuzzRequest): string[] {
  return Object.values(request.bodyFields).filter((v): v is string => typeof v === 'string');
}
