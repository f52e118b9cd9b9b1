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
    expect(fetch.mock.calls[0][0]).toBe('http://backend/api/maestro/records/r1?version=3&reason=gone+for+good');
    expect(fetch.mock.calls[0][1]?.method).toBe('DELETE');

    await client.restoreRecord('r1', { version: 4 });
    expect(fetch.mock.calls[1][0]).toBe('http://backend/api/maestro/records/r1/restore');
    expect(fetch.mock.calls[1][1]?.method).toBe('POST');
    expect(JSON.parse(fetch.mock.calls[1][1]?.body as string)).toEqual({ version: 4 });

    // the version goes along even without a reason (the backend refuses a delete without it)
    await client.deleteRecord('r1', { version: 5 });
    expect(fetch.mock.calls[2][0]).toBe('http://backend/api/maestro/records/r1?version=5');
  });

  it('lists the kinds', async () => {
    const { client, fetch } = setup(200, { items: [] });
    await expect(client.listKinds()).resolves.toEqual({ items: [] });
    expect(fetch.mock.calls[0][0]).toBe('http://backend/api/maestro/kinds');
  });

  it('lists records with sorting, paging and spec filters as spec.<field> parameters, encoded', async () => {
    const { client, fetch } = setup(200, { items: [], totalCount: 0 });
    const controller = new AbortController();
    await client.listRecords(
      {
        kind: 'Server',
        q: 'web 01&x',
        active: 'all',
        orderBy: 'spec.cpu',
        order: 'desc',
        offset: 100,
        limit: 50,
        filters: { environment: 'production', role: 'a&b=c', status: '' },
      },
      { signal: controller.signal },
    );
    const [url, init] = fetch.mock.calls[0];
    expect(url).toBe(
      'http://backend/api/maestro/records?kind=Server&q=web+01%26x&active=all&orderBy=spec.cpu&order=desc&offset=100&limit=50&spec.environment=production&spec.role=a%26b%3Dc',
    );
    expect(init?.method).toBe('GET');
    expect(init?.signal).toBe(controller.signal);
    expect(new URL(url).searchParams.get('spec.role')).toBe('a&b=c');
  });

  it('lists records without empty parameters', async () => {
    const { client, fetch } = setup(200, { items: [], totalCount: 0 });
    await client.listRecords({ kind: 'Database', q: '', filters: {} });
    expect(fetch.mock.calls[0][0]).toBe('http://backend/api/maestro/records?kind=Database');
  });

  it('gets the summary', async () => {
    const { client, fetch } = setup(200, { kinds: [] });
    await client.getSummary();
    expect(fetch.mock.calls[0][0]).toBe('http://backend/api/maestro/summary');
  });

  it('searches the global history with its filters and before', async () => {
    const { client, fetch } = setup(200, { items: [] });
    await client.searchHistory({});
    expect(fetch.mock.calls[0][0]).toBe('http://backend/api/maestro/history');
    await client.searchHistory({
      kind: 'Server',
      actor: 'user:default/bob',
      action: 'update',
      from: '2026-01-01T00:00:00.000Z',
      to: '2026-02-01T00:00:00.000Z',
      before: 120,
      limit: 50,
    });
    expect(fetch.mock.calls[1][0]).toBe(
      'http://backend/api/maestro/history?kind=Server&actor=user%3Adefault%2Fbob&action=update&from=2026-01-01T00%3A00%3A00.000Z&to=2026-02-01T00%3A00%3A00.000Z&before=120&limit=50',
    );
  });

  it('reads the settings and saves one with a JSON PUT carrying the version read', async () => {
    const { client, fetch } = setup(200, { items: [] });
    await client.getSettings();
    expect(fetch.mock.calls[0][0]).toBe('http://backend/api/maestro/settings');
    expect(fetch.mock.calls[0][1]?.method).toBe('GET');

    await client.updateSetting('services', [{ name: 'HAProxy', families: ['loadbalance'] }], 3);
    const [url, init] = fetch.mock.calls[1];
    expect(url).toBe('http://backend/api/maestro/settings/services');
    expect(init?.method).toBe('PUT');
    expect(init?.headers).toEqual({ 'Content-Type': 'application/json' });
    expect(JSON.parse(init?.body as string)).toEqual({
      value: [{ name: 'HAProxy', families: ['loadbalance'] }],
      version: 3,
    });
  });

  it('reads the discovery providers, the AWS policy and the connections', async () => {
    const { client, fetch } = setup(200, { items: [] });
    await client.getDiscoveryProviders();
    await client.getAwsDiscoveryPolicy();
    await client.listDiscoveryConnections();
    await client.getDiscoveryConnection('aws/prod');
    expect(fetch.mock.calls.map(([url, init]) => [init?.method, url])).toEqual([
      ['GET', 'http://backend/api/maestro/discovery/providers'],
      ['GET', 'http://backend/api/maestro/discovery/aws/policy'],
      ['GET', 'http://backend/api/maestro/discovery/connections'],
      ['GET', 'http://backend/api/maestro/discovery/connections/aws%2Fprod'],
    ]);
  });

  it('creates and updates a discovery connection with JSON bodies', async () => {
    const { client, fetch } = setup(201, { id: 'aws-prod' });
    const request = {
      id: 'aws-prod',
      provider: 'aws' as const,
      regions: ['eu-west-1'],
      owner: 'group:default/platform',
      lists: { 'server-list': { frequencyMinutes: 10 } },
      aws: { accessKeyId: 'AKIAIOSFODNN7EXAMPLE', secretAccessKey: 'secret' },
    };
    await client.createDiscoveryConnection(request);
    expect(fetch.mock.calls[0][0]).toBe('http://backend/api/maestro/discovery/connections');
    expect(fetch.mock.calls[0][1]?.method).toBe('POST');
    expect(fetch.mock.calls[0][1]?.headers).toEqual({ 'Content-Type': 'application/json' });
    expect(JSON.parse(fetch.mock.calls[0][1]?.body as string)).toEqual(request);

    await client.updateDiscoveryConnection('aws-prod', {
      ...request,
      aws: { accessKeyId: 'AKIAIOSFODNN7EXAMPLE' },
      version: 3,
    });
    expect(fetch.mock.calls[1][0]).toBe('http://backend/api/maestro/discovery/connections/aws-prod');
    expect(fetch.mock.calls[1][1]?.method).toBe('PUT');
    expect(JSON.parse(fetch.mock.calls[1][1]?.body as string)).toEqual({
      ...request,
      aws: { accessKeyId: 'AKIAIOSFODNN7EXAMPLE' },
      version: 3,
    });
  });

  it('asks for a sync of a connection or one list, with confirmRemovals', async () => {
    const { client, fetch } = setup(202, { requested: ['volumes-list'], requestedAt: '2026-01-01T00:00:00.000Z' });
    await client.syncDiscoveryConnection('aws-prod');
    await expect(
      client.syncDiscoveryConnection('aws-prod', {
        list: 'volumes-list',
        confirmRemovals: { region: 'eu-west-1', atMost: 12 },
      }),
    ).resolves.toEqual({ requested: ['volumes-list'], requestedAt: '2026-01-01T00:00:00.000Z' });
    expect(fetch.mock.calls[0][0]).toBe('http://backend/api/maestro/discovery/connections/aws-prod/sync');
    expect(fetch.mock.calls[0][1]?.method).toBe('POST');
    expect(JSON.parse(fetch.mock.calls[0][1]?.body as string)).toEqual({});
    expect(JSON.parse(fetch.mock.calls[1][1]?.body as string)).toEqual({
      list: 'volumes-list',
      confirmRemovals: { region: 'eu-west-1', atMost: 12 },
    });
  });

  it('deletes a discovery connection, reading no body from the 204', async () => {
    const fetch = jest.fn(async (_url: string, _init?: RequestInit) => ({
      ok: true,
      status: 204,
      json: async () => {
        throw new SyntaxError('Unexpected end of JSON input');
      },
    }));
    const client = new MaestroClient({
      discoveryApi: { getBaseUrl: async () => 'http://backend/api/maestro' },
      fetchApi: { fetch: fetch as any },
    });
    await expect(client.deleteDiscoveryConnection('aws-prod')).resolves.toBeUndefined();
    expect(fetch.mock.calls[0][0]).toBe('http://backend/api/maestro/discovery/connections/aws-prod');
    expect(fetch.mock.calls[0][1]?.method).toBe('DELETE');
  });

  it('carries the field problems of a 400 from the discovery routes', async () => {
    const { client } = setup(400, {
      error: { name: 'InputError', message: 'regions: must be a non-empty list of region names; owner: is required' },
      request: {},
      response: { statusCode: 400 },
    });
    const error = await client
      .createDiscoveryConnection({ id: 'x', provider: 'aws', regions: [], owner: '' })
      .catch(e => e);
    expect(error).toBeInstanceOf(ResponseError);
    expect(error.response.status).toBe(400);
    expect(error.body.error.message).toContain('owner: is required');
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
