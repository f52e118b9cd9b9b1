/**
 * Runs a simulated AWS endpoint from the command line, for the demo and manual testing:
 *
 *   node --require @backstage/cli-node/config/nodeTransform.cjs packages/cloud-simulator/src/cli.ts --port 4599 --instances 200
 */
import { parseArgs } from 'node:util';
import {
  startAwsSimulator,
  type AwsSimulator,
} from './aws/server/AwsSimulator';
import { DEMO_AWS_ACCOUNT, generateAwsWorld } from './world/generateAwsWorld';

const USAGE = `Usage: cli.ts [options]
  --port <n>               port to listen on (default 4599; 0 picks a free one)
  --host <address>         interface to listen on (default 127.0.0.1)
  --seed <n>               seed of the generated world (default 1)
  --instances <n>          EC2 instances per region (default 25)
  --default-page-size <n>  page size when clients give none
  --latency <ms>           delay added to every response
  --help                   show this help`;

function integer(name: string, value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const parsed = Number(value);
  if (!Number.isInteger(parsed) || parsed < 0) {
    throw new Error(`--${name} must be a non-negative integer, got ${value}`);
  }
  return parsed;
}

/**
 * Starts a simulator over a generated world with the demo account, prints its endpoint and credentials, and
 * returns it. `argv` are the command-line arguments (without `node` and the script).
 */
export async function startAwsSimulatorCli(
  argv: string[] = process.argv.slice(2),
  print: (line: string) => void = line => process.stdout.write(`${line}\n`),
): Promise<AwsSimulator | undefined> {
  const { values } = parseArgs({
    args: argv,
    options: {
      port: { type: 'string' },
      host: { type: 'string' },
      seed: { type: 'string' },
      instances: { type: 'string' },
      'default-page-size': { type: 'string' },
      latency: { type: 'string' },
      help: { type: 'boolean' },
    },
  });
  if (values.help) {
    print(USAGE);
    return undefined;
  }
  const world = generateAwsWorld({
    seed: integer('seed', values.seed),
    sizes: { instances: integer('instances', values.instances) },
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
  print(
    `  account ${account.accountId}, regions ${account.regions.join(', ')}`,
  );
  print(`  export AWS_ENDPOINT_URL=${simulator.endpoint}`);
  print(`  export AWS_ACCESS_KEY_ID=${account.accessKeyId}`);
  print(`  export AWS_SECRET_ACCESS_KEY=${account.secretAccessKey}`);
  print(`  export AWS_REGION=${account.regions[0]}`);
  print('  (S3 clients need forcePathStyle: true)');
  return simulator;
}

if (require.main === module) {
  startAwsSimulatorCli()
    .then(simulator => {
      if (!simulator) return;
      const stop = () => {
        simulator.close().finally(() => process.exit(0));
      };
      process.once('SIGINT', stop);
      process.once('SIGTERM', stop);
    })
    .catch(error => {
      process.stderr.write(
        `${error instanceof Error ? error.message : error}\n${USAGE}\n`,
      );
      process.exit(1);
    });
}
