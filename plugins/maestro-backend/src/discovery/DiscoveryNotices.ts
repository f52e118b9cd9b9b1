import type { LoggerService } from '@backstage/backend-plugin-api';
import type { NotificationService } from '@backstage/plugin-notifications-node';
import type { SignalsService } from '@backstage/plugin-signals-node';
import type { DiscoveryHeldRemoval } from '@maestro/plugin-maestro-common';
import type { ResolvedConnection } from '@maestro/plugin-maestro-node';
import { JobNotices } from '../jobs';

/** Hears of a discovery list that starts failing (subscriptions tell their subscribers). */
export type DiscoveryFailureListener = (failure: {
  connectionId: string;
  list: string;
  datacenter: string;
  owner: string;
  error: string;
}) => Promise<void>;

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

const percent = (share: number) => `${Math.round(share * 100)} %`;

/** "eu-west-1: would deactivate 20 of 40 (over 30 %)". */
export const describeHeld = (held: DiscoveryHeldRemoval) =>
  `${held.region}: would deactivate ${held.wouldDeactivate} of ${held.of} (over ${percent(held.threshold)})`;

/**
 * What discovery tells people, through the jobs' {@link JobNotices}: progress **signals** to the connection's
 * owner and the configured `maestro.discovery.signalRecipients` only (never a broadcast: the Discovery tab of
 * other readers refreshes by polling), and **notifications** to the owner when a task starts failing, recovers,
 * or holds a removal back.
 */
export class DiscoveryNotices {
  readonly #notices: JobNotices;
  readonly #onFailing?: DiscoveryFailureListener;
  readonly #logger: LoggerService;

  constructor(options: {
    signals?: SignalsService;
    notifications?: NotificationService;
    logger: LoggerService;
    signalRecipients: string[];
    /** Told when a task starts failing (not on every failed run). */
    onFailing?: DiscoveryFailureListener;
  }) {
    this.#onFailing = options.onFailing;
    this.#logger = options.logger;
    this.#notices = new JobNotices({
      ...options,
      channel: DISCOVERY_SIGNAL_CHANNEL,
      recipients: options.signalRecipients,
    });
  }

  /** The users and groups a connection's signals go to. */
  recipientsOf(connection: ResolvedConnection): string[] {
    return this.#notices.recipientsOf(connection.owner);
  }

  publish(connection: ResolvedConnection, message: DiscoverySignalMessage) {
    this.#notices.publish(connection.owner, { ...message });
  }

  /** Tells the owner when the task starts failing or recovers (a transition), not on every failed run. */
  async failure(
    connection: ResolvedConnection,
    list: string,
    failing: boolean,
    wasFailing: boolean,
    detail: { error?: string; requiredActions: string[] },
  ) {
    if (failing && !wasFailing && this.#onFailing) {
      const { id: connectionId, datacenter, owner } = connection;
      await this.#onFailing({ connectionId, list, datacenter, owner, error: detail.error ?? 'failed' }).catch(error =>
        this.#logger.warn(`Could not tell subscribers that ${connectionId} ${list} fails: ${(error as Error).message}`),
      );
    }
    const link = `/maestro/discovery/${encodeURIComponent(connection.id)}`;
    const common = {
      link,
      topic: `maestro-discovery-${connection.id}`,
      scope: `maestro-discovery:${connection.id}:${list}`,
    };
    await this.#notices.transition(
      connection.owner,
      { failing, wasFailing },
      {
        failing: () => ({
          title: `Maestro discovery failing: ${connection.id} ${list}`,
          description: `${detail.error}${
            detail.requiredActions.length ? `. Required IAM actions: ${detail.requiredActions.join(', ')}` : ''
          }`,
          severity: 'high',
          ...common,
        }),
        recovered: () => ({
          title: `Maestro discovery recovered: ${connection.id} ${list}`,
          description: `The ${list} task of ${connection.id} succeeds again.`,
          severity: 'normal',
          ...common,
        }),
      },
      `${connection.id}/${list}`,
    );
  }

  /** Tells the owner once when a removal becomes held (regions whose removal was already held are not repeated). */
  async held(
    connection: ResolvedConnection,
    list: string,
    held: DiscoveryHeldRemoval[],
    heldBefore: DiscoveryHeldRemoval[],
  ) {
    const before = new Set(heldBefore.map(h => h.region));
    const fresh = held.filter(h => !before.has(h.region));
    if (!fresh.length) return;
    await this.#notices.send(
      connection.owner,
      {
        title: `Maestro discovery held a removal back: ${connection.id} ${list}`,
        description: `${fresh
          .map(describeHeld)
          .join(
            '; ',
          )}. Nothing was deactivated: check the account, then confirm the removal on the Discovery tab if it is expected.`,
        link: `/maestro/discovery/${encodeURIComponent(connection.id)}`,
        severity: 'high',
        topic: `maestro-discovery-${connection.id}`,
        scope: `maestro-discovery-held:${connection.id}:${list}`,
      },
      `${connection.id}/${list}`,
    );
  }
}
