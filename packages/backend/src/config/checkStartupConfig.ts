import type { Config } from '@backstage/config';

/**
 * Checks the configuration that, when missing, would otherwise surface late and obscurely (a PostgreSQL client
 * silently falling back to localhost, `connect ECONNREFUSED`). Throws one error naming every missing key and the
 * environment variable app-config.production.yaml reads it from. (The Maestro plugin itself refuses the published
 * development encryption key outside the demo: plugins/maestro-backend/src/discovery/SecretBox.ts.)
 */
export function checkStartupConfig(config: Config): void {
  const problems: string[] = [];
  const client = config.getOptionalString('backend.database.client');
  if (client === 'pg') {
    const connection = config.getOptional('backend.database.connection');
    if (connection === undefined) {
      problems.push('backend.database.connection is not set (a connection string, or host/port/user/password)');
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
  if (!config.getOptionalString('backend.baseUrl')) {
    problems.push('backend.baseUrl is not set');
  }
  if (problems.length > 0) {
    throw new Error(`Invalid configuration:\n  - ${problems.join('\n  - ')}`);
  }
}
