import { ComponentProps, useCallback, useEffect, useRef, useState } from 'react';
import { Link as RouterLink, useNavigate, useParams } from 'react-router-dom';
import { Content, ContentHeader, InfoCard, Progress, ResponseErrorPanel } from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import type { JobChainLink, JobRun, MaestroJob } from '@maestro/plugin-maestro-common';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import Chip from '@material-ui/core/Chip';
import Link from '@material-ui/core/Link';
import Typography from '@material-ui/core/Typography';
import PlayArrowIcon from '@material-ui/icons/PlayArrow';
import { jobsApiRef } from '../../api/JobsApi';
import { describeApiError } from '../../shared/apiErrors';
import { ActionErrorPanel, PagedLogSection, Setting as SettingLine } from '../../shared/DetailPageParts';
import { useMaestroPaths } from '../../shared/paths';
import { ConfirmDeleteDialog } from '../../shared/SavedListParts';
import { usePagedLog } from '../../shared/usePagedLog';
import { relativeTime } from '../DiscoveryPage/discoveryFormat';
import { JOB_TYPE_LABELS, jobConfigSummary, localTime } from '../JobsPage/jobFormat';
import { ScheduleText } from '../JobsPage/ScheduleText';
import { isUnderWay } from '../JobsPage/StatusChip';
import { JobRunLog } from './JobRunLog';

/** Runs read per page of the log. */
export const RUNS_PER_PAGE = 50;
/** How often the log is read again while a run is queued or running. */
export const RUN_LOG_POLL_MS = 3000;

/** A line of the settings summary, its labels wider than a rule's ("Disable after failures"). */
function Setting(props: ComponentProps<typeof SettingLine>) {
  return <SettingLine labelWidth={220} {...props} />;
}

/** A chain in words, with a link to the chained job. */
function ChainText(props: { link?: JobChainLink; names: Map<string, string> }) {
  const paths = useMaestroPaths();
  if (!props.link) return <>none</>;
  const { jobId, delaySeconds } = props.link;
  return (
    <>
      start{' '}
      <Link component={RouterLink} to={paths.job(jobId)}>
        {props.names.get(jobId) ?? jobId}
      </Link>
      {delaySeconds ? ` after ${delaySeconds} s` : ''}
    </>
  );
}

/** A job's settings and counts, as the page's summary shows them. */
function JobSettings(props: { job: MaestroJob; names: Map<string, string> }) {
  const { job, names } = props;
  return (
    <InfoCard title="Settings">
      <Setting label="Type">{JOB_TYPE_LABELS[job.type] ?? job.type}</Setting>
      <Setting label="What it does" testId="maestro-job-config">
        {jobConfigSummary(job)}
      </Setting>
      <Setting label="Schedule" testId="maestro-job-schedule">
        <ScheduleText schedule={job.schedule} />
      </Setting>
      <Setting label="Enabled">
        {job.enabled ? 'yes' : 'no'}
        {job.disabledReason && (
          <Typography variant="body2" color="error" data-testid="maestro-job-disabled-reason">
            {job.disabledReason}
          </Typography>
        )}
      </Setting>
      <Setting label="Owner">{job.owner}</Setting>
      {job.description && <Setting label="Description">{job.description}</Setting>}
      <Setting label="Max executions">{job.maxExecutions > 0 ? job.maxExecutions : '0 (no limit)'}</Setting>
      <Setting label="Disable after failures">
        {job.disableAfterFailures > 0 ? `${job.disableAfterFailures} in a row` : 'never'}
      </Setting>
      <Setting label="On success">
        <ChainText link={job.onSuccess} names={names} />
      </Setting>
      <Setting label="On failure">
        <ChainText link={job.onFailure} names={names} />
      </Setting>
      <Setting label="Runs" testId="maestro-job-counts">
        {job.totalRuns} in all{job.maxExecutions > 0 ? ` of ${job.maxExecutions}` : ''}
        {job.consecutiveFailures > 0 ? ` · ${job.consecutiveFailures} failed in a row` : ''}
      </Setting>
      <Setting label="Next run">
        {job.enabled && job.nextRunAt ? `${relativeTime(job.nextRunAt)} (${localTime(job.nextRunAt)})` : '—'}
      </Setting>
      {job.updatedAt && (
        <Setting label="Updated">
          {localTime(job.updatedAt)}
          {job.updatedBy ? ` by ${job.updatedBy}` : ''}
        </Setting>
      )}
    </InfoCard>
  );
}

