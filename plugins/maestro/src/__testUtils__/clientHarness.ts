import { MaestroClient } from '../api/MaestroClient';

/** A fetch response as the client reads it: status, JSON or text body, headers, a blob for downloads. */
export function fakeResponse(status: number, body: unknown, headers: Record<string, string> = {}): any {
  const text = typeof body === 'string' ? body : JSON.stringify(body);
  return {
    ok: status < 400,
    status,
    statusText: String(status),
    headers: new Map(Object.entries({ 'content-type': 'application/json', ...headers })),
    json: async () => JSON.parse(text),
    text: async () => text,
    blob: async () => new Blob([text], { type: headers['content-type'] ?? 'application/json' }),
  };
}

/** A MaestroClient whose every request is answered with `status`, `body` and `headers`; `fetch` records the calls. */
export function clientAnswering(status = 200, body: unknown = {}, headers: Record<string, string> = {}) {
  const fetch = jest.fn(async (_url: string, _init?: RequestInit) => fakeResponse(status, body, headers));
  const client = new MaestroClient({
    discoveryApi: { getBaseUrl: async () => 'http://backend/api/maestro' },
    fetchApi: { fetch: fetch as any },
  });
  return { client, fetch };
}
