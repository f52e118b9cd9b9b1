/** Fixed reference data of the simulated world: instance types, regions, public images, database engines. */
import type { FakeInstanceType } from './types';

type Family = 'burstable' | 'general' | 'compute' | 'memory';

/** [type, vCPUs, memory MiB, architecture, family] of the instance-type catalogue. */
const INSTANCE_TYPE_ROWS: ReadonlyArray<readonly [string, number, number, 'x86_64' | 'arm64', Family]> = [
  ['t2.micro', 1, 1024, 'x86_64', 'burstable'],
  ['t3.nano', 2, 512, 'x86_64', 'burstable'],
  ['t3.micro', 2, 1024, 'x86_64', 'burstable'],
  ['t3.small', 2, 2048, 'x86_64', 'burstable'],
  ['t3.medium', 2, 4096, 'x86_64', 'burstable'],
  ['t3.large', 2, 8192, 'x86_64', 'burstable'],
  ['t3.xlarge', 4, 16384, 'x86_64', 'burstable'],
  ['t3.2xlarge', 8, 32768, 'x86_64', 'burstable'],
  ['t4g.micro', 2, 1024, 'arm64', 'burstable'],
  ['t4g.small', 2, 2048, 'arm64', 'burstable'],
  ['t4g.medium', 2, 4096, 'arm64', 'burstable'],
  ['m5.large', 2, 8192, 'x86_64', 'general'],
  ['m5.xlarge', 4, 16384, 'x86_64', 'general'],
  ['m5.2xlarge', 8, 32768, 'x86_64', 'general'],
  ['m5.4xlarge', 16, 65536, 'x86_64', 'general'],
  ['m6i.large', 2, 8192, 'x86_64', 'general'],
  ['m6i.xlarge', 4, 16384, 'x86_64', 'general'],
  ['m6g.medium', 1, 4096, 'arm64', 'general'],
  ['m6g.large', 2, 8192, 'arm64', 'general'],
  ['c5.large', 2, 4096, 'x86_64', 'compute'],
  ['c5.xlarge', 4, 8192, 'x86_64', 'compute'],
  ['c5.2xlarge', 8, 16384, 'x86_64', 'compute'],
  ['c5.4xlarge', 16, 32768, 'x86_64', 'compute'],
  ['c6i.large', 2, 4096, 'x86_64', 'compute'],
  ['c6g.large', 2, 4096, 'arm64', 'compute'],
  ['r5.large', 2, 16384, 'x86_64', 'memory'],
  ['r5.xlarge', 4, 32768, 'x86_64', 'memory'],
  ['r5.2xlarge', 8, 65536, 'x86_64', 'memory'],
  ['r5.4xlarge', 16, 131072, 'x86_64', 'memory'],
  ['r6i.large', 2, 16384, 'x86_64', 'memory'],
];

function networkPerformance(vcpus: number): string {
  if (vcpus <= 4) return 'Up to 10 Gigabit';
  if (vcpus <= 8) return 'Up to 12.5 Gigabit';
  return '10 Gigabit';
}

/** The instance types `DescribeInstanceTypes` serves and instances are launched with. */
export const INSTANCE_TYPES: readonly FakeInstanceType[] = INSTANCE_TYPE_ROWS.map(
  ([type, vcpus, memory, arch, family]) => {
    const threads = type.startsWith('t2') || vcpus === 1 ? 1 : 2;
    const isBurstable = family === 'burstable';
    return {
      InstanceType: type as FakeInstanceType['InstanceType'],
      CurrentGeneration: !type.startsWith('t2'),
      FreeTierEligible: type === 't2.micro' || type === 't3.micro',
      SupportedUsageClasses: ['on-demand', 'spot'],
      SupportedRootDeviceTypes: ['ebs'],
      SupportedVirtualizationTypes: ['hvm'],
      BareMetal: false,
      Hypervisor: type.startsWith('t2') ? 'xen' : 'nitro',
      ProcessorInfo: {
        SupportedArchitectures: [arch],
        SustainedClockSpeedInGhz: arch === 'arm64' ? 2.5 : 3.1,
        Manufacturer: arch === 'arm64' ? 'AWS' : 'Intel',
      },
      VCpuInfo: {
        DefaultVCpus: vcpus,
        DefaultCores: Math.max(1, vcpus / threads),
        DefaultThreadsPerCore: threads,
      },
      MemoryInfo: { SizeInMiB: memory },
      InstanceStorageSupported: false,
      EbsInfo: {
        EbsOptimizedSupport: type.startsWith('t2') ? 'unsupported' : 'default',
        EncryptionSupport: 'supported',
        NvmeSupport: type.startsWith('t2') ? 'unsupported' : 'required',
      },
      NetworkInfo: {
        NetworkPerformance: networkPerformance(vcpus),
        MaximumNetworkInterfaces: Math.min(15, 2 + vcpus),
        Ipv4AddressesPerInterface: Math.min(30, 2 + vcpus * 3),
        Ipv6AddressesPerInterface: Math.min(30, 2 + vcpus * 3),
        Ipv6Supported: true,
        EnaSupport: type.startsWith('t2') ? 'unsupported' : 'required',
      },
      PlacementGroupInfo: { SupportedStrategies: ['partition', 'spread'] },
      HibernationSupported: arch === 'x86_64',
      BurstablePerformanceSupported: isBurstable,
      DedicatedHostsSupported: !isBurstable,
      AutoRecoverySupported: true,
      SupportedBootModes: arch === 'arm64' ? ['uefi'] : ['legacy-bios', 'uefi'],
    };
  },
);

