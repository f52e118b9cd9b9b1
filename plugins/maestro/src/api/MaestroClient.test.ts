import { ResponseError } from '@backstage/errors';
import { MaestroClient } from './MaestroClient';

function jsonResponse(status: number, body: unknown): any {
  const text = JSON.stringify(body);
  return {
    ok: status < 400,
    status,
    statusText: String(status),
    headers: new Map([['content-type', 'application/json']]),
    json: async () => JSON.parse(text),
    text: async () => text,
  };
}

function setup(status = 200, body: unknown = { id: 'r1' }) {
  const fetch = jest.fn(async (_url: string, _init?: RequestInit) => jsonResponse(status, body));
  const client = new MaestroClient({
    discoveryApi: { getBaseUrl: async () => 'http://backend/api/maestro' },
    fetchApi: { fetch: fetch as any },
  });
  return { client, fetch };
}

describe('MaestroClient', () => {
  it('creates a record with a JSON POST', async () => {
    const { client, fetch } = setup(201);
    const req = { kind: 'Server', name: 'web-9', owner: 'group:default/a', spec: { hostname: 'web-9' } };
    await expect(client.createRecord(req)).resolves.toEqual({ id: 'r1' });
    const [url, init] = fetch.mock.calls[0];
    expect(url).toBe('http://backend/api/maestro/records');
    expect(init?.method).toBe('POST');
    expect(init?.headers).toEqual({ 'Content-Type': 'application/json' });
    expect(JSON.parse(init?.body as string)).toEqual(req);
  });

  it('updates with a JSON PUT on the record', async () => {
    const { client, fetch } = setup();
    await client.updateRecord('a/b', { version: 2, spec: { hostname: 'x' } });
    const [url, init] = fetch.mock.calls[0];
    expect(url).toBe('http://backend/api/maestro/records/a%2Fb');
    expect(init?.method).toBe('PUT');
    expect(init?.headers).toEqual({ 'Content-Type': 'application/json' });
    expect(JSON.parse(init?.body as string)).toEqual({ version: 2, spec: { hostname: 'x' } });
  });

  it('deletes with the version and reason in the query, and restores with a JSON body', async () => {
    const { client, fetch } = setup();
    await client.deleteRecord('r1', { version: 3, reason: 'gone for good' });
    expect(fetch.mock.calls[0][0]).toBe(
      'http://backend/api/maestro/records/r1?version=3&reason=gone+for+good',
    );
    expect(fetch.mock.calls[0][1]?.method).toBe('DELETE');

    await client.restoreRecord('r1', { version: 4 });
    expect(fetch.mock.calls[1][0]).toBe('http://backend/api/maestro/records/r1/restore');
    expect(fetch.mock.calls[1][1]?.method).toBe('POST');
    expect(JSON.parse(fetch.mock.calls[1][1]?.body as string)).toEqual({ version: 4 });
  });

  it('lists the kinds', async () => {
    const { client, fetch } = setup(200, { items: [] });
    await expect(client.listKinds()).resolves.toEqual({ items: [] });
    expect(fetch.mock.calls[0][0]).toBe('http://backend/api/maestro/kinds');
  });

  it('throws a ResponseError carrying the backend message on a non-ok answer', async () => {
    const { client } = setup(409, {
      error: { name: 'ConflictError', message: 'version: stale' },
      request: {},
      response: { statusCode: 409 },
    });
    const error = await client.updateRecord('r1', { version: 1 }).catch(e => e);
    expect(error).toBeInstanceOf(ResponseError);
    expect(error.response.status).toBe(409);
    expect(error.body.error.message).toBe('version: stale');
  });
});
