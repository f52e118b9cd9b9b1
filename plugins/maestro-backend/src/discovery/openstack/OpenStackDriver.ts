import type { Config } from '@backstage/config';
import { EgressPolicy } from '../../egress';
import type { DiscoveryDriver, DriverSession, ResolvedConnection } from '@maestro/plugin-maestro-node';
import { classifyOpenStackError, OpenStackClient, OpenStackServiceUnavailableError, parseMicroversion } from './client';
import type { DiscoveryConnectionForm } from '@maestro/plugin-maestro-common';
import { openstackConnectionForm } from './openstackForm';
import { OPENSTACK_LISTS, openstackRequiredCalls } from './openstackLists';
import { OpenStackSettingsRules } from './openstackSettings';

/** Tuning of the OpenStack client from `maestro.discovery.openstack.*` (all optional). */
interface OpenStackTuning {
  timeoutMs?: number;
  pageSize?: number;
  maxRetries?: number;
  computeMicroversion?: string;
  maxResponseBytes?: number;
}

const TUNING = 'maestro.discovery.openstack';

/** Reads `maestro.discovery.openstack.*`, refusing values out of bounds with an error naming the key. */
export function readOpenStackTuning(config: Config): OpenStackTuning {
  const integer = (key: string, min: number, max: number) => {
    const value = config.getOptionalNumber(`${TUNING}.${key}`);
    if (value !== undefined && !(Number.isInteger(value) && value >= min && value <= max)) {
      throw new Error(`${TUNING}.${key}: must be an integer from ${min} to ${max} (got ${value})`);
    }
    return value;
  };
  const computeMicroversion = config.getOptionalString(`${TUNING}.computeMicroversion`);
  if (computeMicroversion !== undefined && !parseMicroversion(computeMicroversion)) {
    throw new Error(
      `${TUNING}.computeMicroversion: must be a microversion such as 2.60 (got '${computeMicroversion}')`,
    );
  }
  return {
    timeoutMs: integer('timeoutMs', 1_000, 600_000),
    pageSize: integer('pageSize', 1, 10_000),
    maxRetries: integer('maxRetries', 0, 10),
    computeMicroversion,
    maxResponseBytes: integer('maxResponseBytes', 65_536, 1024 * 2 ** 20),
  };
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
  readonly settings = new OpenStackSettingsRules();
  readonly form: DiscoveryConnectionForm = openstackConnectionForm(openstackRequiredCalls());
  readonly #tuning: OpenStackTuning;
  readonly #egress: EgressPolicy;

  constructor(options: { config: Config; egress?: EgressPolicy }) {
    this.#tuning = readOpenStackTuning(options.config);
    this.#egress = options.egress ?? EgressPolicy.fromConfig(options.config);
  }

  async open(connection: ResolvedConnection, openSignal?: AbortSignal): Promise<DriverSession> {
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
      egress: this.#egress,
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
      const info = await client.authenticate(openSignal);
      if (!info.project?.id) {
        throw new Error(
          `Keystone at ${client.authUrl} issued a token without a project: set openstack.projectId or projectName`,
        );
      }
      projectId = info.project.id;
      if (settings.projectId && settings.projectId !== projectId) {
        throw new Error(
          `the token is scoped to project ${projectId}, not to the configured project ${settings.projectId}`,
        );
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
            `region ${region} is not in the service catalog of ${client.authUrl} (${client.interface} endpoints in: ${
              regions.join(', ') || 'none'
            })`,
          );
        }
        // one catalog lookup, no request: the region's cloud has no such service (Octavia is optional)
        if (!client.hasService(list.service, region)) {
          throw new OpenStackServiceUnavailableError({
            serviceType: list.service,
            region,
            interface: client.interface,
          });
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