/** Instance types by name. */
export const INSTANCE_TYPES_BY_NAME: ReadonlyMap<string, FakeInstanceType> = new Map(
  INSTANCE_TYPES.map(t => [t.InstanceType, t]),
);

/** Relative weights of instance types for generated instances (small types are the most common). */
export const INSTANCE_TYPE_WEIGHTS: ReadonlyArray<readonly [string, number]> = INSTANCE_TYPE_ROWS.map(
  ([type, vcpus]) => [type, vcpus <= 2 ? 6 : 16 / vcpus],
);

/** Every region `DescribeRegions` knows, with the hosted zone ids of its load balancers. */
export const AWS_REGIONS: ReadonlyArray<{
  name: string;
  /** Route 53 hosted zone of Classic and Application Load Balancers. */
  elbZoneId: string;
  /** Route 53 hosted zone of Network Load Balancers. */
  nlbZoneId: string;
}> = [
  {
    name: 'us-east-1',
    elbZoneId: 'Z35SXDOTRQ7X7K',
    nlbZoneId: 'Z26RNL4JYFTOTI',
  },
  {
    name: 'us-east-2',
    elbZoneId: 'Z3AADJGX6KTTL2',
    nlbZoneId: 'ZLMOA37VPKANP',
  },
  {
    name: 'us-west-1',
    elbZoneId: 'Z368ELLRRE2KJ0',
    nlbZoneId: 'Z24FKFUX50B4VW',
  },
  {
    name: 'us-west-2',
    elbZoneId: 'Z1H1FL5HABSF5',
    nlbZoneId: 'Z18D5FSROUN65G',
  },
  {
    name: 'ca-central-1',
    elbZoneId: 'ZQSVJUPU6J1EY',
    nlbZoneId: 'Z2EPGBW3API2WT',
  },
  {
    name: 'eu-west-1',
    elbZoneId: 'Z32O12XQLNTSW2',
    nlbZoneId: 'Z2IFOLAFXWLO4F',
  },
  { name: 'eu-west-2', elbZoneId: 'ZHURV8PSTC4K8', nlbZoneId: 'ZD4D7Y8KGAS4G' },
  {
    name: 'eu-west-3',
    elbZoneId: 'Z3Q77PNBQS71R4',
    nlbZoneId: 'Z1CMS0P5QUZ6D5',
  },
  {
    name: 'eu-central-1',
    elbZoneId: 'Z215JYRZR1TBD5',
    nlbZoneId: 'Z3F0SRJ5LGBH90',
  },
  {
    name: 'eu-north-1',
    elbZoneId: 'Z23TAZIGT5KKDB',
    nlbZoneId: 'Z1UDT6IFJ4EJM',
  },
  {
    name: 'ap-south-1',
    elbZoneId: 'ZP97RAFLXTNZK',
    nlbZoneId: 'ZVDDRBQ08TROA',
  },
  {
    name: 'ap-northeast-1',
    elbZoneId: 'Z14GRHDCWA56QT',
    nlbZoneId: 'Z31USIVHYNEOWT',
  },
  {
    name: 'ap-northeast-2',
    elbZoneId: 'ZWKZPGTI48KDX',
    nlbZoneId: 'ZIBE1TIR4HY56',
  },
  {
    name: 'ap-northeast-3',
    elbZoneId: 'Z5LXEXXYW11ES',
    nlbZoneId: 'Z1GWIQ4HH19I5X',
  },
  {
    name: 'ap-southeast-1',
    elbZoneId: 'Z1LMS91P8CMLE5',
    nlbZoneId: 'ZKVM4W9LS7TM',
  },
  {
    name: 'ap-southeast-2',
    elbZoneId: 'Z1GM3OXH4ZPM65',
    nlbZoneId: 'ZCT6FZBF4DROD',
  },
  {
    name: 'sa-east-1',
    elbZoneId: 'Z2P70J7HTTTPLU',
    nlbZoneId: 'ZTK26PT1VY4CU',
  },
];

