import type { MaestroJob } from '@maestro/plugin-maestro-common';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import FormControlLabel from '@material-ui/core/FormControlLabel';
import Radio from '@material-ui/core/Radio';
import RadioGroup from '@material-ui/core/RadioGroup';
import TextField from '@material-ui/core/TextField';
import Typography from '@material-ui/core/Typography';
import type { SortedProblems } from '../../shared/fieldProblems';
import { JobPicker } from '../JobForm/ChainFields';
import { RULE_TEMPLATE_ROOTS, WebhookFields } from '../WebhookFields';
import { ActionDraft, newActionDraft, NotifySeverity } from './ruleFormState';

const SEVERITIES: NotifySeverity[] = ['low', 'normal', 'high', 'critical'];

const ACTION_TITLES: Record<ActionDraft['type'], string> = {
  webhook: 'Call a webhook',
  notify: 'Send a notification',
  job: 'Start a job',
};

/** A notification action: to the record's owner or to a user or group, and how urgent. */
function NotifyFields(props: {
  id: string;
  action: Extract<ActionDraft, { type: 'notify' }>;
  onChange: (action: ActionDraft) => void;
  problemAt: (path: string) => string | undefined;
}) {
  const { id, action, onChange, problemAt } = props;
  return (
    <Box display="flex" flexWrap="wrap" alignItems="center" style={{ gap: 8 }}>
      <RadioGroup
        row
        aria-label="Notify"
        value={action.to}
        onChange={e => onChange({ ...action, to: e.target.value as 'owner' | 'entity' })}
      >
        <FormControlLabel value="owner" control={<Radio />} label="The record's owner" />
        <FormControlLabel value="entity" control={<Radio />} label="A user or group" />
      </RadioGroup>
      {action.to === 'entity' && (
        <TextField
          id={`${id}-entity`}
          label="User or group"
          required
          value={action.entityRef}
          placeholder="group:default/platform"
          onChange={e => onChange({ ...action, entityRef: e.target.value })}
          style={{ minWidth: 280 }}
          error={!!problemAt('to')}
          helperText={problemAt('to')}
        />
      )}
      <TextField
        select
        id={`${id}-severity`}
        label="Severity"
        value={action.severity}
        SelectProps={{ native: true }}
        onChange={e => onChange({ ...action, severity: e.target.value as NotifySeverity })}
        style={{ minWidth: 140 }}
        error={!!problemAt('severity')}
        helperText={problemAt('severity')}
      >
        {SEVERITIES.map(severity => (
          <option key={severity} value={severity}>
            {severity}
          </option>
        ))}
      </TextField>
      {action.to === 'owner' && problemAt('to') && (
        <Typography variant="caption" color="error">
          {problemAt('to')}
        </Typography>
      )}
    </Box>
  );
}

/**
 * What a rule does on a match, in order: call a webhook (the same fields as a webhook job, its body seeing `rule`,
 * `event` and `delivery`), send a notification, or start a job. Actions are added by type and removed one by one.
 */
export function RuleActionsFields(props: {
  actions: ActionDraft[];
  jobs: MaestroJob[];
  onChange: (actions: ActionDraft[]) => void;
  problems: SortedProblems;
}) {
  const { actions, jobs, onChange, problems } = props;
  const replace = (i: number, action: ActionDraft) => onChange(actions.map((a, j) => (j === i ? action : a)));
  return (
    <Box display="flex" flexDirection="column" style={{ gap: 12 }}>
      {actions.map((action, i) => {
        const problemAt = (path: string) => problems.at(`actions[${i}].${path}`);
        return (
          <Box key={i} p={2} border={1} borderColor="divider" borderRadius={4} data-testid={`maestro-rule-action-${i}`}>
            <Box display="flex" justifyContent="space-between" alignItems="center" mb={1}>
              <Typography variant="subtitle1">
                {i + 1}. {ACTION_TITLES[action.type]}
              </Typography>
              <Button size="small" onClick={() => onChange(actions.filter((_, j) => j !== i))}>
                Remove action
              </Button>
            </Box>
            {problems.at(`actions[${i}]`) && (
              <Typography variant="caption" color="error" display="block">
                {problems.at(`actions[${i}]`)}
              </Typography>
            )}
            {action.type === 'webhook' && (
              <WebhookFields
                idPrefix={`rule-action-${i}`}
                draft={action.webhook}
                onChange={webhook => replace(i, { ...action, webhook })}
                templateRoots={RULE_TEMPLATE_ROOTS}
                problemAt={path => problemAt(`webhook.${path}`)}
              />
            )}
            {action.type === 'notify' && (
              <NotifyFields
                id={`rule-action-${i}`}
                action={action}
                onChange={a => replace(i, a)}
                problemAt={problemAt}
              />
            )}
            {action.type === 'job' && (
              <JobPicker
                id={`rule-action-${i}-job`}
                label="Job"
                value={action.jobId}
                jobs={jobs}
                noneLabel="(choose a job)"
                onChange={jobId => replace(i, { ...action, jobId })}
                error={problemAt('jobId')}
                helperText="Started with the trigger “event rule”"
              />
            )}
          </Box>
        );
      })}
      {problems.at('actions') && (
        <Typography variant="caption" color="error">
          {problems.at('actions')}
        </Typography>
      )}
      <Box display="flex" style={{ gap: 8 }}>
        {(['webhook', 'notify', 'job'] as const).map(type => (
          <Button
            key={type}
            size="small"
            variant="outlined"
            onClick={() => onChange([...actions, newActionDraft(type)])}
          >
            {type === 'webhook' && 'Add webhook'}
            {type === 'notify' && 'Add notification'}
            {type === 'job' && 'Add job start'}
          </Button>
        ))}
      </Box>
    </Box>
  );
}
