import type { DBSubnetGroup } from '@aws-sdk/client-rds';
import {
  APPS,
  DB_ENGINES,
  DB_INSTANCE_CLASSES,
  ENVIRONMENT_WEIGHTS,
  TEAMS,
  envShort,
  type DbEngineSpec,
} from '../catalog';
import type { FakeDbInstance, FakeVpc } from '../types';
import { RegionContext } from './context';
import { createManagedInterface } from './network';

const ENGINE_WEIGHTS: ReadonlyArray<readonly [DbEngineSpec, number]> = [
  [DB_ENGINES[0], 3],
  [DB_ENGINES[1], 4],
  [DB_ENGINES[2], 1],
  [DB_ENGINES[3], 2],
  [DB_ENGINES[4], 1],
];

/** Route 53 hosted zone of RDS endpoints, per region (a stable fallback elsewhere). */
const RDS_ZONES: Record<string, string> = {
  'us-east-1': 'Z2R2ITUGPM61AM',
  'us-west-2': 'Z1PVIF0B656C1W',
  'eu-west-1': 'Z29XKXDKYMONMX',
  'eu-central-1': 'Z1RLNUO7B9Q6NB',
};

function subnetGroupOf(ctx: RegionContext, vpc: FakeVpc, groups: Map<string, DBSubnetGroup>): DBSubnetGroup {
  const existing = groups.get(vpc.VpcId);
  if (existing) return existing;
  const all = ctx.subnetsOf(vpc.VpcId);
  const privateSubnets = all.filter(s => !s.MapPublicIpOnLaunch);
  const subnets = (privateSubnets.length > 0 ? privateSubnets : all).slice(0, 3);
  const name = `${vpc.IsDefault ? 'default' : `${vpc.VpcId}-db`}-subnets`;
  const group: DBSubnetGroup = {
    DBSubnetGroupName: name,
    DBSubnetGroupDescription: `Database subnets of ${vpc.VpcId}`,
    VpcId: vpc.VpcId,
    SubnetGroupStatus: 'Complete',
    Subnets: subnets.map(s => ({
      SubnetIdentifier: s.SubnetId,
      SubnetAvailabilityZone: { Name: s.AvailabilityZone },
      SubnetStatus: 'Active',
    })),
    DBSubnetGroupArn: `arn:aws:rds:${ctx.region.name}:${ctx.accountId}:subgrp:${name}`,
    SupportedNetworkTypes: ['IPV4'],
  };
  groups.set(vpc.VpcId, group);
  return group;
}

