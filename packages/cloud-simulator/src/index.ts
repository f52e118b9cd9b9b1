/**
 * Simulated cloud endpoints with a seeded data generator, for Maestro's integration tests, benchmarks and demo.
 *
 * @packageDocumentation
 */

export { AwsWorld } from './world/AwsWorld';
export { DEFAULT_AWS_REGION_SIZES, DEMO_AWS_ACCOUNT, generateAwsWorld } from './world/generateAwsWorld';
export { INSTANCE_TYPES } from './world/catalog';
export type {
  AwsAccountSpec,
  AwsRegionSizes,
  AwsRoleSpec,
  AwsWorldOptions,
  FakeAwsAccount,
  FakeAwsRegion,
  FakeBucket,
  FakeClassicLoadBalancer,
  FakeDbInstance,
  FakeDistribution,
  FakeImage,
  FakeInstance,
  FakeInstanceType,
  FakeListener,
  FakeLoadBalancer,
  FakeNatGateway,
  FakeNetworkAcl,
  FakeNetworkInterface,
  FakeRouteTable,
  FakeSecurityGroup,
  FakeSnapshot,
  FakeSubnet,
  FakeTarget,
  FakeTargetGroup,
  FakeVolume,
  FakeVpc,
  FakeVpcEndpoint,
  FakeVpcPeeringConnection,
  FakeVpnGateway,
  WithRequired,
} from './world/types';
export { startAwsSimulator } from './aws/server/AwsSimulator';
export type { AwsSimulator, AwsSimulatorOptions, AwsSimulatorStats } from './aws/server/AwsSimulator';
export type { AwsFaults } from './aws/server/faults';
export { startAwsSimulatorCli, startCloudSimulatorsCli } from './cli';
export type { CloudSimulators } from './cli';
export * from './openstack';
