import { useCallback, useEffect, useState } from 'react';
import { Link as RouterLink } from 'react-router-dom';
import { Content, ContentHeader } from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import type { JobRun, MaestroJob } from '@maestro/plugin-maestro-common';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import Chip from '@material-ui/core/Chip';
import Link from '@material-ui/core/Link';
import Table from '@material-ui/core/Table';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableHead from '@material-ui/core/TableHead';
import TableRow from '@material-ui/core/TableRow';
import Typography from '@material-ui/core/Typography';
import PlayArrowIcon from '@material-ui/icons/PlayArrow';
import { jobsApiRef } from '../../api/JobsApi';
import { useMaestroPaths } from '../../shared/paths';
import {
  ConfirmDeleteDialog,
  EditDeleteButtons,
  EnabledSwitchCell,
  SavedListStatus,
} from '../../shared/SavedListParts';
import { useListActions } from '../../shared/useListActions';
import { usePolling } from '../../shared/usePolling';
import { formatDuration, relativeTime } from '../DiscoveryPage/discoveryFormat';
import { savedJobInput } from '../JobForm/jobFormState';
import { JOB_TYPE_LABELS, localTime } from './jobFormat';
import { ScheduleText } from './ScheduleText';
import { JobsViewTabs } from './JobsViewTabs';
import { isUnderWay, StatusChip } from './StatusChip';

/** How often the list is read again while a job's last run is queued or running. */
export const JOBS_POLL_MS = 5000;

/** The last run of a job: status, duration, and when it ended (or started). */
function LastRunCell(props: { job: MaestroJob }) {
  const run = props.job.lastRun;
  if (!run) {
    return (
      <TableCell>
        <Typography variant="body2" color="textSecondary">
          never
        </Typography>
      </TableCell>
    );
  }
  const at = run.finishedAt ?? run.startedAt;
  return (
    <TableCell data-testid="maestro-job-last-run">
      <StatusChip status={run.status} title={run.error} />{' '}
      <Typography variant="caption" title={localTime(at)}>
        {formatDuration(run.durationMs)}
        {at ? ` · ${relativeTime(at)}` : ''}
      </Typography>
      {run.error && (
        <Typography variant="caption" color="error" display="block">
          {run.error}
        </Typography>
      )}
    </TableCell>
  );
}

/** One job of the table: the enable switch, name, type, schedule, counts, last and next run, and its actions. */
function JobRow(props: {
  job: MaestroJob;
  busy: boolean;
  onToggle: (enabled: boolean) => void;
  onRun: () => void;
  onDelete: () => void;
}) {
  const { job, busy, onToggle, onRun, onDelete } = props;
  const paths = useMaestroPaths();
  return (
    <TableRow data-testid={`maestro-job-row-${job.name}`}>
      <EnabledSwitchCell
        name={job.name}
        enabled={job.enabled}
        busy={busy}
        onToggle={onToggle}
        readOnlyBecause={
          job.builtIn && job.type === 'discovery'
            ? 'A discovery list is turned on or off on its connection (Discovery tab)'
            : undefined
        }
      />
      <TableCell>
        <Link component={RouterLink} to={paths.job(job.id)}>
          {job.name}
        </Link>
        {job.builtIn && <Chip size="small" variant="outlined" label="built-in" style={{ marginLeft: 8 }} />}
        {job.disabledReason && (
          <Typography variant="caption" color="error" display="block" data-testid="maestro-job-disabled-reason">
            {job.disabledReason}
          </Typography>
        )}
      </TableCell>
      <TableCell>{JOB_TYPE_LABELS[job.type] ?? job.type}</TableCell>
      <TableCell data-testid="maestro-job-schedule">
        <ScheduleText schedule={job.schedule} />
      </TableCell>
      <TableCell align="right" data-testid="maestro-job-total-runs">
        {job.totalRuns}
        {job.maxExecutions > 0 ? ` / ${job.maxExecutions}` : ''}
      </TableCell>
      <LastRunCell job={job} />
      <TableCell title={localTime(job.nextRunAt)}>
        {job.enabled && job.nextRunAt ? relativeTime(job.nextRunAt) : '—'}
      </TableCell>
      <TableCell>
        <Box display="flex" style={{ gap: 4 }}>
          <Button
            size="small"
            startIcon={<PlayArrowIcon />}
            onClick={onRun}
            disabled={busy}
            data-testid="maestro-job-run-now"
            aria-label={`Run ${job.name} now`}
          >
            Run now
          </Button>
          {!job.builtIn && <EditDeleteButtons editTo={paths.editJob(job.id)} busy={busy} onDelete={onDelete} />}
        </Box>
      </TableCell>
    </TableRow>
  );
}

