import type { Config } from '@backstage/config';
import type { ResolvedConnection } from '../ConnectionStore';
import type { DiscoveryDriver, DriverSession } from '../driver';
import { classifyOpenStackError, OpenStackClient, OpenStackServiceUnavailableError } from './client';
import { OPENSTACK_LISTS } from './openstackLists';

/** Tuning of the OpenStack client from `maestro.discovery.openstack.*` (all optional). */
interface OpenStackTuning {
  timeoutMs?: number;
  pageSize?: number;
  maxRetries?: number;
  computeMicroversion?: string;
}

/**
 * OpenStack discovery through Maestro's read-only OpenStack client: Keystone v3 password authentication scoped to
 * one project (the token's project id scopes entity names), then Nova, Neutron, Cinder, Glance and Octavia in each
 * region of the connection, through the endpoints of the token's catalog. A list whose service the region's catalog
 * lacks (no Octavia) is reported as "service not available", not as a failure.
 */
export class OpenStackDriver implements DiscoveryDriver {
  readonly provider = 'openstack' as const;
  readonly lists = OPENSTACK_LISTS;
  readonly #tuning: OpenStackTuning;

  constructor(options: { config: Config }) {
    const c = options.config;
    this.#tuning = {
      timeoutMs: c.getOptionalNumber('maestro.discovery.openstack.timeoutMs'),
      pageSize: c.getOptionalNumber('maestro.discovery.openstack.pageSize'),
      maxRetries: c.getOptionalNumber('maestro.discovery.openstack.maxRetries'),
      computeMicroversion: c.getOptionalString('maestro.discovery.openstack.computeMicroversion'),
    };
  }

  async open(connection: ResolvedConnection): Promise<DriverSession> {
    if (connection.secretError) throw new Error(connection.secretError);
    const settings = connection.openstack;
    if (!settings?.authUrl) {
      throw new Error(`OpenStack connection ${connection.id} has no Keystone URL: set openstack.authUrl`);
    }
    if (!connection.secret) {
      const user = settings.username ?? settings.userId ?? '(no user)';
      throw new Error(
        `OpenStack user ${user} has no password: enter it (Edit connection) or set openstack.password in app-config`,
      );
    }
    const client = new OpenStackClient({
      authUrl: settings.authUrl,
      username: settings.username,
      userId: settings.userId,
      password: connection.secret,
      userDomainId: settings.userDomainId,
      userDomainName: settings.userDomainName,
      projectId: settings.projectId,
      projectName: settings.projectName,
      projectDomainId: settings.projectDomainId,
      projectDomainName: settings.projectDomainName,
      interface: settings.interface,
      caBundle: settings.caBundle,
      insecure: settings.insecure,
      ...Object.fromEntries(Object.entries(this.#tuning).filter(([, v]) => v !== undefined)),
    });
    let projectId: string;
    try {
      const info = await client.authenticate();
      if (!info.project?.id) {
        throw new Error(`Keystone at ${client.authUrl} issued a token without a project: set openstack.projectId or projectName`);
      }
      projectId = info.project.id;
      if (settings.projectId && settings.projectId !== projectId) {
        throw new Error(`the token is scoped to project ${projectId}, not to the configured project ${settings.projectId}`);
      }
    } catch (error) {
      await client.close().catch(() => undefined);
      throw error;
    }
    const datacenter = `datacenter:default/${connection.datacenter}`;
    return {
      accountId: projectId,
      crawl: async (listId, region, emit, signal) => {
        const list = OPENSTACK_LISTS.find(l => l.id === listId);
        if (!list) throw new Error(`unknown OpenStack list ${listId}`);
        const regions = client.regions();
        if (!regions.includes(region)) {
          throw new Error(
            `region ${region} is not in the service catalog of ${client.authUrl} (${client.interface} endpoints in: ${regions.join(', ') || 'none'})`,
          );
        }
        // one catalog lookup, no request: the region's cloud has no such service (Octavia is optional)
        if (!client.hasService(list.service, region)) {
          throw new OpenStackServiceUnavailableError({ serviceType: list.service, region, interface: client.interface });
        }
        await list.crawl({ client, region, projectId, datacenter, signal }, emit);
      },
      classify: classifyOpenStackError,
      close: () => {
        client.close().catch(() => undefined);
      },
    };
  }
}
