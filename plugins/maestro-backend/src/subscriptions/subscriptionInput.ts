import { parseEntityRef } from '@backstage/catalog-model';
import { InputError } from '@backstage/errors';
import {
  findMaestroKind,
  SUBSCRIPTION_DELIVERIES,
  SUBSCRIPTION_EVENTS,
  type SubscriptionDelivery,
  type SubscriptionEvent,
  type SubscriptionTarget,
} from '@maestro/plugin-maestro-common';
import { entityRef, list, objectAt, Problems, text } from '../input/fieldProblems';
import { shownName, shownValue } from '../input/forbiddenKeys';
import { requireObject } from '../input/requestFields';

const CREATE_FIELDS = ['subscriber', 'target', 'events', 'delivery'];
const UPDATE_FIELDS = ['events', 'delivery'];
const TARGET_FIELDS: Record<SubscriptionTarget['type'], string[]> = {
  entity: ['type', 'entityRef'],
  kind: ['type', 'kind', 'datacenter', 'environment'],
  owned: ['type'],
};
const ENVIRONMENT = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/;

/** A new subscription as read from `POST /subscriptions` (refs normalised, defaults filled in). */
export interface SubscriptionFields {
  /** Given by the caller, or undefined: the caller subscribes themselves. */
  subscriber?: string;
  target: SubscriptionTarget;
  events: SubscriptionEvent[];
  delivery: SubscriptionDelivery;
}

function events(value: unknown, problems: Problems): SubscriptionEvent[] | undefined {
  const values = list(value, 'events', problems, SUBSCRIPTION_EVENTS.length);
  if (!values) return undefined;
  if (values.length === 0) return problems.add('events', `must name at least one of ${SUBSCRIPTION_EVENTS.join(', ')}`);
  const read = values.map((event, i) =>
    SUBSCRIPTION_EVENTS.includes(event as SubscriptionEvent)
      ? (event as SubscriptionEvent)
      : problems.add(`events[${i}]`, `must be one of ${SUBSCRIPTION_EVENTS.join(', ')} (got '${shownValue(event)}')`),
  );
  return SUBSCRIPTION_EVENTS.filter(event => read.includes(event));
}

function delivery(value: unknown, problems: Problems): SubscriptionDelivery | undefined {
  if (value === undefined || value === null) return undefined;
  if (SUBSCRIPTION_DELIVERIES.includes(value as SubscriptionDelivery)) return value as SubscriptionDelivery;
  return problems.add('delivery', `must be immediate or daily (got '${shownValue(value)}')`);
}

/** A record's entity ref (`server:default/web-01`; the kind is required and must be a Maestro kind). */
function recordRef(value: unknown, problems: Problems, at = 'target.entityRef'): string | undefined {
  const ref = text(value, at, problems, 255, true);
  if (ref === undefined) return undefined;
  try {
    const parsed = parseEntityRef(ref, { defaultNamespace: 'default' });
    const kind = findMaestroKind(parsed.kind);
    if (!kind)
      return problems.add(at, `must be the entity ref of a Maestro record (unknown kind '${shownName(parsed.kind)}')`);
    if (!/^[A-Za-z0-9][A-Za-z0-9_.-]{0,254}$/.test(parsed.name)) return problems.add(at, 'has an invalid name');
    return `${kind.kind.toLowerCase()}:${parsed.namespace.toLowerCase()}/${parsed.name}`;
  } catch {
    return problems.add(at, `must be an entity ref such as server:default/web-01 (got '${shownName(ref)}')`);
  }
}

function target(value: unknown, problems: Problems): SubscriptionTarget | undefined {
  if (value === undefined || value === null) return problems.add('target', 'is required');
  const type = (value as { type?: unknown }).type;
  if (
    typeof value === 'object' &&
    !Array.isArray(value) &&
    !(type === 'entity' || type === 'kind' || type === 'owned')
  ) {
    return problems.add('target.type', `must be entity, kind or owned (got '${shownValue(type)}')`);
  }
  const input = objectAt(value, 'target', problems, TARGET_FIELDS[type as SubscriptionTarget['type']] ?? []);
  if (!input) return undefined;
  if (type === 'owned') return { type: 'owned' };
  if (type === 'entity') {
    const ref = recordRef(input.entityRef, problems);
    return ref ? { type: 'entity', entityRef: ref } : undefined;
  }
  const kind = typeof input.kind === 'string' ? findMaestroKind(input.kind) : undefined;
  if (!kind) return problems.add('target.kind', `must be a Maestro kind (got '${shownValue(input.kind)}')`);
  const datacenter =
    input.datacenter === undefined || input.datacenter === null || input.datacenter === ''
      ? undefined
      : entityRef(input.datacenter, 'target.datacenter', problems, ['datacenter']);
  let environment: string | undefined;
  if (input.environment !== undefined && input.environment !== null && input.environment !== '') {
    environment =
      typeof input.environment === 'string' && ENVIRONMENT.test(input.environment)
        ? input.environment
        : problems.add('target.environment', 'must be an environment name such as production');
  }
  return {
    type: 'kind',
    kind: kind.kind,
    ...(datacenter ? { datacenter } : {}),
    ...(environment ? { environment } : {}),
  };
}

/** Reads the body of `POST /subscriptions`; every problem named by its field, all in one InputError. */
export function readSubscriptionInput(body: unknown): SubscriptionFields {
  const input = requireObject(body);
  const problems = new Problems();
  objectAt(input, 'body', problems, CREATE_FIELDS);
  const subscriber =
    input.subscriber === undefined || input.subscriber === null || input.subscriber === ''
      ? undefined
      : entityRef(input.subscriber, 'subscriber', problems, ['user', 'group']);
  const read = {
    target: target(input.target, problems),
    events: events(input.events, problems) ?? [...SUBSCRIPTION_EVENTS],
    delivery: delivery(input.delivery, problems) ?? 'immediate',
  };
  if (problems.list.length || !read.target) throw new InputError(problems.list.join('; '));
  return { ...(subscriber ? { subscriber } : {}), ...read, target: read.target };
}

/** Reads `?entityRef=` (a record's entity ref, normalised like a target's). */
export function readEntityRefQuery(value: string): string {
  const problems = new Problems();
  const ref = recordRef(value, problems, 'entityRef');
  if (!ref) throw new InputError(problems.list.join('; '));
  return ref;
}

/** Reads the body of `PATCH /subscriptions/{id}`: `events` and/or `delivery`. */
export function readSubscriptionUpdate(body: unknown): {
  events?: SubscriptionEvent[];
  delivery?: SubscriptionDelivery;
} {
  const input = requireObject(body);
  const problems = new Problems();
  objectAt(input, 'body', problems, UPDATE_FIELDS);
  const update = { events: events(input.events, problems), delivery: delivery(input.delivery, problems) };
  if (!problems.list.length && update.events === undefined && update.delivery === undefined) {
    problems.add('body', 'must change events or delivery');
  }
  if (problems.list.length) throw new InputError(problems.list.join('; '));
  return {
    ...(update.events ? { events: update.events } : {}),
    ...(update.delivery ? { delivery: update.delivery } : {}),
  };
}
