import type { LoggerService } from '@backstage/backend-plugin-api';
import type { Config } from '@backstage/config';
import type { Knex } from 'knex';
import type { JobRunner } from '../jobs';
import { SecretBox } from './SecretBox';

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
}

/**
 * Key rotation: re-seals every stored connection secret with the first configured key
 * (`maestro.discovery.encryptionKeys[0]`), so an old key can be removed from the list afterwards. A job of the
 * {@link JobRunner} when more than one key is configured: 30 seconds after start-up, then every hour, once across
 * replicas. Idempotent: a secret already sealed with the first key is left as it is, and each write only replaces the
 * exact value that was read (an edit or another replica in between wins; the next run looks again). Neither the
 * connection's version nor its updated-at change: re-sealing is not an edit.
 */
export class SecretReseal {
  static async scheduleFromConfig(
    config: Config,
    deps: { db: Knex; jobs: JobRunner; logger: LoggerService },
  ): Promise<SecretReseal | undefined> {
    const box = SecretBox.fromConfig(config);
    if (!box || box.keyCount < 2) return undefined;
    const reseal = new SecretReseal(deps.db, box, deps.logger);
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

  constructor(db: Knex, box: SecretBox, logger?: LoggerService) {
    this.#db = db;
    this.#box = box;
    this.#logger = logger;
  }

  async run(): Promise<ResealOutcome> {
    const rows: Array<{ id: string; secret: string }> = await this.#db('maestro_discovery_connections')
      .whereNotNull('secret')
      .select('id', 'secret')
      .orderBy('id');
    const outcome: ResealOutcome = { resealed: 0, current: 0, unreadable: [] };
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
}
