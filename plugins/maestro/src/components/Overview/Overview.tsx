import { useState } from 'react';
import { Link as RouterLink } from 'react-router-dom';
import { Content, ContentHeader, InfoCard, Progress, ResponseErrorPanel } from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import { InventoryRecord, MAESTRO_KINDS } from '@maestro/plugin-maestro-common';
import Box from '@material-ui/core/Box';
import Card from '@material-ui/core/Card';
import CardActionArea from '@material-ui/core/CardActionArea';
import CardContent from '@material-ui/core/CardContent';
import Grid from '@material-ui/core/Grid';
import LinearProgress from '@material-ui/core/LinearProgress';
import Link from '@material-ui/core/Link';
import List from '@material-ui/core/List';
import ListItem from '@material-ui/core/ListItem';
import ListItemText from '@material-ui/core/ListItemText';
import Typography from '@material-ui/core/Typography';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import { MaestroSummary, maestroApiRef, ValueCount } from '../../api';
import { CreatedNotice } from '../../shared/CreatedNotice';
import { useMaestroPaths } from '../../shared/paths';
import { RecordLink } from '../../shared/RefLink';
import { CreateRecord } from '../CreateRecord';
import { OverviewCharts } from './OverviewCharts';

/** Totals per kind; each card opens the inventory page of its kind. */
function KindTotals(props: { summary?: MaestroSummary; loading: boolean }) {
  const paths = useMaestroPaths();
  const counts = new Map((props.summary?.kinds ?? []).map(k => [k.kind, k]));
  return (
    <Grid container spacing={2}>
      {Object.values(MAESTRO_KINDS).map(def => {
        const count = counts.get(def.kind);
        return (
          <Grid item xs={6} sm={4} md={2} key={def.kind}>
            <Card variant="outlined" data-testid={`maestro-total-${def.kind}`}>
              <CardActionArea component={RouterLink} to={paths.inventory(def.kind)}>
                <CardContent>
                  <Typography variant="overline">{def.plural}</Typography>
                  <Typography variant="h4">
                    {props.loading && !props.summary ? '…' : (count?.active ?? 0).toLocaleString('en-US')}
                  </Typography>
                  {count?.inactive ? (
                    <Typography variant="caption">{count.inactive.toLocaleString('en-US')} inactive</Typography>
                  ) : null}
                </CardContent>
              </CardActionArea>
            </Card>
          </Grid>
        );
      })}
    </Grid>
  );
}

/** The last records created of a kind, with links to their entities. */
function LatestList(props: {
  title: string;
  kind: string;
  records: InventoryRecord[];
  describe: (record: InventoryRecord) => string;
  testId: string;
}) {
  const paths = useMaestroPaths();
  const { records } = props;
  return (
    <InfoCard
      title={props.title}
      deepLink={{ title: `All ${MAESTRO_KINDS[props.kind].plural}`, link: paths.inventory(props.kind) }}
    >
      {records.length === 0 ? (
        <Typography color="textSecondary">None yet.</Typography>
      ) : (
        <List dense disablePadding data-testid={props.testId}>
          {records.map(record => (
            <ListItem key={record.id} disableGutters>
              <ListItemText
                primary={<RecordLink record={record} />}
                secondary={`${props.describe(record)}created ${new Date(record.createdAt).toLocaleString()}`}
              />
            </ListItem>
          ))}
        </List>
      )}
    </InfoCard>
  );
}

/** Values with their counts as horizontal bars; `linkOf` makes a value a link. */
function BarList(props: {
  title: string;
  items: ValueCount[];
  emptyText: string;
  testId: string;
  linkOf?: (value: string) => string | undefined;
}) {
  const { items, linkOf } = props;
  const max = Math.max(1, ...items.map(i => i.count));
  return (
    <InfoCard title={props.title}>
      {items.length === 0 ? (
        <Typography color="textSecondary">{props.emptyText}</Typography>
      ) : (
        <Box data-testid={props.testId}>
          {items.map(item => {
            const link = linkOf?.(item.value);
            return (
              <Box
                key={item.value}
                display="flex"
                alignItems="center"
                mb={1}
                data-testid={`${props.testId}-${item.value}`}
              >
                <Box width="40%" pr={1} style={{ overflow: 'hidden', textOverflow: 'ellipsis', whiteSpace: 'nowrap' }}>
                  {link ? (
                    <Link component={RouterLink} to={link}>
                      {item.value}
                    </Link>
                  ) : (
                    item.value
                  )}
                </Box>
                <Box flex={1} pr={1}>
                  <LinearProgress
                    variant="determinate"
                    value={(item.count / max) * 100}
                    aria-label={`${item.value}: ${item.count}`}
                  />
                </Box>
                <Typography variant="body2" style={{ minWidth: 48, textAlign: 'right' }}>
                  {item.count.toLocaleString('en-US')}
                </Typography>
              </Box>
            );
          })}
        </Box>
      )}
    </InfoCard>
  );
}

const describeServer = (r: InventoryRecord) => {
  const spec = r.spec as Record<string, any>;
  return [spec.hostname, spec.environment]
    .filter(Boolean)
    .map(v => `${v} · `)
    .join('');
};
const describeApplication = (r: InventoryRecord) => {
  const spec = r.spec as Record<string, any>;
  return [spec.type, spec.lifecycle]
    .filter(Boolean)
    .map(v => `${v} · `)
    .join('');
};

/**
 * The Maestro overview: totals per kind, the latest servers and applications, the most installed services and
 * the servers per environment; the charts of the whole inventory (drawn apart: they can take seconds); and the
 * Create button.
 */
export function Overview() {
  const api = useApi(maestroApiRef);
  const paths = useMaestroPaths();
  const [created, setCreated] = useState<InventoryRecord | undefined>();
  const { value: summary, loading, error, retry } = useAsyncRetry(() => api.getSummary(), [api]);

  return (
    <Content>
      <ContentHeader title="Overview">
        <CreateRecord
          onCreated={record => {
            setCreated(record);
            retry();
          }}
        />
      </ContentHeader>
      <CreatedNotice record={created} onDismiss={() => setCreated(undefined)} />
      {error && <ResponseErrorPanel error={error} />}
      <KindTotals summary={summary} loading={loading} />
      <Box height={24} />
      {loading && !summary && <Progress />}
      {summary && (
        <Grid container spacing={3}>
          <Grid item xs={12} md={6}>
            <LatestList
              title="Latest servers"
              kind="Server"
              records={summary.latestServers ?? []}
              describe={describeServer}
              testId="maestro-latest-servers"
            />
          </Grid>
          <Grid item xs={12} md={6}>
            <LatestList
              title="Latest applications"
              kind="Component"
              records={summary.latestApplications ?? []}
              describe={describeApplication}
              testId="maestro-latest-applications"
            />
          </Grid>
          <Grid item xs={12} md={6}>
            <BarList
              title="Most installed services"
              items={summary.services ?? []}
              emptyText="No server lists its services yet."
              testId="maestro-services"
            />
          </Grid>
          <Grid item xs={12} md={6}>
            <BarList
              title="Servers per environment"
              items={summary.environments ?? []}
              emptyText="No servers yet."
              testId="maestro-environments"
              linkOf={value =>
                value === '(none)'
                  ? undefined
                  : `${paths.inventory('Server')}?${new URLSearchParams({ 'spec.environment': value })}`
              }
            />
          </Grid>
        </Grid>
      )}
      <Box height={24} />
      <OverviewCharts />
    </Content>
  );
}
