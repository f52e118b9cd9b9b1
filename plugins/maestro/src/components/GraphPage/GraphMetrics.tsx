import type { BusinessGraphMetrics } from '@maestro/plugin-maestro-common';
import Box from '@material-ui/core/Box';
import Grid from '@material-ui/core/Grid';
import Paper from '@material-ui/core/Paper';
import Typography from '@material-ui/core/Typography';
import { ChartCard } from '../ReportCharts';

/** Entries listed at most per count table or list. */
export const METRIC_ROWS = 15;

function Counts(props: { title: string; counts: Record<string, number> }) {
  const rows = Object.entries(props.counts).sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1));
  return (
    <Paper variant="outlined" style={{ padding: 8, height: '100%' }} role="region" aria-label={props.title}>
      <Typography variant="subtitle2">{props.title}</Typography>
      {rows.length === 0 && (
        <Typography variant="body2" color="textSecondary">
          None
        </Typography>
      )}
      <table style={{ fontSize: 13, width: '100%' }}>
        <tbody>
          {rows.slice(0, METRIC_ROWS).map(([label, count]) => (
            <tr key={label}>
              <td style={{ wordBreak: 'break-all' }}>{label}</td>
              <td style={{ textAlign: 'right' }}>{count}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {rows.length > METRIC_ROWS && (
        <Typography variant="caption" color="textSecondary">
          and {rows.length - METRIC_ROWS} more
        </Typography>
      )}
    </Paper>
  );
}

function Names(props: { title: string; keys: string[] }) {
  return (
    <Box mb={1} role="region" aria-label={props.title}>
      <Typography variant="subtitle2">
        {props.title} ({props.keys.length})
      </Typography>
      <Typography variant="body2" style={{ wordBreak: 'break-word' }}>
        {props.keys.length === 0 ? 'None' : props.keys.slice(0, 100).join(', ')}
        {props.keys.length > 100 ? ` and ${props.keys.length - 100} more` : ''}
      </Typography>
    </Box>
  );
}

/**
 * A graph's figures: nodes, edges, density, the histogram of application nodes per dependency depth, counts by
 * kind / family / system / client / server, the cycles, and the clients, systems and applications included.
 */
export function GraphMetrics(props: { metrics: BusinessGraphMetrics; chartWidth?: number }) {
  const { metrics } = props;
  const histogram = {
    field: 'Application nodes per depth',
    type: 'histogram' as const,
    points: metrics.depthHistogram.map(d => ({ label: String(d.depth), count: d.count })),
    missing: 0,
  };
  return (
    <Box>
      <Box display="flex" style={{ gap: 32 }} mb={2} role="region" aria-label="Graph figures">
        <Typography>
          <b>{metrics.nodes}</b> nodes
        </Typography>
        <Typography>
          <b>{metrics.edges}</b> edges
        </Typography>
        <Typography>
          density <b>{metrics.density.toFixed(4)}</b>
        </Typography>
        <Typography>
          <b>{metrics.cycles.length}</b> {metrics.cycles.length === 1 ? 'cycle' : 'cycles'}
        </Typography>
      </Box>
      <Grid container spacing={2}>
        <Grid item xs={12} md={6}>
          <ChartCard chart={histogram} width={props.chartWidth} height={220} />
        </Grid>
        <Grid item xs={12} md={6}>
          <Typography variant="subtitle2">Cycles</Typography>
          {metrics.cycles.length === 0 ? (
            <Typography variant="body2" color="textSecondary">
              No dependency cycle
            </Typography>
          ) : (
            <ul aria-label="Cycles" style={{ margin: 0, paddingLeft: 18, maxHeight: 180, overflowY: 'auto' }}>
              {metrics.cycles.slice(0, 50).map(cycle => (
                <li key={cycle.join(' ')}>
                  <Typography variant="body2">{cycle.join(' → ')}</Typography>
                </li>
              ))}
            </ul>
          )}
          <Box mt={1}>
            <Names title="Clients" keys={metrics.clients} />
            <Names title="Systems" keys={metrics.systems} />
            <Names title="Applications" keys={metrics.applications} />
          </Box>
        </Grid>
        {(
          [
            ['By kind', metrics.byKind],
            ['By family', metrics.byFamily],
            ['By system', metrics.bySystem],
            ['By client', metrics.byClient],
            ['By server', metrics.byServer],
          ] as const
        ).map(([title, counts]) => (
          <Grid item xs={12} sm={6} md={4} lg={2} key={title}>
            <Counts title={title} counts={counts} />
          </Grid>
        ))}
      </Grid>
    </Box>
  );
}
