import { clientAnswering } from '../__testUtils__/clientHarness';

const setup = (status = 200, body: unknown = {}, headers: Record<string, string> = {}) =>
  clientAnswering(status, body, headers);

describe('MaestroClient overview charts, trend and background runs', () => {
  it('reads the overview charts, and draws them again only with refresh', async () => {
    const answer = { charts: [{ id: 'env', title: 'Servers per environment' }], durationMs: 12, computedAt: 'x' };
    const { client, fetch } = setup(200, answer);
    await expect(client.getOverviewCharts()).resolves.toEqual(answer);
    expect(fetch.mock.calls[0][0]).toBe('http://backend/api/maestro/overview/charts');
    await client.getOverviewCharts({ refresh: true });
    expect(fetch.mock.calls[1][0]).toBe('http://backend/api/maestro/overview/charts?refresh=true');
  });

  it('asks for a trend with its weeks and grouping field, and none when not given', async () => {
    const { client, fetch } = setup(200, { points: [{ at: '2026-12-01T00:00:00.000Z', total: 3 }] });
    await expect(client.getReportTrend('a/b', { weeks: 26, groupBy: 'spec.environment' })).resolves.toEqual({
      points: [{ at: '2026-12-01T00:00:00.000Z', total: 3 }],
    });
    const url = new URL(fetch.mock.calls[0][0]);
    expect(url.pathname).toBe('/api/maestro/reports/a%2Fb/trend');
    expect(Object.fromEntries(url.searchParams)).toEqual({ weeks: '26', groupBy: 'spec.environment' });
    await client.getReportTrend('r1');
    expect(fetch.mock.calls[1][0]).toBe('http://backend/api/maestro/reports/r1/trend');
  });

  it('rejects a pruned trend with its 410', async () => {
    const { client } = setup(410, {
      error: { name: 'HistoryPrunedError', message: 'weeks: history is pruned before 2026-10-01' },
      request: {},
      response: { statusCode: 410 },
    });
    await expect(client.getReportTrend('r1', { weeks: 52 })).rejects.toMatchObject({
      response: { status: 410 },
      body: { error: { message: 'weeks: history is pruned before 2026-10-01' } },
    });
  });

  it('starts a run with a JSON POST of the format and the as-of only when given', async () => {
    const { client, fetch } = setup(202, { id: 'run1', status: 'queued' });
    await expect(client.startReportRun('r1', { format: 'csv' })).resolves.toEqual({ id: 'run1', status: 'queued' });
    expect(fetch.mock.calls[0][0]).toBe('http://backend/api/maestro/reports/r1/runs');
    expect(fetch.mock.calls[0][1]?.method).toBe('POST');
    expect(JSON.parse(fetch.mock.calls[0][1]?.body as string)).toEqual({ format: 'csv' });
    await client.startReportRun('r1', { format: 'xlsx', asOf: '2026-11-01T00:00:00.000Z' });
    expect(JSON.parse(fetch.mock.calls[1][1]?.body as string)).toEqual({
      format: 'xlsx',
      asOf: '2026-11-01T00:00:00.000Z',
    });
  });

  it("lists a report's runs with paging and reads one run", async () => {
    const { client, fetch } = setup(200, { items: [], totalCount: 0 });
    await client.listReportRuns('r1');
    expect(fetch.mock.calls[0][0]).toBe('http://backend/api/maestro/reports/r1/runs');
    await client.listReportRuns('r1', { offset: 50, limit: 25 });
    expect(fetch.mock.calls[1][0]).toBe('http://backend/api/maestro/reports/r1/runs?offset=50&limit=25');
    await client.getReportRun('run/1');
    expect(fetch.mock.calls[2][0]).toBe('http://backend/api/maestro/reports/runs/run%2F1');
    expect(fetch.mock.calls[2][1]?.method).toBe('GET');
  });

  it("downloads a run's file through the fetch API with the backend's file name; an expired one rejects with 410", async () => {
    const { client, fetch } = setup(200, 'name\nweb-01\n', {
      'content-type': 'text/csv',
      'content-disposition': 'attachment; filename="Prod-2026-12-05.csv"',
    });
    const file = await client.downloadReportRun('run1');
    expect(fetch.mock.calls[0][0]).toBe('http://backend/api/maestro/reports/runs/run1/file');
    expect(file.fileName).toBe('Prod-2026-12-05.csv');
    expect(await file.blob.text()).toBe('name\nweb-01\n');

    const gone = setup(410, { error: { name: 'ReportRunExpiredError', message: 'expired' }, response: {} });
    await expect(gone.client.downloadReportRun('run1')).rejects.toMatchObject({ response: { status: 410 } });
  });
});
