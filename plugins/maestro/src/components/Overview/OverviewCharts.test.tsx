import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { OverviewCharts } from '../../api';
import { fakeMaestroApi, renderMaestroPage } from '../../__testUtils__/maestroTestUtils';

const charts = (computedAt: string, staging = 3): OverviewCharts => ({
  charts: [
    {
      id: 'servers-per-environment',
      title: 'Servers per environment',
      chart: {
        field: 'spec.environment',
        type: 'pie',
        points: [
          { label: 'production', count: 6 },
          { label: 'staging', count: staging },
        ],
        missing: 0,
      },
    },
    {
      id: 'servers-per-os',
      title: 'Servers per operating system',
      chart: { field: 'spec.os.distro', type: 'bar', points: [{ label: 'Ubuntu', count: 9 }], missing: 2 },
    },
  ],
  durationMs: 840,
  computedAt,
});

/** A promise and the function that settles it, so a test decides when an answer arrives. */
function deferred<T>() {
  let resolve!: (value: T) => void;
  let reject!: (error: Error) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

describe('Overview charts', () => {
  it('shows the rest of the overview at once, then the charts with their titles, time drawn and a refresh', async () => {
    const user = userEvent.setup({ delay: null });
    const first = deferred<OverviewCharts>();
    const getOverviewCharts = jest
      .fn()
      .mockReturnValueOnce(first.promise)
      .mockResolvedValueOnce(charts('2026-12-05T10:05:00.000Z', 4));
    const api = fakeMaestroApi({ getOverviewCharts });
    await renderMaestroPage(api);

    // the summary is there while the charts are still being drawn
    expect(await screen.findByTestId('maestro-total-Server')).toBeInTheDocument();
    expect(screen.queryByTestId('overview-chart-servers-per-environment')).toBeNull();
    const section = screen.getByTestId('maestro-overview-charts');
    // Backstage's Progress shows after a short delay
    expect(await within(section).findByRole('progressbar')).toBeInTheDocument();
    expect(getOverviewCharts).toHaveBeenCalledWith({});

    first.resolve(charts('2026-12-05T10:00:00.000Z'));
    const env = await within(section).findByTestId('overview-chart-servers-per-environment');
    expect(env).toHaveTextContent('Servers per environment');
    expect(env).toHaveTextContent('pie · 9 records');
    const os = within(section).getByTestId('overview-chart-servers-per-os');
    expect(os).toHaveTextContent('Servers per operating system');
    expect(os).toHaveTextContent('2 without a value');
    expect(within(section).getByTestId('overview-charts-drawn-at')).toHaveTextContent(
      `drawn at ${new Date('2026-12-05T10:00:00.000Z').toLocaleString()} (840 ms)`,
    );

    // Refresh draws them again (refresh=true) and shows the new ones
    await user.click(within(section).getByRole('button', { name: 'Refresh' }));
    await waitFor(() => expect(getOverviewCharts).toHaveBeenLastCalledWith({ refresh: true }));
    await waitFor(() =>
      expect(within(section).getByTestId('overview-chart-servers-per-environment')).toHaveTextContent(
        'pie · 10 records',
      ),
    );
    expect(within(section).getByTestId('overview-charts-drawn-at')).toHaveTextContent(
      new Date('2026-12-05T10:05:00.000Z').toLocaleString(),
    );
  });

  it('shows an error panel beside the rest of the overview when the charts fail', async () => {
    const api = fakeMaestroApi({ getOverviewCharts: jest.fn().mockRejectedValue(new Error('store timed out')) });
    await renderMaestroPage(api);
    expect(await screen.findByText(/The inventory charts could not be drawn/)).toBeInTheDocument();
    expect(screen.getAllByText(/store timed out/).length).toBeGreaterThan(0);
    expect(screen.getByTestId('maestro-total-Server')).toBeInTheDocument();
  });
});
