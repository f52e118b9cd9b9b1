import type { LoggerService } from '@backstage/backend-plugin-api';
import type { Config } from '@backstage/config';
import type { InventoryStore } from '../database/InventoryStore';

/** Actor recorded in history for the demo seed. */
export const DEMO_ACTOR = 'maestro:demo';

/**
 * Writes a small demo inventory (one datacenter, three servers) into an empty store, through the same store
 * API as every other write, so the demo data has history and reaches the catalog through the provider.
 */
export class DemoInventory {
  readonly #store: InventoryStore;
  readonly #logger: LoggerService;
  readonly #enabled: boolean;
  readonly #owner: string;

  static fromConfig(
    config: Config,
    deps: { store: InventoryStore; logger: LoggerService },
  ): DemoInventory {
    return new DemoInventory(
      deps.store,
      deps.logger,
      config.getOptionalBoolean('maestro.demo.enabled') ?? false,
      config.getOptionalString('maestro.demo.owner') ?? 'group:default/maestro-admins',
    );
  }

  private constructor(store: InventoryStore, logger: LoggerService, enabled: boolean, owner: string) {
    this.#store = store;
    this.#logger = logger;
    this.#enabled = enabled;
    this.#owner = owner;
  }

  /** Seeds when enabled and the store is empty; returns the number of records written. */
  async seedIfEmpty(): Promise<number> {
    if (!this.#enabled) return 0;
    const { totalCount } = await this.#store.listRecords({ limit: 1 });
    if (totalCount > 0) return 0;
    const ctx = { actor: DEMO_ACTOR, source: 'demo', reason: 'demo inventory (maestro.demo.enabled)' };
    const owner = this.#owner;
    await this.#store.createRecord(
      {
        kind: 'Datacenter',
        name: 'demo-aws-eu-west-1',
        title: 'Demo AWS account (eu-west-1)',
        owner,
        spec: { provider: 'aws', regions: ['eu-west-1'], zones: ['eu-west-1a', 'eu-west-1b'], instances: 3 },
      },
      ctx,
    );
    const servers = [
      { name: 'demo-web-01', ip: '10.0.1.11', role: 'application', zone: 'eu-west-1a' },
      { name: 'demo-web-02', ip: '10.0.1.12', role: 'application', zone: 'eu-west-1b' },
      { name: 'demo-db-01', ip: '10.0.2.21', role: 'database', zone: 'eu-west-1a' },
    ];
    for (const s of servers) {
      await this.#store.createRecord(
        {
          kind: 'Server',
          name: s.name,
          owner,
          spec: {
            hostname: `${s.name}.demo.internal`,
            ipv4Private: s.ip,
            os: { base: 'linux', distro: 'debian', version: '12' },
            cpu: 2,
            memory: 4,
            environment: 'production',
            role: s.role,
            datacenter: 'datacenter:default/demo-aws-eu-west-1',
            region: 'eu-west-1',
            zone: s.zone,
          },
        },
        ctx,
      );
    }
    const count = 1 + servers.length;
    this.#logger.info(`Seeded the demo inventory: ${count} records`);
    return count;
  }
}
