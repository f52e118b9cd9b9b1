import type { LoggerService } from '@backstage/backend-plugin-api';
import type { Config } from '@backstage/config';
import type { InventoryService } from '../records/InventoryService';
import type { InventoryStore, NewRecord } from '../records/InventoryStore';

/** Actor recorded in history for the demo seed. */
export const DEMO_ACTOR = 'maestro:demo';

/**
 * Writes a small demo inventory (a datacenter with its network, servers, volumes, a database, a load balancer,
 * applications with dependencies, a broker, a system and its client) into an empty store, through the inventory service as every other write (validated, audited,
 * with history), so the demo data reaches the catalog through the provider.
 */
export class DemoInventory {
  readonly #store: InventoryStore;
  readonly #inventory: InventoryService;
  readonly #logger: LoggerService;
  readonly #enabled: boolean;
  readonly #owner: string;

  static fromConfig(
    config: Config,
    deps: { store: InventoryStore; inventory: InventoryService; logger: LoggerService },
  ): DemoInventory {
    return new DemoInventory(
      deps,
      config.getOptionalBoolean('maestro.demo.enabled') ?? false,
      config.getOptionalString('maestro.demo.owner') ?? 'group:default/maestro-admins',
    );
  }

  private constructor(
    deps: { store: InventoryStore; inventory: InventoryService; logger: LoggerService },
    enabled: boolean,
    owner: string,
  ) {
    this.#store = deps.store;
    this.#inventory = deps.inventory;
    this.#logger = deps.logger;
    this.#enabled = enabled;
    this.#owner = owner;
  }

  /** Seeds when enabled and the store is empty; returns the number of records written. */
  async seedIfEmpty(): Promise<number> {
    if (!this.#enabled) return 0;
    const { totalCount } = await this.#store.listRecords({ limit: 1 });
    if (totalCount > 0) return 0;
    const ctx = { actor: DEMO_ACTOR, source: 'demo', reason: 'demo inventory (maestro.demo.enabled)' };
    const owner = this.#owner;
    await this.#inventory.createRecord(
      {
        kind: 'Datacenter',
        name: 'demo-aws-eu-west-1',
        title: 'Demo AWS account (eu-west-1)',
        owner,
        spec: {
          provider: 'aws',
          account: '000000000000',
          regions: ['eu-west-1'],
          zones: ['eu-west-1a', 'eu-west-1b'],
          instances: 3,
        },
      },
      ctx,
    );
    const dc = 'datacenter:default/demo-aws-eu-west-1';
    const placement = { datacenter: dc, region: 'eu-west-1' };
    const records: NewRecord[] = [
      {
        kind: 'Network',
        name: 'demo-vpc',
        title: 'Demo VPC',
        owner,
        spec: { type: 'vpc', cidr: '10.0.0.0/16', ...placement, providerId: 'vpc-0demo' },
      },
      {
        kind: 'Network',
        name: 'demo-subnet-app',
        owner,
        spec: {
          type: 'subnet',
          cidr: '10.0.1.0/24',
          parent: 'network:default/demo-vpc',
          ...placement,
          zone: 'eu-west-1a',
        },
      },
      {
        kind: 'Flavor',
        name: 'demo-t3.medium',
        owner,
        spec: { cpu: 2, memory: 4, ...placement },
      },
    ];
    const servers = [
      { name: 'demo-web-01', ip: '10.0.1.11', role: 'application', zone: 'eu-west-1a' },
      { name: 'demo-web-02', ip: '10.0.1.12', role: 'application', zone: 'eu-west-1b' },
      { name: 'demo-db-01', ip: '10.0.2.21', role: 'database', zone: 'eu-west-1a' },
    ];
    for (const s of servers) {
      records.push({
        kind: 'Server',
        name: s.name,
        owner,
        spec: {
          hostname: `${s.name}.demo.internal`,
          ipv4Private: s.ip,
          os: { base: 'linux', distro: 'debian', version: '12' },
          cpu: 2,
          memory: 4,
          environment: 'production',
          role: s.role,
          ...placement,
          zone: s.zone,
          flavor: 'flavor:default/demo-t3.medium',
          networks: ['network:default/demo-subnet-app'],
          services: s.role === 'database' ? [{ name: 'MySQL', version: '8.0' }] : [{ name: 'Nginx', version: '1.24' }],
          auth: [{ type: 'pki', keyName: 'demo.pem', username: 'admin' }],
          storage: [{ mount: '/', sizeGb: 20, rootDevice: true, volume: `volume:default/${s.name}-root` }],
        },
      });
      records.push({
        kind: 'Volume',
        name: `${s.name}-root`,
        owner,
        spec: {
          attachment: 'attached',
          sizeGb: 20,
          volumeType: 'gp3',
          server: `server:default/${s.name}`,
          device: '/dev/xvda',
          mountPath: '/',
          ...placement,
          zone: s.zone,
        },
      });
    }
    records.push(
      {
        kind: 'Database',
        name: 'demo-orders-db',
        title: 'Orders database',
        owner,
        spec: {
          family: 'mysql',
          engine: 'mysql',
          version: '8.0',
          environment: 'production',
          clusterMode: 'single',
          servers: [{ server: 'server:default/demo-db-01', role: 'master' }],
          role: { endpoint: 'demo-db-01.demo.internal', port: 3306 },
        },
      },
      {
        kind: 'LoadBalancer',
        name: 'demo-web-lb',
        title: 'Web load balancer',
        owner,
        spec: {
          service: 'alb',
          type: 'application',
          scheme: 'internet-facing',
          environment: 'production',
          endpoint: 'https://shop.demo.example',
          healthcheck: '/healthz',
          targets: ['server:default/demo-web-01', 'server:default/demo-web-02'],
          networks: ['network:default/demo-subnet-app'],
          ...placement,
        },
      },
      {
        kind: 'Component',
        name: 'demo-shop-api',
        title: 'Shop API',
        owner,
        spec: {
          type: 'service',
          lifecycle: 'production',
          language: 'node',
          clusterMode: '12-factor',
          environment: 'production',
          servers: ['server:default/demo-web-01', 'server:default/demo-web-02'],
          dependencies: [{ ref: 'database:default/demo-orders-db', protocol: 'sql' }],
          // a System defined in git YAML (examples/entities.yaml): hand-entered inventory links to it
          system: 'system:default/demo-shop',
          role: { endpoint: 'https://shop.demo.example/api', healthcheck: '/api/health' },
        },
      },
      ...demoCheckout(owner),
    );
    for (const record of records) {
      await this.#inventory.createRecord(record, ctx);
    }
    const count = 1 + records.length;
    this.#logger.info(`Seeded the demo inventory: ${count} records`);
    return count;
  }
}

