import { Fragment, useState } from 'react';
import type { JobRun } from '@maestro/plugin-maestro-common';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import IconButton from '@material-ui/core/IconButton';
import Table from '@material-ui/core/Table';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableHead from '@material-ui/core/TableHead';
import TableRow from '@material-ui/core/TableRow';
import Typography from '@material-ui/core/Typography';
import ExpandLessIcon from '@material-ui/icons/ExpandLess';
import ExpandMoreIcon from '@material-ui/icons/ExpandMore';
import type { PagedLog } from '../../shared/usePagedLog';
import { formatDuration } from '../DiscoveryPage/discoveryFormat';
import { localTime, TRIGGER_LABELS } from '../JobsPage/jobFormat';
import { StatusChip } from '../JobsPage/StatusChip';
import { WebhookExchangeView } from '../WebhookFields';

/** One run: status, trigger, times, duration, outcome; a webhook run opens onto the call it made. */
function RunRow(props: { run: JobRun }) {
  const { run } = props;
  const [open, setOpen] = useState(false);
  return (
    <Fragment>
      <TableRow data-testid={`maestro-job-run-${run.id}`} data-status={run.status}>
        <TableCell padding="checkbox">
          {run.webhook && (
            <IconButton
              size="small"
              aria-label={open ? 'Hide the webhook call' : 'Show the webhook call'}
              aria-expanded={open}
              onClick={() => setOpen(o => !o)}
            >
              {open ? <ExpandLessIcon /> : <ExpandMoreIcon />}
            </IconButton>
          )}
        </TableCell>
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
      </TableRow>
      {open && run.webhook && (
        <TableRow>
          <TableCell colSpan={8}>
            <WebhookExchangeView exchange={run.webhook} />
          </TableCell>
        </TableRow>
      )}
    </Fragment>
  );
}

/** A job's run log, newest first, with "Older runs" while more remain. */
export function JobRunLog(props: { log: PagedLog<JobRun> }) {
  const { items, hasOlder, loadingOlder, loadOlder } = props.log;
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
      {hasOlder && (
        <Box mt={1}>
          <Button size="small" variant="outlined" onClick={loadOlder} disabled={loadingOlder}>
            Older runs
          </Button>
        </Box>
      )}
    </Box>
  );
}
