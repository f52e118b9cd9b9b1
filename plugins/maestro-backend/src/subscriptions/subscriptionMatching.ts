import { diffRecords, type ChangeEntry, type SubscriptionEvent } from '@maestro/plugin-maestro-common';
import { recordPageLink } from '../rules/ruleActions';
import { comparableRef, MatchedChange } from '../rules/ruleMatching';
import type { NewNotice } from './SubscriptionNoticeStore';
import type { StoredSubscription } from './SubscriptionStore';

/** Fields named in a title, at most; the description names up to {@link MAX_DESCRIBED_FIELDS}. */
const MAX_TITLE_FIELDS = 3;
const MAX_DESCRIBED_FIELDS = 10;
const MAX_VALUE = 40;

const shown = (value: unknown): string => {
  if (value === undefined || value === null) return '—';
  const text = typeof value === 'string' ? value : JSON.stringify(value);
  return text.length > MAX_VALUE ? `${text.slice(0, MAX_VALUE - 1)}…` : text;
};

/** "cpu 2 → 4" for each changed field (`spec.` left out), the first `max`, then "+N more". */
export function describeChanges(change: Pick<ChangeEntry, 'before' | 'after'>, max: number): string {
  const fields = diffRecords(change.before, change.after).filter(f => f.path !== 'active');
  const parts = fields
    .slice(0, max)
    .map(f => `${f.path.replace(/^spec\./, '')} ${shown(f.before)} → ${shown(f.after)}`);
  if (fields.length > max) parts.push(`+${fields.length - max} more`);
  return parts.join(', ');
}

/** The subscription event of a change: a deactivation, or a change (created, changed, reactivated). */
export const subscriptionEventOf = (change: MatchedChange): SubscriptionEvent =>
  change.event === 'deactivated' ? 'deactivations' : 'changes';

/** Whether a subscription watches the record of a change (its target; not its events). */
export function watchesRecord(subscription: StoredSubscription, change: MatchedChange): boolean {
  const record = change.record!;
  const { target } = subscription;
  switch (target.type) {
    case 'entity':
      return target.entityRef.toLowerCase() === `${record.kind}:default/${record.name}`.toLowerCase();
    case 'kind':
      return (
        record.kind === target.kind &&
        (!target.datacenter || change.datacenter === comparableRef(target.datacenter, 'datacenter')) &&
        (!target.environment || record.spec?.environment === target.environment)
      );
    default:
      return subscription.owners.includes(change.owner);
  }
}

/** Whether the change was made by the subscriber themselves (a person is not told of their own edits). */
const ownEdit = (subscription: StoredSubscription, actor: string) =>
  subscription.subscriber.toLowerCase() === actor.toLowerCase();

/**
 * The notices a batch of changes makes: one per subscription watching the record and the change's event, except
 * a user's own edits; titled like "Server web-01 changed: cpu 2 → 4", linked to the record's page, scoped to the
 * record (a record's notifications collapse into one, the latest).
 */
export function noticesOfChanges(changes: ChangeEntry[], subscriptions: StoredSubscription[]): NewNotice[] {
  const notices: NewNotice[] = [];
  if (subscriptions.length === 0) return notices;
  for (const change of changes) {
    const matched = new MatchedChange(change);
    if (!matched.record) continue;
    const event = subscriptionEventOf(matched);
    const watching = subscriptions.filter(
      s => s.events.includes(event) && !ownEdit(s, change.actor) && watchesRecord(s, matched),
    );
    if (watching.length === 0) continue;
    const { kind, name } = change;
    const summary = matched.event === 'changed' ? describeChanges(change, MAX_TITLE_FIELDS) : '';
    const details = matched.event === 'changed' ? describeChanges(change, MAX_DESCRIBED_FIELDS) : '';
    const title = `${kind} ${name} ${matched.event}${summary ? `: ${summary}` : ''}`.slice(0, 500);
    const description = `${kind} ${name} was ${matched.event} by ${change.actor}${
      change.reason ? ` (${change.reason.slice(0, 300)})` : ''
    }.${details ? ` Changed: ${details}.` : ''}`;
    for (const subscription of watching) {
      notices.push({
        subscriptionId: subscription.id,
        subscriber: subscription.subscriber,
        delivery: subscription.delivery,
        eventKey: `change:${change.position}`,
        actor: change.actor,
        title,
        description,
        link: recordPageLink(matched.record),
        scope: `maestro-subscription:record:${change.recordId}`,
      });
    }
  }
  return notices;
}

/** A connection whose crawl started failing, as subscriptions read it. */
export interface DiscoveryFailure {
  connectionId: string;
  list: string;
  /** The connection's Datacenter record name. */
  datacenter: string;
  owner: string;
  /** The kinds the list has discovered (empty when it never succeeded). */
  kinds: string[];
  error: string;
  at: string;
}

/**
 * Whether a subscription hears of a discovery failure: it watches the connection's Datacenter record, one of the
 * kinds its list discovers (in any datacenter, or in this one; an environment filter is not asked — a connection
 * spans environments), or owns the connection.
 */
export function watchesDiscovery(subscription: StoredSubscription, failure: DiscoveryFailure): boolean {
  const { target } = subscription;
  const datacenter = comparableRef(failure.datacenter, 'datacenter');
  switch (target.type) {
    case 'entity':
      return target.entityRef.toLowerCase() === datacenter;
    case 'kind':
      return (
        failure.kinds.includes(target.kind) &&
        (!target.datacenter || comparableRef(target.datacenter, 'datacenter') === datacenter)
      );
    default:
      return subscription.owners.includes(comparableRef(failure.owner, 'group'));
  }
}

/** The notices of a discovery failure, one per subscription watching it. */
export function noticesOfDiscoveryFailure(failure: DiscoveryFailure, subscriptions: StoredSubscription[]): NewNotice[] {
  const title = `Discovery failing: ${failure.connectionId} ${failure.list}`;
  return subscriptions
    .filter(s => s.events.includes('discoveryFailures') && watchesDiscovery(s, failure))
    .map(subscription => ({
      subscriptionId: subscription.id,
      subscriber: subscription.subscriber,
      delivery: subscription.delivery,
      eventKey: `discovery:${failure.connectionId}:${failure.list}:${failure.at}`,
      title,
      description: `The ${failure.list} crawl of connection ${failure.connectionId} (datacenter ${
        failure.datacenter
      }) fails: ${failure.error.slice(0, 500)}`,
      link: `/maestro/discovery/${encodeURIComponent(failure.connectionId)}`,
      scope: `maestro-subscription:discovery:${failure.connectionId}:${failure.list}`,
    }));
}
