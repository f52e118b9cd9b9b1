import { fakeResponse } from '../__testUtils__/clientHarness';
import { GraphsClient } from './GraphsApi';

function clientAnswering(status = 200, body: unknown = {}, headers: Record<string, string> = {}) {
  const fetch = jest.fn(async (_url: string, _init?: RequestInit) => fakeResponse(status, body, headers));
  const client = new GraphsClient({
    discoveryApi: { getBaseUrl: async () => 'http://backend:7007/api/maestro' },
    fetchApi: { fetch: fetch as any },
  });
  return { client, fetch };
}

describe('GraphsClient', () => {
  it('calls every graph route with its method, path, query and body', async () => {
    const { client, fetch } = clientAnswering(200, { id: 'g1', items: [] });
    const definition = { name: 'Shop', entry: { system: 'system:default/shop' }, depth: 3 };
    await client.listGraphs({ limit: 50 });
    await client.createGraph(definition);
    await client.previewGraph(definition);
    await client.getGraph('a/b');
    await client.updateGraph('g1', { ...definition, version: 2 });
    await client.regenerateGraph('g1', { asOf: '2026-01-01T00:00:00.000Z' });
    await client.compareGraph('g1', { from: '2026-01-01T00:00:00.000Z' });
    await client.getNodeImpact('g1', 'component:default/a b');
    await client.getServerImpact('g1', 'server:default/s1');
    await client.getNeighbourhood('component:default/api');
    await client.createShareLink('g1', { mode: 'live', label: '' });
    await client.listShareLinks('g1');
    const calls = fetch.mock.calls.map(([url, init]) => [
      init?.method,
      url.replace('http://backend:7007/api/maestro', ''),
      init?.body ? JSON.parse(init.body as string) : undefined,
    ]);
    expect(calls).toEqual([
      ['GET', '/graphs?limit=50', undefined],
      ['POST', '/graphs', definition],
      ['POST', '/graphs/preview', definition],
      ['GET', '/graphs/a%2Fb', undefined],
      ['PUT', '/graphs/g1', { ...definition, version: 2 }],
      ['POST', '/graphs/g1/regenerate', { asOf: '2026-01-01T00:00:00.000Z' }],
      ['GET', '/graphs/g1/compare?from=2026-01-01T00%3A00%3A00.000Z', undefined],
      ['GET', '/graphs/g1/impact?node=component%3Adefault%2Fa+b', undefined],
      ['GET', '/graphs/g1/server-impact?server=server%3Adefault%2Fs1', undefined],
      ['GET', '/graphs/neighbourhood?entity=component%3Adefault%2Fapi&depth=2', undefined],
      ['POST', '/graphs/g1/shares', { mode: 'live' }],
      ['GET', '/graphs/g1/shares', undefined],
    ]);
  });

  it('deletes and revokes (204), downloads an export with its file name, and makes share paths absolute', async () => {
    const { client, fetch } = clientAnswering(200, '<svg/>', {
      'content-type': 'image/svg+xml',
      'content-disposition': 'attachment; filename="shop.svg"',
    });
    const file = await client.exportGraph('g1', 'svg');
    expect(fetch.mock.calls[0][0]).toBe('http://backend:7007/api/maestro/graphs/g1/export.svg');
    expect(file.fileName).toBe('shop.svg');
    await expect(file.blob.text()).resolves.toBe('<svg/>');
    await expect(client.backendUrl('/api/maestro/shared/tok/graph.svg')).resolves.toBe(
      'http://backend:7007/api/maestro/shared/tok/graph.svg',
    );
    const deleted = clientAnswering(204, '');
    await expect(deleted.client.deleteGraph('g1')).resolves.toBeUndefined();
    await deleted.client.revokeShareLink('g1', 's/1');
    expect(deleted.fetch.mock.calls.map(([url, init]) => `${init?.method} ${url}`)).toEqual([
      'DELETE http://backend:7007/api/maestro/graphs/g1',
      'DELETE http://backend:7007/api/maestro/graphs/g1/shares/s%2F1',
    ]);
  });

  it("lists share links from the route's { items } answer", async () => {
    const link = {
      id: 's1',
      graphId: 'g1',
      mode: 'live',
      createdBy: 'user:default/a',
      createdAt: '2026-01-01T00:00:00Z',
    };
    const { client } = clientAnswering(200, { items: [link] });
    await expect(client.listShareLinks('g1')).resolves.toEqual([link]);
  });

  it('throws the backend’s error answer', async () => {
    const { client } = clientAnswering(400, { error: { name: 'InputError', message: 'depth: must be 1–50' } });
    await expect(client.createGraph({ name: 'x', entry: { system: 's' }, depth: 99 })).rejects.toMatchObject({
      name: 'ResponseError',
    });
  });
});
