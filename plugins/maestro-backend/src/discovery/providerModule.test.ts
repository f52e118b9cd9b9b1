import { createBackendModule } from '@backstage/backend-plugin-api';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import {
  connectionSettingsOf,
  type DiscoveredRecord,
  type DiscoveryDriver,
  maestroDiscoveryExtensionPoint,
} from '@maestro/plugin-maestro-node';
import request from 'supertest';
import { eventually } from '../__testUtils__/eventually';
import { startMaestro, userHeader } from '../__testUtils__/startMaestro';

jest.setTimeout(60_000);

const KEY = Buffer.alloc(32, 7).toString('base64');
const API_KEY = 'fakecloud-api-key-never-shown';
const user = userHeader();

/** Machines of the fake cloud, by tenant and region. */
const machines: Record<string, string[]> = { 'acme/fc-north': ['m-1', 'm-2'], 'acme/fc-south': ['m-3'] };

/**
 * A third cloud provider as a backend module would add it, knowing nothing of Maestro's core files: its settings
 * (a tenant, an API key as the secret), its list, its part of the connection form, and a run that emits records.
 */
const fakeCloud: DiscoveryDriver = {
  provider: 'fakecloud',
  lists: [
    { id: 'machine-list', title: 'Machines', iamActions: ['fakecloud:ListMachines'], defaultFrequencyMinutes: 15 },
  ],
  form: {
    label: 'Fake Cloud',
    title: 'Fake Cloud credentials',
    regions: { help: 'A Fake Cloud region (fc-north)', pattern: '^fc-[a-z]+$', example: 'fc-north' },
    fields: [
      { name: 'fakecloud.tenant', label: 'Tenant', type: 'text', required: true, pattern: '^[a-z]+$' },
      { name: 'fakecloud.apiKey', label: 'API key', type: 'password', secret: true },
    ],
  },
  settings: {
    parse(context) {
      const body = (context.body.fakecloud ?? {}) as Record<string, unknown>;
      const tenant = context.string('fakecloud.tenant', body.tenant, {
        required: true,
        pattern: /^[a-z]+$/,
        hint: 'must be lower-case letters',
      });
      const apiKey = context.string('fakecloud.apiKey', body.apiKey, { quiet: true });
      if (context.create && !apiKey) context.problem('fakecloud.apiKey: is required');
      return { settings: tenant ? { tenant } : {}, ...(apiKey ? { secret: apiKey } : {}) };
    },
    keepSecretProblem: (stored, next) =>
      stored?.tenant === next?.tenant ? undefined : 'fakecloud.apiKey: is required when the tenant changes',
  },
  async open(connection) {
    if (connection.secret !== API_KEY) throw new Error('fakecloud refused the API key');
    const tenant = String(connectionSettingsOf(connection)?.tenant);
    return {
      accountId: tenant,
      async crawl(_list, region, emit) {
        for (const id of machines[`${tenant}/${region}`] ?? []) {
          const record: DiscoveredRecord = {
            kind: 'Server',
            providerId: `fakecloud:${id}`,
            name: `fakecloud-${tenant}-${id}`,
            title: `Machine ${id}`,
            spec: { hostname: `${id}.${region}.fake`, providerId: `fakecloud:${id}`, region },
          };
          emit(record);
        }
      },
      classify: () => 'error',
      close() {},
    };
  },
};

const fakeCloudModule = createBackendModule({
  pluginId: 'maestro',
  moduleId: 'fakecloud-provider',
  register(env) {
    env.registerInit({
      deps: { discovery: maestroDiscoveryExtensionPoint },
      async init({ discovery }) {
        discovery.addDriver(fakeCloud);
      },
    });
  },
});

const connection = (overrides: Record<string, unknown> = {}) => ({
  id: 'fc-prod',
  provider: 'fakecloud',
  regions: ['fc-north', 'fc-south'],
  owner: 'group:default/platform',
  fakecloud: { tenant: 'acme', apiKey: API_KEY },
  ...overrides,
});