/**
 * A business system for the graphs: the retail client, served by the checkout system, entered through its web
 * front, which calls the shop API and the payments service; payments publishes to a message broker.
 */
function demoCheckout(owner: string): NewRecord[] {
  const app = (name: string, title: string, spec: Record<string, unknown>): NewRecord => ({
    kind: 'Component',
    name,
    title,
    owner,
    spec: { type: 'service', lifecycle: 'production', environment: 'production', ...spec },
  });
  return [
    {
      kind: 'Client',
      name: 'demo-retail',
      title: 'Retail customers',
      owner,
      spec: { description: 'Customers buying on the demo web shop' },
    },
    {
      kind: 'System',
      name: 'demo-checkout',
      title: 'Checkout',
      owner,
      spec: {
        description: 'Checkout of the demo shop: basket, payment, order confirmation',
        clients: ['client:default/demo-retail'],
        entryApplications: ['component:default/demo-checkout-web'],
      },
    },
    app('demo-checkout-web', 'Checkout web', {
      language: 'typescript',
      servers: ['server:default/demo-web-01', 'server:default/demo-web-02'],
      system: 'system:default/demo-checkout',
      dependencies: [
        { ref: 'component:default/demo-shop-api', protocol: 'rest' },
        { ref: 'component:default/demo-payments', protocol: 'grpc' },
      ],
    }),
    app('demo-payments', 'Payments', {
      language: 'java',
      servers: ['server:default/demo-web-02'],
      system: 'system:default/demo-checkout',
      dependencies: [
        { ref: 'database:default/demo-orders-db', protocol: 'sql' },
        { ref: 'resource:default/demo-events', protocol: 'amqp' },
      ],
    }),
    {
      kind: 'Resource',
      name: 'demo-events',
      title: 'Order events broker',
      owner,
      spec: {
        type: 'broker',
        service: 'rabbitmq',
        version: '3.13',
        environment: 'production',
        servers: ['server:default/demo-db-01'],
      },
    },
  ];
}
