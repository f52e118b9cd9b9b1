import type { Config } from '@backstage/config';

/**
 * Checks the configuration that, when missing, would otherwise surface late and obscurely (a PostgreSQL client
 * silently falling back to localhost, `connect ECONNREFUSED`). Throws one error naming every missing key and the
 * environment variable app-config.production.yaml reads it from.
 */
/** The key app-config.yaml uses for local trials: refused outside the demo setup. */
export const DEVELOPMENT_ENCRYPTION_KEY = 'local-development-key-not-for-production-use';

export function checkStartupConfig(config: Config): void {
  const problems: string[] = [];
  const client = config.getOptionalString('backend.database.client');
  if (client === 'pg') {
    const connection = config.getOptional('backend.database.connection');
    if (connection === undefined) {
      problems.push(
        'backend.database.connection is not set (a connection string, or host/port/user/password)',
      );
    } else if (typeof connection !== 'string') {
      for (const key of ['host', 'port', 'user', 'password']) {
        if (config.getOptional(`backend.database.connection.${key}`) === undefined) {
          problems.push(
            `backend.database.connection.${key} is not set (app-config.production.yaml reads it from $POSTGRES_${key.toUpperCase()})`,
          );
        }
      }
    }
  }
  if (
    config.getOptionalString('maestro.discovery.encryptionKey') === DEVELOPMENT_ENCRYPTION_KEY &&
    !config.getOptionalBoolean('maestro.demo.enabled')
  ) {
    problems.push(
      'maestro.discovery.encryptionKey is the development key of app-config.yaml; set $MAESTRO_ENCRYPTION_KEY (app-config.production.yaml reads it), e.g. from `openssl rand -base64 32`',
    );
  }
  if (!config.getOptionalString('backend.baseUrl')) {
    problems.push('backend.baseUrl is not set');
  }
  if (problems.length > 0) {
    throw new Error(`Invalid configuration:\n  - ${problems.join('\n  - ')}`);
  }
}