function createDatabase(
  ctx: RegionContext,
  engine: DbEngineSpec,
  identifier: string,
  vpc: FakeVpc,
  subnetGroups: Map<string, DBSubnetGroup>,
  tags: { env: string; app: string; team: string },
  source?: FakeDbInstance,
): FakeDbInstance {
  const { rng, region, accountId } = ctx;
  const subnetGroup = subnetGroupOf(ctx, vpc, subnetGroups);
  const subnetId = rng.pick(subnetGroup.Subnets ?? []).SubnetIdentifier;
  const subnet = ctx.subnetsOf(vpc.VpcId).find(s => s.SubnetId === subnetId)!;
  const group = rng.pick(ctx.groupsOf(vpc.VpcId));
  createManagedInterface(ctx, subnet, {
    description: 'RDSNetworkInterface',
    interfaceType: 'interface',
    requesterId: 'amazon-rds',
    groups: [group],
  });
  const created = source
    ? new Date(source.InstanceCreateTime.getTime() + rng.int(1, 200) * 86_400_000)
    : rng.dateBefore(ctx.now, 1400);
  const encrypted = rng.chance(0.7);
  const status = rng.weighted([
    ['available', 90],
    ['stopped', 5],
    ['backing-up', 5],
  ] as const);
  return {
    DBInstanceIdentifier: identifier,
    DBInstanceArn: `arn:aws:rds:${region.name}:${accountId}:db:${identifier}`,
    DBInstanceClass: source?.DBInstanceClass ?? rng.pick(DB_INSTANCE_CLASSES),
    Engine: engine.engine,
    EngineVersion: engine.version,
    DBInstanceStatus: status,
    MasterUsername: engine.engine === 'oracle-ee' ? 'ADMIN' : 'admin',
    DBName: engine.noDbName ? undefined : tags.app,
    Endpoint: {
      Address: `${identifier}.${ctx.rdsSuffix}.${region.name}.rds.amazonaws.com`,
      Port: engine.port,
      HostedZoneId: RDS_ZONES[region.name] ?? 'Z3RDSEXAMPLE0',
    },
    AllocatedStorage: engine.aurora ? 1 : rng.pick([20, 50, 100, 200, 500, 1000]),
    StorageType: engine.aurora ? 'aurora' : 'gp3',
    InstanceCreateTime: created,
    PreferredBackupWindow: '02:00-02:30',
    BackupRetentionPeriod: source ? 0 : rng.pick([1, 7, 14, 35]),
    DBSecurityGroups: [],
    VpcSecurityGroups: [{ VpcSecurityGroupId: group.GroupId, Status: 'active' }],
    DBParameterGroups: [
      {
        DBParameterGroupName: engine.parameterGroup,
        ParameterApplyStatus: 'in-sync',
      },
    ],
    OptionGroupMemberships: [{ OptionGroupName: engine.optionGroup, Status: 'in-sync' }],
    AvailabilityZone: subnet.AvailabilityZone,
    DBSubnetGroup: subnetGroup,
    PreferredMaintenanceWindow: 'sun:03:00-sun:03:30',
    PendingModifiedValues: {},
    LatestRestorableTime: status === 'stopped' ? undefined : ctx.now,
    MultiAZ: !source && !engine.aurora && tags.env === 'production' && rng.chance(0.5),
    AutoMinorVersionUpgrade: true,
    ReadReplicaDBInstanceIdentifiers: [],
    ReadReplicaSourceDBInstanceIdentifier: source?.DBInstanceIdentifier,
    LicenseModel: engine.licenseModel,
    PubliclyAccessible: false,
    StorageEncrypted: encrypted,
    KmsKeyId: encrypted
      ? `arn:aws:kms:${region.name}:${accountId}:key/${rng.hex(8)}-${rng.hex(4)}-${rng.hex(4)}-${rng.hex(4)}-${rng.hex(
          12,
        )}`
      : undefined,
    DbiResourceId: `db-${rng.chars(26, 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567')}`,
    CACertificateIdentifier: 'rds-ca-rsa2048-g1',
    DBClusterIdentifier: engine.aurora ? `${identifier}-cluster` : undefined,
    CopyTagsToSnapshot: true,
    MonitoringInterval: 0,
    IAMDatabaseAuthenticationEnabled: false,
    PerformanceInsightsEnabled: false,
    DeletionProtection: tags.env === 'production',
    NetworkType: 'IPV4',
    TagList: [
      { Key: 'Name', Value: identifier },
      { Key: 'environment', Value: tags.env },
      { Key: 'application', Value: tags.app },
      { Key: 'team', Value: tags.team },
    ],
  };
}

/**
 * Generates `count` RDS instances across the engines; about a quarter of the MySQL and PostgreSQL primaries get a
 * read replica (counted in `count`), linked both ways.
 */
export function buildDatabases(ctx: RegionContext, count: number): void {
  const { rng, region } = ctx;
  const subnetGroups = new Map<string, DBSubnetGroup>();
  const vpcs = region.vpcs.filter(v => ctx.subnetsOf(v.VpcId).length > 0);
  if (vpcs.length === 0) return;
  let created = 0;
  while (created < count) {
    const engine = rng.weighted(ENGINE_WEIGHTS);
    const env = rng.weighted(ENVIRONMENT_WEIGHTS);
    const app = rng.pick(APPS);
    const team = rng.pick(TEAMS);
    const vpc = rng.pick(vpcs);
    const identifier = `${app}-${envShort(env)}-${engine.short}-${created + 1}`;
    const primary = createDatabase(ctx, engine, identifier, vpc, subnetGroups, {
      env,
      app,
      team,
    });
    region.dbInstances.push(primary);
    created++;
    if (engine.replicas && created < count && rng.chance(0.25)) {
      const replica = createDatabase(
        ctx,
        engine,
        `${identifier}-replica`,
        vpc,
        subnetGroups,
        { env, app, team },
        primary,
      );
      primary.ReadReplicaDBInstanceIdentifiers.push(replica.DBInstanceIdentifier);
      region.dbInstances.push(replica);
      created++;
    }
  }
}
