import type { JobRun } from '@maestro/plugin-maestro-common';
import Box from '@material-ui/core/Box';
import Table from '@material-ui/core/Table';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableHead from '@material-ui/core/TableHead';
import TableRow from '@material-ui/core/TableRow';
import Typography from '@material-ui/core/Typography';
import { OlderEntriesButton } from '../../shared/DetailPageParts';
import type { PagedLog } from '../../shared/usePagedLog';
import { formatDuration } from '../DiscoveryPage/discoveryFormat';
import { localTime, TRIGGER_LABELS } from '../JobsPage/jobFormat';
import { StatusChip } from '../JobsPage/StatusChip';
import { WebhookExchangeRow } from '../WebhookFields';

/** One run: status, trigger, times, duration, outcome; a webhook run opens onto the call it made. */
function RunRow(props: { run: JobRun }) {
  const { run } = props;
  return (
    <WebhookExchangeRow exchange={run.webhook} testId={`maestro-job-run-${run.id}`} status={run.status} colSpan={8}>
      <TableCell>
        <StatusChip status={run.status} />
      </TableCell>
      <TableCell>
        {TRIGGER_LABELS[run.trigger] ?? run.trigger}
        {run.startedBy && (
          <Typography variant="caption" color="textSecondary" display="block">
            by {run.startedBy}
          </Typography>
        )}
      </TableCell>
      <TableCell>
        {localTime(run.queuedAt)}
        {run.notBefore && (
          <Typography variant="caption" color="textSecondary" display="block">
            not before {localTime(run.notBefore)}
          </Typography>
        )}
      </TableCell>
      <TableCell>{localTime(run.startedAt)}</TableCell>
      <TableCell>{localTime(run.finishedAt)}</TableCell>
      <TableCell>{formatDuration(run.durationMs)}</TableCell>
      <TableCell>
        {run.summary && <Typography variant="body2">{run.summary}</Typography>}
        {run.error && (
          <Typography variant="body2" color="error">
            {run.error}
          </Typography>
        )}
      </TableCell>
    </WebhookExchangeRow>
  );
}

/** A job's run log, newest first, with "Older runs" while more remain. */
export function JobRunLog(props: { log: PagedLog<JobRun> }) {
  const { items } = props.log;
  return (
    <Box data-testid="maestro-job-runs">
      {items && items.length === 0 && <Typography>No run yet.</Typography>}
      {items && items.length > 0 && (
        <Table size="small" aria-label="Runs">
          <TableHead>
            <TableRow>
              <TableCell padding="checkbox" />
              <TableCell>Status</TableCell>
              <TableCell>Trigger</TableCell>
              <TableCell>Queued</TableCell>
              <TableCell>Started</TableCell>
              <TableCell>Finished</TableCell>
              <TableCell>Duration</TableCell>
              <TableCell>Outcome</TableCell>
            </TableRow>
          </TableHead>
          <TableBody>
            {items.map(run => (
              <RunRow key={run.id} run={run} />
            ))}
          </TableBody>
        </Table>
      )}
      <OlderEntriesButton log={props.log} label="Older runs" />
    </Box>
  );
}