/**
 * One job (`jobs/:id`): its settings and counts, Run now, Edit and Delete (not for built-in jobs), and its run log
 * (each run's trigger, status, times, outcome, and for webhooks the call made), read again while a run is under way.
 */
export function JobPage() {
  const api = useApi(jobsApiRef);
  const paths = useMaestroPaths();
  const navigate = useNavigate();
  const { id = '' } = useParams();
  const [job, setJob] = useState<MaestroJob>();
  const [names, setNames] = useState(new Map<string, string>());
  const [loadError, setLoadError] = useState<Error>();
  const [actionError, setActionError] = useState<string>();
  const [busy, setBusy] = useState(false);
  const [confirming, setConfirming] = useState(false);

  const loadJob = useCallback(() => {
    api.getJob(id).then(setJob, setLoadError);
  }, [api, id]);
  useEffect(() => {
    loadJob();
    api
      .listJobs()
      .then(answer => setNames(new Map(answer.jobs.map(j => [j.id, j.name]))))
      .catch(() => undefined);
  }, [api, loadJob]);

  const readPage = useCallback(
    async (before?: string) => {
      const page = await api.listJobRuns(id, { limit: RUNS_PER_PAGE, before });
      return { items: page.runs, nextBefore: page.nextBefore };
    },
    [api, id],
  );
  const log = usePagedLog<JobRun>({
    key: id,
    readPage,
    underWay: run => isUnderWay(run.status),
    pollMs: RUN_LOG_POLL_MS,
  });

  // a run ended: the counts, last run and next run changed
  const wasUnderWay = useRef(false);
  const underWay = !!log.items?.some(run => isUnderWay(run.status));
  useEffect(() => {
    if (wasUnderWay.current && !underWay) loadJob();
    wasUnderWay.current = underWay;
  }, [underWay, loadJob]);

  if (loadError)
    return (
      <Content>
        <ResponseErrorPanel error={loadError} />
      </Content>
    );
  if (!job) return <Progress />;

  const runNow = async () => {
    setBusy(true);
    setActionError(undefined);
    try {
      log.upsert(await api.runJob(job.id));
      loadJob();
    } catch (e) {
      setActionError(describeApiError(e).message);
    } finally {
      setBusy(false);
    }
  };

  const remove = async () => {
    setConfirming(false);
    setBusy(true);
    setActionError(undefined);
    try {
      await api.deleteJob(job.id);
      navigate(paths.jobs);
    } catch (e) {
      setActionError(describeApiError(e).message);
      setBusy(false);
    }
  };

  return (
    <Content>
      <ContentHeader
        title={job.name}
        description={job.builtIn ? 'Built-in job: only enabling and running it happen here' : undefined}
      >
        <Box display="flex" style={{ gap: 8 }}>
          {job.builtIn && <Chip label="built-in" variant="outlined" />}
          <Button
            variant="contained"
            color="primary"
            startIcon={<PlayArrowIcon />}
            onClick={runNow}
            disabled={busy}
            data-testid="maestro-job-run-now"
          >
            Run now
          </Button>
          {!job.builtIn && (
            <>
              <Button
                variant="outlined"
                component={RouterLink}
                to={paths.editJob(job.id)}
                data-testid="maestro-job-edit"
              >
                Edit
              </Button>
              <Button variant="outlined" onClick={() => setConfirming(true)} disabled={busy}>
                Delete
              </Button>
            </>
          )}
          <Button component={RouterLink} to={paths.jobs}>
            All jobs
          </Button>
        </Box>
      </ContentHeader>
      <ActionErrorPanel error={actionError} title="The job could not do that" testId="maestro-job-action-error" />
      <JobSettings job={job} names={names} />
      <PagedLogSection title="Run log" log={log}>
        <JobRunLog log={log} />
      </PagedLogSection>
      <ConfirmDeleteDialog
        what={confirming ? `the job ${job.name}` : undefined}
        consequence="The job and its run log are deleted. A job that another job chains to stays until that chain is removed."
        onCancel={() => setConfirming(false)}
        onConfirm={remove}
      />
    </Content>
  );
}
