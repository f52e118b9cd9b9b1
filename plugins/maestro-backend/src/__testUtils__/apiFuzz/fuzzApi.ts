import http from 'node:http';
import type { AddressInfo } from 'node:net';
import fc from 'fast-check';
import { Draw } from './draw';
import { authorizationOf } from './fuzzBackend';
import { buildRequest, FuzzRequest } from './fuzzRequest';
import { Answer, checkAnswer, fieldNames, Violation } from './invariants';
import { Knowledge } from './knowledge';
import { collectionOf, pointerResolver, readOperations } from './openApiOperations';

const BASE = '/api/maestro';

export interface FuzzOptions {
  server: http.Server;
  seed: number;
  /** Requests to send (one fast-check run each). */
  runs: number;
  /** Share of requests made hostile (default 0.45). */
  hostileShare?: number;
  /** Share of runs that send two requests at once (default 0.04). */
  concurrentShare?: number;
  /** Stop early after this long (the report says how many runs were made). */
  timeLimitMs?: number;
}

/** Figures per operation. */
export interface OperationFigures {
  runs: number;
  validRuns: number;
  valid2xx: number;
  all2xx: number;
  statuses: Record<number, number>;
  /** The first few valid requests that were refused, and why (to tune the generators). */
  refusedValid: string[];
}

/** One broken invariant, with the request that broke it. */
export interface Finding extends Violation {
  operation: string;
  variant: string;
  identity: string;
  request: string;
  status: number;
}

export interface FuzzReport {
  seed: number;
  runs: number;
  durationMs: number;
  operations: Record<string, OperationFigures>;
  variants: Record<string, number>;
  /** Distinct findings (per operation, rule and status), each with its first example and how often it happened. */
  findings: Array<Finding & { count: number }>;
}

/**
 * Drives every operation of the served OpenAPI document with generated requests (fast-check, fixed seed) and
 * checks each answer (see invariants.ts) and, for every refused write, that the store is unchanged.
 */
