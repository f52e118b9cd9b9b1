import { ReactNode } from 'react';
import { Link as RouterLink } from 'react-router-dom';
import { InfoCard } from '@backstage/core-components';
import type {
  DiscoveryListInfo,
  DiscoveryRemovalConfirmation,
  DiscoveryTaskStatus,
} from '@maestro/plugin-maestro-common';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import Chip from '@material-ui/core/Chip';
import Grid from '@material-ui/core/Grid';
import Link from '@material-ui/core/Link';
import Table from '@material-ui/core/Table';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableHead from '@material-ui/core/TableHead';
import TableRow from '@material-ui/core/TableRow';
import Tooltip from '@material-ui/core/Tooltip';
import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import DeleteIcon from '@material-ui/icons/Delete';
import EditIcon from '@material-ui/icons/Edit';
import SyncIcon from '@material-ui/icons/Sync';
import type { DiscoveryConnectionView } from '../../api';
import { useMaestroPaths } from '../../shared/paths';
import { RefLink } from '../../shared/RefLink';
import { HeldRemovals } from './HeldRemovals';
import {
  credentialsLabel,
  formatCounts,
  formatDuration,
  formatFrequency,
  isBusy,
  openStackProject,
  openStackUser,
  providerLabel,
  relativeTime,
  statusLabel,
} from './discoveryFormat';

const useStyles = makeStyles(theme => ({
  label: { color: theme.palette.text.secondary, fontSize: '0.75rem', textTransform: 'uppercase' },
  code: { fontFamily: 'monospace', fontSize: '0.85rem', wordBreak: 'break-all' },
  countPart: { whiteSpace: 'nowrap', display: 'inline-block' },
  status_never: {},
  status_running: { backgroundColor: theme.palette.info?.main ?? theme.palette.primary.main, color: '#fff' },
  status_success: { backgroundColor: theme.palette.success?.main ?? '#2e7d32', color: '#fff' },
  status_empty: { backgroundColor: theme.palette.grey[500], color: '#fff' },
  status_error: { backgroundColor: theme.palette.error.main, color: '#fff' },
  // the run worked, but a removal waits for an operator: stands out without reading as a failure
  status_held: { backgroundColor: theme.palette.warning?.main ?? '#ed6c02', color: '#fff' },
  // not a failure: the cloud has no such service (no Octavia…); neutral, like empty
  status_unavailable: { backgroundColor: theme.palette.grey[300], color: theme.palette.grey[900] },
  actions: { display: 'flex', flexWrap: 'wrap', gap: theme.spacing(1), alignItems: 'center' },
  details: { maxWidth: 420 },
  // short columns (Enabled, Every, Last run, Duration, the Sync button) never wrap inside a word
  table: { '& th, & td': { whiteSpace: 'nowrap' }, '& td:nth-child(1), & td:nth-child(7), & td:nth-child(8)': { whiteSpace: 'normal' } },
}));

/** What a card shows of the last action on its connection ("Sync requested…", or why it failed). */
export interface CardMessage {
  severity: 'info' | 'error';
  text: string;
}

/** Props of {@link ConnectionCard}. */
export interface ConnectionCardProps {
  connection: DiscoveryConnectionView;
  /** Lists (ids) whose "sync now" is being sent; `''` for the whole connection. */
  pending: string[];
  message?: CardMessage;
  /** Show the id as a link to the connection's own page (the list page). */
  linkToPage?: boolean;
  onSync: (list?: string) => void;
  /** Confirms the removal held in one region of a list, as shown (its region and "would deactivate" count). */
  onConfirmRemoval: (list: string, confirmation: DiscoveryRemovalConfirmation) => void;
  onEdit: () => void;
  onDelete: () => void;
}

function Field(props: { label: string; children: ReactNode; testId?: string }) {
  const classes = useStyles();
  return (
    <Grid item xs={12} sm={6} md={4} data-testid={props.testId}>
      <Typography className={classes.label} component="div">
        {props.label}
      </Typography>
      <Typography variant="body2" component="div">
        {props.children}
      </Typography>
    </Grid>
  );
}

/** The messages of a task's regions whose service is not available. */
const unavailableMessages = (task?: DiscoveryTaskStatus) =>
  (task?.regions ?? []).filter(r => r.status === 'unavailable').map(r => `${r.region}: ${r.error ?? 'service not available'}`);

/**
 * The status of a task as a chip: never / running / success / empty / error, or "service not available" (grey,
 * not a failure) with the regions' messages as its tooltip.
 */
