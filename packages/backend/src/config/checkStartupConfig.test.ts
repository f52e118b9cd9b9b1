import { ConfigReader } from '@backstage/config';
import { checkStartupConfig } from './checkStartupConfig';

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
});
