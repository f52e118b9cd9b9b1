import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { identityApiRef } from '@backstage/core-plugin-api';
import type { MaestroApi, ReportResultsQuery } from '../../api';
import { fakeMaestroApi, renderMaestroPage } from '../../__testUtils__/maestroTestUtils';
import { REPORT_KINDS, savedReport } from '../../__testUtils__/reportFixtures';

const single = savedReport({
  name: 'Servers',
  type: 'single',
  kind: 'Server',
  filters: [{ field: 'spec.cpu', op: 'gte', value: 2 }],
  columns: ['name', 'spec.cpu', 'spec.environment'],
});

/** A page of a 120,000-row result: the rows the query asks for. */
function page(query: ReportResultsQuery = {}) {
  const offset = query.offset ?? 0;
  const limit = query.limit ?? 50;
  return {
    report: { id: 'r1', name: 'Servers', type: 'single', version: 3 },
    kind: 'Server',
    columns: ['name', 'spec.cpu', 'spec.environment'],
    rows: Array.from({ length: limit }, (_, i) => ({
      id: `s${offset + i}`,
      values: [`srv-${offset + i}`, 4, 'production'],
    })),
    totalCount: 120_000,
    scanned: 130_000,
    durationMs: 420,
    ...(query.asOf ? { asOf: query.asOf } : {}),
  };
}

function api(overrides: Partial<Record<keyof MaestroApi, jest.Mock>> = {}) {
  return fakeMaestroApi({
    getReport: jest.fn(async () => single),
    getReportFields: jest.fn(async () => ({ kinds: REPORT_KINDS })),
    getReportResults: jest.fn(async (_id, query) => page(query)),
    ...overrides,
  });
}

const identity = [
  identityApiRef,
  {
    getBackstageIdentity: async () => ({ type: 'user', userEntityRef: 'user:default/carol', ownershipEntityRefs: [] }),
  },
] as const;

const lastQuery = (fake: jest.Mocked<MaestroApi>) => {
  const calls = fake.getReportResults.mock.calls;
  return calls[calls.length - 1][1] as ReportResultsQuery;
};

