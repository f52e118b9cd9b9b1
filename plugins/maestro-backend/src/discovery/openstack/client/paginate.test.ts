import { OpenStackPaginationError, OpenStackResponseError } from './errors';
import * as api from './index';
import { nextHref, paginate, pageIterable, resolveNextHref, withLimit } from './paginate';

async function collect<T>(pages: AsyncIterable<T[]>): Promise<T[][]> {
  const out: T[][] = [];
  for await (const page of pages) out.push(page);
  return out;
}

describe('resolveNextHref', () => {
  it('keeps absolute hrefs', () => {
    expect(
      resolveNextHref('http://nova:8774/v2.1/servers/detail?limit=2&marker=b', 'http://x/compute/v2.1', 'http://x/a'),
    ).toBe('http://nova:8774/v2.1/servers/detail?limit=2&marker=b');
  });

  it('resolves Glance hrefs under the endpoint path prefix, not the host root', () => {
    const next = '/v2/images?marker=abc&limit=2';
    expect(resolveNextHref(next, 'http://h:9292', 'http://h:9292/v2/images?limit=2')).toBe(
      'http://h:9292/v2/images?marker=abc&limit=2',
    );
    expect(resolveNextHref(next, 'http://h:9292/', 'http://h:9292/v2/images?limit=2')).toBe(
      'http://h:9292/v2/images?marker=abc&limit=2',
    );
    expect(resolveNextHref(next, 'http://h:8080/RegionOne/image', 'http://h:8080/RegionOne/image/v2/images')).toBe(
      'http://h:8080/RegionOne/image/v2/images?marker=abc&limit=2',
    );
    expect(resolveNextHref(next, 'http://h:8080/RegionOne/image/', 'http://h:8080/RegionOne/image/v2/images')).toBe(
      'http://h:8080/RegionOne/image/v2/images?marker=abc&limit=2',
    );
    // an endpoint registered with its version
    expect(resolveNextHref(next, 'https://cloud/image/v2', 'https://cloud/image/v2/images')).toBe(
      'https://cloud/image/v2/images?marker=abc&limit=2',
    );
    expect(resolveNextHref(next, 'https://cloud/v2', 'https://cloud/v2/images')).toBe(
      'https://cloud/v2/images?marker=abc&limit=2',
    );
    // an href that already carries the prefix is not prefixed twice
    expect(resolveNextHref('/image/v2/images?marker=abc', 'https://cloud/image', 'https://cloud/image/v2/images')).toBe(
      'https://cloud/image/v2/images?marker=abc',
    );
    // a prefix that merely starts the same is not mistaken for the prefix
    expect(resolveNextHref('/imagery/x', 'https://cloud/image', 'https://cloud/image/v2/images')).toBe(
      'https://cloud/image/imagery/x',
    );
  });

  it('resolves other relative hrefs against the current page', () => {
    expect(resolveNextHref('images?marker=abc', 'http://h/image', 'http://h/image/v2/images?limit=2')).toBe(
      'http://h/image/v2/images?marker=abc',
    );
  });
});

describe('nextHref and withLimit', () => {
  it('reads <collection>_links rel=next, then Glance next', () => {
    expect(
      nextHref(
        {
          servers_links: [
            { rel: 'previous', href: 'http://p' },
            { rel: 'next', href: 'http://n' },
          ],
        },
        'servers',
      ),
    ).toBe('http://n');
    expect(nextHref({ next: '/v2/images?marker=x' }, 'images')).toBe('/v2/images?marker=x');
    expect(nextHref({ servers_links: [] }, 'servers')).toBeUndefined();
    expect(nextHref({ next: '' }, 'images')).toBeUndefined();
  });

  it('adds limit only when missing', () => {
    expect(withLimit('http://h/v2.0/ports?device_owner=x', 50)).toBe('http://h/v2.0/ports?device_owner=x&limit=50');
    expect(withLimit('http://h/v2.0/ports?limit=7', 50)).toBe('http://h/v2.0/ports?limit=7');
  });
});

