import type { LoggerService, SchedulerService } from '@backstage/backend-plugin-api';
import { ConfigReader } from '@backstage/config';
import type { JsonObject } from '@backstage/types';
import type { Knex } from 'knex';
import { KnexInventoryStore } from '../records/KnexInventoryStore';
import { RecordValidator } from '../records/RecordValidator';
import { AwsDriver } from '../discovery/aws/AwsDriver';
import { ConnectionStore } from '../discovery/ConnectionStore';
import type { DiscoveryFailureListener } from '../discovery/DiscoveryNotices';
import { DiscoveryOptions, DiscoveryRuns } from '../discovery/DiscoveryRuns';
import { OpenStackDriver } from '../discovery/openstack/OpenStackDriver';
import { discoveryProviders } from '../discovery/providers';
import { Reconciler } from '../discovery/Reconciler';
import { migrateTestDatabase } from './migrateTestDatabase';
import { systemInventory } from './systemInventory';
import { JobRunner } from '../jobs';

const silentLogger: LoggerService = {
  info() {},
  debug() {},
  warn() {},
  error() {},
  child: () => silentLogger,
};

const idleScheduler = {
  scheduleTask: async () => {},
  triggerTask: async () => {},
} as unknown as SchedulerService;

/**
 * Discovery wired in one process without a backend (tests and benchmarks): the real store, reconciler, connection
 * store and the AWS and OpenStack drivers over a knex database, with the given connections as app-config would define them. Runs are
 * started with `service.runNow(connectionId, list)`; nothing is scheduled. The simulators' address (127.0.0.1) is
 * allow-listed for egress unless `egressAllow` says otherwise.
 */
export async function createDiscoveryHarness(options: {
  knex: Knex;
  /** Entries of `maestro.discovery.connections`. */
  connections: JsonObject[];
  /** Other `maestro.discovery` settings (aws.maxAttempts…). */
  discoveryConfig?: JsonObject;
  /**
   * `maestro.egress.allow`: the simulators listen on 127.0.0.1, which the egress policy refuses unless listed.
   * Default `['127.0.0.1']`; `[]` to test the refusal.
   */
  egressAllow?: string[];
  logger?: LoggerService;
  scheduler?: SchedulerService;
  signals?: { publish(signal: unknown): Promise<void> };
  notifications?: { send(notification: unknown): Promise<void> };
  options?: Partial<DiscoveryOptions>;
  /** Hears of a list that starts failing (subscriptions). */
  onFailing?: DiscoveryFailureListener;
}) {
  const { knex } = options;
  const store = await KnexInventoryStore.create({
    database: { getClient: async () => migrateTestDatabase(knex) } as any,
  });
  const validator = RecordValidator.create();
  const inventory = systemInventory(store, validator);
  const config = new ConfigReader({
    maestro: {
      egress: { allow: options.egressAllow ?? ['127.0.0.1'] },
      discovery: { ...options.discoveryConfig, connections: options.connections },
    },
  });
  const drivers = discoveryProviders([new AwsDriver({ config }), new OpenStackDriver({ config })]);
  const logger = options.logger ?? silentLogger;
  const service = new DiscoveryRuns({
    db: knex,
    writer: inventory,
    connections: new ConnectionStore({ db: knex, config, drivers }),
    drivers,
    reconciler: new Reconciler({ db: knex, writer: inventory, validator }),
    jobs: new JobRunner({ scheduler: options.scheduler ?? idleScheduler, logger }),
    logger,
    signals: options.signals as any,
    notifications: options.notifications as any,
    onFailing: options.onFailing,
    options: {
      massRemovalThreshold: 0.3,
      massRemovalMinimum: 10,
      concurrencyPerRegion: 2,
      tickSeconds: 30,
      ...options.options,
    },
  });
  return { store, service };
}
