import type { JsonObject } from '@backstage/types';

/** How a string field is checked by {@link ConnectionSettingsContext.string}. @public */
export interface StringFieldRules {
  required?: boolean;
  /** Default 255 characters. */
  max?: number;
  pattern?: RegExp;
  /** What the value must be, said when it does not match `pattern` (`must be 12 digits`). */
  hint?: string;
  /** Never quote the value in the message (URLs, secrets). */
  quiet?: boolean;
}

/**
 * What a provider's {@link ProviderSettings.parse} gets: the definition as sent, and the checks Maestro applies
 * the same way to every provider (messages `field: problem`, values quoted shortened and never when `quiet`, URLs
 * through the operator's egress policy).
 * @public
 */
export interface ConnectionSettingsContext {
  /** The whole definition as sent; the provider's own settings are under its id (`body.aws`, `body.azure`). */
  body: Record<string, unknown>;
  /** The `endpoint` override, when one was sent (already checked as a URL). */
  endpoint?: string;
  /**
   * `config`: from app-config or a backend module (trusted: may use the backend's own identity). `api`: created or
   * changed through the API.
   */
  origin: 'config' | 'api';
  /** Created through the API (not an update): a secret the provider needs must come with it. */
  create: boolean;
  /** Adds a problem, `field: problem`; every problem of a definition is answered in one 400. */
  problem(text: string): void;
  /** Reads a string field: undefined when absent or empty; a problem when it is not a string or breaks a rule. */
  string(field: string, value: unknown, rules?: StringFieldRules): string | undefined;
  /**
   * A URL field's problem, or undefined: not an http(s) URL, credentials in it, or a literal address the egress
   * policy refuses (host names are checked when connecting). Never echoes the URL's user-info.
   */
  urlProblem(field: string, raw: string, example?: string): string | undefined;
}

/** What {@link ProviderSettings.parse} returns. @public */
export interface ParsedSettings {
  /** The provider's settings, normalised, stored under its id (never the secret). */
  settings?: JsonObject;
  /** The connection's secret (sealed at rest, only ever held in memory for a run). */
  secret?: string;
}

/**
 * A provider's connection settings: how they are checked when a connection is defined, completed for a run, shown
 * through the API, and when a stored secret may no longer be kept.
 * @public
 */
export interface ProviderSettings {
  /**
   * Checks and normalises the provider's part of a connection definition (its object under its id, the secret in
   * it, provider rules on the common fields such as `endpoint`), reporting every problem through `context.problem`.
   */
  parse(context: ConnectionSettingsContext): ParsedSettings;
  /** The settings a run and the API see, from those stored (AWS adds how credentials are obtained). */
  resolve?(stored: JsonObject | undefined): JsonObject | undefined;
  /**
   * The settings as the API shows them: write-only values left out (AWS: `externalId` becomes `hasExternalId`).
   * Without it the settings are shown as resolved.
   */
  toPublic?(resolved: JsonObject): JsonObject;
  /**
   * On an update that does not send the secret: why the stored one may not be kept with the new settings (the
   * secret belongs to a user, a key, a trust setting that changed), as `field: problem`; undefined to keep it.
   */
  keepSecretProblem?(stored: JsonObject | undefined, next: JsonObject | undefined): string | undefined;
}
