import type {
  EventRule,
  EventRuleInput,
  ReportKindFields,
  RuleAction,
  RuleActor,
  RuleConditions,
  RuleEvent,
} from '@maestro/plugin-maestro-common';
import { DEFAULT_OWNER } from '../../shared/defaultOwner';
import { splitList } from '../JobForm/jobFormState';
import { draftToFilter, FilterDraft, filterToDraft } from '../ReportForm/filterDrafts';
import { fieldsOf } from '../ReportForm/reportFormState';
import {
  newWebhookDraft,
  webhookDraftOf,
  webhookFieldPaths,
  WebhookDraft,
  webhookInputOf,
  webhookTargetOf,
} from '../WebhookFields/webhookDraft';

/** How urgent a rule's notification is. */
export type NotifySeverity = 'low' | 'normal' | 'high' | 'critical';

/** An action as the form edits it. */
export type ActionDraft =
  | { type: 'webhook'; webhook: WebhookDraft }
  | { type: 'notify'; to: 'owner' | 'entity'; entityRef: string; severity: NotifySeverity }
  | { type: 'job'; jobId: string };

/**
 * A rule as the form edits it: lists of refs as typed (separated by commas), the filters as the report form's rows
 * (they apply when exactly one kind is chosen).
 */
export interface RuleDraft {
  name: string;
  description: string;
  owner: string;
  enabled: boolean;
  events: RuleEvent[];
  actor: RuleActor;
  kinds: string[];
  owners: string;
  datacenters: string;
  changedFields: string;
  filters: FilterDraft[];
  actions: ActionDraft[];
}

/** A new rule: enabled, no event yet, anyone's changes, no condition, no action. */
export function newRuleDraft(): RuleDraft {
  return {
    name: '',
    description: '',
    owner: DEFAULT_OWNER,
    enabled: true,
    events: [],
    actor: 'any',
    kinds: [],
    owners: '',
    datacenters: '',
    changedFields: '',
    filters: [],
    actions: [],
  };
}

/** A new action of a type. */
export function newActionDraft(type: ActionDraft['type']): ActionDraft {
  if (type === 'webhook') return { type, webhook: newWebhookDraft() };
  if (type === 'notify') return { type, to: 'owner', entityRef: '', severity: 'normal' };
  return { type, jobId: '' };
}

function actionDraftOf(action: RuleAction): ActionDraft {
  if (action.type === 'webhook') return { type: 'webhook', webhook: webhookDraftOf(action.webhook) };
  if (action.type === 'notify') {
    return {
      type: 'notify',
      to: action.to.type,
      entityRef: action.to.type === 'entity' ? action.to.entityRef : '',
      severity: action.severity ?? 'normal',
    };
  }
  return { type: 'job', jobId: action.jobId };
}

/** A saved rule as the form edits it (its webhook secrets are not in the answer: only that they are stored). */
export function ruleDraftOf(rule: EventRule, kinds: ReportKindFields[]): RuleDraft {
  const c = rule.conditions ?? {};
  const fields = fieldsOf(kinds, c.kinds?.[0] ?? '');
  return {
    name: rule.name,
    description: rule.description ?? '',
    owner: rule.owner,
    enabled: rule.enabled,
    events: rule.events,
    actor: rule.actor ?? 'any',
    kinds: c.kinds ?? [],
    owners: (c.owners ?? []).join(', '),
    datacenters: (c.datacenters ?? []).join(', '),
    changedFields: (c.changedFields ?? []).join(', '),
    filters: (c.filters ?? []).map(f =>
      filterToDraft(
        f,
        fields.find(field => field.path === f.field),
      ),
    ),
    actions: rule.actions.map(actionDraftOf),
  };
}

function actionOf(action: ActionDraft): RuleAction {
  if (action.type === 'webhook') return { type: 'webhook', webhook: webhookTargetOf(action.webhook) };
  if (action.type === 'notify') {
    return {
      type: 'notify',
      to: action.to === 'owner' ? { type: 'owner' } : { type: 'entity', entityRef: action.entityRef.trim() },
      severity: action.severity,
    };
  }
  return { type: 'job', jobId: action.jobId };
}

/** Whether the filters apply: they are over one kind's fields. */
export const filtersApply = (draft: Pick<RuleDraft, 'kinds'>) => draft.kinds.length === 1;

/** The rule the backend reads from a draft: the conditions given, the filters when exactly one kind is chosen. */
export function ruleInputOf(draft: RuleDraft, kinds: ReportKindFields[]): EventRuleInput {
  const conditions: RuleConditions = {};
  if (draft.kinds.length) conditions.kinds = draft.kinds;
  const owners = splitList(draft.owners);
  if (owners.length) conditions.owners = owners;
  const datacenters = splitList(draft.datacenters);
  if (datacenters.length) conditions.datacenters = datacenters;
  const changedFields = splitList(draft.changedFields);
  if (changedFields.length) conditions.changedFields = changedFields;
  if (filtersApply(draft) && draft.filters.length) {
    const fields = fieldsOf(kinds, draft.kinds[0]);
    conditions.filters = draft.filters.map(f =>
      draftToFilter(
        f,
        fields.find(field => field.path === f.field),
      ),
    );
  }
  const input: EventRuleInput = {
    name: draft.name.trim(),
    enabled: draft.enabled,
    events: draft.events,
    actor: draft.actor,
    conditions,
    actions: draft.actions.map(actionOf),
  };
  if (draft.description.trim()) input.description = draft.description.trim();
  if (draft.owner.trim()) input.owner = draft.owner.trim();
  return input;
}

/** A saved rule sent back whole, its webhook secrets left out (kept): what the enable switch saves. */
export function savedRuleInput(rule: EventRule): EventRuleInput {
  const input: EventRuleInput = {
    name: rule.name,
    enabled: rule.enabled,
    owner: rule.owner,
    events: rule.events,
    actor: rule.actor,
    conditions: rule.conditions ?? {},
    actions: rule.actions.map(action =>
      action.type === 'webhook' ? { ...action, webhook: webhookInputOf(action.webhook) } : action,
    ),
  };
  if (rule.description) input.description = rule.description;
  return input;
}

/** The fields the form shows for a draft, by the paths a 400 names them with. */
export function ruleFieldPaths(draft: RuleDraft): string[] {
  const paths = [
    'name',
    'description',
    'owner',
    'enabled',
    'events',
    'actor',
    'conditions.kinds',
    'conditions.owners',
    'conditions.datacenters',
    'conditions.changedFields',
    'actions',
  ];
  if (filtersApply(draft)) {
    paths.push('conditions.filters', ...draft.filters.map((_, i) => `conditions.filters[${i}]`));
  }
  draft.actions.forEach((action, i) => {
    paths.push(`actions[${i}]`);
    if (action.type === 'webhook') paths.push(...webhookFieldPaths(`actions[${i}].webhook`, action.webhook));
    if (action.type === 'notify') paths.push(`actions[${i}].to`, `actions[${i}].severity`);
    if (action.type === 'job') paths.push(`actions[${i}].jobId`);
  });
  return paths;
}
