import { screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { DiscoveryCounts, DiscoveryTaskStatus } from '@maestro/plugin-maestro-common';
import type { DiscoveryConnectionView, DiscoveryProvidersResponse } from '../api';
import { fakeMaestroApi, responseError } from './maestroTestUtils';

/*
 * Fixtures of the discovery tests (the Discovery page and the connection wizard): the providers and their lists,
 * AWS and OpenStack connections with task statuses, and a fake API serving them.
 */

export const SECRET = 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY';

export const providers = (canStoreSecrets = true): DiscoveryProvidersResponse => ({
  canStoreSecrets,
  items: [
    {
      provider: 'aws',
      lists: [
        { id: 'server-list', title: 'Servers', iamActions: ['ec2:DescribeInstances'], defaultFrequencyMinutes: 5 },
        { id: 'volumes-list', title: 'Volumes', iamActions: ['ec2:DescribeVolumes'], defaultFrequencyMinutes: 60 },
        {
          id: 'cdns-list',
          title: 'CDNs',
          iamActions: ['cloudfront:ListDistributions'],
          global: true,
          defaultFrequencyMinutes: 1440,
        },
      ],
    },
    {
      provider: 'openstack',
      lists: [
        {
          id: 'server-list',
          title: 'Servers (Nova)',
          iamActions: ['compute: GET /servers/detail', 'compute: GET /flavors/detail', 'network: GET /v2.0/ports'],
          defaultFrequencyMinutes: 5,
        },
        {
          id: 'volumes-list',
          title: 'Volumes (Cinder)',
          iamActions: ['block-storage: GET /volumes/detail'],
          defaultFrequencyMinutes: 60,
        },
        {
          id: 'loadbalancer-list',
          title: 'Load balancers (Octavia)',
          iamActions: ['load-balancer: GET /v2/lbaas/loadbalancers'],
          defaultFrequencyMinutes: 60,
        },
      ],
    },
  ],
});

export const counts = (values: Partial<DiscoveryCounts>): DiscoveryCounts => ({
  seen: 0,
  created: 0,
  changed: 0,
  unchanged: 0,
  deactivated: 0,
  reactivated: 0,
  invalid: 0,
  ...values,
});

export const ago = (ms: number) => new Date(Date.now() - ms).toISOString();

export const lists = (overrides: Record<string, { enabled?: boolean; frequencyMinutes?: number }> = {}) =>
  providers().items[0].lists.map(l => ({
    id: l.id,
    title: l.title,
    iamActions: l.iamActions,
    ...(l.global ? { global: true } : {}),
    enabled: overrides[l.id]?.enabled ?? true,
    frequencyMinutes: overrides[l.id]?.frequencyMinutes ?? l.defaultFrequencyMinutes,
  }));

export const openstackLists = () =>
  providers().items[1].lists.map(l => ({
    id: l.id,
    title: l.title,
    iamActions: l.iamActions,
    enabled: true,
    frequencyMinutes: l.defaultFrequencyMinutes,
  }));

export const task = (
  connectionId: string,
  list: string,
  values: Partial<DiscoveryTaskStatus> = {},
): DiscoveryTaskStatus => ({
  connectionId,
  list,
  status: 'never',
  failures: 0,
  ...values,
});

/** An API-defined connection with static keys: servers succeeded, volumes denied, CDN removals held back. */
export function prodConnection(overrides: Partial<DiscoveryConnectionView> = {}): DiscoveryConnectionView {
  return {
    id: 'aws-prod',
    provider: 'aws',
    title: 'Production account',
    datacenter: 'aws-prod',
    regions: ['eu-west-1', 'us-east-1'],
    owner: 'group:default/platform',
    origin: 'api',
    lists: lists({ 'server-list': { frequencyMinutes: 10 } }),
    // a secret the API should never send: the page must not show it anyway
    aws: { accessKeyId: 'AKIAIOSFODNN7EXAMPLE', credentials: 'static', secretAccessKey: SECRET } as any,
    hasSecret: true,
    version: 3,
    updatedBy: 'user:default/alice',
    tasks: [
      task('aws-prod', 'server-list', {
        status: 'success',
        startedAt: ago(125_000),
        finishedAt: ago(120_000),
        durationMs: 4200,
        counts: counts({ seen: 40, created: 2, changed: 1, unchanged: 37 }),
      }),
      task('aws-prod', 'volumes-list', {
        status: 'error',
        finishedAt: ago(60_000),
        durationMs: 300,
        counts: counts({}),
        error: 'UnauthorizedOperation: You are not authorized to perform this operation.',
        requiredActions: ['ec2:DescribeVolumes'],
        failures: 2,
      }),
      task('aws-prod', 'cdns-list', {
        status: 'held',
        finishedAt: ago(3_600_000),
        durationMs: 900,
        counts: counts({ seen: 20, unchanged: 20 }),
        held: [{ region: 'global', wouldDeactivate: 20, of: 40, threshold: 0.3 }],
      }),
    ],
    ...overrides,
  };
}

/** A connection from app-config, on the default credential chain, servers running. */
export function configConnection(): DiscoveryConnectionView {
  return {
    id: 'aws-gitops',
    provider: 'aws',
    datacenter: 'aws-gitops',
    regions: ['eu-west-1'],
    owner: 'group:default/platform',
    origin: 'config',
    lists: lists(),
    aws: { credentials: 'default-chain' },
    hasSecret: false,
    tasks: [
      task('aws-gitops', 'server-list', { status: 'running', startedAt: ago(3000), runId: 'r1' }),
      task('aws-gitops', 'volumes-list'),
      task('aws-gitops', 'cdns-list', { status: 'empty', finishedAt: ago(10_000), counts: counts({}) }),
    ],
  };
}

export const OS_PASSWORD = 'correct horse battery staple';

export const PEM = '-----BEGIN CERTIFICATE-----\nMIIBszCCAVmgAwIBAgIUEXAMPLE\n-----END CERTIFICATE-----';

/** An API-defined OpenStack connection (password stored): servers found, no Octavia in RegionOne. */
export function openstackConnection(overrides: Partial<DiscoveryConnectionView> = {}): DiscoveryConnectionView {
  return {
    id: 'os-prod',
    provider: 'openstack',
    title: 'Production cloud',
    datacenter: 'dc-paris',
    regions: ['RegionOne', 'RegionTwo'],
    owner: 'group:default/platform',
    origin: 'api',
    lists: openstackLists(),
    openstack: {
      authUrl: 'https://keystone.example.com:5000/v3',
      apiVersion: 'v3',
      username: 'maestro-reader',
      userDomainId: 'default',
      projectId: '8a1b2c3d4e5f',
      interface: 'internal',
      // a password the API should never send: the page must not show it anyway
      password: OS_PASSWORD,
    } as any,
    hasSecret: true,
    version: 2,
    tasks: [
      task('os-prod', 'server-list', {
        status: 'success',
        finishedAt: ago(60_000),
        durationMs: 2100,
        counts: counts({ seen: 12, unchanged: 12 }),
      }),
      task('os-prod', 'loadbalancer-list', {
        status: 'unavailable',
        finishedAt: ago(60_000),
        durationMs: 150,
        counts: counts({}),
        regions: [
          {
            region: 'RegionOne',
            status: 'unavailable',
            counts: counts({}),
            complete: true,
            error: "service not available: no 'load-balancer' endpoint in the catalog of RegionOne",
          },
          {
            region: 'RegionTwo',
            status: 'unavailable',
            counts: counts({}),
            complete: true,
            error: "service not available: no 'load-balancer' endpoint in the catalog of RegionTwo",
          },
        ],
      }),
    ],
    ...overrides,
  };
}

export function discoveryApi(options: { items?: DiscoveryConnectionView[]; canStoreSecrets?: boolean } = {}) {
  const items = options.items ?? [configConnection(), prodConnection()];
  return fakeMaestroApi({
    getDiscoveryProviders: jest.fn(async () => providers(options.canStoreSecrets ?? true)),
    getAwsDiscoveryPolicy: jest.fn(async () => ({
      Version: '2012-10-17',
      Statement: [{ Effect: 'Allow', Action: ['ec2:DescribeInstances', 'ec2:DescribeVolumes'], Resource: '*' }],
    })),
    listDiscoveryConnections: jest.fn(async () => ({ items })),
    getDiscoveryConnection: jest.fn(async (id: string) => {
      const found = items.find(c => c.id === id);
      if (!found) throw responseError(404, `connection '${id}' does not exist`);
      return found;
    }),
  });
}

/** Waiting a little longer than the default: the wizard tests type into many Material UI fields. */
export const WIZARD_TIMEOUT = 90_000;

export const card = (id: string) => screen.getByTestId(`maestro-discovery-connection-${id}`);
export const row = (connection: string, list: string) =>
  screen.getByTestId(`maestro-discovery-task-${connection}-${list}`);

/** A user-event session, and `fill`: types a value at once (a paste: one change, not one per character). */
export function typingUser() {
  const user = userEvent.setup({ delay: null });
  const fill = async (field: HTMLElement, value: string) => {
    await user.clear(field);
    await user.click(field);
    await user.paste(value);
  };
  return { user, fill };
}
