/*
 * The portal's policy through the real permission backend and the real catalog backend: the catalog asks the
 * permission backend, which runs MaestroPermissionPolicy and has the catalog evaluate its conditional decisions.
 */
import type { AddressInfo } from 'node:net';
import { resolve } from 'node:path';
import { coreServices, createServiceFactory, HttpAuthService } from '@backstage/backend-plugin-api';
import type { Request } from 'express';
import { mockCredentials, mockServices, startTestBackend } from '@backstage/backend-test-utils';
import { schedulerServiceFactory } from '@backstage/backend-defaults/scheduler';
import catalogPlugin from '@backstage/plugin-catalog-backend';
import permissionPlugin from '@backstage/plugin-permission-backend';
import maestroPlugin from '@maestro/plugin-maestro-backend';
import catalogModuleMaestro from '@maestro/plugin-catalog-backend-module-maestro';
import { permissionModuleMaestroPolicy } from './module';

jest.setTimeout(120_000);

const bob = mockCredentials.user.header('user:default/bob'); // a signed-in user, no role
const ann = mockCredentials.user.header('user:default/ann'); // a portal admin and Maestro editor

/**
 * Backstage's mock HTTP auth forgets, on a plugin's on-behalf-of token, that a plugin acts for the user (`actor`): the
 * permission backend would then take the catalog's conditional query for a direct user request and refuse it. This
 * keeps the actor, as the real auth service does. Requests without a token carry no credentials.
 */
const httpAuthKeepingActor = createServiceFactory({
  service: coreServices.httpAuth,
  deps: { plugin: coreServices.pluginMetadata },
  factory({ plugin }) {
    const httpAuth = mockServices.httpAuth({ pluginId: plugin.getId(), defaultCredentials: mockCredentials.none() });
    const prefix = 'mock-service-token:';
    const credentials = (async (req: Request, options?: { allow?: string[] }) => {
      const found = await httpAuth.credentials(req, options as any);
      const token = String(req.headers.authorization ?? '').match(/^Bearer (\S+)$/)?.[1];
      const obo = token?.startsWith(prefix) ? JSON.parse(token.slice(prefix.length)).obo : undefined;
      return obo ? mockCredentials.user(obo, { actor: { subject: 'plugin:on-behalf' } }) : found;
    }) as unknown as HttpAuthService['credentials'];
    return { credentials, issueUserCookie: httpAuth.issueUserCookie.bind(httpAuth) };
  },
});

async function eventually<T>(check: () => Promise<T>, timeoutMs = 60_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      return await check();
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await new Promise(r => setTimeout(r, 250));
    }
  }
}

describe('the portal policy in front of the real catalog', () => {
  it('lets nobody delete a Maestro entity, a plain user no catalog write, and an admin the rest', async () => {
    const { server } = await startTestBackend({
      features: [
        catalogPlugin,
        maestroPlugin,
        catalogModuleMaestro,
        permissionPlugin,
        permissionModuleMaestroPolicy,
        schedulerServiceFactory,
        httpAuthKeepingActor,
        mockServices.rootConfig.factory({
          data: {
            permission: {
              enabled: true,
              maestro: { editors: ['user:default/ann'], admins: ['user:default/ann'] },
            },
            maestro: {
              demo: { enabled: true, owner: 'user:default/bob' },
              catalog: { schedule: { frequency: { seconds: 1 }, timeout: { minutes: 1 } }, longPollSeconds: 2 },
            },
            catalog: {
              processingInterval: { seconds: 1 },
              rules: [{ allow: ['Component', 'System', 'Location'] }],
              locations: [{ type: 'file', target: resolve(__dirname, '../../../../examples/entities.yaml') }],
            },
          },
        }),
      ],
    });
    const { port } = server.address() as AddressInfo;
    const call = async (method: string, path: string, who?: string, body?: unknown) => {
      const res = await fetch(`http://127.0.0.1:${port}${path}`, {
        method,
        headers: { ...(who ? { Authorization: who } : {}), ...(body ? { 'Content-Type': 'application/json' } : {}) },
        body: body ? JSON.stringify(body) : undefined,
      });
      const text = await res.text();
      return { status: res.status, body: text ? JSON.parse(text) : undefined };
    };
    const entity = (kind: string, name: string) =>
      eventually(async () => {
        const res = await call('GET', `/api/catalog/entities/by-name/${kind}/default/${name}`, bob);
        expect({ status: res.status, body: res.status === 200 ? 'ok' : res.body }).toEqual({ status: 200, body: 'ok' });
        return res.body;
      });

    // every signed-in user reads the catalog, Maestro entities included
    const server01 = await entity('server', 'demo-web-01');
    const shop = await entity('component', 'demo-shop-web');
    expect((await call('GET', '/api/catalog/entities/by-name/server/default/demo-web-01')).status).toBe(401);

    // a Maestro entity: not the plain user (who owns its record), not the admin either
    for (const who of [bob, ann]) {
      expect((await call('DELETE', `/api/catalog/entities/by-uid/${server01.metadata.uid}`, who)).status).toBe(403);
    }
    expect((await entity('server', 'demo-web-01')).metadata.uid).toBe(server01.metadata.uid);

    // registering or unregistering a location, and deleting any other entity: admins only
    const location = { type: 'url', target: 'https://example.com/catalog-info.yaml' };
    expect((await call('POST', '/api/catalog/locations', bob, location)).status).toBe(403);
    const registered = await call('POST', '/api/catalog/locations', ann, location);
    expect(registered.status).toBe(201);
    expect((await call('DELETE', `/api/catalog/locations/${registered.body.location.id}`, bob)).status).toBe(403);
    expect((await call('DELETE', `/api/catalog/locations/${registered.body.location.id}`, ann)).status).toBe(204);
    expect((await call('DELETE', `/api/catalog/entities/by-uid/${shop.metadata.uid}`, bob)).status).toBe(403);
    expect((await call('DELETE', `/api/catalog/entities/by-uid/${shop.metadata.uid}`, ann)).status).toBe(204);

    // the owner of a Maestro record still edits it through Maestro (conditional decision on the record)
    const recordId = server01.metadata.annotations['maestro.backstage.io/record-id'];
    const record = await call('GET', `/api/maestro/records/${recordId}`, bob);
    const updated = await call('PUT', `/api/maestro/records/${recordId}`, bob, {
      version: record.body.version,
      spec: { ...record.body.spec, cpu: 16 },
    });
    expect(updated.status).toBe(200);
  });
});
