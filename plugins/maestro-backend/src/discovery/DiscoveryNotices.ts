import type { LoggerService } from '@backstage/backend-plugin-api';
import type { NotificationService } from '@backstage/plugin-notifications-node';
import type { SignalsService } from '@backstage/plugin-signals-node';
import type { DiscoveryHeldRemoval } from '@maestro/plugin-maestro-common';
import type { ResolvedConnection } from './ConnectionStore';
import { normalizedRef } from './discoveryOptions';

/** The signals channel carrying discovery progress and status changes. */
export const DISCOVERY_SIGNAL_CHANNEL = 'maestro:discovery';

/** What a discovery signal says: which task, its state, counts; never an error text or a credential. */
export interface DiscoverySignalMessage {
  connectionId: string;
  list: string;
  status: string;
  runId: string;
  region?: string;
  regionStatus?: string;
  seen?: number;
  counts?: Record<string, number>;
}

const messageOf = (error: unknown) => ((error as Error)?.message ?? String(error)).slice(0, 2000);

const percent = (share: number) => `${Math.round(share * 100)} %`;

/** "eu-west-1: would deactivate 20 of 40 (over 30 %)". */
export const describeHeld = (held: DiscoveryHeldRemoval) =>
  `${held.region}: would deactivate ${held.wouldDeactivate} of ${held.of} (over ${percent(held.threshold)})`;

/**
 * How discovery tells people: progress **signals** to the connection's owner and the configured
 * `maestro.discovery.signalRecipients` only (never a broadcast: the Discovery tab of other readers refreshes by
 * polling), and **notifications** to the owner when a task starts failing, recovers, or holds a removal back.
 */
export class DiscoveryNotices {
  readonly #signals?: SignalsService;
  readonly #notifications?: NotificationService;
  readonly #logger: LoggerService;
  readonly #recipients: string[];

  constructor(options: {
    signals?: SignalsService;
    notifications?: NotificationService;
    logger: LoggerService;
    signalRecipients: string[];
  }) {
    this.#signals = options.signals;
    this.#notifications = options.notifications;
    this.#logger = options.logger;
    this.#recipients = options.signalRecipients;
  }

  /** The users and groups a connection's signals go to. */
  recipientsOf(connection: ResolvedConnection): string[] {
    let owner = connection.owner;
    try {
      owner = normalizedRef(connection.owner);
    } catch {
      // checked when the connection was saved; keep it as written
    }
    return [...new Set([owner, ...this.#recipients])];
  }

  publish(connection: ResolvedConnection, message: DiscoverySignalMessage) {
    this.#signals
      ?.publish({
        recipients: { type: 'user', entityRef: this.recipientsOf(connection) },
        channel: DISCOVERY_SIGNAL_CHANNEL,
        message: { ...message },
      })
      .catch(() => undefined);
  }

  /** Tells the owner when the task starts failing or recovers (a transition), not on every failed run. */
  async failure(connection: ResolvedConnection, list: string, failing: boolean, wasFailing: boolean, detail: { error?: string; requiredActions: string[] }) {
    if (failing === wasFailing) return;
    const link = `/maestro/discovery/${encodeURIComponent(connection.id)}`;
    const common = { link, topic: `maestro-discovery-${connection.id}`, scope: `maestro-discovery:${connection.id}:${list}` };
    await this.#send(connection, list, failing
      ? {
          title: `Maestro discovery failing: ${connection.id} ${list}`,
          description: `${detail.error}${detail.requiredActions.length ? `. Required IAM actions: ${detail.requiredActions.join(', ')}` : ''}`,
          severity: 'high',
          ...common,
        }
      : {
          title: `Maestro discovery recovered: ${connection.id} ${list}`,
          description: `The ${list} task of ${connection.id} succeeds again.`,
          severity: 'normal',
          ...common,
        });
  }

  /** Tells the owner once when a removal becomes held (regions whose removal was already held are not repeated). */
  async held(connection: ResolvedConnection, list: string, held: DiscoveryHeldRemoval[], heldBefore: DiscoveryHeldRemoval[]) {
    const before = new Set(heldBefore.map(h => h.region));
    const fresh = held.filter(h => !before.has(h.region));
    if (!fresh.length) return;
    await this.#send(connection, list, {
      title: `Maestro discovery held a removal back: ${connection.id} ${list}`,
      description: `${fresh.map(describeHeld).join('; ')}. Nothing was deactivated: check the account, then confirm the removal on the Discovery tab if it is expected.`,
      link: `/maestro/discovery/${encodeURIComponent(connection.id)}`,
      severity: 'high',
      topic: `maestro-discovery-${connection.id}`,
      scope: `maestro-discovery-held:${connection.id}:${list}`,
    });
  }

  async #send(connection: ResolvedConnection, list: string, payload: Parameters<NotificationService['send']>[0]['payload']) {
    if (!this.#notifications) return;
    try {
      await this.#notifications.send({ recipients: { type: 'entity', entityRef: connection.owner }, payload });
    } catch (e) {
      this.#logger.warn(`Could not notify ${connection.owner} about ${connection.id}/${list}: ${messageOf(e)}`);
    }
  }
}