export async function fuzzApi(options: FuzzOptions): Promise<FuzzReport> {
  const { server } = options;
  // a connection per request: the server closes some (an answer before the end of a refused body)
  const agent = new http.Agent({ keepAlive: false });
  const send = (method: string, url: string, headers: Record<string, string>, body?: string | Buffer) =>
    sendRequest(server, agent, method, `${BASE}${url}`, headers, body);
  const service = authorizationOf('service')!;

  const doc = (await send('GET', '/openapi.json', {})).body;
  const operations = readOperations(doc);
  const resolve = pointerResolver(doc);
  const collections = [...new Set(operations.map(op => collectionOf(op.path)))];
  const knowledge = new Knowledge();
  const figures: Record<string, OperationFigures> = {};
  const variants: Record<string, number> = {};
  const findings = new Map<string, Finding & { count: number }>();
  const record = (request: FuzzRequest, answer: Pick<Answer, 'status'>, violation: Violation) => {
    const key = `${request.op.key}|${violation.rule}|${answer.status}`;
    const known = findings.get(key);
    if (known) known.count++;
    else
      findings.set(key, {
        ...violation,
        operation: request.op.key,
        variant: request.variant,
        identity: request.identity,
        request: describe(request),
        status: answer.status,
        count: 1,
      });
  };

  /** What the API shows of the store: counts per kind, the change feed's head, settings and connection versions. */
  const snapshot = async () => {
    const read = async (url: string, pick: (body: any) => unknown) => {
      const answer = await send('GET', url, { Authorization: service });
      return answer.status === 200 ? pick(answer.body) : `status ${answer.status}`;
    };
    return JSON.stringify({
      kinds: await read('/summary', b => b.kinds),
      history: await read('/history?limit=1', b => b.items?.[0]?.seq ?? 0),
      settings: await read('/settings', b => b.items.map((s: any) => [s.key, s.version])),
      connections: await read('/discovery/connections', b =>
        b.items.map((c: any) => [c.id, c.version, c.tasks?.map((t: any) => [t.list, t.requestedAt ?? null])]),
      ),
    });
  };

  /** Sends a request, checks the answer, counts it, and learns from it; the answer's status. */
  const exchange = async (request: FuzzRequest): Promise<number> => {
    const headers = { ...request.headers };
    const authorization = authorizationOf(request.identity);
    if (authorization) headers.Authorization = authorization;
    const answer = await send(request.op.method.toUpperCase(), request.url, headers, request.body).catch(error => {
      throw new Error(`could not send ${describe(request)}: ${error}`);
    });
    const figure = (figures[request.op.key] ??= {
      runs: 0,
      validRuns: 0,
      valid2xx: 0,
      all2xx: 0,
      statuses: {},
      refusedValid: [],
    });
    const ok = answer.status >= 200 && answer.status < 300;
    figure.runs++;
    figure.statuses[answer.status] = (figure.statuses[answer.status] ?? 0) + 1;
    if (ok) figure.all2xx++;
    if (request.variant === 'valid' && request.identity === 'editor') {
      figure.validRuns++;
      if (ok) figure.valid2xx++;
      else if (figure.refusedValid.length < 3)
        figure.refusedValid.push(`${answer.status} ${answer.body?.error?.message ?? answer.text}`.slice(0, 300));
    }
    for (const name of request.variant.split('+')) variants[name] = (variants[name] ?? 0) + 1;
    for (const violation of checkAnswer(request, answer, fieldNames(request, resolve)))
      record(request, answer, violation);
    if (ok) {
      knowledge.observe(decodeURIComponentSafe(request.url.split('?')[0]), collections, answer.body);
      if (request.op.method === 'delete' && answer.status === 204) {
        knowledge.forget(collectionOf(request.op.path), request.pathValues[request.op.pathParams[0]?.name]);
      }
    }
    return answer.status;
  };

  let before: string | undefined;
  let runs = 0;
  const started = Date.now();
  const builderOptions = {
    doc,
    operations,
    knowledge,
    hostileShare: options.hostileShare ?? 0.45,
    queryCaps: { wait: 1 },
  };
  await fc.assert(
    fc.asyncProperty(fc.gen(), async g => {
      runs++;
      const draw = new Draw(g);
      const request = buildRequest(draw, builderOptions);
      if (draw.chance(options.concurrentShare ?? 0.04)) {
        // two requests at once (the same one twice, or another): races must end in a 4xx, never a 500
        const other = draw.chance(0.5) ? request : buildRequest(draw, builderOptions);
        const paired = (r: FuzzRequest) => ({ ...r, variant: `${r.variant}+concurrent` });
        await Promise.all([exchange(paired(request)), exchange(paired(other))]);
        before = undefined;
        return;
      }
      if (request.op.mutating && before === undefined) before = await snapshot();
      const status = await exchange(request);
      if (status >= 200 && status < 300) {
        if (request.op.mutating) before = undefined;
      } else if (request.op.mutating) {
        const after = await snapshot();
        if (after !== before)
          record(
            request,
            { status },
            { rule: 'a refused write changed the store', detail: `before ${before} after ${after}` },
          );
        before = after;
      }
    }),
    {
      seed: options.seed,
      numRuns: options.runs,
      endOnFailure: true,
      ...(options.timeLimitMs ? { interruptAfterTimeLimit: options.timeLimitMs, markInterruptAsFailure: false } : {}),
    },
  );
  agent.destroy();
  return {
    seed: options.seed,
    runs,
    durationMs: Date.now() - started,
    operations: figures,
    variants,
    findings: [...findings.values()],
  };
}