describe('paginate', () => {
  const items = Array.from({ length: 5 }, (_, i) => ({ id: `id-${i}` }));

  /** A fake Nova: `limit` + `marker`, absolute `servers_links`. */
  const nova = jest.fn(async (url: string) => {
    const u = new URL(url);
    const limit = Number(u.searchParams.get('limit'));
    const marker = u.searchParams.get('marker');
    const start = marker ? items.findIndex(i => i.id === marker) + 1 : 0;
    const page = items.slice(start, start + limit);
    const more = start + limit < items.length;
    return {
      servers: page,
      ...(more
        ? {
            servers_links: [
              {
                rel: 'next',
                href: `http://nova/v2.1/servers/detail?limit=${limit}&marker=${page[page.length - 1].id}`,
              },
            ],
          }
        : {}),
    };
  });

  beforeEach(() => nova.mockClear());

  it('follows next links page by page with the page size', async () => {
    const pages = await collect(
      paginate<{ id: string }>({
        url: 'http://nova/v2.1/servers/detail',
        collection: 'servers',
        fetchPage: nova,
        pageSize: 2,
      }),
    );
    expect(pages.map(p => p.map(i => i.id))).toEqual([['id-0', 'id-1'], ['id-2', 'id-3'], ['id-4']]);
    expect(nova.mock.calls.map(c => c[0])).toEqual([
      'http://nova/v2.1/servers/detail?limit=2',
      'http://nova/v2.1/servers/detail?limit=2&marker=id-1',
      'http://nova/v2.1/servers/detail?limit=2&marker=id-3',
    ]);
  });

  it('uses a default page size of 1000', async () => {
    await collect(paginate({ url: 'http://nova/v2.1/servers/detail', collection: 'servers', fetchPage: nova }));
    expect(nova.mock.calls[0][0]).toBe('http://nova/v2.1/servers/detail?limit=1000');
  });

  it('stops on an empty page even when it carries a next link', async () => {
    const fetchPage = jest.fn(async () => ({
      servers: [],
      servers_links: [{ rel: 'next', href: 'http://nova/again' }],
    }));
    expect(await collect(paginate({ url: 'http://nova/s', collection: 'servers', fetchPage }))).toEqual([]);
    expect(fetchPage).toHaveBeenCalledTimes(1);
  });

  it('throws when a next link repeats a page already read', async () => {
    // the service keeps answering the same marker: page 1 → page 2 → page 2 again
    const fetchPage = async () => ({
      items: [{ id: 'x' }],
      items_links: [{ rel: 'next', href: 'http://svc/items?limit=10&marker=x' }],
    });
    const seen: unknown[] = [];
    await expect(
      (async () => {
        for await (const page of paginate({ url: 'http://svc/items', collection: 'items', fetchPage, pageSize: 10 })) {
          seen.push(page);
        }
      })(),
    ).rejects.toBeInstanceOf(OpenStackPaginationError);
    expect(seen).toHaveLength(2);
  });

  it('throws on a page without the collection', async () => {
    await expect(
      collect(paginate({ url: 'http://svc/items', collection: 'items', fetchPage: async () => ({ other: [] }) })),
    ).rejects.toBeInstanceOf(OpenStackResponseError);
  });

  it('honours the abort signal between pages', async () => {
    const controller = new AbortController();
    const pages: unknown[] = [];
    await expect(
      (async () => {
        for await (const page of paginate({
          url: 'http://nova/v2.1/servers/detail',
          collection: 'servers',
          fetchPage: nova,
          pageSize: 2,
          signal: controller.signal,
        })) {
          pages.push(page);
          controller.abort();
        }
      })(),
    ).rejects.toMatchObject({ name: 'AbortError' });
    expect(pages).toHaveLength(1);
    expect(nova).toHaveBeenCalledTimes(1);
  });

  it('pageIterable restarts on each iteration and flattens with all()', async () => {
    const iterable = pageIterable(() =>
      paginate<{ id: string }>({
        url: 'http://nova/v2.1/servers/detail',
        collection: 'servers',
        fetchPage: nova,
        pageSize: 2,
      }),
    );
    expect((await iterable.all()).map(i => i.id)).toEqual(['id-0', 'id-1', 'id-2', 'id-3', 'id-4']);
    expect(await collect(iterable)).toHaveLength(3);
  });
});

describe('index', () => {
  it('exposes the client, the paginator and the errors', () => {
    expect(typeof api.OpenStackClient).toBe('function');
    expect(api.paginate).toBe(paginate);
    expect(typeof api.classifyOpenStackError).toBe('function');
    expect(api.isEmbeddedFlavor({ id: '1', links: [] })).toBe(false);
  });
});
