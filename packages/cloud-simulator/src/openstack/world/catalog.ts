/** Fixed catalogues the OpenStack generator draws from. */

/** A flavor of the catalogue; `id` undefined means a generated UUID. */
export interface FlavorTemplate {
  id?: string;
  name: string;
  vcpus: number;
  ram: number;
  disk: number;
  ephemeral?: number;
  swap?: number;
  description?: string;
  extraSpecs?: Record<string, string>;
  isPublic?: boolean;
}

/** The devstack `m1.*` flavors, then compute-, memory- and GPU-optimised ones. */
export const FLAVOR_CATALOGUE: readonly FlavorTemplate[] = [
  { id: '1', name: 'm1.tiny', vcpus: 1, ram: 512, disk: 1 },
  { id: '2', name: 'm1.small', vcpus: 1, ram: 2048, disk: 20 },
  { id: '3', name: 'm1.medium', vcpus: 2, ram: 4096, disk: 40 },
  { id: '4', name: 'm1.large', vcpus: 4, ram: 8192, disk: 80 },
  { id: '5', name: 'm1.xlarge', vcpus: 8, ram: 16384, disk: 160 },
  { id: '42', name: 'm1.nano', vcpus: 1, ram: 128, disk: 1 },
  {
    name: 'c1.large',
    vcpus: 4,
    ram: 4096,
    disk: 40,
    description: 'Compute optimised, dedicated CPUs',
    extraSpecs: { 'hw:cpu_policy': 'dedicated' },
  },
  {
    name: 'c1.xlarge',
    vcpus: 8,
    ram: 8192,
    disk: 80,
    description: 'Compute optimised, dedicated CPUs',
    extraSpecs: { 'hw:cpu_policy': 'dedicated', 'hw:numa_nodes': '1' },
  },
  {
    name: 'r1.large',
    vcpus: 2,
    ram: 16384,
    disk: 40,
    swap: 1024,
    description: 'Memory optimised',
  },
  {
    name: 'r1.xlarge',
    vcpus: 4,
    ram: 32768,
    disk: 80,
    swap: 2048,
    description: 'Memory optimised',
  },
  {
    name: 'v1.medium',
    vcpus: 2,
    ram: 4096,
    disk: 0,
    description: 'Boot from volume only',
  },
  {
    name: 'g1.xlarge',
    vcpus: 8,
    ram: 65536,
    disk: 100,
    ephemeral: 200,
    description: 'GPU: one NVIDIA A100',
    extraSpecs: {
      'pci_passthrough:alias': 'a100:1',
      'hw:cpu_policy': 'dedicated',
    },
    isPublic: false,
  },
];

/** An image of the catalogue. */
export interface ImageTemplate {
  name: string;
  osDistro: string;
  osVersion: string;
  /** Bytes. */
  size: number;
  virtualSize: number;
  minDisk: number;
  minRam: number;
  diskFormat: string;
  osType?: string;
  /** Owned by the project (private), rather than by the cloud's admin project (public). */
  private?: boolean;
  weight: number;
}

const GiB = 1024 ** 3;

/** Public distribution images (as uploaded by the operator), then the project's own images. */
export const IMAGE_CATALOGUE: readonly ImageTemplate[] = [
  {
    name: 'ubuntu-22.04-server-cloudimg-amd64',
    osDistro: 'ubuntu',
    osVersion: '22.04',
    size: 660_013_056,
    virtualSize: 2.2 * GiB,
    minDisk: 10,
    minRam: 512,
    diskFormat: 'qcow2',
    weight: 30,
  },
  {
    name: 'ubuntu-24.04-server-cloudimg-amd64',
    osDistro: 'ubuntu',
    osVersion: '24.04',
    size: 587_268_096,
    virtualSize: 3.5 * GiB,
    minDisk: 10,
    minRam: 512,
    diskFormat: 'qcow2',
    weight: 25,
  },
  {
    name: 'debian-12-genericcloud-amd64',
    osDistro: 'debian',
    osVersion: '12',
    size: 346_030_080,
    virtualSize: 2 * GiB,
    minDisk: 5,
    minRam: 512,
    diskFormat: 'qcow2',
    weight: 15,
  },
  {
    name: 'Rocky-9-GenericCloud-Base.latest.x86_64',
    osDistro: 'rocky',
    osVersion: '9.4',
    size: 609_812_480,
    virtualSize: 10 * GiB,
    minDisk: 10,
    minRam: 1024,
    diskFormat: 'qcow2',
    weight: 10,
  },
  {
    name: 'cirros-0.6.2-x86_64-disk',
    osDistro: 'cirros',
    osVersion: '0.6.2',
    size: 21_430_272,
    virtualSize: 117_440_512,
    minDisk: 0,
    minRam: 0,
    diskFormat: 'qcow2',
    weight: 3,
  },
  {
    name: 'windows-server-2022-standard',
    osDistro: 'windows',
    osVersion: '2022',
    size: 9_663_676_416,
    virtualSize: 40 * GiB,
    minDisk: 40,
    minRam: 2048,
    diskFormat: 'qcow2',
    osType: 'windows',
    private: true,
    weight: 8,
  },
  {
    name: 'rhel-9.4-x86_64-kvm',
    osDistro: 'rhel',
    osVersion: '9.4',
    size: 952_107_008,
    virtualSize: 10 * GiB,
    minDisk: 10,
    minRam: 1024,
    diskFormat: 'qcow2',
    private: true,
    weight: 6,
  },
  {
    name: 'CentOS-Stream-GenericCloud-9',
    osDistro: 'centos',
    osVersion: '9',
    size: 1_163_919_360,
    virtualSize: 10 * GiB,
    minDisk: 10,
    minRam: 1024,
    diskFormat: 'qcow2',
    weight: 3,
  },
  {
    name: 'Fedora-Cloud-Base-Generic-40',
    osDistro: 'fedora',
    osVersion: '40',
    size: 397_475_840,
    virtualSize: 5 * GiB,
    minDisk: 5,
    minRam: 1024,
    diskFormat: 'qcow2',
    weight: 2,
  },
  {
    name: 'almalinux-9-genericcloud-x86_64',
    osDistro: 'almalinux',
    osVersion: '9.4',
    size: 520_290_304,
    virtualSize: 10 * GiB,
    minDisk: 10,
    minRam: 1024,
    diskFormat: 'qcow2',
    weight: 3,
  },
  {
    name: 'flatcar-stable-amd64',
    osDistro: 'flatcar',
    osVersion: '3815.2.5',
    size: 493_092_864,
    virtualSize: 8.5 * GiB,
    minDisk: 9,
    minRam: 1024,
    diskFormat: 'raw',
    weight: 2,
  },
];

