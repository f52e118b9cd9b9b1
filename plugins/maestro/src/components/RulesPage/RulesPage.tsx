import { useCallback, useEffect, useState } from 'react';
import { Link as RouterLink } from 'react-router-dom';
import { Content, ContentHeader } from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import type { EventRule } from '@maestro/plugin-maestro-common';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import Link from '@material-ui/core/Link';
import Table from '@material-ui/core/Table';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableHead from '@material-ui/core/TableHead';
import TableRow from '@material-ui/core/TableRow';
import Typography from '@material-ui/core/Typography';
import { jobsApiRef } from '../../api/JobsApi';
import { useMaestroPaths } from '../../shared/paths';
import {
  ConfirmDeleteDialog,
  EditDeleteButtons,
  EnabledSwitchCell,
  SavedListStatus,
} from '../../shared/SavedListParts';
import { useListActions } from '../../shared/useListActions';
import { actionsText, conditionsText } from '../JobsPage/jobFormat';
import { JobsViewTabs } from '../JobsPage/JobsViewTabs';
import { savedRuleInput } from '../RuleForm/ruleFormState';

/** One rule of the table: the enable switch, name, events, conditions and actions in words, delivery counts. */
function RuleRow(props: {
  rule: EventRule;
  jobName: (id: string) => string;
  busy: boolean;
  onToggle: (enabled: boolean) => void;
  onDelete: () => void;
}) {
  const { rule, jobName, busy, onToggle, onDelete } = props;
  const paths = useMaestroPaths();
  return (
    <TableRow data-testid={`maestro-rule-row-${rule.name}`}>
      <EnabledSwitchCell name={rule.name} enabled={rule.enabled} busy={busy} onToggle={onToggle} />
      <TableCell>
        <Link component={RouterLink} to={paths.rule(rule.id)}>
          {rule.name}
        </Link>
        {rule.description && (
          <Typography variant="caption" color="textSecondary" display="block">
            {rule.description}
          </Typography>
        )}
      </TableCell>
      <TableCell>{rule.events.join(', ')}</TableCell>
      <TableCell data-testid="maestro-rule-conditions">{conditionsText(rule)}</TableCell>
      <TableCell data-testid="maestro-rule-actions">{actionsText(rule, jobName)}</TableCell>
      <TableCell align="right" data-testid="maestro-rule-pending">
        {rule.pendingDeliveries ?? 0}
      </TableCell>
      <TableCell align="right" data-testid="maestro-rule-failed">
        <Typography variant="body2" color={rule.failedDeliveries ? 'error' : 'inherit'}>
          {rule.failedDeliveries ?? 0}
        </Typography>
      </TableCell>
      <TableCell>
        <Box display="flex" style={{ gap: 4 }}>
          <EditDeleteButtons editTo={paths.editRule(rule.id)} busy={busy} onDelete={onDelete} />
        </Box>
      </TableCell>
    </TableRow>
  );
}

/**
 * The Event rules view (`jobs/rules`): every rule with an enable switch, its events, conditions and actions in
 * words, and its pending and failed deliveries; edit, delete (after a confirmation) and a button to create one.
 */
export function RulesPage() {
  const api = useApi(jobsApiRef);
  const paths = useMaestroPaths();
  const [rules, setRules] = useState<EventRule[]>();
  const [jobNames, setJobNames] = useState(new Map<string, string>());
  const [error, setError] = useState<Error>();
  const { actionError, busyId, act, deleting, setDeleting, confirmDelete } = useListActions<EventRule>();

  const load = useCallback(() => {
    api
      .listRules()
      .then(answer => setRules(answer.rules))
      .catch(e => setError(e));
  }, [api]);
  useEffect(() => {
    load();
    api
      .listJobs()
      .then(answer => setJobNames(new Map(answer.jobs.map(j => [j.id, j.name]))))
      .catch(() => undefined);
  }, [api, load]);

  const toggle = (rule: EventRule, enabled: boolean) =>
    act(rule, async () => {
      const saved = await api.updateRule(rule.id, { ...savedRuleInput(rule), enabled });
      setRules(list => list?.map(r => (r.id === saved.id ? { ...r, ...saved } : r)));
    });

  return (
    <Content>
      <JobsViewTabs selected="rules" />
      <ContentHeader
        title="Event rules"
        description="When a record changes in a way that matches: call a webhook, notify someone or start a job"
      >
        <Button
          variant="contained"
          color="primary"
          component={RouterLink}
          to={paths.newRule}
          data-testid="maestro-new-rule"
        >
          New rule
        </Button>
      </ContentHeader>
      <SavedListStatus
        error={error}
        actionError={actionError}
        actionTitle="The rule could not be changed"
        loaded={!!rules}
        empty={!!rules && rules.length === 0}
        emptyText='No event rule yet: create one with "New rule".'
      />
      {rules && rules.length > 0 && (
        <Table size="small" aria-label="Event rules" data-testid="maestro-rules-table">
          <TableHead>
            <TableRow>
              <TableCell>Enabled</TableCell>
              <TableCell>Name</TableCell>
              <TableCell>Events</TableCell>
              <TableCell>Conditions</TableCell>
              <TableCell>Actions</TableCell>
              <TableCell align="right">Pending</TableCell>
              <TableCell align="right">Failed</TableCell>
              <TableCell />
            </TableRow>
          </TableHead>
          <TableBody>
            {rules.map(rule => (
              <RuleRow
                key={rule.id}
                rule={rule}
                jobName={jobId => jobNames.get(jobId) ?? jobId}
                busy={busyId === rule.id}
                onToggle={enabled => toggle(rule, enabled)}
                onDelete={() => setDeleting(rule)}
              />
            ))}
          </TableBody>
        </Table>
      )}
      <ConfirmDeleteDialog
        what={deleting && `the event rule ${deleting.name}`}
        consequence="The rule and its delivery log are deleted; deliveries still pending are not made."
        onCancel={() => setDeleting(undefined)}
        onConfirm={() =>
          confirmDelete(async rule => {
            await api.deleteRule(rule.id);
            load();
          })
        }
      />
    </Content>
  );
}