/**
 * The Jobs view (`jobs`): every job, user-defined and built-in (each discovery list, history retention), with an
 * enable switch, its schedule in words, total runs, last run and next run; run now, edit and delete (not for
 * built-in jobs, which are changed where they are defined), and a button to create one. Read again every
 * {@link JOBS_POLL_MS} while a run is under way.
 */
export function JobsPage() {
  const api = useApi(jobsApiRef);
  const paths = useMaestroPaths();
  const [jobs, setJobs] = useState<MaestroJob[]>();
  const [error, setError] = useState<Error>();
  const [queued, setQueued] = useState<{ job: MaestroJob; run: JobRun }>();
  const { actionError, busyId, act, deleting, setDeleting, confirmDelete } = useListActions<MaestroJob>();

  const load = useCallback(() => {
    api
      .listJobs()
      .then(answer => {
        setJobs(answer.jobs);
        setError(undefined);
      })
      .catch(e => setError(e));
  }, [api]);
  useEffect(load, [load]);
  usePolling(!!jobs?.some(j => j.lastRun && isUnderWay(j.lastRun.status)), JOBS_POLL_MS, load);

  const toggle = (job: MaestroJob, enabled: boolean) =>
    act(job, async () => {
      const saved = await api.updateJob(job.id, job.builtIn ? { enabled } : { ...savedJobInput(job), enabled });
      setJobs(list => list?.map(j => (j.id === saved.id ? saved : j)));
    });

  const run = (job: MaestroJob) =>
    act(job, async () => {
      const answer = await api.runJob(job.id);
      setQueued({ job, run: answer });
      load();
    });

  return (
    <Content>
      <JobsViewTabs selected="jobs" />
      <ContentHeader
        title="Jobs"
        description="Webhook calls, discovery runs and report runs on a schedule, and the built-in jobs"
      >
        <Button
          variant="contained"
          color="primary"
          component={RouterLink}
          to={paths.newJob}
          data-testid="maestro-new-job"
        >
          New job
        </Button>
      </ContentHeader>
      <SavedListStatus
        error={error}
        actionError={actionError}
        actionTitle="The job could not be changed"
        loaded={!!jobs}
        empty={!!jobs && jobs.length === 0}
        emptyText='No job yet: create one with "New job".'
      />
      {queued && (
        <Typography data-testid="maestro-job-queued" style={{ marginBottom: 8 }}>
          A run of{' '}
          <Link component={RouterLink} to={paths.job(queued.job.id)}>
            {queued.job.name}
          </Link>{' '}
          is {queued.run.status} (asked {relativeTime(queued.run.queuedAt)}): its log is on the job's page.
        </Typography>
      )}
      {jobs && jobs.length > 0 && (
        <Table size="small" aria-label="Jobs" data-testid="maestro-jobs-table">
          <TableHead>
            <TableRow>
              <TableCell>Enabled</TableCell>
              <TableCell>Name</TableCell>
              <TableCell>Type</TableCell>
              <TableCell>Schedule</TableCell>
              <TableCell align="right">Total runs</TableCell>
              <TableCell>Last run</TableCell>
              <TableCell>Next run</TableCell>
              <TableCell>Actions</TableCell>
            </TableRow>
          </TableHead>
          <TableBody>
            {jobs.map(job => (
              <JobRow
                key={job.id}
                job={job}
                busy={busyId === job.id}
                onToggle={enabled => toggle(job, enabled)}
                onRun={() => run(job)}
                onDelete={() => setDeleting(job)}
              />
            ))}
          </TableBody>
        </Table>
      )}
      <ConfirmDeleteDialog
        what={deleting && `the job ${deleting.name}`}
        consequence="The job and its run log are deleted. A job that another job chains to stays until that chain is removed."
        onCancel={() => setDeleting(undefined)}
        onConfirm={() =>
          confirmDelete(async job => {
            await api.deleteJob(job.id);
            load();
          })
        }
      />
    </Content>
  );
}
