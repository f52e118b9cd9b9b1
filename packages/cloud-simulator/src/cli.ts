/**
 * Runs a simulated AWS endpoint (and, with `--openstack-port`, a simulated OpenStack cloud) from the command line,
 * for the demo and manual testing:
 *
 *   node --require @backstage/cli-node/config/nodeTransform.cjs packages/cloud-simulator/src/cli.ts --port 4599 --instances 200
 */
import { parseArgs } from 'node:util';
import { startAwsSimulator, type AwsSimulator } from './aws/server/AwsSimulator';
import { startOpenStackSimulator, type OpenStackSimulator } from './openstack/server/OpenStackSimulator';
import { DEMO_OPENSTACK_ACCOUNT, generateOpenStackWorld } from './openstack/world/generateOpenStackWorld';
import { DEMO_AWS_ACCOUNT, generateAwsWorld } from './world/generateAwsWorld';

const USAGE = `Usage: cli.ts [options]
  --port <n>               port to listen on (default 4599; 0 picks a free one)
  --host <address>         interface to listen on (default 127.0.0.1)
  --seed <n>               seed of the generated world (default 1)
  --instances <n>          EC2 instances per region (default 25)
  --default-page-size <n>  page size when clients give none
  --latency <ms>           delay added to every response
  --openstack-port <n>     also run the simulated OpenStack cloud on this port (0 picks a free one); it uses
                           --host, --seed, --instances (servers per region), --default-page-size and --latency
  --help                   show this help`;

function integer(name: string, value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const parsed = Number(value);
  if (!Number.isInteger(parsed) || parsed < 0) {
    throw new Error(`--${name} must be a non-negative integer, got ${value}`);
  }
  return parsed;
}

const AWS_OPTIONS = {
  port: { type: 'string' },
  host: { type: 'string' },
  seed: { type: 'string' },
  instances: { type: 'string' },
  'default-page-size': { type: 'string' },
  latency: { type: 'string' },
  help: { type: 'boolean' },
} as const;

type CliValues = {
  [K in keyof typeof AWS_OPTIONS]?: (typeof AWS_OPTIONS)[K]['type'] extends 'boolean' ? boolean : string;
};

async function launchAws(values: CliValues, print: (line: string) => void): Promise<AwsSimulator> {
  const instances = integer('instances', values.instances);
  const world = generateAwsWorld({
    seed: integer('seed', values.seed),
    // An explicit `instances: undefined` would override the default size.
    sizes: instances === undefined ? {} : { instances },
  });
  const simulator = await startAwsSimulator({
    world,
    port: integer('port', values.port) ?? 4599,
    host: values.host,
    defaultPageSize: integer('default-page-size', values['default-page-size']),
    faults: { latencyMs: integer('latency', values.latency) },
  });
  const account = DEMO_AWS_ACCOUNT;
  print(`Simulated AWS endpoint: ${simulator.endpoint}`);
  print(`  account ${account.accountId}, regions ${account.regions.join(', ')}`);
  print(`  export AWS_ENDPOINT_URL=${simulator.endpoint}`);
  print(`  export AWS_ACCESS_KEY_ID=${account.accessKeyId}`);
  print(`  export AWS_SECRET_ACCESS_KEY=${account.secretAccessKey}`);
  print(`  export AWS_REGION=${account.regions[0]}`);
  print('  (S3 clients need forcePathStyle: true)');
  return simulator;
}

async function launchOpenStack(
  values: CliValues,
  port: number,
  print: (line: string) => void,
): Promise<OpenStackSimulator> {
  const world = generateOpenStackWorld({
    seed: integer('seed', values.seed),
    sizes: { servers: integer('instances', values.instances) },
  });
  const simulator = await startOpenStackSimulator({
    world,
    port,
    host: values.host,
    defaultPageSize: integer('default-page-size', values['default-page-size']),
    faults: { latencyMs: integer('latency', values.latency) },
  });
  const account = DEMO_OPENSTACK_ACCOUNT;
  print(`Simulated OpenStack cloud (Keystone v3): ${simulator.authUrl}`);
  print(`  project ${account.projectName} (${account.projectId}), regions ${world.regionNames.join(', ')}`);
  print(`  export OS_AUTH_URL=${simulator.authUrl}`);
  print('  export OS_IDENTITY_API_VERSION=3');
  print(`  export OS_USERNAME=${account.username}`);
  print(`  export OS_PASSWORD=${account.password}`);
  print(`  export OS_USER_DOMAIN_ID=${account.userDomainId}`);
  print(`  export OS_PROJECT_NAME=${account.projectName}`);
  print(`  export OS_PROJECT_DOMAIN_ID=${account.projectDomainId}`);
  print(`  export OS_REGION_NAME=${world.regionNames[0]}`);
  return simulator;
}

/**
 * Starts a simulator over a generated world with the demo account, prints its endpoint and credentials, and
 * returns it. `argv` are the command-line arguments (without `node` and the script).
 */
export async function startAwsSimulatorCli(
  argv: string[] = process.argv.slice(2),
  print: (line: string) => void = line => process.stdout.write(`${line}\n`),
): Promise<AwsSimulator | undefined> {
  const { values } = parseArgs({ args: argv, options: AWS_OPTIONS });
  if (values.help) {
    print(USAGE);
    return undefined;
  }
  return launchAws(values, print);
}

/** The simulators started by {@link startCloudSimulatorsCli}. */
export interface CloudSimulators {
  aws: AwsSimulator;
  /** Started when `--openstack-port` is given. */
  openstack?: OpenStackSimulator;
  /** Stops every simulator started. */
  close(): Promise<void>;
}

/**
 * What the command line does: {@link startAwsSimulatorCli}, and with `--openstack-port <n>` also a simulated
 * OpenStack cloud over a generated world (same seed; `--instances` servers per region) whose Keystone URL and demo
 * credentials are printed as `OS_*` exports.
 */
export async function startCloudSimulatorsCli(
  argv: string[] = process.argv.slice(2),
  print: (line: string) => void = line => process.stdout.write(`${line}\n`),
): Promise<CloudSimulators | undefined> {
  const { values } = parseArgs({
    args: argv,
    options: { ...AWS_OPTIONS, 'openstack-port': { type: 'string' } },
  });
  if (values.help) {
    print(USAGE);
    return undefined;
  }
  const openstackPort = integer('openstack-port', values['openstack-port']);
  const aws = await launchAws(values, print);
  let openstack: OpenStackSimulator | undefined;
  if (openstackPort !== undefined) {
    try {
      openstack = await launchOpenStack(values, openstackPort, print);
    } catch (error) {
      await aws.close();
      throw error;
    }
  }
  return {
    aws,
    openstack,
    close: async () => {
      await Promise.all([aws.close(), openstack?.close()]);
    },
  };
}

if (require.main === module) {
  startCloudSimulatorsCli()
    .then(simulator => {
      if (!simulator) return;
      const stop = () => {
        simulator.close().finally(() => process.exit(0));
      };
      process.once('SIGINT', stop);
      process.once('SIGTERM', stop);
    })
    .catch(error => {
      process.stderr.write(`${error instanceof Error ? error.message : error}\n${USAGE}\n`);
      process.exit(1);
    });
}
