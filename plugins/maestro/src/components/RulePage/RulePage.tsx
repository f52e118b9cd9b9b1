import { useCallback, useEffect, useState } from 'react';
import { Link as RouterLink, useNavigate, useParams } from 'react-router-dom';
import { Content, ContentHeader, InfoCard, Progress, ResponseErrorPanel } from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import type { EventRule, RuleDelivery, RuleDeliveryStatus } from '@maestro/plugin-maestro-common';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import { jobsApiRef } from '../../api/JobsApi';
import { describeApiError } from '../../shared/apiErrors';
import { ActionErrorPanel, PagedLogSection, Setting } from '../../shared/DetailPageParts';
import { useMaestroPaths } from '../../shared/paths';
import { ConfirmDeleteDialog } from '../../shared/SavedListParts';
import { usePagedLog } from '../../shared/usePagedLog';
import { actionText, conditionsText, localTime } from '../JobsPage/jobFormat';
import { isUnderWay } from '../JobsPage/StatusChip';
import { DeliveryLog } from './DeliveryLog';

/** Deliveries read per page of the log. */
export const DELIVERIES_PER_PAGE = 50;
/** How often the log is read again while a delivery is pending or under way. */
export const DELIVERY_LOG_POLL_MS = 5000;

/** A rule's settings in words. */
function RuleSettings(props: { rule: EventRule; jobName: (id: string) => string }) {
  const { rule, jobName } = props;
  return (
    <InfoCard title="Settings">
      <Setting label="Enabled">{rule.enabled ? 'yes' : 'no'}</Setting>
      <Setting label="Owner">{rule.owner}</Setting>
      {rule.description && <Setting label="Description">{rule.description}</Setting>}
      <Setting label="When a record is">{rule.events.join(', ')}</Setting>
      <Setting label="If" testId="maestro-rule-conditions">
        {conditionsText(rule)}
      </Setting>
      <Setting label="Then" testId="maestro-rule-actions">
        {rule.actions.map((action, i) => (
          <div key={i}>
            {i + 1}. {actionText(action, jobName)}
          </div>
        ))}
      </Setting>
      <Setting label="Deliveries">
        {rule.pendingDeliveries ?? 0} pending · {rule.failedDeliveries ?? 0} failed
      </Setting>
      {rule.updatedAt && (
        <Setting label="Updated">
          {localTime(rule.updatedAt)}
          {rule.updatedBy ? ` by ${rule.updatedBy}` : ''}
        </Setting>
      )}
    </InfoCard>
  );
}

/**
 * One event rule (`jobs/rules/:id`): its settings in words, Edit and Delete, and its delivery log with Redeliver,
 * read again while a delivery is pending or under way.
 */
export function RulePage() {
  const api = useApi(jobsApiRef);
  const paths = useMaestroPaths();
  const navigate = useNavigate();
  const { id = '' } = useParams();
  const [rule, setRule] = useState<EventRule>();
  const [jobNames, setJobNames] = useState(new Map<string, string>());
  const [loadError, setLoadError] = useState<Error>();
  const [actionError, setActionError] = useState<string>();
  const [status, setStatus] = useState<RuleDeliveryStatus | ''>('');
  const [redelivering, setRedelivering] = useState<string>();
  const [confirming, setConfirming] = useState(false);

  useEffect(() => {
    api.getRule(id).then(setRule, setLoadError);
    api
      .listJobs()
      .then(answer => setJobNames(new Map(answer.jobs.map(j => [j.id, j.name]))))
      .catch(() => undefined);
  }, [api, id]);

  const readPage = useCallback(
    async (before?: string) => {
      const page = await api.listDeliveries(id, { status: status || undefined, limit: DELIVERIES_PER_PAGE, before });
      return { items: page.deliveries, nextBefore: page.nextBefore };
    },
    [api, id, status],
  );
  const log = usePagedLog<RuleDelivery>({
    key: `${id} ${status}`,
    readPage,
    underWay: delivery => isUnderWay(delivery.status),
    pollMs: DELIVERY_LOG_POLL_MS,
  });

  if (loadError)
    return (
      <Content>
        <ResponseErrorPanel error={loadError} />
      </Content>
    );
  if (!rule) return <Progress />;

  const redeliver = async (delivery: RuleDelivery) => {
    setRedelivering(delivery.id);
    setActionError(undefined);
    try {
      log.upsert(await api.redeliver(rule.id, delivery.id));
    } catch (e) {
      setActionError(describeApiError(e).message);
    } finally {
      setRedelivering(undefined);
    }
  };

  const remove = async () => {
    setConfirming(false);
    setActionError(undefined);
    try {
      await api.deleteRule(rule.id);
      navigate(paths.rules);
    } catch (e) {
      setActionError(describeApiError(e).message);
    }
  };

  return (
    <Content>
      <ContentHeader title={rule.name} description="Event rule">
        <Box display="flex" style={{ gap: 8 }}>
          <Button
            variant="outlined"
            component={RouterLink}
            to={paths.editRule(rule.id)}
            data-testid="maestro-rule-edit"
          >
            Edit
          </Button>
          <Button variant="outlined" onClick={() => setConfirming(true)}>
            Delete
          </Button>
          <Button component={RouterLink} to={paths.rules}>
            All rules
          </Button>
        </Box>
      </ContentHeader>
      <ActionErrorPanel error={actionError} title="The rule could not do that" testId="maestro-rule-action-error" />
      <RuleSettings rule={rule} jobName={jobId => jobNames.get(jobId) ?? jobId} />
      <PagedLogSection title="Deliveries" log={log}>
        <DeliveryLog
          log={log}
          status={status}
          onStatus={setStatus}
          redelivering={redelivering}
          onRedeliver={redeliver}
        />
      </PagedLogSection>
      <ConfirmDeleteDialog
        what={confirming ? `the event rule ${rule.name}` : undefined}
        consequence="The rule and its delivery log are deleted; deliveries still pending are not made."
        onCancel={() => setConfirming(false)}
        onConfirm={remove}
      />
    </Content>
  );
}