/** Cinder volume types, with their relative weights. */
export const VOLUME_TYPES: ReadonlyArray<readonly [string, number]> = [
  ['__DEFAULT__', 30],
  ['ssd', 40],
  ['hdd', 20],
  ['ssd-replicated', 10],
];

/** Names of the first tenant networks; more are `tenant-net-N`. */
export const NETWORK_NAMES = ['private', 'app', 'data', 'mgmt', 'dmz', 'backend', 'frontend', 'services'];

/** Server roles: name stem, relative weight, the security groups it uses (besides `default`) and LB port. */
export const SERVER_ROLES: ReadonlyArray<{
  role: string;
  weight: number;
  groups: string[];
  port: number;
}> = [
  { role: 'web', weight: 30, groups: ['web', 'ssh'], port: 80 },
  { role: 'api', weight: 20, groups: ['web', 'ssh'], port: 8080 },
  { role: 'worker', weight: 15, groups: ['ssh'], port: 8000 },
  { role: 'db', weight: 10, groups: ['postgres', 'ssh'], port: 5432 },
  { role: 'cache', weight: 8, groups: ['redis'], port: 6379 },
  { role: 'mq', weight: 5, groups: ['rabbitmq', 'ssh'], port: 5672 },
  { role: 'bastion', weight: 4, groups: ['ssh'], port: 22 },
  { role: 'monitor', weight: 8, groups: ['monitoring', 'ssh'], port: 9090 },
];

/** The ingress rules of the named security groups (the others get SSH and HTTPS). */
export const GROUP_RULES: Record<
  string,
  ReadonlyArray<{
    protocol: string;
    min: number | null;
    max: number | null;
    cidr: string;
  }>
> = {
  web: [
    { protocol: 'tcp', min: 80, max: 80, cidr: '0.0.0.0/0' },
    { protocol: 'tcp', min: 443, max: 443, cidr: '0.0.0.0/0' },
    { protocol: 'tcp', min: 8080, max: 8080, cidr: '10.0.0.0/8' },
  ],
  ssh: [{ protocol: 'tcp', min: 22, max: 22, cidr: '10.0.0.0/8' }],
  postgres: [{ protocol: 'tcp', min: 5432, max: 5432, cidr: '10.0.0.0/8' }],
  redis: [{ protocol: 'tcp', min: 6379, max: 6379, cidr: '10.0.0.0/8' }],
  rabbitmq: [
    { protocol: 'tcp', min: 5672, max: 5672, cidr: '10.0.0.0/8' },
    { protocol: 'tcp', min: 15672, max: 15672, cidr: '10.0.0.0/8' },
  ],
  monitoring: [
    { protocol: 'tcp', min: 9090, max: 9100, cidr: '10.0.0.0/8' },
    { protocol: 'icmp', min: null, max: null, cidr: '10.0.0.0/8' },
  ],
};

/** Environments of the servers' metadata, with weights. */
export const ENVIRONMENTS: ReadonlyArray<readonly [string, number]> = [
  ['production', 50],
  ['staging', 30],
  ['development', 20],
];

/** Teams of the servers' metadata. */
export const TEAMS = ['platform', 'payments', 'search', 'identity', 'data'];

/** Server states: Nova status, vm_state, power_state, task_state, weight. */
export const SERVER_STATES: ReadonlyArray<
  readonly [status: string, vmState: string, powerState: number, taskState: string | null, weight: number]
> = [
  ['ACTIVE', 'active', 1, null, 86],
  ['SHUTOFF', 'stopped', 4, null, 8],
  ['ERROR', 'error', 0, null, 2],
  ['PAUSED', 'paused', 3, null, 1],
  ['SUSPENDED', 'suspended', 4, null, 1],
  ['BUILD', 'building', 0, 'spawning', 2],
];
