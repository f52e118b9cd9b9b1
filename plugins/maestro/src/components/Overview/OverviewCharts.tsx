import { useState } from 'react';
import { Progress, ResponseErrorPanel } from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import Grid from '@material-ui/core/Grid';
import Typography from '@material-ui/core/Typography';
import { maestroApiRef, OverviewCharts as OverviewChartsAnswer } from '../../api';
import { useLatestRequest } from '../../shared/useLatestRequest';
import { ChartCard } from '../ReportCharts';

/**
 * The overview's charts of the whole inventory (`GET /overview/charts`), two per row on a wide screen, with the
 * time they were drawn and a Refresh button that draws them again (`refresh=true`; otherwise the backend keeps a
 * caller's charts a minute). Loads on its own, so the rest of the overview shows at once.
 */
export function OverviewCharts(props: { width?: number }) {
  const api = useApi(maestroApiRef);
  // 0: the kept charts; every click of Refresh asks for new ones
  const [refreshes, setRefreshes] = useState(0);
  const { value, loading, error } = useLatestRequest<OverviewChartsAnswer>(String(refreshes), () =>
    api.getOverviewCharts(refreshes > 0 ? { refresh: true } : {}),
  );
  return (
    <Box data-testid="maestro-overview-charts">
      <Box display="flex" alignItems="center" mb={1}>
        <Typography variant="h5" style={{ flex: 1 }}>
          Inventory charts
        </Typography>
        {value && (
          <Typography variant="body2" color="textSecondary" data-testid="overview-charts-drawn-at">
            drawn at {new Date(value.computedAt).toLocaleString()} ({value.durationMs} ms)
          </Typography>
        )}
        <Button
          variant="outlined"
          size="small"
          onClick={() => setRefreshes(n => n + 1)}
          disabled={loading}
          style={{ marginLeft: 16 }}
        >
          {loading && value ? 'Refreshing…' : 'Refresh'}
        </Button>
      </Box>
      {loading && <Progress />}
      {error && <ResponseErrorPanel error={error} title="The inventory charts could not be drawn" />}
      {value && value.charts.length === 0 && (
        <Typography color="textSecondary">No field of the inventory has values to chart yet.</Typography>
      )}
      {value && value.charts.length > 0 && (
        <Grid container spacing={2}>
          {value.charts.map(c => (
            <Grid item xs={12} md={6} key={c.id} data-testid={`overview-chart-${c.id}`}>
              <ChartCard chart={c.chart} title={c.title} width={props.width} />
            </Grid>
          ))}
        </Grid>
      )}
    </Box>
  );
}
