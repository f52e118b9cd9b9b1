import { InputError } from '@backstage/errors';
import {
  findMaestroKind,
  RULE_EVENTS,
  type ReportFilter,
  type RuleActor,
  type RuleConditions,
  type RuleEvent,
} from '@maestro/plugin-maestro-common';
import { entityRef, list, objectAt, Problems, text } from '../input/fieldProblems';
import { shownName, shownValue } from '../input/forbiddenKeys';
import { requireObject } from '../input/requestFields';
import { compileFilters } from '../reports/reportFilters';
import { ruleActionSealContext, type JobStarter, type RuleWebhooks } from './ports';
import type { RuleFields, StoredRule, StoredRuleAction } from './RuleStore';

export const MAX_RULE_NAME = 128;
export const MAX_RULE_DESCRIPTION = 2000;
export const MAX_RULE_ACTIONS = 10;
/** Most values in one condition list. */
export const MAX_CONDITION_VALUES = 100;
export const RULE_ACTORS: readonly RuleActor[] = ['any', 'person', 'discovery'];
export const NOTIFY_SEVERITIES = ['low', 'normal', 'high', 'critical'] as const;
/** A field whose change a rule can wait for: `title`, `owner`, or a top-level spec field. */
export const CHANGED_FIELD = /^(title|owner|spec\.[A-Za-z_][A-Za-z0-9_]{0,63})$/;

const RULE_FIELDS = ['name', 'description', 'enabled', 'owner', 'events', 'actor', 'conditions', 'actions'];
const CONDITION_FIELDS = ['kinds', 'owners', 'datacenters', 'changedFields', 'filters'];
const ACTION_FIELDS: Record<string, string[]> = {
  webhook: ['type', 'webhook'],
  notify: ['type', 'to', 'severity'],
  job: ['type', 'jobId'],
};
const JOB_ID = /^[A-Za-z0-9][A-Za-z0-9:._-]{0,127}$/;

function readConditions(value: unknown, problems: Problems): RuleConditions {
  if (value === undefined || value === null) return {};
  const input = objectAt(value, 'conditions', problems, CONDITION_FIELDS);
  if (!input) return {};
  const conditions: RuleConditions = {};
  const kinds = list(input.kinds, 'conditions.kinds', problems, 50)?.map((kind, i) => {
    const at = `conditions.kinds[${i}]`;
    const found = typeof kind === 'string' ? findMaestroKind(kind) : undefined;
    return found ? found.kind : problems.add(at, `unknown kind '${shownValue(kind)}'`);
  });
  if (kinds?.length) conditions.kinds = [...new Set(kinds.filter((k): k is string => k !== undefined))];
  const refs = (field: 'owners' | 'datacenters', kindsOf: string[]) => {
    const values = list(input[field], `conditions.${field}`, problems, MAX_CONDITION_VALUES)?.map((ref, i) =>
      entityRef(ref, `conditions.${field}[${i}]`, problems, kindsOf),
    );
    if (values?.length) conditions[field] = [...new Set(values.filter((v): v is string => v !== undefined))];
  };
  refs('owners', ['group', 'user']);
  refs('datacenters', ['datacenter']);
  const fields = list(input.changedFields, 'conditions.changedFields', problems, 50)?.map((field, i) =>
    typeof field === 'string' && CHANGED_FIELD.test(field)
      ? field
      : problems.add(`conditions.changedFields[${i}]`, 'must be title, owner or spec.<field>'),
  );
  if (fields?.length) conditions.changedFields = [...new Set(fields.filter((f): f is string => f !== undefined))];
  if (input.filters !== undefined && input.filters !== null) {
    if (!Array.isArray(input.filters)) problems.add('conditions.filters', 'must be a list of filters');
    else if (input.filters.length > 0) {
      if (input.kinds === undefined || !Array.isArray(input.kinds) || input.kinds.length !== 1) {
        problems.add('conditions.filters', 'need exactly one kind in conditions.kinds');
      } else if (conditions.kinds?.length === 1) {
        const kind = conditions.kinds[0];
        problems.collect(() => compileFilters(kind, input.filters, { prefix: 'conditions.filters' }));
        conditions.filters = input.filters as ReportFilter[];
      }
    }
  }
  return conditions;
}

