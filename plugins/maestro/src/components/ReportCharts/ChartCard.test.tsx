import { screen } from '@testing-library/react';
import { renderInTestApp } from '@backstage/test-utils';
import type { ReportChart } from '@maestro/plugin-maestro-common';
import { ChartCard } from './ChartCard';

const points = [
  { label: 'production', count: 6 },
  { label: 'staging', count: 3 },
  { label: 'other', count: 1 },
];

describe('ChartCard', () => {
  it.each<ReportChart['type']>(['pie', 'bar', 'histogram', 'line'])('draws a %s chart of the points', async type => {
    const { container } = await renderInTestApp(
      <ChartCard chart={{ field: 'spec.environment', type, points, missing: 4 }} width={480} height={240} />,
    );
    expect(screen.getByText('spec.environment')).toBeInTheDocument();
    expect(screen.getByText(`${type} · 10 records`)).toBeInTheDocument();
    expect(screen.getByText('4 without a value')).toBeInTheDocument();
    expect(container.querySelector('svg.recharts-surface')).not.toBeNull();
    const drawn = {
      pie: '.recharts-pie-sector',
      bar: '.recharts-bar-rectangle',
      histogram: '.recharts-bar-rectangle',
      line: '.recharts-line-curve',
    }[type];
    await screen.findAllByText(/production/);
    const shapes = container.querySelectorAll(drawn);
    expect(shapes.length).toBe(type === 'line' ? 1 : 3);
  });
});
