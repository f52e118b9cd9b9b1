import { coreServices, createBackendModule } from '@backstage/backend-plugin-api';
import {
  DEMO_AWS_ACCOUNT,
  DEMO_OPENSTACK_ACCOUNT,
  generateAwsWorld,
  generateOpenStackWorld,
  startAwsSimulator,
  startOpenStackSimulator,
} from '@maestro/cloud-simulator';
import { maestroDiscoveryExtensionPoint } from '@maestro/plugin-maestro-node';

/**
 * The demo cloud: starts the simulated AWS and OpenStack (packages/cloud-simulator) inside the backend and adds a
 * discovery connection to each, so a first `./maestro start` shows a discovered estate within a minute. Enabled by
 * `maestro.demo.aws.enabled` and `maestro.demo.openstack.enabled` (app-config.yaml); never in production configs.
 */
export const maestroDemoCloudModule = createBackendModule({
  pluginId: 'maestro',
  moduleId: 'demo-cloud',
  register(env) {
    env.registerInit({
      deps: {
        config: coreServices.rootConfig,
        logger: coreServices.logger,
        lifecycle: coreServices.lifecycle,
        discovery: maestroDiscoveryExtensionPoint,
      },
      async init({ config, logger, lifecycle, discovery }) {
        const owner = (demo: typeof config) => demo.getOptionalString('owner') ?? 'group:default/maestro-admins';
        const openstack = config.getOptionalConfig('maestro.demo.openstack');
        if (openstack?.getOptionalBoolean('enabled')) {
          const world = generateOpenStackWorld({
            seed: openstack.getOptionalNumber('seed') ?? 2026,
            sizes: { servers: openstack.getOptionalNumber('servers') ?? 24, loadBalancers: 2 },
          });
          const simulator = await startOpenStackSimulator({ world, port: openstack.getOptionalNumber('port') ?? 0 });
          lifecycle.addShutdownHook(() => simulator.close());
          logger.info(
            `Demo cloud: simulated OpenStack project ${DEMO_OPENSTACK_ACCOUNT.projectName} at ${simulator.authUrl}`,
          );
          discovery.addConnection({
            id: 'demo-openstack',
            provider: 'openstack',
            title: 'Demo OpenStack project (simulated)',
            datacenter: 'demo-openstack',
            regions: DEMO_OPENSTACK_ACCOUNT.regions,
            owner: owner(openstack),
            openstack: {
              authUrl: simulator.authUrl,
              username: DEMO_OPENSTACK_ACCOUNT.username,
              password: DEMO_OPENSTACK_ACCOUNT.password,
              userDomainId: DEMO_OPENSTACK_ACCOUNT.userDomainId,
              projectId: DEMO_OPENSTACK_ACCOUNT.projectId,
            },
            lists: { 'server-list': { frequencyMinutes: 2 }, 'volumes-list': { frequencyMinutes: 5 } },
          });
        }
        const demo = config.getOptionalConfig('maestro.demo.aws');
        if (!demo?.getOptionalBoolean('enabled')) return;
        const world = generateAwsWorld({
          seed: demo.getOptionalNumber('seed') ?? 2026,
          accounts: [DEMO_AWS_ACCOUNT],
          sizes: {
            instances: demo.getOptionalNumber('instances') ?? 40,
            securityGroups: 12,
            vpcs: 2,
            subnets: 6,
            classicLoadBalancers: 1,
            loadBalancers: 3,
            databases: 4,
            snapshots: 8,
            images: 4,
          },
          buckets: 6,
          distributions: 2,
        });
        const simulator = await startAwsSimulator({ world, port: demo.getOptionalNumber('port') ?? 0 });
        lifecycle.addShutdownHook(() => simulator.close());
        logger.info(`Demo cloud: simulated AWS account ${DEMO_AWS_ACCOUNT.accountId} at ${simulator.endpoint}`);
        discovery.addConnection({
          id: 'demo-aws',
          provider: 'aws',
          title: 'Demo AWS account (simulated)',
          datacenter: 'demo-aws',
          regions: DEMO_AWS_ACCOUNT.regions,
          owner: owner(demo),
          endpoint: simulator.endpoint,
          aws: { accessKeyId: DEMO_AWS_ACCOUNT.accessKeyId, secretAccessKey: DEMO_AWS_ACCOUNT.secretAccessKey },
          // quicker than the production defaults, so changes in the simulated account show up while you look
          lists: { 'server-list': { frequencyMinutes: 2 }, 'volumes-list': { frequencyMinutes: 5 } },
        });
      },
    });
  },
});
