import { useEffect, useState } from 'react';
import { Link as RouterLink, useNavigate, useParams } from 'react-router-dom';
import {
  Content,
  ContentHeader,
  InfoCard,
  Progress,
  ResponseErrorPanel,
  WarningPanel,
} from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import type { MaestroJob, SavedReport } from '@maestro/plugin-maestro-common';
import Box from '@material-ui/core/Box';
import TextField from '@material-ui/core/TextField';
import Typography from '@material-ui/core/Typography';
import { DiscoveryConnectionView, jobsApiRef, maestroApiRef } from '../../api';
import { fieldPropsOf, NO_PROBLEMS } from '../../shared/fieldProblems';
import { FormRefusalPanel, NameOwnerFields, SaveCancelButtons, useFormSave } from '../../shared/FormParts';
import { useMaestroPaths } from '../../shared/paths';
import { JOB_TEMPLATE_ROOTS, WebhookFields } from '../WebhookFields';
import { ChainFields } from './ChainFields';
import { jobDraftOf, JobDraft, jobFieldPaths, jobInputOf, newJobDraft, UserJobType } from './jobFormState';
import { DiscoveryJobFields, ReportJobFields } from './JobTypeFields';
import { ScheduleFields } from './ScheduleFields';

/** Saved reports offered by a report job (one page of the backend's largest). */
const REPORTS_OFFERED = 500;

/** The job's counts, each 0 or more: the draft's field (and path in a refusal), id, label, and what 0 means. */
const COUNT_FIELDS = [
  {
    field: 'maxExecutions',
    id: 'job-max-executions',
    label: 'Max executions',
    minWidth: 240,
    help: '0: no limit; the job disables itself after the last run',
  },
  {
    field: 'disableAfterFailures',
    id: 'job-disable-after-failures',
    label: 'Disable after consecutive failures',
    minWidth: 280,
    help: '0: never; the owner is notified when it happens',
  },
] as const;

/** What the pickers offer, each read on its own: a failure leaves its picker empty with a note. */
interface Choices {
  jobs: MaestroJob[];
  connections?: DiscoveryConnectionView[];
  connectionsError?: Error;
  reports?: SavedReport[];
  reportsError?: Error;
}

/**
 * A job's form (`jobs/new`, `jobs/:id/edit`): name, description, owner, enabled, type; the schedule (interval,
 * cron in a time zone, or manual), max executions, the consecutive failures that disable it, the chains on success
 * and on failure; and the type's part: a webhook, a discovery connection's lists, or a report and its delivery.
 * Saving posts (or puts) the job and opens its page; a 400 is shown under the fields it names.
 */
