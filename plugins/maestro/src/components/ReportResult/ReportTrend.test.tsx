import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { renderInTestApp, TestApiProvider } from '@backstage/test-utils';
import { identityApiRef } from '@backstage/core-plugin-api';
import { maestroApiRef, MaestroApi } from '../../api';
import { fakeMaestroApi, renderMaestroPage } from '../../__testUtils__/maestroTestUtils';
import { REPORT_KINDS, savedReport } from '../../__testUtils__/reportFixtures';
import { ReportTrend } from './ReportTrend';

const points = (grouped: boolean) =>
  ['2026-11-16T00:00:00.000Z', '2026-11-23T00:00:00.000Z', '2026-11-30T00:00:00.000Z', '2026-12-05T12:00:00.000Z'].map(
    (at, i) => ({
      at,
      total: 10 + i,
      ...(grouped ? { groups: { production: 6 + i, staging: 4 } } : {}),
    }),
  );

const identity = [
  identityApiRef,
  {
    getBackstageIdentity: async () => ({ type: 'user', userEntityRef: 'user:default/carol', ownershipEntityRefs: [] }),
  },
] as const;

async function choose(label: string, option: string) {
  fireEvent.mouseDown(screen.getByRole('button', { name: new RegExp(label) }));
  fireEvent.click(await screen.findByRole('option', { name: option }));
}

describe('ReportTrend', () => {
  it('asks for the weeks and grouping chosen, and draws the total and one line per group', async () => {
    const getReportTrend = jest.fn(async (_id: string, query: { weeks?: number; groupBy?: string }) => ({
      points: points(!!query.groupBy),
      ...(query.groupBy ? { groupBy: query.groupBy } : {}),
    }));
    const api = fakeMaestroApi({ getReportTrend });
    const { container } = await renderInTestApp(
      <TestApiProvider apis={[[maestroApiRef, api]]}>
        <ReportTrend reportId="r1" fields={REPORT_KINDS[0].fields} width={640} />
      </TestApiProvider>,
    );
    await waitFor(() => expect(getReportTrend).toHaveBeenLastCalledWith('r1', { weeks: 12 }));
    await screen.findByTestId('report-trend-chart');
    expect(screen.getByTestId('report-trend-chart')).toHaveAttribute('data-points', '4');
    expect(container.querySelectorAll('.recharts-line-curve')).toHaveLength(1);

    await choose('Weeks', '52');
    await waitFor(() => expect(getReportTrend).toHaveBeenLastCalledWith('r1', { weeks: 52 }));

    // only enum, text and boolean fields can group
    fireEvent.mouseDown(screen.getByRole('button', { name: /Group by/ }));
    const options = (await screen.findAllByRole('option')).map(o => o.textContent);
    expect(options).toEqual(['(total only)', 'name', 'active', 'spec.environment']);
    fireEvent.click(screen.getByRole('option', { name: 'spec.environment' }));
    await waitFor(() =>
      expect(getReportTrend).toHaveBeenLastCalledWith('r1', { weeks: 52, groupBy: 'spec.environment' }),
    );
    expect(await screen.findByText('Rows per week by spec.environment')).toBeInTheDocument();
    await waitFor(() => expect(container.querySelectorAll('.recharts-line-curve')).toHaveLength(3));
    const legend = container.querySelector('.recharts-legend-wrapper') as HTMLElement;
    expect(within(legend).getByText('production')).toBeInTheDocument();
    expect(within(legend).getByText('staging')).toBeInTheDocument();
  });

  it('says plainly when the history is pruned (410)', async () => {
    const pruned = Object.assign(new Error('pruned'), {
      response: { status: 410 },
      body: { error: { message: 'weeks: history is pruned before 2026-10-01T00:00:00.000Z' } },
    });
    const api = fakeMaestroApi({ getReportTrend: jest.fn().mockRejectedValue(pruned) });
    await renderInTestApp(
      <TestApiProvider apis={[[maestroApiRef, api]]}>
        <ReportTrend reportId="r1" fields={REPORT_KINDS[0].fields} width={640} />
      </TestApiProvider>,
    );
    expect(await screen.findByText(/The history does not reach that far back/)).toBeInTheDocument();
    expect(screen.getByTestId('report-trend-pruned')).toHaveTextContent('history is pruned before 2026-10-01');
    expect(screen.queryByTestId('report-trend-chart')).toBeNull();
  });

  it('is a tab of a single report, and disabled with its reason for a pivot', async () => {
    const single = savedReport({ name: 'S', type: 'single', kind: 'Server', filters: [], columns: [] });
    const api: jest.Mocked<MaestroApi> = fakeMaestroApi({
      getReport: jest.fn(async () => single),
      getReportFields: jest.fn(async () => ({ kinds: REPORT_KINDS })),
      getReportTrend: jest.fn(async () => ({ points: points(false) })),
    });
    await renderMaestroPage(api, '/maestro/reports/r1', [identity]);
    await screen.findByText('S', { selector: 'h2' });
    fireEvent.click(screen.getByRole('tab', { name: 'Trend' }));
    expect(await screen.findByTestId('report-trend-chart')).toBeInTheDocument();
    expect(api.getReportTrend).toHaveBeenCalledWith('r1', { weeks: 12 });

    const pivot = savedReport({
      name: 'P',
      type: 'pivot',
      hops: [
        { kind: 'Datacenter', filters: [], columns: [] },
        { kind: 'Server', filters: [], columns: [] },
      ],
    } as any);
    const pivotApi = fakeMaestroApi({
      getReport: jest.fn(async () => pivot),
      getReportFields: jest.fn(async () => ({ kinds: REPORT_KINDS })),
    });
    await renderMaestroPage(pivotApi, '/maestro/reports/r1', [identity]);
    const tab = await screen.findByRole('tab', { name: 'Trend (not for pivots)' });
    expect(tab).toBeDisabled();
    expect(pivotApi.getReportTrend).not.toHaveBeenCalled();
  });
});
