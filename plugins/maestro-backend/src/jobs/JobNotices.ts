import type { LoggerService } from '@backstage/backend-plugin-api';
import type { NotificationService } from '@backstage/plugin-notifications-node';
import type { SignalsService } from '@backstage/plugin-signals-node';
import type { JsonObject } from '@backstage/types';
import { normalizedRef } from './recipients';

/** What a notification says (`notificationService.send`'s payload). */
export type NoticePayload = Parameters<NotificationService['send']>[0]['payload'];

const messageOf = (error: unknown) => ((error as Error)?.message ?? String(error)).slice(0, 2000);

/**
 * How jobs tell people about their runs. **Signals** (live progress) on one channel go only to a job's owner and
 * the configured recipients — never a broadcast, so users who may not read the job get nothing. **Notifications**
 * go to the owner on transitions (a job starts failing, recovers) rather than on every run. Neither ever fails a
 * run: a signal that cannot be published is dropped, a notification that cannot be sent is logged.
 */
export class JobNotices {
  readonly #signals?: SignalsService;
  readonly #notifications?: NotificationService;
  readonly #logger: LoggerService;
  readonly #channel: string;
  readonly #recipients: string[];

  constructor(options: {
    signals?: SignalsService;
    notifications?: NotificationService;
    logger: LoggerService;
    /** The signals channel (`maestro:discovery`). */
    channel: string;
    /** User or group refs (normalised) that get every job's signals besides its owner. */
    recipients: string[];
  }) {
    this.#signals = options.signals;
    this.#notifications = options.notifications;
    this.#logger = options.logger;
    this.#channel = options.channel;
    this.#recipients = options.recipients;
  }

  /** The users and groups a job's signals go to: its owner (normalised) and the configured recipients. */
  recipientsOf(owner: string): string[] {
    let ref = owner;
    try {
      ref = normalizedRef(owner);
    } catch {
      // checked when the job was defined; keep it as written
    }
    return [...new Set([ref, ...this.#recipients])];
  }

  /** Publishes a signal to the owner and the recipients, without waiting; a failure is dropped. */
  publish(owner: string, message: JsonObject): void {
    this.#signals
      ?.publish({
        recipients: { type: 'user', entityRef: this.recipientsOf(owner) },
        channel: this.#channel,
        message: { ...message },
      })
      .catch(() => undefined);
  }

  /**
   * Notifies the owner when the job starts failing or recovers — a transition, not every failed run — with the
   * payload of the new state. `about` names the job in the log line of a notification that could not be sent.
   */
  async transition(
    owner: string,
    state: { failing: boolean; wasFailing: boolean },
    payloads: { failing: () => NoticePayload; recovered: () => NoticePayload },
    about: string,
  ): Promise<void> {
    if (state.failing === state.wasFailing) return;
    await this.send(owner, state.failing ? payloads.failing() : payloads.recovered(), about);
  }

  /** Notifies the owner (an entity ref: a user, or every member of a group); a failure is logged, not thrown. */
  async send(owner: string, payload: NoticePayload, about: string): Promise<void> {
    if (!this.#notifications) return;
    try {
      await this.#notifications.send({ recipients: { type: 'entity', entityRef: owner }, payload });
    } catch (e) {
      this.#logger.warn(`Could not notify ${owner} about ${about}: ${messageOf(e)}`);
    }
  }
}
