import type {
  DiscoveryListInfo,
  DiscoveryRemovalConfirmation,
  DiscoveryTaskStatus,
} from '@maestro/plugin-maestro-common';
import Button from '@material-ui/core/Button';
import Chip from '@material-ui/core/Chip';
import TableCell from '@material-ui/core/TableCell';
import TableRow from '@material-ui/core/TableRow';
import Tooltip from '@material-ui/core/Tooltip';
import Typography from '@material-ui/core/Typography';
import SyncIcon from '@material-ui/icons/Sync';
import type { DiscoveryConnectionView } from '../../api';
import { useConnectionCardStyles } from './connectionCardStyles';
import { formatCounts, formatDuration, formatFrequency, isBusy, relativeTime, statusLabel } from './discoveryFormat';
import { HeldRemovals } from './HeldRemovals';

/** The messages of a task's regions whose service is not available. */
const unavailableMessages = (task?: DiscoveryTaskStatus) =>
  (task?.regions ?? [])
    .filter(r => r.status === 'unavailable')
    .map(r => `${r.region}: ${r.error ?? 'service not available'}`);

/**
 * The status of a task as a chip: never / running / success / empty / error, or "service not available" (grey,
 * not a failure) with the regions' messages as its tooltip.
 */
function StatusChip(props: { task?: DiscoveryTaskStatus; testId: string }) {
  const classes = useConnectionCardStyles();
  const status = props.task?.status ?? 'never';
  const chip = (
    <Chip
      size="small"
      label={statusLabel(status)}
      variant={status === 'never' ? 'outlined' : 'default'}
      className={(classes as Record<string, string>)[`status_${status}`]}
      data-testid={props.testId}
    />
  );
  const unavailable = status === 'unavailable' ? unavailableMessages(props.task) : [];
  if (!unavailable.length) return chip;
  return (
    <Tooltip
      title={
        <>
          {unavailable.map(text => (
            <div key={text}>{text}</div>
          ))}
        </>
      }
    >
      {chip}
    </Tooltip>
  );
}

/** The required IAM actions of a task: its own, or those its regions report. */
function requiredActionsOf(task?: DiscoveryTaskStatus): string[] {
  if (!task) return [];
  if (task.requiredActions?.length) return task.requiredActions;
  return [...new Set((task.regions ?? []).flatMap(r => r.requiredActions ?? []))];
}

/** One row of the task table: a list of the connection, its settings, last run and actions. */
export function TaskRow(props: {
  connection: DiscoveryConnectionView;
  list: DiscoveryListInfo;
  task?: DiscoveryTaskStatus;
  pending: boolean;
  onSync: (list?: string) => void;
  onConfirmRemoval: (list: string, confirmation: DiscoveryRemovalConfirmation) => void;
}) {
  const { connection, list, task, pending, onSync, onConfirmRemoval } = props;
  const classes = useConnectionCardStyles();
  const running = isBusy(task);
  const required = requiredActionsOf(task);
  // regions whose service is missing are not failures: told apart, in grey
  const regionErrors = (task?.regions ?? []).filter(
    r => r.error && r.error !== task?.error && r.status !== 'unavailable',
  );
  const unavailable = unavailableMessages(task);
  const failed = task?.status !== 'unavailable';
  const lastRun = task?.finishedAt ?? task?.startedAt;
  const testId = `maestro-discovery-task-${connection.id}-${list.id}`;
  return (
    <TableRow data-testid={testId}>
      <TableCell component="th" scope="row">
        {list.title}
        <Typography variant="caption" color="textSecondary" display="block">
          {list.id}
          {list.global ? ' · global' : ''}
        </Typography>
      </TableCell>
      <TableCell>{list.enabled ? 'Yes' : 'No'}</TableCell>
      <TableCell>{formatFrequency(list.frequencyMinutes)}</TableCell>
      <TableCell>
        <StatusChip task={task} testId={`${testId}-status`} />
        {task?.requestedAt && !running && (
          <Typography variant="caption" color="textSecondary" display="block">
            sync requested
          </Typography>
        )}
      </TableCell>
      <TableCell>
        {lastRun && (
          <span title={lastRun}>
            {running && !task?.finishedAt ? `started ${relativeTime(lastRun)}` : relativeTime(lastRun)}
          </span>
        )}
      </TableCell>
      <TableCell>{formatDuration(task?.durationMs)}</TableCell>
      <TableCell data-testid={`${testId}-counts`}>
        {/* lines break between counts, never inside one */}
        {formatCounts(task?.counts)
          .split(' · ')
          .filter(Boolean)
          .map((part, i) => (
            <span key={part} className={classes.countPart}>
              {i > 0 ? ' · ' : ''}
              {part}
            </span>
          ))}
      </TableCell>
      <TableCell className={classes.details}>
        {task?.error && (
          <Typography variant="body2" color={failed ? 'error' : 'textSecondary'}>
            {task.error}
          </Typography>
        )}
        {regionErrors.map(r => (
          <Typography key={r.region} variant="body2" color="error">
            {r.region}: {r.error}
          </Typography>
        ))}
        {unavailable.map(text => (
          <Typography key={text} variant="body2" color="textSecondary" data-testid={`${testId}-unavailable`}>
            {text}
          </Typography>
        ))}
        {required.length > 0 && (
          <Typography variant="body2">
            Permissions required: <span className={classes.code}>{required.join(', ')}</span>
          </Typography>
        )}
        {task && failed && task.failures > 1 && (
          <Typography variant="caption" color="textSecondary" display="block">
            failed {task.failures} times in a row
          </Typography>
        )}
        <HeldRemovals
          task={task}
          testId={testId}
          disabled={running || pending}
          onConfirm={c => onConfirmRemoval(list.id, c)}
        />
      </TableCell>
      <TableCell>
        <Button
          size="small"
          startIcon={<SyncIcon />}
          onClick={() => onSync(list.id)}
          disabled={running || pending}
          aria-label={`Sync ${list.title} now`}
        >
          Sync
        </Button>
      </TableCell>
    </TableRow>
  );
}