/** The report as text: per operation its runs, 2xx shares and statuses; then every finding with its example. */
export function formatReport(report: FuzzReport, title: string, options: { verbose?: boolean } = {}): string {
  const pct = (n: number, d: number) => (d ? `${Math.round((100 * n) / d)}%` : '-');
  const lines = [
    `${title}: seed ${report.seed}, ${report.runs} runs in ${(report.durationMs / 1000).toFixed(1)} s, ${
      report.findings.length
    } distinct findings`,
    `${'operation'.padEnd(44)} ${'runs'.padStart(5)} ${'valid'.padStart(5)} ${'2xx of valid'.padStart(
      12,
    )} ${'2xx all'.padStart(7)}  statuses   (valid: drawn valid, sent by the editor)`,
  ];
  for (const [key, f] of Object.entries(report.operations).sort()) {
    const statuses = Object.entries(f.statuses)
      .map(([s, n]) => `${s}×${n}`)
      .join(' ');
    lines.push(
      `${key.padEnd(44)} ${String(f.runs).padStart(5)} ${String(f.validRuns).padStart(5)} ${pct(
        f.valid2xx,
        f.validRuns,
      ).padStart(12)} ${pct(f.all2xx, f.runs).padStart(7)}  ${statuses}`,
    );
    if (options.verbose) for (const refused of f.refusedValid) lines.push(`    valid but refused: ${refused}`);
  }
  lines.push(
    `variants: ${Object.entries(report.variants)
      .sort()
      .map(([v, n]) => `${v}×${n}`)
      .join(', ')}`,
  );
  for (const f of report.findings) {
    lines.push(
      `FINDING ${f.operation} [${f.rule}] ×${f.count} (${f.status}, ${f.identity}, ${f.variant})\n  request: ${f.request}\n  ${f.detail}`,
    );
  }
  return lines.join('\n');
}

function describe(request: FuzzRequest): string {
  const body = request.body === undefined ? '' : ` body(${request.body.length}): ${String(request.body).slice(0, 300)}`;
  const headers = Object.entries(request.headers)
    .map(([k, v]) => `${k}: ${v}`)
    .join(', ');
  return `${request.op.method.toUpperCase()} ${request.url.slice(0, 300)} [${request.identity}] ${headers}${body}`;
}

function decodeURIComponentSafe(path: string): string {
  try {
    return decodeURIComponent(path);
  } catch {
    return path;
  }
}

function sendRequest(
  server: http.Server,
  agent: http.Agent,
  method: string,
  path: string,
  headers: Record<string, string>,
  body?: string | Buffer,
): Promise<Answer> {
  const { port } = server.address() as AddressInfo;
  // as every client does: without it, Node sends a GET's or DELETE's body unframed
  if (body !== undefined) headers['Content-Length'] = String(Buffer.byteLength(body));
  return new Promise((resolvePromise, reject) => {
    let answered = false;
    const req = http.request({ host: '127.0.0.1', port, method, path, headers, agent }, res => {
      answered = true;
      const parts: Buffer[] = [];
      res.on('data', part => parts.push(part));
      res.on('error', reject);
      res.on('end', () => {
        const text = Buffer.concat(parts).toString('utf8');
        const contentType = String(res.headers['content-type'] ?? '');
        let parsed: unknown;
        try {
          parsed = /json/.test(contentType) && text ? JSON.parse(text) : undefined;
        } catch {
          parsed = undefined;
        }
        resolvePromise({ status: res.statusCode ?? 0, contentType, text, body: parsed });
      });
    });
    req.setTimeout(60_000, () => req.destroy(new Error(`no answer within 60 s: ${method} ${path.slice(0, 200)}`)));
    // the server may answer and close before the whole body is written (413 on a huge body): wait for the answer
    req.on('error', error => {
      if (!/EPIPE|ECONNRESET/.test(String((error as NodeJS.ErrnoException).code))) reject(error);
      else
        setTimeout(
          () =>
            answered ||
            resolvePromise({
              status: 0,
              contentType: '',
              text: `connection closed without an answer (${(error as Error).message})`,
              body: undefined,
            }),
          2000,
        );
    });
    if (body !== undefined) req.end(body);
    else req.end();
  });
}