export function JobForm() {
  const jobsApi = useApi(jobsApiRef);
  const maestroApi = useApi(maestroApiRef);
  const paths = useMaestroPaths();
  const navigate = useNavigate();
  const { id } = useParams();
  const [saved, setSaved] = useState<MaestroJob>();
  const [draft, setDraft] = useState<JobDraft>();
  const [choices, setChoices] = useState<Choices>({ jobs: [] });
  const [loadError, setLoadError] = useState<Error>();
  const { refusal, saving, submit } = useFormSave();

  useEffect(() => {
    let live = true;
    (async () => {
      const job = id ? await jobsApi.getJob(id) : undefined;
      if (!live) return;
      setSaved(job);
      setDraft(job ? jobDraftOf(job) : newJobDraft());
    })().catch(e => live && setLoadError(e));
    jobsApi
      .listJobs()
      .then(answer => live && setChoices(c => ({ ...c, jobs: answer.jobs })))
      .catch(() => undefined);
    maestroApi
      .listDiscoveryConnections()
      .then(answer => live && setChoices(c => ({ ...c, connections: answer.items })))
      .catch(e => live && setChoices(c => ({ ...c, connectionsError: e })));
    maestroApi
      .listReports({ limit: REPORTS_OFFERED })
      .then(answer => live && setChoices(c => ({ ...c, reports: answer.items })))
      .catch(e => live && setChoices(c => ({ ...c, reportsError: e })));
    return () => {
      live = false;
    };
  }, [jobsApi, maestroApi, id]);

  if (loadError)
    return (
      <Content>
        <ResponseErrorPanel error={loadError} />
      </Content>
    );
  if (!draft) return <Progress />;
  if (saved?.builtIn) {
    return (
      <Content>
        <WarningPanel severity="info" title={`${saved.name} is a built-in job`} defaultExpanded>
          <Typography>
            Built-in jobs (a discovery list, history retention) are defined by their discovery connection or by the
            app's configuration: only whether they are enabled changes here, with the switch on the jobs list.{' '}
            <RouterLink to={paths.job(saved.id)}>Back to the job</RouterLink>
          </Typography>
        </WarningPanel>
      </Content>
    );
  }

  const set = (patch: Partial<JobDraft>) => setDraft(d => (d ? { ...d, ...patch } : d));
  const problems = refusal?.problems ?? NO_PROBLEMS;
  const fieldProps = fieldPropsOf(problems);
  const chainable = choices.jobs.filter(job => job.id !== saved?.id);

  const save = async () => {
    const input = jobInputOf(draft, { editing: !!saved });
    const result = saved ? await jobsApi.updateJob(saved.id, input) : await jobsApi.createJob(input);
    navigate(paths.job(result.id));
  };
  const onSubmit = submit(save, 'The job could not be saved', () => jobFieldPaths(draft));

  return (
    <Content>
      <ContentHeader title={saved ? `Edit job: ${saved.name}` : 'New job'} />
      <form onSubmit={onSubmit} noValidate aria-label={saved ? 'Edit job' : 'New job'} data-testid="maestro-job-form">
        <InfoCard>
          <Box display="flex" flexDirection="column" style={{ gap: 16 }} maxWidth={960}>
            <FormRefusalPanel refusal={refusal} testId="maestro-job-form-problems" />
            <NameOwnerFields
              idPrefix="job"
              draft={draft}
              set={set}
              fieldProps={fieldProps}
              ownerHelp="User or group notified when the job disables itself and when it recovers"
            >
              <TextField
                select
                id="job-type"
                label="Type"
                value={draft.type}
                disabled={!!saved}
                SelectProps={{ native: true }}
                onChange={e => set({ type: e.target.value as UserJobType })}
                style={{ minWidth: 200 }}
                {...fieldProps('type')}
              >
                <option value="webhook">webhook</option>
                <option value="discovery">discovery</option>
                <option value="report">report</option>
              </TextField>
            </NameOwnerFields>
            <ScheduleFields draft={draft} set={set} problems={problems} />
            <Box display="flex" flexWrap="wrap" style={{ gap: 8 }}>
              {COUNT_FIELDS.map(count => (
                <TextField
                  key={count.field}
                  id={count.id}
                  label={count.label}
                  type="number"
                  value={draft[count.field]}
                  inputProps={{ min: 0 }}
                  onChange={e => set({ [count.field]: e.target.value })}
                  style={{ minWidth: count.minWidth }}
                  {...fieldProps(count.field, count.help)}
                />
              ))}
            </Box>
            <ChainFields
              id="job-on-success"
              label="On success"
              chain={draft.onSuccess}
              jobs={chainable}
              onChange={onSuccess => set({ onSuccess })}
              problem={problems.at('onSuccess')}
            />
            <ChainFields
              id="job-on-failure"
              label="On failure"
              chain={draft.onFailure}
              jobs={chainable}
              onChange={onFailure => set({ onFailure })}
              problem={problems.at('onFailure')}
            />
            <Typography variant="h6">
              {draft.type === 'webhook' && 'Webhook'}
              {draft.type === 'discovery' && 'Discovery'}
              {draft.type === 'report' && 'Report'}
            </Typography>
            {draft.type === 'webhook' && (
              <WebhookFields
                idPrefix="job"
                draft={draft.webhook}
                onChange={webhook => set({ webhook })}
                templateRoots={JOB_TEMPLATE_ROOTS}
                problemAt={path => problems.at(`config.webhook.${path}`)}
              />
            )}
            {draft.type === 'discovery' && (
              <DiscoveryJobFields
                draft={draft}
                set={set}
                problems={problems}
                connections={choices.connections}
                loadError={choices.connectionsError}
              />
            )}
            {draft.type === 'report' && (
              <ReportJobFields
                draft={draft}
                set={set}
                problems={problems}
                reports={choices.reports}
                loadError={choices.reportsError}
              />
            )}
            <SaveCancelButtons
              saving={saving}
              saveLabel={saved ? 'Save job' : 'Create job'}
              saveTestId="maestro-job-save"
              onCancel={() => navigate(saved ? paths.job(saved.id) : paths.jobs)}
            />
          </Box>
        </InfoCard>
      </form>
    </Content>
  );
}
