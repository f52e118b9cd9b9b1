import type { ReportChart } from '@maestro/plugin-maestro-common';
import Grid from '@material-ui/core/Grid';
import Typography from '@material-ui/core/Typography';
import { ChartCard } from './ChartCard';

/** Every chart of a result in a grid, two per row on a wide screen. */
export function ReportCharts(props: { charts: ReportChart[]; width?: number }) {
  if (!props.charts.length) return <Typography>No field of this result has values to chart.</Typography>;
  return (
    <Grid container spacing={2}>
      {props.charts.map(chart => (
        <Grid item xs={12} md={6} key={chart.field}>
          <ChartCard chart={chart} width={props.width} />
        </Grid>
      ))}
    </Grid>
  );
}