/** The hosted zone ids of a region's load balancers (a stable fallback for regions not in the list). */
export function regionZoneIds(region: string): {
  elbZoneId: string;
  nlbZoneId: string;
} {
  return (
    AWS_REGIONS.find(r => r.name === region) ?? {
      elbZoneId: 'Z3DZXE0EXAMPLE',
      nlbZoneId: 'Z2NLBEXAMPLE00',
    }
  );
}

/** The EC2 DNS domain of a region: `ec2.internal` in us-east-1, `<region>.compute.internal` elsewhere. */
export function internalDnsDomain(region: string): string {
  return region === 'us-east-1' ? 'ec2.internal' : `${region}.compute.internal`;
}

/** The public EC2 DNS domain of a region. */
export function publicDnsDomain(region: string): string {
  return region === 'us-east-1' ? 'compute-1.amazonaws.com' : `${region}.compute.amazonaws.com`;
}

/** An operating system images are built from. */
export interface OsSpec {
  key: string;
  platformDetails: string;
  /** `windows` for Windows images, absent otherwise. */
  platform?: 'windows';
  usageOperation: string;
  rootDeviceName: string;
  rootVolumeGiB: number;
  publicName: (arch: string) => string;
  publisher: { ownerId: string; alias?: string };
}

const AMAZON = { ownerId: '137112412989', alias: 'amazon' };
const CANONICAL = { ownerId: '099720109477' };
const MICROSOFT = { ownerId: '801119661308', alias: 'amazon' };
const REDHAT = { ownerId: '309956199498' };
const DEBIAN = { ownerId: '136693071363' };

/** Operating systems of public and account images. */
export const OPERATING_SYSTEMS: readonly OsSpec[] = [
  {
    key: 'al2023',
    platformDetails: 'Linux/UNIX',
    usageOperation: 'RunInstances',
    rootDeviceName: '/dev/xvda',
    rootVolumeGiB: 8,
    publicName: arch => `al2023-ami-2023.6.20250115.0-kernel-6.1-${arch}`,
    publisher: AMAZON,
  },
  {
    key: 'ubuntu',
    platformDetails: 'Linux/UNIX',
    usageOperation: 'RunInstances',
    rootDeviceName: '/dev/sda1',
    rootVolumeGiB: 8,
    publicName: arch =>
      `ubuntu/images/hvm-ssd-gp3/ubuntu-noble-24.04-${arch === 'arm64' ? 'arm64' : 'amd64'}-server-20250115`,
    publisher: CANONICAL,
  },
  {
    key: 'debian',
    platformDetails: 'Linux/UNIX',
    usageOperation: 'RunInstances',
    rootDeviceName: '/dev/xvda',
    rootVolumeGiB: 8,
    publicName: arch => `debian-12-${arch === 'arm64' ? 'arm64' : 'amd64'}-20250112-1990`,
    publisher: DEBIAN,
  },
  {
    key: 'rhel',
    platformDetails: 'Red Hat Enterprise Linux',
    usageOperation: 'RunInstances:0010',
    rootDeviceName: '/dev/sda1',
    rootVolumeGiB: 10,
    publicName: arch => `RHEL-9.5.0_HVM-20241211-${arch}-5-Hourly2-GP3`,
    publisher: REDHAT,
  },
  {
    key: 'windows',
    platformDetails: 'Windows',
    platform: 'windows',
    usageOperation: 'RunInstances:0002',
    rootDeviceName: '/dev/sda1',
    rootVolumeGiB: 30,
    publicName: () => 'Windows_Server-2022-English-Full-Base-2025.01.15',
    publisher: MICROSOFT,
  },
];

