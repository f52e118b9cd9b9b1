import { FormEvent, useEffect, useState } from 'react';
import { useNavigate, useParams } from 'react-router-dom';
import {
  Content,
  ContentHeader,
  InfoCard,
  Progress,
  ResponseErrorPanel,
  WarningPanel,
} from '@backstage/core-components';
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
import Button from '@material-ui/core/Button';
import Checkbox from '@material-ui/core/Checkbox';
import FormControlLabel from '@material-ui/core/FormControlLabel';
import FormLabel from '@material-ui/core/FormLabel';
import Switch from '@material-ui/core/Switch';
import TextField from '@material-ui/core/TextField';
import Typography from '@material-ui/core/Typography';
import { jobsApiRef, maestroApiRef } from '../../api';
import { describeApiError } from '../../shared/apiErrors';
import { NO_PROBLEMS, SortedProblems, sortProblems } from '../../shared/fieldProblems';
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

/** A refusal: its title and its problems sorted to the fields shown. */
interface Refusal {
  title: string;
  problems: SortedProblems;
}

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
  const [refusal, setRefusal] = useState<Refusal>();
  const [saving, setSaving] = useState(false);

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
  const fieldProps = (path: string, help?: string) => ({
    error: !!problems.at(path),
    helperText: problems.at(path) ?? help,
  });
  const toggleEvent = (event: RuleEvent, on: boolean) =>
    set({ events: RULE_EVENTS.filter(e => (e === event ? on : draft.events.includes(e))) });

  const submit = async (formEvent: FormEvent) => {
    formEvent.preventDefault();
    setSaving(true);
    setRefusal(undefined);
    try {
      const input = ruleInputOf(draft, kinds);
      const result = saved ? await jobsApi.updateRule(saved.id, input) : await jobsApi.createRule(input);
      navigate(paths.rule(result.id));
    } catch (e) {
      const failure = describeApiError(e);
      setRefusal({
        title: failure.status === 403 ? 'Not allowed' : 'The rule could not be saved',
        problems: failure.problems.length
          ? sortProblems(failure.problems, ruleFieldPaths(draft))
          : { at: () => undefined, other: [failure.message] },
      });
      setSaving(false);
    }
  };

  return (
    <Content>
      <ContentHeader title={saved ? `Edit event rule: ${saved.name}` : 'New event rule'} />
      <form
        onSubmit={submit}
        noValidate
        aria-label={saved ? 'Edit event rule' : 'New event rule'}
        data-testid="maestro-rule-form"
      >
        <InfoCard>
          <Box display="flex" flexDirection="column" style={{ gap: 16 }} maxWidth={960}>
            {refusal && refusal.problems.other.length > 0 && (
              <div data-testid="maestro-rule-form-problems">
                <WarningPanel severity="error" title={refusal.title} defaultExpanded>
                  {refusal.problems.other.map(text => (
                    <Typography key={text}>{text}</Typography>
                  ))}
                </WarningPanel>
              </div>
            )}
            <Box display="flex" flexWrap="wrap" style={{ gap: 8 }}>
              <TextField
                id="rule-name"
                label="Name"
                required
                value={draft.name}
                onChange={e => set({ name: e.target.value })}
                style={{ minWidth: 300 }}
                {...fieldProps('name')}
              />
              <TextField
                id="rule-owner"
                label="Owner"
                value={draft.owner}
                onChange={e => set({ owner: e.target.value })}
                style={{ minWidth: 300 }}
                {...fieldProps('owner', 'User or group that answers for the rule')}
              />
              <FormControlLabel
                control={<Switch checked={draft.enabled} onChange={e => set({ enabled: e.target.checked })} />}
                label="Enabled"
              />
            </Box>
            <TextField
              id="rule-description"
              label="Description"
              value={draft.description}
              multiline
              onChange={e => set({ description: e.target.value })}
              {...fieldProps('description')}
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
            <Box display="flex" style={{ gap: 8 }}>
              <Button
                type="submit"
                variant="contained"
                color="primary"
                disabled={saving}
                data-testid="maestro-rule-save"
              >
                {saved ? 'Save rule' : 'Create rule'}
              </Button>
              <Button onClick={() => navigate(saved ? paths.rule(saved.id) : paths.rules)}>Cancel</Button>
            </Box>
          </Box>
        </InfoCard>
      </form>
    </Content>
  );
}
