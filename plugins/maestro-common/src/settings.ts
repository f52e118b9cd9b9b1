import { JsonSchema } from './kinds/schema';

/** An entry of the services catalog: software that runs on servers (nginx, MySQL, Logstash…). @public */
export interface ServiceCatalogEntry {
  name: string;
  /** Resource families the service belongs to, e.g. `database`, `broker`. */
  families?: string[];
  tags?: string[];
}

/** Option lists the forms offer; people may still type other values. @public */
export interface OptionLists {
  environments: string[];
  roles: string[];
  os: Array<{ base: string; distros?: string[] }>;
  channels: string[];
}

/** Pre-defined regions (with their zones) per provider. @public */
export type ProviderRegions = Record<string, Array<{ id: string; name?: string; zones?: string[] }>>;

/** The settings Maestro keeps, by key. @public */
export interface MaestroSettings {
  services: ServiceCatalogEntry[];
  options: OptionLists;
  regions: ProviderRegions;
}

/** @public */
export type MaestroSettingsKey = keyof MaestroSettings;

/** A stored setting with its optimistic-concurrency version (0 = never saved: the defaults). @public */
export interface SettingValue<K extends MaestroSettingsKey = MaestroSettingsKey> {
  key: K;
  value: MaestroSettings[K];
  version: number;
  updatedAt?: string;
  updatedBy?: string;
}

const names = { type: 'array', items: { type: 'string', minLength: 1, maxLength: 128 }, uniqueItems: true };

/** JSON schemas of the settings, by key. @public */
export const MAESTRO_SETTINGS_SCHEMAS: Record<MaestroSettingsKey, JsonSchema> = {
  services: {
    type: 'array',
    maxItems: 5000,
    items: {
      type: 'object',
      additionalProperties: false,
      required: ['name'],
      properties: { name: { type: 'string', minLength: 1, maxLength: 128 }, families: names, tags: names },
    },
  },
  options: {
    type: 'object',
    additionalProperties: false,
    required: ['environments', 'roles', 'os', 'channels'],
    properties: {
      environments: names,
      roles: names,
      os: {
        type: 'array',
        items: {
          type: 'object',
          additionalProperties: false,
          required: ['base'],
          properties: { base: { type: 'string', minLength: 1, maxLength: 64 }, distros: names },
        },
      },
      channels: names,
    },
  },
  regions: {
    type: 'object',
    additionalProperties: {
      type: 'array',
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['id'],
        properties: {
          id: { type: 'string', minLength: 1, maxLength: 64 },
          name: { type: 'string', maxLength: 128 },
          zones: names,
        },
      },
    },
  },
};

/** What a new installation starts with (the seed's lists). @public */
export const DEFAULT_MAESTRO_SETTINGS: MaestroSettings = {
  services: [
    { name: 'Nginx', families: ['loadbalance'], tags: ['web'] },
    { name: 'Apache httpd', families: ['application'], tags: ['web'] },
    { name: 'MySQL', families: ['database'] },
    { name: 'PostgreSQL', families: ['database'] },
    { name: 'MongoDB', families: ['database'] },
    { name: 'Redis', families: ['cache'] },
    { name: 'RabbitMQ', families: ['broker'] },
    { name: 'Kafka', families: ['broker'] },
    { name: 'Jenkins', families: ['ci-cd'] },
    { name: 'Kubernetes', families: ['container-orchestration'] },
    { name: 'Logstash', families: ['logs'] },
    { name: 'Prometheus', families: ['monitor'] },
    { name: 'Node.js', families: ['application'] },
    { name: 'PHP-FPM', families: ['application'] },
  ],
  options: {
    environments: ['production', 'staging', 'uat', 'testing', 'development', 'sandbox'],
    roles: ['application', 'database', 'container', 'loadbalance', 'cache', 'broker', 'monitor', 'bastion', 'other'],
    os: [
      { base: 'linux', distros: ['debian', 'ubuntu', 'rhel', 'centos', 'rocky', 'amazon', 'alpine', 'suse'] },
      { base: 'windows', distros: ['server-2019', 'server-2022'] },
      { base: 'bsd', distros: ['freebsd', 'openbsd'] },
    ],
    channels: ['email', 'slack', 'teams', 'phone', 'pagerduty', 'opsgenie', 'webhook', 'other'],
  },
  regions: {
    aws: [
      { id: 'us-east-1', name: 'US East (N. Virginia)', zones: ['us-east-1a', 'us-east-1b', 'us-east-1c'] },
      { id: 'us-east-2', name: 'US East (Ohio)', zones: ['us-east-2a', 'us-east-2b', 'us-east-2c'] },
      { id: 'us-west-2', name: 'US West (Oregon)', zones: ['us-west-2a', 'us-west-2b', 'us-west-2c'] },
      { id: 'eu-west-1', name: 'Europe (Ireland)', zones: ['eu-west-1a', 'eu-west-1b', 'eu-west-1c'] },
      { id: 'eu-central-1', name: 'Europe (Frankfurt)', zones: ['eu-central-1a', 'eu-central-1b', 'eu-central-1c'] },
      { id: 'sa-east-1', name: 'South America (São Paulo)', zones: ['sa-east-1a', 'sa-east-1b', 'sa-east-1c'] },
      { id: 'ap-southeast-1', name: 'Asia Pacific (Singapore)', zones: ['ap-southeast-1a', 'ap-southeast-1b'] },
    ],
    openstack: [{ id: 'RegionOne', name: 'RegionOne', zones: ['nova'] }],
    gcp: [
      { id: 'us-central1', zones: ['us-central1-a', 'us-central1-b'] },
      { id: 'europe-west1', zones: ['europe-west1-b', 'europe-west1-c'] },
    ],
    azure: [
      { id: 'eastus', name: 'East US' },
      { id: 'westeurope', name: 'West Europe' },
    ],
    digitalocean: [{ id: 'nyc3' }, { id: 'ams3' }, { id: 'fra1' }],
  },
};

/** @public */
export const MAESTRO_SETTINGS_KEYS = Object.keys(MAESTRO_SETTINGS_SCHEMAS) as MaestroSettingsKey[];