async function readAction(
  value: unknown,
  index: number,
  problems: Problems,
  options: ReadRuleOptions,
): Promise<StoredRuleAction | undefined> {
  const at = `actions[${index}]`;
  const type = value && typeof value === 'object' ? (value as Record<string, unknown>).type : undefined;
  if (typeof type !== 'string' || !ACTION_FIELDS[type]) {
    if (typeof value !== 'object' || value === null || Array.isArray(value))
      return problems.add(at, 'must be an object');
    return problems.add(`${at}.type`, `must be one of ${Object.keys(ACTION_FIELDS).join(', ')}`);
  }
  const input = objectAt(value, at, problems, ACTION_FIELDS[type]);
  if (!input) return undefined;
  if (type === 'webhook') {
    if (!options.webhooks) return problems.add(`${at}.type`, 'webhooks are not available in this backend');
    const previous = options.previous?.actions[index];
    const webhooks = options.webhooks;
    const webhook = problems.collect(() =>
      webhooks.read(input.webhook, `${at}.webhook`, {
        previous: previous?.type === 'webhook' ? previous.webhook : undefined,
        sealContext: ruleActionSealContext(options.id, index),
      }),
    );
    return webhook && { type: 'webhook', webhook };
  }
  if (type === 'notify') {
    const to = objectAt(input.to, `${at}.to`, problems, ['type', 'entityRef']);
    let target: { type: 'owner' } | { type: 'entity'; entityRef: string } | undefined;
    if (to?.type === 'owner') {
      if (to.entityRef !== undefined) problems.add(`${at}.to.entityRef`, "is only for type 'entity'");
      else target = { type: 'owner' };
    } else if (to?.type === 'entity') {
      const ref = entityRef(to.entityRef, `${at}.to.entityRef`, problems, ['user', 'group']);
      if (ref) target = { type: 'entity', entityRef: ref };
    } else if (to) problems.add(`${at}.to.type`, "must be 'owner' or 'entity'");
    const severity = input.severity;
    if (severity !== undefined && !NOTIFY_SEVERITIES.includes(severity as any)) {
      return problems.add(`${at}.severity`, `must be one of ${NOTIFY_SEVERITIES.join(', ')}`);
    }
    return target && { type: 'notify', to: target, ...(severity ? { severity: severity as 'normal' } : {}) };
  }
  const jobId = input.jobId;
  if (typeof jobId !== 'string' || !JOB_ID.test(jobId)) return problems.add(`${at}.jobId`, 'must be the id of a job');
  if (options.jobs && !(await options.jobs.exists(jobId))) {
    return problems.add(`${at}.jobId`, `no job ${shownName(jobId)}`);
  }
  return { type: 'job', jobId };
}

/** What reading a rule needs: its id (secrets are sealed for it), the version it replaces, the parts wired. */
export interface ReadRuleOptions {
  id: string;
  previous?: StoredRule;
  /** Owner when the input names none: the caller's entity ref. */
  defaultOwner: string;
  webhooks?: RuleWebhooks;
  /** When wired, a job action's job must exist. */
  jobs?: JobStarter;
}

/**
 * The body of `POST /rules` or `PUT /rules/{id}`, checked: every problem in one 400 whose parts each start with the
 * field path (`conditions.kinds[0]: …; actions[1].webhook.url: …`), unknown fields refused at every level, and
 * nothing sealed or stored unless all is valid. Kinds are written as the store names them (`server` → `Server`),
 * entity refs in full (`team-a` → `group:default/team-a`).
 */
export async function readRuleInput(body: unknown, options: ReadRuleOptions): Promise<RuleFields> {
  const input = requireObject(body);
  const problems = new Problems();
  objectAt(input, 'body', problems, RULE_FIELDS);
  const name = text(input.name, 'name', problems, MAX_RULE_NAME, true);
  const description = text(input.description, 'description', problems, MAX_RULE_DESCRIPTION, false);
  if (input.enabled !== undefined && typeof input.enabled !== 'boolean')
    problems.add('enabled', 'must be true or false');
  const owner =
    input.owner === undefined || input.owner === null || input.owner === ''
      ? options.defaultOwner
      : entityRef(input.owner, 'owner', problems, ['group', 'user']);
  let events: RuleEvent[] | undefined;
  if (!Array.isArray(input.events) || input.events.length === 0) {
    problems.add('events', `must be a non-empty list of ${RULE_EVENTS.join(', ')}`);
  } else {
    input.events.forEach((event, i) => {
      if (!RULE_EVENTS.includes(event)) problems.add(`events[${i}]`, `must be one of ${RULE_EVENTS.join(', ')}`);
    });
    events = RULE_EVENTS.filter(event => (input.events as unknown[]).includes(event));
  }
  const actor = input.actor ?? 'any';
  if (!RULE_ACTORS.includes(actor as RuleActor)) problems.add('actor', `must be one of ${RULE_ACTORS.join(', ')}`);
  const conditions = readConditions(input.conditions, problems);
  const actions: StoredRuleAction[] = [];
  if (!Array.isArray(input.actions) || input.actions.length === 0 || input.actions.length > MAX_RULE_ACTIONS) {
    problems.add('actions', `must be a list of 1 to ${MAX_RULE_ACTIONS} actions`);
  } else {
    for (const [i, value] of input.actions.entries()) {
      const action = await readAction(value, i, problems, options);
      if (action) actions.push(action);
    }
  }
  if (problems.list.length) throw new InputError(problems.list.join('; '));
  return {
    name: name!,
    ...(description ? { description } : {}),
    enabled: input.enabled === undefined ? true : Boolean(input.enabled),
    owner: owner!,
    events: events!,
    actor: actor as RuleActor,
    conditions,
    actions,
  };
}
