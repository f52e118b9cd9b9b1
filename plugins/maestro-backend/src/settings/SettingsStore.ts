import type { DatabaseService } from '@backstage/backend-plugin-api';
import { ConflictError, InputError } from '@backstage/errors';
import Ajv, { ValidateFunction } from 'ajv';
import { Knex } from 'knex';
import { assertNoForbiddenKeys, shownName } from '../input/forbiddenKeys';
import {
  DEFAULT_MAESTRO_SETTINGS,
  MAESTRO_SETTINGS_KEYS,
  MAESTRO_SETTINGS_SCHEMAS,
  MaestroSettingsKey,
  SettingValue,
} from '@maestro/plugin-maestro-common';

type Row = { key: string; value: string; version: number; updated_at: string; updated_by: string };

/**
 * Maestro's settings (services catalog, option lists, regions per provider). A key never saved answers its
 * default with version 0; saving needs the version read (a stale one is a 409).
 * Uses the plugin's database; its table comes from the plugin's migrations (applyMigrations).
 */
export class SettingsStore {
  readonly #db: Knex;
  readonly #validators: Record<string, ValidateFunction>;

  static async create(options: { database: DatabaseService }): Promise<SettingsStore> {
    return new SettingsStore(await options.database.getClient());
  }

  private constructor(db: Knex) {
    this.#db = db;
    const ajv = new Ajv({ allErrors: true, strict: false });
    this.#validators = Object.fromEntries(
      MAESTRO_SETTINGS_KEYS.map(key => [key, ajv.compile(MAESTRO_SETTINGS_SCHEMAS[key])]),
    );
  }

  /** Throws an InputError naming the key when it is not a settings key. */
  key(key: string): MaestroSettingsKey {
    if (!(MAESTRO_SETTINGS_KEYS as string[]).includes(key)) {
      throw new InputError(`key: must be one of ${MAESTRO_SETTINGS_KEYS.join(', ')} (got '${shownName(key)}')`);
    }
    return key as MaestroSettingsKey;
  }

  async getAll(): Promise<SettingValue[]> {
    const rows = await this.#db<Row>('maestro_settings').select('*');
    return MAESTRO_SETTINGS_KEYS.map(key =>
      toValue(
        key,
        rows.find(r => r.key === key),
      ),
    );
  }

  async get(key: MaestroSettingsKey): Promise<SettingValue> {
    return toValue(key, await this.#db<Row>('maestro_settings').where({ key }).first());
  }

  async set(key: MaestroSettingsKey, value: unknown, version: number, actor: string): Promise<SettingValue> {
    assertNoForbiddenKeys(value, ['value']);
    const validate = this.#validators[key];
    if (!validate(value)) {
      const problems = (validate.errors ?? []).map(e => `value${e.instancePath.replace(/\//g, '.')}: ${e.message}`);
      throw new InputError(problems.join('; '));
    }
    const now = new Date().toISOString();
    return this.#db.transaction(async tx => {
      const current = await tx<Row>('maestro_settings').where({ key }).first();
      const currentVersion = current?.version ?? 0;
      if (currentVersion !== version) {
        throw new ConflictError(`version: setting ${key} is at version ${currentVersion}, not ${version}; reload it`);
      }
      const row: Row = { key, value: JSON.stringify(value), version: version + 1, updated_at: now, updated_by: actor };
      if (current) {
        const count = await tx('maestro_settings').where({ key, version }).update(row);
        if (count !== 1) throw new ConflictError(`version: setting ${key} was changed concurrently; reload it`);
      } else {
        // a first save racing another: the key is already taken when this insert runs (a 500 on PostgreSQL)
        await tx('maestro_settings')
          .insert(row)
          .catch(error => {
            throw isUniqueViolation(error)
              ? new ConflictError(`version: setting ${key} was saved concurrently; reload it`)
              : error;
          });
      }
      await tx('maestro_settings_history').insert(row);
      return toValue(key, row);
    });
  }

  /** Saved versions of a setting, newest first, each with the value it was set to, who saved it and when. */
  async history(key: MaestroSettingsKey, options: { limit: number }): Promise<SettingValue[]> {
    const rows = await this.#db<Row>('maestro_settings_history')
      .where({ key })
      .orderBy('version', 'desc')
      .limit(options.limit);
    return rows.map(row => toValue(key, row));
  }
}

/** A primary key or unique index violation, on PostgreSQL or SQLite. */
function isUniqueViolation(error: unknown): boolean {
  const code = String((error as { code?: unknown })?.code ?? '');
  return code === '23505' || code === 'SQLITE_CONSTRAINT_PRIMARYKEY' || code === 'SQLITE_CONSTRAINT_UNIQUE';
}

function toValue(key: MaestroSettingsKey, row: Row | undefined): SettingValue {
  if (!row) return { key, value: DEFAULT_MAESTRO_SETTINGS[key], version: 0 };
  return {
    key,
    value: JSON.parse(row.value),
    version: Number(row.version),
    updatedAt: row.updated_at,
    updatedBy: row.updated_by,
  };
}
