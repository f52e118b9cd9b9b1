import { clientAnswering } from '../__testUtils__/clientHarness';

const setup = (status = 200, body: unknown = { id: 'r1' }, headers: Record<string, string> = {}) =>
  clientAnswering(status, body, headers);

const single = { name: 'Prod', type: 'single' as const, kind: 'Server', filters: [], columns: [] };

describe('MaestroClient reports', () => {
  it('reads the report fields and lists reports with paging', async () => {
    const { client, fetch } = setup(200, { kinds: [] });
    await expect(client.getReportFields()).resolves.toEqual({ kinds: [] });
    expect(fetch.mock.calls[0][0]).toBe('http://backend/api/maestro/reports/fields');
    await client.listReports({ offset: 50, limit: 25 });
    expect(fetch.mock.calls[1][0]).toBe('http://backend/api/maestro/reports?offset=50&limit=25');
    await client.listReports();
    expect(fetch.mock.calls[2][0]).toBe('http://backend/api/maestro/reports');
  });

  it('creates with a JSON POST, updates with the version in a PUT, duplicates and deletes with the version', async () => {
    const { client, fetch } = setup(201);
    await client.createReport(single);
    expect(fetch.mock.calls[0][0]).toBe('http://backend/api/maestro/reports');
    expect(fetch.mock.calls[0][1]?.method).toBe('POST');
    expect(JSON.parse(fetch.mock.calls[0][1]?.body as string)).toEqual(single);

    await client.updateReport('a/b', { ...single, version: 3 });
    expect(fetch.mock.calls[1][0]).toBe('http://backend/api/maestro/reports/a%2Fb');
    expect(fetch.mock.calls[1][1]?.method).toBe('PUT');
    expect(JSON.parse(fetch.mock.calls[1][1]?.body as string)).toEqual({ ...single, version: 3 });

    await client.duplicateReport('r1');
    expect(fetch.mock.calls[2][0]).toBe('http://backend/api/maestro/reports/r1/duplicate');
    expect(fetch.mock.calls[2][1]?.method).toBe('POST');

    await client.deleteReport('r1', { version: 4 });
    expect(fetch.mock.calls[3][0]).toBe('http://backend/api/maestro/reports/r1?version=4');
    expect(fetch.mock.calls[3][1]?.method).toBe('DELETE');
    await client.getReport('r1');
    expect(fetch.mock.calls[4][0]).toBe('http://backend/api/maestro/reports/r1');
  });

  it('asks for a page of results with sort, charts, as-of and the column filters as JSON', async () => {
    const { client, fetch } = setup(200, { rows: [] });
    const controller = new AbortController();
    const filters = [{ field: 'spec.environment', op: 'contains' as const, value: 'pro&d' }];
    await client.getReportResults(
      'r1',
      { offset: 100, limit: 50, charts: true, asOf: '2026-11-01T00:00:00.000Z', sort: '-spec.cpu', filters },
      { signal: controller.signal },
    );
    const url = new URL(fetch.mock.calls[0][0]);
    expect(url.pathname).toBe('/api/maestro/reports/r1/results');
    expect(Object.fromEntries(url.searchParams)).toEqual({
      offset: '100',
      limit: '50',
      charts: 'true',
      asOf: '2026-11-01T00:00:00.000Z',
      sort: '-spec.cpu',
      filters: JSON.stringify(filters),
    });
    expect(fetch.mock.calls[0][1]?.signal).toBe(controller.signal);

    // no charts, no filters: neither parameter is sent
    await client.getReportResults('r1', { offset: 0, limit: 50, charts: false, filters: [] });
    expect(fetch.mock.calls[1][0]).toBe('http://backend/api/maestro/reports/r1/results?offset=0&limit=50');
  });

  it('compares two times', async () => {
    const { client, fetch } = setup(200, { counts: {} });
    await client.compareReport('r1', { from: '2026-10-01T00:00:00.000Z', to: '2026-12-01T00:00:00.000Z' });
    const url = new URL(fetch.mock.calls[0][0]);
    expect(url.pathname).toBe('/api/maestro/reports/r1/compare');
    expect(url.searchParams.get('from')).toBe('2026-10-01T00:00:00.000Z');
    expect(url.searchParams.get('to')).toBe('2026-12-01T00:00:00.000Z');
  });

  it('downloads an export through the fetch API with the file name the backend gives', async () => {
    const { client, fetch } = setup(200, 'name,owner\nweb-01,group:default/a\n', {
      'content-type': 'text/csv',
      'content-disposition': 'attachment; filename="Prod-servers.csv"',
    });
    const file = await client.exportReport('r1', { format: 'csv', asOf: '2026-11-01T00:00:00.000Z' });
    expect(fetch.mock.calls[0][0]).toBe(
      'http://backend/api/maestro/reports/r1/export?format=csv&asOf=2026-11-01T00%3A00%3A00.000Z',
    );
    expect(file.fileName).toBe('Prod-servers.csv');
    expect(await file.blob.text()).toBe('name,owner\nweb-01,group:default/a\n');
  });

  it('rejects with the backend message on an error answer', async () => {
    const { client } = setup(400, {
      error: { name: 'InputError', message: 'filters[0].value: must be a number' },
      request: {},
      response: { statusCode: 400 },
    });
    await expect(client.getReportResults('r1')).rejects.toMatchObject({
      response: { status: 400 },
      body: { error: { message: 'filters[0].value: must be a number' } },
    });
    await expect(client.exportReport('r1', { format: 'pdf' })).rejects.toMatchObject({ response: { status: 400 } });
  });
});
