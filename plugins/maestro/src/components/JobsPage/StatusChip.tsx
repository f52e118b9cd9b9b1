import type { JobRunStatus, RuleDeliveryStatus } from '@maestro/plugin-maestro-common';
import Chip from '@material-ui/core/Chip';
import { makeStyles } from '@material-ui/core/styles';

const useStyles = makeStyles(theme => ({
  waiting: { backgroundColor: theme.palette.grey[300], color: theme.palette.grey[900] },
  busy: { backgroundColor: theme.palette.info?.main ?? theme.palette.primary.main, color: '#fff' },
  done: { backgroundColor: theme.palette.success?.main ?? '#2e7d32', color: '#fff' },
  failed: { backgroundColor: theme.palette.error.main, color: '#fff' },
}));

const CLASS_OF: Record<JobRunStatus | RuleDeliveryStatus, 'waiting' | 'busy' | 'done' | 'failed'> = {
  queued: 'waiting',
  pending: 'waiting',
  running: 'busy',
  delivering: 'busy',
  succeeded: 'done',
  delivered: 'done',
  failed: 'failed',
};

/** True while a run or delivery is still to end (worth refreshing for). */
export const isUnderWay = (status: JobRunStatus | RuleDeliveryStatus) =>
  CLASS_OF[status] === 'waiting' || CLASS_OF[status] === 'busy';

/** The status of a job run or a rule delivery as a coloured chip: waiting grey, under way blue, done green, failed red. */
export function StatusChip(props: { status: JobRunStatus | RuleDeliveryStatus; title?: string; testId?: string }) {
  const classes = useStyles();
  return (
    <Chip
      size="small"
      label={props.status}
      title={props.title}
      className={classes[CLASS_OF[props.status] ?? 'waiting']}
      data-testid={props.testId}
      data-status={props.status}
    />
  );
}