describe('ReportResultPage', () => {
  let user: ReturnType<typeof userEvent.setup>;
  beforeEach(() => {
    user = userEvent.setup({ delay: null });
  });

  it('loads one page at a time from the server, and sorts and filters through the API', async () => {
    const fake = api();
    await renderMaestroPage(fake, '/maestro/reports/r1', [identity]);
    expect(await screen.findByText('srv-0')).toBeInTheDocument();
    expect(screen.getByTestId('report-total')).toHaveTextContent('120,000 rows');
    expect(screen.getAllByTestId('report-row')).toHaveLength(50);
    expect(fake.getReportResults).toHaveBeenLastCalledWith(
      'r1',
      { offset: 0, limit: 50, asOf: undefined, sort: undefined, filters: [] },
      expect.objectContaining({ signal: expect.anything() }),
    );

    await user.click(screen.getByRole('button', { name: /next page/i }));
    expect(await screen.findByText('srv-50')).toBeInTheDocument();
    expect(lastQuery(fake)).toMatchObject({ offset: 50, limit: 50 });

    // page size 500: back to the first page, 500 rows
    fireEvent.mouseDown(screen.getByRole('button', { name: /rows per page/i }));
    await user.click(await screen.findByRole('option', { name: '500' }));
    await waitFor(() => expect(lastQuery(fake)).toMatchObject({ offset: 0, limit: 500 }));
    await waitFor(() => expect(screen.getAllByTestId('report-row')).toHaveLength(500));

    // sort by a header: ascending, then descending (the server sorts)
    await user.click(screen.getByRole('button', { name: 'spec.cpu' }));
    await waitFor(() => expect(lastQuery(fake)).toMatchObject({ sort: 'spec.cpu', offset: 0 }));
    await user.click(screen.getByRole('button', { name: 'spec.cpu' }));
    await waitFor(() => expect(lastQuery(fake)).toMatchObject({ sort: '-spec.cpu' }));

    // column filters by type: contains for text, eq for numbers, oneOf for enums
    await user.type(screen.getByLabelText('Filter name'), 'web');
    await user.type(screen.getByLabelText('Filter spec.cpu'), '8');
    await user.selectOptions(screen.getByLabelText('Filter spec.environment'), 'staging');
    // (the order of the filters is the order the debounced inputs reported them in)
    await waitFor(() => expect(lastQuery(fake).filters).toHaveLength(3));
    expect(lastQuery(fake).filters).toEqual(
      expect.arrayContaining([
        { field: 'name', op: 'contains', value: 'web' },
        { field: 'spec.cpu', op: 'eq', value: 8 },
        { field: 'spec.environment', op: 'oneOf', value: ['staging'] },
      ]),
    );
    expect(lastQuery(fake)).toMatchObject({ sort: '-spec.cpu', offset: 0, limit: 500 });
  });

  it('asks for the first page at once, without waiting for the definition', async () => {
    const fake = api({ getReport: jest.fn(() => new Promise(() => {})) });
    await renderMaestroPage(fake, '/maestro/reports/r1', [identity]);
    expect(await screen.findByText('srv-0')).toBeInTheDocument();
    // the single report's kind came with the page: its headers sort
    expect(screen.getByRole('button', { name: 'spec.cpu' })).toBeInTheDocument();
  });

  it('runs as of a time, and shows the run in Info with who ran it', async () => {
    const fake = api();
    await renderMaestroPage(fake, '/maestro/reports/r1', [identity]);
    await screen.findByText('srv-0');
    fireEvent.change(screen.getByLabelText('As of (empty: now)'), { target: { value: '2026-11-01T12:00' } });
    await waitFor(() => expect(lastQuery(fake).asOf).toBe(new Date('2026-11-01T12:00').toISOString()));

    await user.click(screen.getByRole('tab', { name: 'Info' }));
    expect(await screen.findByText('user:default/carol')).toBeInTheDocument();
    expect(screen.getByText('420 ms')).toBeInTheDocument();
    expect(screen.getByText('130,000')).toBeInTheDocument();
    expect(screen.getByText('spec.cpu gte 2')).toBeInTheDocument();
    expect(screen.getByTestId('report-filters-json')).toHaveTextContent('"op": "gte"');
  });

  it('draws every chart the backend sends, asked for with charts=true', async () => {
    const fake = api({
      getReportResults: jest.fn(async (_id, query) => ({
        ...page(query),
        charts: query.charts
          ? [
              { field: 'spec.environment', type: 'pie', points: [{ label: 'production', count: 3 }], missing: 0 },
              { field: 'spec.cpu', type: 'histogram', points: [{ label: '0-4', count: 3 }], missing: 2 },
            ]
          : undefined,
      })),
    });
    await renderMaestroPage(fake, '/maestro/reports/r1', [identity]);
    await screen.findByText('srv-0');
    await user.click(screen.getByRole('tab', { name: 'Charts' }));
    expect(await screen.findByTestId('chart-spec.environment')).toHaveAttribute('data-chart-type', 'pie');
    expect(screen.getByTestId('chart-spec.cpu')).toHaveAttribute('data-chart-type', 'histogram');
    expect(screen.getByText('2 without a value')).toBeInTheDocument();
    expect(lastQuery(fake)).toMatchObject({ charts: true, limit: 1 });
  });

  it('groups a pivot’s column headers by hop and does not offer sorting', async () => {
    const pivot = savedReport({
      name: 'Per datacenter',
      type: 'pivot',
      hops: [
        { kind: 'Datacenter', filters: [], columns: ['name'] },
        { kind: 'Server', filters: [], columns: ['name', 'spec.environment'] },
      ],
    });
    const fake = api({
      getReport: jest.fn(async () => pivot),
      getReportResults: jest.fn(async () => ({
        report: { id: 'r1', name: 'Per datacenter', type: 'pivot', version: 1 },
        columns: ['Datacenter.name', 'Server.name', 'Server.spec.environment'],
        rows: [{ ids: ['d1', 's1'], values: ['dc-1', 'web-01', 'production'] }],
        totalCount: 1,
        durationMs: 12,
      })),
    });
    await renderMaestroPage(fake, '/maestro/reports/r1', [identity]);
    expect(await screen.findByText('web-01')).toBeInTheDocument();
    const table = screen.getByRole('table', { name: 'Report result' });
    const groups = within(table).getAllByRole('row')[0];
    expect(within(groups).getByText('Datacenter')).toHaveAttribute('colspan', '1');
    expect(within(groups).getByText('Server')).toHaveAttribute('colspan', '2');
    expect(within(table).queryByRole('button', { name: 'name' })).toBeNull();
    await user.selectOptions(screen.getByLabelText('Filter Server.spec.environment'), 'staging');
    await waitFor(() =>
      expect(lastQuery(fake).filters).toEqual([{ field: 'Server.spec.environment', op: 'oneOf', value: ['staging'] }]),
    );
  });

  it('compares two dates: counts, and the rows added, removed and changed', async () => {
    const fake = api({
      compareReport: jest.fn(async () => ({
        report: { id: 'r1', name: 'Servers' },
        from: '2026-11-01T00:00:00.000Z',
        to: 'now',
        columns: ['name', 'spec.cpu'],
        added: [{ id: 'a', values: ['new-01', 2] }],
        removed: [],
        changed: [{ id: 'c', values: ['web-01', 8], before: ['web-01', 4], changedColumns: ['spec.cpu'] }],
        counts: { before: 2, after: 3, added: 1, removed: 0, changed: 1, unchanged: 1 },
      })),
    });
    await renderMaestroPage(fake, '/maestro/reports/r1', [identity]);
    await screen.findByText('srv-0');
    await user.click(screen.getByRole('tab', { name: 'Compare' }));
    fireEvent.change(screen.getByLabelText('From'), { target: { value: '2026-11-01T00:00' } });
    await user.click(screen.getByRole('button', { name: 'Compare' }));
    expect(await screen.findByTestId('compare-counts')).toHaveTextContent('1 added, 0 removed, 1 changed, 1 unchanged');
    expect(fake.compareReport).toHaveBeenCalledWith('r1', { from: new Date('2026-11-01T00:00').toISOString() });
    expect(within(screen.getByTestId('compare-added')).getByText('new-01')).toBeInTheDocument();
    expect(within(screen.getByTestId('compare-changed')).getByText('4 → 8')).toBeInTheDocument();
  });
});
