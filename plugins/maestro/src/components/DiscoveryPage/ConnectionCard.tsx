import { ReactNode } from 'react';
import { Link as RouterLink } from 'react-router-dom';
import { InfoCard } from '@backstage/core-components';
import type { DiscoveryRemovalConfirmation } from '@maestro/plugin-maestro-common';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import Grid from '@material-ui/core/Grid';
import Link from '@material-ui/core/Link';
import Table from '@material-ui/core/Table';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableHead from '@material-ui/core/TableHead';
import TableRow from '@material-ui/core/TableRow';
import Typography from '@material-ui/core/Typography';
import DeleteIcon from '@material-ui/icons/Delete';
import EditIcon from '@material-ui/icons/Edit';
import SyncIcon from '@material-ui/icons/Sync';
import type { DiscoveryConnectionView } from '../../api';
import { useMaestroPaths } from '../../shared/paths';
import { RefLink } from '../../shared/RefLink';
import { useConnectionCardStyles } from './connectionCardStyles';
import { credentialsLabel, isBusy, openStackProject, openStackUser, providerLabel } from './discoveryFormat';
import { TaskRow } from './TaskRow';

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
  const classes = useConnectionCardStyles();
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

/**
 * A discovery connection: its definition (never a secret), the status of each list's task, and the actions:
 * "Sync now" for the connection and per list, "Confirm removal" of held removals, and Edit / Delete for the
 * connections created through the API.
 */
export function ConnectionCard(props: ConnectionCardProps) {
  const { connection, pending, message, linkToPage, onSync, onConfirmRemoval, onEdit, onDelete } = props;
  const classes = useConnectionCardStyles();
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
        title={<span id={titleId}>{connection.title ?? connection.id}</span>}
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
            {connection.provider === 'openstack' &&
              (connection.hasSecret ? ' · password stored' : ' · no password stored')}
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