function StatusChip(props: { task?: DiscoveryTaskStatus; testId: string }) {
  const classes = useStyles();
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
function TaskRow(props: {
  connection: DiscoveryConnectionView;
  list: DiscoveryListInfo;
  task?: DiscoveryTaskStatus;
  pending: boolean;
  onSync: (list?: string) => void;
  onConfirmRemoval: (list: string, confirmation: DiscoveryRemovalConfirmation) => void;
}) {
  const { connection, list, task, pending, onSync, onConfirmRemoval } = props;
  const classes = useStyles();
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
          <span title={lastRun}>{running && !task?.finishedAt ? `started ${relativeTime(lastRun)}` : relativeTime(lastRun)}</span>
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
        <HeldRemovals task={task} testId={testId} disabled={running || pending} onConfirm={c => onConfirmRemoval(list.id, c)} />
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

/**
 * A discovery connection: its definition (never a secret), the status of each list's task, and the actions:
 * "Sync now" for the connection and per list, "Confirm removal" of held removals, and Edit / Delete for the
 * connections created through the API.
 */
export function ConnectionCard(props: ConnectionCardProps) {
  const { connection, pending, message, linkToPage, onSync, onConfirmRemoval, onEdit, onDelete } = props;
  const classes = useStyles();
  const paths = useMaestroPaths();
  const tasks = new Map(connection.tasks.map(t => [t.list, t]));
  const enabled = connection.lists.filter(l => l.enabled);
  const allRunning = enabled.length > 0 && enabled.every(l => isBusy(tasks.get(l.id)));
  const fromConfig = connection.origin === 'config';
  const aws = connection.aws;
  const openstack = connection.provider === 'openstack' ? connection.openstack : undefined;
  const titleId = `maestro-discovery-connection-${connection.id}`;

  return (
    <section aria-labelledby={titleId} data-testid={titleId}>
      <InfoCard
        title={
          <span id={titleId}>
            {connection.title ?? connection.id}
          </span>
        }
        subheader={
          linkToPage ? (
            <Link component={RouterLink} to={paths.discoveryConnection(connection.id)}>
              {connection.id}
            </Link>
          ) : (
            connection.id
          )
        }
      >
        <Grid container spacing={2}>
          <Field label="Provider" testId={`${titleId}-provider`}>
            {providerLabel(connection.provider)}
          </Field>
          <Field label="Origin" testId={`${titleId}-origin`}>
            {fromConfig
              ? 'defined in app-config (read-only)'
              : `created in Maestro${connection.version ? ` · version ${connection.version}` : ''}${
                  connection.updatedBy ? ` · by ${connection.updatedBy}` : ''
                }`}
          </Field>
          <Field label="Datacenter" testId={`${titleId}-datacenter`}>
            <RefLink entityRef={connection.datacenter} defaultKind="Datacenter" />
          </Field>
          <Field label="Regions" testId={`${titleId}-regions`}>
            {connection.regions.join(', ')}
          </Field>
          <Field label="Owner">
            <RefLink entityRef={connection.owner} defaultKind="Group" />
          </Field>
          <Field label="Credentials" testId={`${titleId}-credentials`}>
            {credentialsLabel(connection)}
            {connection.provider === 'openstack' && (connection.hasSecret ? ' · password stored' : ' · no password stored')}
            {aws?.accessKeyId && (
              <>
                {' · access key id '}
                <span className={classes.code}>{aws.accessKeyId}</span>
              </>
            )}
            {aws?.credentials === 'static' && (connection.hasSecret ? ' · secret stored' : ' · no secret stored')}
            {aws?.accountId && (
              <>
                {' · account '}
                <span className={classes.code}>{aws.accountId}</span>
              </>
            )}
            {aws?.roleArn && (
              <>
                {' · assumes '}
                <span className={classes.code}>{aws.roleArn}</span>
              </>
            )}
          </Field>
          {openstack && (
            <>
              <Field label="Auth URL" testId={`${titleId}-auth-url`}>
                <span className={classes.code}>{openstack.authUrl}</span>
              </Field>
              <Field label="User" testId={`${titleId}-user`}>
                {openStackUser(openstack)}
              </Field>
              <Field label="Project" testId={`${titleId}-project`}>
                {openStackProject(openstack)}
              </Field>
              <Field label="Interface" testId={`${titleId}-interface`}>
                {openstack.interface ?? 'public'}
              </Field>
              {(openstack.caBundle || openstack.insecure) && (
                <Field label="TLS" testId={`${titleId}-tls`}>
                  {openstack.insecure ? (
                    <Typography variant="body2" color="error" component="span">
                      certificates not verified
                    </Typography>
                  ) : (
                    'verified with its own CA bundle'
                  )}
                </Field>
              )}
            </>
          )}
          {connection.endpoint && (
            <Field label="Endpoint">
              <span className={classes.code}>{connection.endpoint}</span>
            </Field>
          )}
        </Grid>

        <Box className={classes.actions} mt={2} mb={1}>
          <Button
            variant="contained"
            color="primary"
            startIcon={<SyncIcon />}
            onClick={() => onSync()}
            disabled={allRunning || pending.includes('')}
          >
            Sync now
          </Button>
          {!fromConfig && (
            <>
              <Button startIcon={<EditIcon />} onClick={onEdit}>
                Edit
              </Button>
              <Button startIcon={<DeleteIcon />} onClick={onDelete}>
                Delete
              </Button>
            </>
          )}
          {fromConfig && (
            <Typography variant="body2" color="textSecondary">
              Defined in app-config: change or remove it there.
            </Typography>
          )}
          {message && (
            <Typography
              variant="body2"
              role={message.severity === 'error' ? 'alert' : 'status'}
              color={message.severity === 'error' ? 'error' : 'textSecondary'}
            >
              {message.text}
            </Typography>
          )}
        </Box>

        <Box style={{ overflowX: 'auto' }}>
          <Table size="small" className={classes.table} aria-label={`Lists of ${connection.id}`}>
            <TableHead>
              <TableRow>
                <TableCell>List</TableCell>
                <TableCell>Enabled</TableCell>
                <TableCell>Every</TableCell>
                <TableCell>Status</TableCell>
                <TableCell>Last run</TableCell>
                <TableCell>Duration</TableCell>
                <TableCell>Counts</TableCell>
                <TableCell>Details</TableCell>
                <TableCell>
                  <Typography variant="srOnly">Actions</Typography>
                </TableCell>
              </TableRow>
            </TableHead>
            <TableBody>
              {connection.lists.map(list => (
                <TaskRow
                  key={list.id}
                  connection={connection}
                  list={list}
                  task={tasks.get(list.id)}
                  pending={pending.includes(list.id) || pending.includes('')}
                  onSync={onSync}
                  onConfirmRemoval={onConfirmRemoval}
                />
              ))}
            </TableBody>
          </Table>
        </Box>
      </InfoCard>
    </section>
  );
}
