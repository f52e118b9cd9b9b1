import { ConfigReader } from '@backstage/config';
import { checkStartupConfig, DEVELOPMENT_ENCRYPTION_KEY } from './checkStartupConfig';

describe('checkStartupConfig', () => {
  it('accepts the embedded SQLite configuration', () => {
    expect(() =>
      checkStartupConfig(
        new ConfigReader({
          backend: { baseUrl: 'http://localhost:7007', database: { client: 'better-sqlite3', connection: ':memory:' } },
        }),
      ),
    ).not.toThrow();
  });

  it('names every PostgreSQL key whose environment variable is missing', () => {
    // what the config loader leaves of app-config.production.yaml when POSTGRES_HOST and POSTGRES_PASSWORD are unset
    const config = new ConfigReader({
      backend: {
        baseUrl: 'http://localhost:7007',
        database: { client: 'pg', connection: { port: 5432, user: 'backstage' } },
      },
    });
    expect(() => checkStartupConfig(config)).toThrow(
      'Invalid configuration:\n' +
        '  - backend.database.connection.host is not set (app-config.production.yaml reads it from $POSTGRES_HOST)\n' +
        '  - backend.database.connection.password is not set (app-config.production.yaml reads it from $POSTGRES_PASSWORD)',
    );
  });

  it('accepts a PostgreSQL connection string', () => {
    expect(() =>
      checkStartupConfig(
        new ConfigReader({
          backend: { baseUrl: 'http://x', database: { client: 'pg', connection: 'postgresql://u:p@h:5432' } },
        }),
      ),
    ).not.toThrow();
  });

  it('refuses the development encryption key outside the demo setup', () => {
    const config = (demo: boolean) =>
      new ConfigReader({
        backend: { baseUrl: 'http://localhost:7007' },
        maestro: { demo: { enabled: demo }, discovery: { encryptionKey: DEVELOPMENT_ENCRYPTION_KEY } },
      });
    expect(() => checkStartupConfig(config(true))).not.toThrow();
    expect(() => checkStartupConfig(config(false))).toThrow(/maestro.discovery.encryptionKey is the development key of app-config.yaml; set \$MAESTRO_ENCRYPTION_KEY/);
  });
});
