import { useEffect, useState } from 'react';
import { useNavigate, useParams } from 'react-router-dom';
import { Content, ContentHeader, InfoCard, Progress, ResponseErrorPanel } from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import {
  EventRule,
  MaestroJob,
  ReportKindFields,
  RULE_EVENTS,
  RuleActor,
  RuleEvent,
} from '@maestro/plugin-maestro-common';
import Box from '@material-ui/core/Box';
import Checkbox from '@material-ui/core/Checkbox';
import FormControlLabel from '@material-ui/core/FormControlLabel';
import FormLabel from '@material-ui/core/FormLabel';
import TextField from '@material-ui/core/TextField';
import Typography from '@material-ui/core/Typography';
import { jobsApiRef, maestroApiRef } from '../../api';
import { fieldPropsOf, NO_PROBLEMS } from '../../shared/fieldProblems';
import { FormRefusalPanel, NameOwnerFields, SaveCancelButtons, useFormSave } from '../../shared/FormParts';
import { useMaestroPaths } from '../../shared/paths';
import { RuleActionsFields } from './RuleActionsFields';
import { RuleConditionsFields } from './RuleConditionsFields';
import { newRuleDraft, ruleDraftOf, RuleDraft, ruleFieldPaths, ruleInputOf } from './ruleFormState';

/** What each event means, as the form offers it. */
export const EVENT_LABELS: Record<RuleEvent, string> = {
  created: 'Created',
  changed: 'Changed',
  deactivated: 'Deactivated',
  reactivated: 'Reactivated',
};

/**
 * An event rule's form (`jobs/rules/new`, `jobs/rules/:id/edit`): name, description, owner, enabled; **when** (the
 * events, and who made the change), **if** (kinds, owners, datacenters, changed fields, filters over one kind's
 * fields), **then** (webhooks, notifications, jobs to start). Saving posts (or puts) the rule and opens its page; a
 * 400 is shown under the fields it names.
 */
export function RuleForm() {
  const jobsApi = useApi(jobsApiRef);
  const maestroApi = useApi(maestroApiRef);
  const paths = useMaestroPaths();
  const navigate = useNavigate();
  const { id } = useParams();
  const [kinds, setKinds] = useState<ReportKindFields[]>();
  const [saved, setSaved] = useState<EventRule>();
  const [draft, setDraft] = useState<RuleDraft>();
  const [jobs, setJobs] = useState<MaestroJob[]>([]);
  const [loadError, setLoadError] = useState<Error>();
  const { refusal, saving, submit } = useFormSave();

  useEffect(() => {
    let live = true;
    (async () => {
      const { kinds: catalogue } = await maestroApi.getReportFields();
      const rule = id ? await jobsApi.getRule(id) : undefined;
      if (!live) return;
      setKinds(catalogue);
      setSaved(rule);
      setDraft(rule ? ruleDraftOf(rule, catalogue) : newRuleDraft());
    })().catch(e => live && setLoadError(e));
    jobsApi
      .listJobs()
      .then(answer => live && setJobs(answer.jobs))
      .catch(() => undefined);
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
  if (!kinds || !draft) return <Progress />;

  const set = (patch: Partial<RuleDraft>) => setDraft(d => (d ? { ...d, ...patch } : d));
  const problems = refusal?.problems ?? NO_PROBLEMS;
  const fieldProps = fieldPropsOf(problems);
  const toggleEvent = (event: RuleEvent, on: boolean) =>
    set({ events: RULE_EVENTS.filter(e => (e === event ? on : draft.events.includes(e))) });

  const save = async () => {
    const input = ruleInputOf(draft, kinds);
    const result = saved ? await jobsApi.updateRule(saved.id, input) : await jobsApi.createRule(input);
    navigate(paths.rule(result.id));
  };
  const onSubmit = submit(save, 'The rule could not be saved', () => ruleFieldPaths(draft));

  return (
    <Content>
      <ContentHeader title={saved ? `Edit event rule: ${saved.name}` : 'New event rule'} />
      <form
        onSubmit={onSubmit}
        noValidate
        aria-label={saved ? 'Edit event rule' : 'New event rule'}
        data-testid="maestro-rule-form"
      >
        <InfoCard>
          <Box display="flex" flexDirection="column" style={{ gap: 16 }} maxWidth={960}>
            <FormRefusalPanel refusal={refusal} testId="maestro-rule-form-problems" />
            <NameOwnerFields
              idPrefix="rule"
              draft={draft}
              set={set}
              fieldProps={fieldProps}
              ownerHelp="User or group that answers for the rule"
            />
            <Typography variant="h6">When a record is</Typography>
            <Box>
              <FormLabel component="legend">Events</FormLabel>
              {RULE_EVENTS.map(event => (
                <FormControlLabel
                  key={event}
                  control={
                    <Checkbox
                      checked={draft.events.includes(event)}
                      onChange={e => toggleEvent(event, e.target.checked)}
                    />
                  }
                  label={EVENT_LABELS[event]}
                />
              ))}
              {problems.at('events') && (
                <Typography variant="caption" color="error" display="block">
                  {problems.at('events')}
                </Typography>
              )}
            </Box>
            <TextField
              select
              id="rule-actor"
              label="By"
              value={draft.actor}
              SelectProps={{ native: true }}
              onChange={e => set({ actor: e.target.value as RuleActor })}
              style={{ maxWidth: 320 }}
              {...fieldProps('actor')}
            >
              <option value="any">anyone (people, discovery, services)</option>
              <option value="person">a person</option>
              <option value="discovery">discovery</option>
            </TextField>
            <Typography variant="h6">If it matches</Typography>
            <RuleConditionsFields kinds={kinds} draft={draft} set={set} problems={problems} />
            <Typography variant="h6">Then</Typography>
            <RuleActionsFields
              actions={draft.actions}
              jobs={jobs}
              onChange={actions => set({ actions })}
              problems={problems}
            />
            <SaveCancelButtons
              saving={saving}
              saveLabel={saved ? 'Save rule' : 'Create rule'}
              saveTestId="maestro-rule-save"
              onCancel={() => navigate(saved ? paths.rule(saved.id) : paths.rules)}
            />
          </Box>
        </InfoCard>
      </form>
    </Content>
  );
}
