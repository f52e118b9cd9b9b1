import { useState } from 'react';
import { InfoCard, Progress, ResponseErrorPanel, WarningPanel } from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import type { ReportField } from '@maestro/plugin-maestro-common';
import Box from '@material-ui/core/Box';
import MenuItem from '@material-ui/core/MenuItem';
import TextField from '@material-ui/core/TextField';
import Typography from '@material-ui/core/Typography';
import { CartesianGrid, Legend, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { maestroApiRef, ReportTrend as ReportTrendAnswer } from '../../api';
import { describeApiError } from '../../shared/apiErrors';
import { useLatestRequest } from '../../shared/useLatestRequest';
import { CHART_COLOURS } from '../ReportCharts';

/** The spans a trend can cover, in weeks. */
export const TREND_WEEKS = [4, 12, 26, 52] as const;
/** Field types a trend can be grouped by (as the backend allows). */
const GROUPABLE = new Set(['enum', 'string', 'boolean']);
const TOTAL_COLOUR = '#333333';

/** The rows the line chart draws: the date of each point, the total, and one key per group (`g:<value>`). */
function chartRows(points: ReportTrendAnswer['points']) {
  const groups: string[] = [];
  const seen = new Set<string>();
  for (const p of points) {
    for (const name of Object.keys(p.groups ?? {})) {
      if (!seen.has(name)) {
        seen.add(name);
        groups.push(name);
      }
    }
  }
  const rows = points.map((p, i) => {
    const row = new Map<string, string | number>([
      ['label', i === points.length - 1 ? 'now' : new Date(p.at).toISOString().slice(0, 10)],
      ['total', p.total],
    ]);
    for (const name of groups) row.set(`g:${name}`, p.groups?.[name] ?? 0);
    return Object.fromEntries(row);
  });
  return { rows, groups };
}

/**
 * The Trend tab of a single report: its row count at the end of each of the last 4, 12, 26 or 52 weeks (the last
 * point is now), as a line, and per value of one enum, text or boolean field when grouped. A pruned history (410)
 * is said plainly.
 */
export function ReportTrend(props: { reportId: string; fields: ReportField[]; width?: number }) {
  const api = useApi(maestroApiRef);
  const { reportId } = props;
  const [weeks, setWeeks] = useState<number>(12);
  const [groupBy, setGroupBy] = useState('');
  const groupable = props.fields.filter(f => GROUPABLE.has(f.type));
  const { value, loading, error } = useLatestRequest(`${reportId} ${weeks} ${groupBy}`, () =>
    api.getReportTrend(reportId, { weeks, ...(groupBy ? { groupBy } : {}) }),
  );
  const failure = error ? describeApiError(error) : undefined;
  const { rows, groups } = chartRows(value?.points ?? []);
  const height = 320;
  const chart = (
    <LineChart width={props.width} height={height} data={rows}>
      <CartesianGrid strokeDasharray="3 3" />
      <XAxis dataKey="label" />
      <YAxis allowDecimals={false} />
      <Tooltip />
      <Legend />
      {/* dashed: a group holding every row draws the same line, which stays visible under it */}
      <Line
        name="total"
        dataKey="total"
        stroke={TOTAL_COLOUR}
        strokeWidth={2}
        strokeDasharray="6 4"
        isAnimationActive={false}
      />
      {groups.map((name, i) => (
        <Line
          key={name}
          name={name}
          dataKey={`g:${name}`}
          stroke={CHART_COLOURS[i % CHART_COLOURS.length]}
          isAnimationActive={false}
        />
      ))}
    </LineChart>
  );
  return (
    <Box>
      <Box display="flex" mb={2}>
        <TextField
          select
          id="report-trend-weeks"
          label="Weeks"
          value={weeks}
          onChange={e => setWeeks(Number(e.target.value))}
          style={{ minWidth: 120, marginRight: 16 }}
        >
          {TREND_WEEKS.map(w => (
            <MenuItem key={w} value={w}>
              {w}
            </MenuItem>
          ))}
        </TextField>
        <TextField
          select
          id="report-trend-group-by"
          label="Group by"
          value={groupBy}
          onChange={e => setGroupBy(e.target.value)}
          style={{ minWidth: 240 }}
        >
          <MenuItem value="">(total only)</MenuItem>
          {groupable.map(f => (
            <MenuItem key={f.path} value={f.path}>
              {f.path}
            </MenuItem>
          ))}
        </TextField>
      </Box>
      {loading && <Progress />}
      {failure?.status === 410 && (
        <WarningPanel severity="warning" title="The history does not reach that far back" defaultExpanded>
          <Typography data-testid="report-trend-pruned">
            {failure.message}. Choose fewer weeks: the inventory before the retention of its history is unknown.
          </Typography>
        </WarningPanel>
      )}
      {error && failure?.status !== 410 && <ResponseErrorPanel error={error} />}
      {value && !error && (
        <InfoCard
          title={`Rows per week${value.groupBy ? ` by ${value.groupBy}` : ''}`}
          subheader={`${value.points.length} points, the last one now`}
        >
          <div data-testid="report-trend-chart" data-points={value.points.length} style={{ width: '100%', height }}>
            {props.width ? (
              chart
            ) : (
              <ResponsiveContainer width="100%" height={height}>
                {chart}
              </ResponsiveContainer>
            )}
          </div>
        </InfoCard>
      )}
    </Box>
  );
}