describe('a provider added by a backend module through maestroDiscoveryExtensionPoint', () => {
  it('brings its lists, its settings checks and its runs to the plugin without touching core files', async () => {
    const server = await startMaestro(AuthorizeResult.ALLOW, {
      config: { maestro: { discovery: { encryptionKey: KEY, tickSeconds: 60 } } },
      features: [fakeCloudModule],
    });
    const api = (path: string) => `/api/maestro${path}`;

    // its lists, next to the built-in providers'
    const providers = await request(server).get(api('/discovery/providers')).set('Authorization', user).expect(200);
    expect(providers.body.items.map((p: any) => p.provider)).toEqual(['aws', 'openstack', 'fakecloud']);
    expect(providers.body.items[2].lists).toEqual([
      { id: 'machine-list', title: 'Machines', iamActions: ['fakecloud:ListMachines'], defaultFrequencyMinutes: 15 },
    ]);
    // and its part of the connection form, as the built-in providers describe theirs
    expect(providers.body.items[2].form).toEqual(fakeCloud.form);
    expect(providers.body.items[0].form.fields.map((f: any) => f.name)).toContain('aws.accessKeyId');
    expect(providers.body.items[1].form.regions.example).toEqual(expect.any(String));

    // its settings checks, in the one 400 that names every bad field, with its form's region pattern
    const bad = await request(server)
      .post(api('/discovery/connections'))
      .set('Authorization', user)
      .send(connection({ regions: ['North'], fakecloud: { tenant: 'ACME' } }))
      .expect(400);
    expect(bad.body.error.message).toBe(
      "regions: not a region name: North; fakecloud.tenant: must be lower-case letters (got 'ACME'); fakecloud.apiKey: is required",
    );

    // created: settings under its id, the API key sealed and never returned
    const created = await request(server)
      .post(api('/discovery/connections'))
      .set('Authorization', user)
      .send(connection())
      .expect(201);
    expect(created.body).toMatchObject({
      id: 'fc-prod',
      provider: 'fakecloud',
      fakecloud: { tenant: 'acme' },
      hasSecret: true,
      version: 1,
    });
    expect(created.body.lists).toEqual([
      {
        id: 'machine-list',
        title: 'Machines',
        enabled: true,
        frequencyMinutes: 15,
        iamActions: ['fakecloud:ListMachines'],
      },
    ]);
    expect(JSON.stringify(created.body)).not.toContain(API_KEY);

    // its rule for the stored secret: another tenant needs the key again
    const moved = await request(server)
      .put(api('/discovery/connections/fc-prod'))
      .set('Authorization', user)
      .send({ ...connection({ fakecloud: { tenant: 'other' } }), version: 1 })
      .expect(400);
    expect(moved.body.error.message).toBe('fakecloud.apiKey: is required when the tenant changes');

    // a run: "sync now", then the machines of both regions are Server records of the connection's owner
    await request(server)
      .post(api('/discovery/connections/fc-prod/sync'))
      .set('Authorization', user)
      .send({})
      .expect(202);
    const task = await eventually(async () => {
      const view = await request(server)
        .get(api('/discovery/connections/fc-prod'))
        .set('Authorization', user)
        .expect(200);
      const [status] = view.body.tasks;
      expect(status.status).toBe('success');
      return status;
    });
    expect(task).toMatchObject({ list: 'machine-list', counts: { seen: 3, created: 3 }, failures: 0 });
    expect(task.regions.map((r: any) => [r.region, r.counts.created])).toEqual([
      ['fc-north', 2],
      ['fc-south', 1],
    ]);
    const servers = await request(server)
      .get(api('/records?kind=Server&orderBy=name'))
      .set('Authorization', user)
      .expect(200);
    expect(servers.body.items.map((r: any) => [r.name, r.owner, r.spec.datacenter ?? null])).toEqual([
      ['fakecloud-acme-m-1', 'group:default/platform', null],
      ['fakecloud-acme-m-2', 'group:default/platform', null],
      ['fakecloud-acme-m-3', 'group:default/platform', null],
    ]);
    const datacenter = await request(server)
      .get(api('/records?kind=Datacenter'))
      .set('Authorization', user)
      .expect(200);
    expect(datacenter.body.items.map((r: any) => [r.name, r.spec.provider, r.spec.regions])).toEqual([
      // the Datacenter kind lists the providers it knows; a module's own id is `other` there
      ['fc-prod', 'other', ['fc-north', 'fc-south']],
    ]);
  });
});
