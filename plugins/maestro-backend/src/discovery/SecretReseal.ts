import type { LoggerService } from '@backstage/backend-plugin-api';
import type { Config } from '@backstage/config';
import type { Knex } from 'knex';
import type { JobRunner } from '../jobs';
import type { SecretResealCount } from '../webhooks/webhookReseal';
import { SecretBox } from './SecretBox';

/** Other stored secrets sealed with the same box (the webhooks of jobs, of event rules), re-sealed by the same task. */
export type SecretResealSource = (db: Knex, box: SecretBox) => Promise<SecretResealCount>;

/** The job type of the re-seal of connection secrets (one job). */
export const SECRET_RESEAL_JOB_TYPE = 'secret-reseal';

/** What one re-seal run did. */
export interface ResealOutcome {
  /** Secrets moved to the first key by this run. */
  resealed: number;
  /** Secrets already sealed with the first key. */
  current: number;
  /** Connections whose secret no configured key opens (a removed key): they need the secret entered again. */
  unreadable: string[];
  /** The same counts for the other sources (webhook secrets of jobs and rules), added up. */
  others: SecretResealCount;
}

/**
 * Key rotation: re-seals every stored connection secret, and the secrets of the other sources given (the webhooks of
 * jobs and event rules), with the first configured key
 * (`maestro.discovery.encryptionKeys[0]`), so an old key can be removed from the list afterwards. A job of the
 * {@link JobRunner} when more than one key is configured: 30 seconds after start-up, then every hour, once across
 * replicas. Idempotent: a secret already sealed with the first key is left as it is, and each write only replaces the
 * exact value that was read (an edit or another replica in between wins; the next run looks again). Neither the
 * connection's version nor its updated-at change: re-sealing is not an edit.
 */
export class SecretReseal {
  static async scheduleFromConfig(
    config: Config,
    deps: { db: Knex; jobs: JobRunner; logger: LoggerService; sources?: SecretResealSource[] },
  ): Promise<SecretReseal | undefined> {
    const box = SecretBox.fromConfig(config);
    if (!box || box.keyCount < 2) return undefined;
    const reseal = new SecretReseal(deps.db, box, deps.logger, deps.sources);
    await deps.jobs.schedule({
      id: 'maestro-discovery-reseal-secrets',
      type: SECRET_RESEAL_JOB_TYPE,
      frequency: { hours: 1 },
      timeout: { minutes: 10 },
      initialDelay: { seconds: 30 },
      run: () => reseal.run().then(() => undefined),
    });
    return reseal;
  }

  readonly #db: Knex;
  readonly #box: SecretBox;
  readonly #logger?: LoggerService;
  readonly #sources: SecretResealSource[];

  constructor(db: Knex, box: SecretBox, logger?: LoggerService, sources: SecretResealSource[] = []) {
    this.#db = db;
    this.#box = box;
    this.#logger = logger;
    this.#sources = sources;
  }

  async run(): Promise<ResealOutcome> {
    const rows: Array<{ id: string; secret: string }> = await this.#db('maestro_discovery_connections')
      .whereNotNull('secret')
      .select('id', 'secret')
      .orderBy('id');
    const outcome: ResealOutcome = { resealed: 0, current: 0, unreadable: [], others: await this.#others() };
    for (const row of rows) {
      let opened: { plaintext: string; keyIndex: number };
      try {
        opened = this.#box.openWithKeyIndex(row.secret, row.id);
      } catch {
        outcome.unreadable.push(row.id);
        continue;
      }
      if (opened.keyIndex === 0) {
        outcome.current += 1;
        continue;
      }
      outcome.resealed += await this.#db('maestro_discovery_connections')
        .where({ id: row.id, secret: row.secret })
        .update({ secret: this.#box.seal(opened.plaintext, row.id) });
    }
    if (outcome.resealed > 0 || outcome.unreadable.length > 0) {
      this.#logger?.info(
        `Discovery secrets: re-sealed ${outcome.resealed} with the first key of maestro.discovery.encryptionKeys, ${outcome.current} already were`,
      );
    }
    if (outcome.unreadable.length > 0) {
      this.#logger?.warn(
        `Discovery secrets: no configured key opens the secret of ${outcome.unreadable.join(
          ', ',
        )}: enter it again (Edit connection)`,
      );
    }
    return outcome;
  }

  /** Re-seals the other sources' secrets, logging what moved and what no key opens. */
  async #others(): Promise<SecretResealCount> {
    const total: SecretResealCount = { resealed: 0, current: 0, unreadable: [] };
    for (const source of this.#sources) {
      const count = await source(this.#db, this.#box);
      total.resealed += count.resealed;
      total.current += count.current;
      total.unreadable.push(...count.unreadable);
    }
    if (total.resealed > 0) {
      this.#logger?.info(
        `Webhook secrets: re-sealed ${total.resealed} with the first key of maestro.discovery.encryptionKeys, ${total.current} already were`,
      );
    }
    if (total.unreadable.length > 0) {
      this.#logger?.warn(
        `Webhook secrets: no configured key opens a secret of ${total.unreadable.join(', ')}: enter it again (Edit)`,
      );
    }
    return total;
  }
}
