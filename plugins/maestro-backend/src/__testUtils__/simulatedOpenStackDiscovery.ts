import { mockServices, TestDatabases } from '@backstage/backend-test-utils';
import { DEMO_OPENSTACK_ACCOUNT as ACCOUNT, type OpenStackSimulator } from '@maestro/cloud-simulator';
import type { DiscoveryFailureListener } from '../discovery/DiscoveryNotices';
import { createDiscoveryHarness } from './discoveryHarness';

/**
 * OpenStack discovery wired to a running simulated OpenStack: the real store, reconciler and driver on SQLite, one
 * connection `os` to the simulator's project (the harness allow-lists 127.0.0.1 for egress).
 */
export async function setupSimulatedDiscovery(
  databases: TestDatabases,
  sim: OpenStackSimulator,
  options: {
    password?: string;
    regions: string[];
    discoveryConfig?: Record<string, unknown>;
    onFailing?: DiscoveryFailureListener;
  },
) {
  const knex = await databases.init('SQLITE_3');
  const logger = mockServices.logger.mock();
  const notifications = { send: jest.fn(async (_n: unknown) => {}) };
  const signals = { publish: jest.fn(async (_s: unknown) => {}) };
  const { store, service } = await createDiscoveryHarness({
    knex,
    connections: [
      {
        id: 'os',
        provider: 'openstack',
        regions: options.regions,
        owner: 'group:default/ops',
        openstack: {
          authUrl: sim.authUrl,
          username: ACCOUNT.username,
          password: options.password ?? ACCOUNT.password,
          userDomainId: 'default',
          projectId: ACCOUNT.projectId,
        },
      },
    ],
    discoveryConfig: (options.discoveryConfig ?? {}) as any,
    logger,
    scheduler: mockServices.scheduler.mock(),
    signals,
    notifications,
    onFailing: options.onFailing,
  });
  const changeCount = async () => Number((await knex('maestro_changes').count({ n: '*' }))[0].n);
  const count = async (kind: string, active = true) => (await store.listRecords({ kind, active, limit: 1 })).totalCount;
  const logged = () =>
    JSON.stringify([logger.info.mock.calls, logger.warn.mock.calls, logger.error.mock.calls, logger.debug.mock.calls]);
  const run = (list: string) => service.runNow('os', list);
  /** The stored Server of a Nova server id. */
  const server = async (providerId: string) => {
    const [hit] = await store.findByKeyValues({ kind: 'Server', key: 'providerId', values: [providerId] });
    return hit ? (await store.getRecord(hit.id))! : undefined;
  };
  return { knex, store, service, changeCount, count, logged, notifications, signals, run, server };
}
