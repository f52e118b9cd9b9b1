import type { ReactElement } from 'react';
import { InfoCard } from '@backstage/core-components';
import { REPORT_CHART_COLOURS, ReportChart } from '@maestro/plugin-maestro-common';
import Typography from '@material-ui/core/Typography';
import {
  Bar,
  BarChart,
  CartesianGrid,
  Cell,
  Legend,
  Line,
  LineChart,
  Pie,
  PieChart,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from 'recharts';

/** Room on the right for the last axis label (a bin's range, a week's date), which recharts would cut. */
const EDGE_ROOM = { top: 5, right: 28, bottom: 5, left: 0 };

/** Colours of the slices and bars, in turn ("other" is grey): the PDF export's too. */
export const CHART_COLOURS: readonly string[] = REPORT_CHART_COLOURS.series;
const OTHER_COLOUR = REPORT_CHART_COLOURS.other;

const colourOf = (label: string, i: number) =>
  label === 'other' ? OTHER_COLOUR : CHART_COLOURS[i % CHART_COLOURS.length];

/** The chart a field's points call for, drawn at `width` × `height`. */
function ChartDrawing(props: { chart: ReportChart; width?: number; height: number }): ReactElement {
  const { chart, width, height } = props;
  const data = chart.points;
  switch (chart.type) {
    case 'pie':
      return (
        <PieChart width={width} height={height}>
          <Pie
            data={data}
            dataKey="count"
            nameKey="label"
            outerRadius="70%"
            isAnimationActive={false}
            // one slice: no seam at 0°
            stroke={data.length > 1 ? '#fff' : 'none'}
            label
          >
            {data.map((p, i) => (
              <Cell key={p.label} fill={colourOf(p.label, i)} />
            ))}
          </Pie>
          <Tooltip />
          <Legend />
        </PieChart>
      );
    case 'line':
      return (
        <LineChart width={width} height={height} data={data} margin={EDGE_ROOM}>
          <CartesianGrid strokeDasharray="3 3" />
          <XAxis dataKey="label" />
          <YAxis allowDecimals={false} />
          <Tooltip />
          <Line type="monotone" dataKey="count" stroke={CHART_COLOURS[0]} isAnimationActive={false} />
        </LineChart>
      );
    case 'histogram':
      return (
        <BarChart width={width} height={height} data={data} barCategoryGap={1} margin={EDGE_ROOM}>
          <CartesianGrid strokeDasharray="3 3" />
          <XAxis dataKey="label" />
          <YAxis allowDecimals={false} />
          <Tooltip />
          <Bar dataKey="count" fill={CHART_COLOURS[0]} isAnimationActive={false} />
        </BarChart>
      );
    default:
      return (
        <BarChart width={width} height={height} data={data} layout="vertical" margin={{ left: 24 }}>
          <CartesianGrid strokeDasharray="3 3" />
          <XAxis type="number" allowDecimals={false} />
          <YAxis type="category" dataKey="label" width={140} />
          <Tooltip />
          <Bar dataKey="count" isAnimationActive={false}>
            {data.map((p, i) => (
              <Cell key={p.label} fill={colourOf(p.label, i)} />
            ))}
          </Bar>
        </BarChart>
      );
  }
}

/**
 * One automatic chart (of a report's result, or of the overview) in a card: a pie, a horizontal bar chart of the
 * top values and "other", a histogram of number bins, or a line over weeks, as the backend chose; with the number
 * of records that have no value. Fills the card's width unless `width` is given (tests, fixed layouts).
 */
export function ChartCard(props: { chart: ReportChart; title?: string; width?: number; height?: number }) {
  const { chart, width, height = 260 } = props;
  const total = chart.points.reduce((sum, p) => sum + p.count, 0);
  return (
    <InfoCard title={props.title ?? chart.field} subheader={`${chart.type} · ${total} records`}>
      <div data-testid={`chart-${chart.field}`} data-chart-type={chart.type} style={{ width: '100%', height }}>
        {width ? (
          <ChartDrawing chart={chart} width={width} height={height} />
        ) : (
          <ResponsiveContainer width="100%" height={height}>
            <ChartDrawing chart={chart} height={height} />
          </ResponsiveContainer>
        )}
      </div>
      {chart.missing > 0 && (
        <Typography variant="caption" color="textSecondary">
          {chart.missing} without a value
        </Typography>
      )}
    </InfoCard>
  );
}