/** Relative weights of operating systems for account images and instances (about 15% Windows). */
export const OS_WEIGHTS: ReadonlyArray<readonly [OsSpec, number]> = [
  [OPERATING_SYSTEMS[0], 40],
  [OPERATING_SYSTEMS[1], 30],
  [OPERATING_SYSTEMS[2], 8],
  [OPERATING_SYSTEMS[3], 7],
  [OPERATING_SYSTEMS[4], 15],
];

/** A database engine of generated RDS instances. */
export interface DbEngineSpec {
  engine: string;
  version: string;
  port: number;
  licenseModel: string;
  parameterGroup: string;
  optionGroup: string;
  short: string;
  /** Whether the engine supports read replicas in the generated world. */
  replicas: boolean;
  /** Aurora instances belong to a cluster. */
  aurora?: boolean;
  /** SQL Server has no initial database name. */
  noDbName?: boolean;
}

/** The database engines of generated RDS instances. */
export const DB_ENGINES: readonly DbEngineSpec[] = [
  {
    engine: 'mysql',
    version: '8.0.39',
    port: 3306,
    licenseModel: 'general-public-license',
    parameterGroup: 'default.mysql8.0',
    optionGroup: 'default:mysql-8-0',
    short: 'mysql',
    replicas: true,
  },
  {
    engine: 'postgres',
    version: '16.4',
    port: 5432,
    licenseModel: 'postgresql-license',
    parameterGroup: 'default.postgres16',
    optionGroup: 'default:postgres-16',
    short: 'pg',
    replicas: true,
  },
  {
    engine: 'oracle-ee',
    version: '19.0.0.0.ru-2024-10.rur-2024-10.r1',
    port: 1521,
    licenseModel: 'bring-your-own-license',
    parameterGroup: 'default.oracle-ee-19',
    optionGroup: 'default:oracle-ee-19',
    short: 'ora',
    replicas: false,
  },
  {
    engine: 'aurora-mysql',
    version: '8.0.mysql_aurora.3.07.1',
    port: 3306,
    licenseModel: 'general-public-license',
    parameterGroup: 'default.aurora-mysql8.0',
    optionGroup: 'default:aurora-mysql-8-0',
    short: 'aurora',
    replicas: false,
    aurora: true,
  },
  {
    engine: 'sqlserver-se',
    version: '15.00.4390.2.v1',
    port: 1433,
    licenseModel: 'license-included',
    parameterGroup: 'default.sqlserver-se-15.0',
    optionGroup: 'default:sqlserver-se-15-00',
    short: 'mssql',
    replicas: false,
    noDbName: true,
  },
];

/** DB instance classes of generated RDS instances. */
export const DB_INSTANCE_CLASSES: readonly string[] = [
  'db.t3.micro',
  'db.t3.medium',
  'db.t4g.medium',
  'db.m5.large',
  'db.m6g.large',
  'db.r5.large',
  'db.r6g.xlarge',
];

/** Tag vocabulary of generated resources. */
export const ENVIRONMENTS = ['production', 'staging', 'development'] as const;
/** Relative weights of environments. */
export const ENVIRONMENT_WEIGHTS: ReadonlyArray<readonly [(typeof ENVIRONMENTS)[number], number]> = [
  ['production', 5],
  ['staging', 3],
  ['development', 2],
];
/** Server roles (the `role` tag). */
export const ROLES = [
  'web',
  'api',
  'worker',
  'batch',
  'cache',
  'search',
  'queue',
  'bastion',
  'ci-runner',
  'monitoring',
] as const;
/** Owning teams (the `team` tag). */
export const TEAMS = ['platform', 'payments', 'search', 'data', 'identity', 'mobile', 'checkout'] as const;
/** Application names of load balancers, databases, buckets and distributions. */
export const APPS = ['shop', 'billing', 'catalog', 'accounts', 'reports', 'media', 'gateway', 'analytics'] as const;

/** An environment's short form, as used in names. */
export function envShort(env: string): string {
  if (env === 'production') return 'prod';
  if (env === 'staging') return 'stg';
  return 'dev';
}
