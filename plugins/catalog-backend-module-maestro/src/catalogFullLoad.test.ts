import { mockCredentials, mockServices, startTestBackend } from '@backstage/backend-test-utils';
import { ConfigReader } from '@backstage/config';
import catalogPlugin from '@backstage/plugin-catalog-backend';
import type { JsonObject } from '@backstage/types';
import request from 'supertest';
import { MaestroEntityProvider } from './MaestroEntityProvider';
import { catalogModuleMaestro } from './module';
import { eventually } from './__testUtils__/eventually';
import { startMaestroCatalog } from './__testUtils__/startMaestroCatalog';

jest.setTimeout(90_000);

const user = mockCredentials.user.header('user:default/alice');

async function startCatalog(catalogConfig: JsonObject) {
  const { server } = await startMaestroCatalog({
    catalog: { schedule: { frequency: { seconds: 1 }, timeout: { minutes: 1 } }, longPollSeconds: 1, ...catalogConfig },
  });
  const getEntity = (name: string) =>
    request(server).get(`/api/catalog/entities/by-name/datacenter/default/${name}`).set('Authorization', user);
  const createDatacenter = async (name: string) =>
    (
      await request(server)
        .post('/api/maestro/records')
        .set('Authorization', user)
        .send({ kind: 'Datacenter', name, owner: 'group:default/infra', spec: { provider: 'aws' } })
        .expect(201)
    ).body;
  return { server, getEntity, createDatacenter };
}

describe('catalog full load', () => {
  afterEach(() => jest.restoreAllMocks());

  it('loads exactly the active records when some are deactivated between its page reads', async () => {
    // the provider's requests to the Maestro API go through this hook: the first full load waits until the
    // records exist, and the first page it reads is deactivated right after it was read
    const realFetch = globalThis.fetch;
    let seeded!: () => void;
    const seedDone = new Promise<void>(r => (seeded = r));
    const hook: { deactivate?: (items: Array<{ id: string; version: number }>) => Promise<void> } = {};
    let firstPage = true;
    jest.spyOn(globalThis, 'fetch').mockImplementation(async (input, init) => {
      const url = String(input instanceof Request ? input.url : input);
      if (url.includes('/api/maestro/changes/head')) await seedDone;
      const response = await realFetch(input, init);
      if (url.includes('/api/maestro/records?') && firstPage && hook.deactivate) {
        firstPage = false;
        const page = await response.clone().json();
        await hook.deactivate(page.items);
      }
      return response;
    });

    const { server, getEntity, createDatacenter } = await startCatalog({ pageSize: 3, fullSyncMinutes: 0 });
    const all: Array<{ id: string; name: string }> = [];
    for (let i = 0; i < 12; i++) all.push(await createDatacenter(`dc-${String(i).padStart(2, '0')}`));
    const deactivated = new Set<string>();
    hook.deactivate = async items => {
      for (const item of items) {
        await request(server)
          .delete(`/api/maestro/records/${item.id}?version=${item.version}`)
          .set('Authorization', user)
          .expect(200);
        deactivated.add(item.id);
      }
    };
    seeded();

    await eventually(async () => {
      expect(deactivated.size).toBe(3);
      for (const record of all) {
        expect([record.name, (await getEntity(record.name)).status]).toEqual([
          record.name,
          deactivated.has(record.id) ? 404 : 200,
        ]);
      }
    });
  });

  it('re-emits a full snapshot every fullSyncMinutes, so an entity deleted through the catalog comes back', async () => {
    const { server, getEntity, createDatacenter } = await startCatalog({ fullSyncMinutes: 0.05 });
    await createDatacenter('dc-heal');
    const entity = await eventually(async () => {
      const res = await getEntity('dc-heal');
      expect(res.status).toBe(200);
      return res.body;
    });
    await request(server)
      .delete(`/api/catalog/entities/by-uid/${entity.metadata.uid}`)
      .set('Authorization', user)
      .expect(204);
    expect((await getEntity('dc-heal')).status).toBe(404);
    await eventually(async () => {
      expect((await getEntity('dc-heal')).status).toBe(200);
    });
  });
});

describe('catalog projection config', () => {
  const deps = {
    discovery: {} as any,
    auth: {} as any,
    logger: mockServices.logger.mock(),
    scheduler: {} as any,
  };
  const fromConfig = (catalog: JsonObject) => () =>
    MaestroEntityProvider.fromConfig(new ConfigReader({ maestro: { catalog } }), deps);

  it("refuses values beyond the API's bounds at start-up, naming the key", async () => {
    expect(fromConfig({ pageSize: 5000 })).toThrow(
      'maestro.catalog.pageSize: must be a whole number from 1 to 1000 (got 5000)',
    );
    expect(fromConfig({ pageSize: 0 })).toThrow(/^maestro\.catalog\.pageSize: /);
    expect(fromConfig({ pageSize: 2.5 })).toThrow(/^maestro\.catalog\.pageSize: /);
    expect(fromConfig({ longPollSeconds: 31 })).toThrow(
      'maestro.catalog.longPollSeconds: must be a whole number from 0 to 30 (got 31)',
    );
    expect(fromConfig({ longPollSeconds: -1 })).toThrow(/^maestro\.catalog\.longPollSeconds: /);
    expect(fromConfig({ fullSyncMinutes: -5 })).toThrow(
      'maestro.catalog.fullSyncMinutes: must be a number ≥ 0 (got -5)',
    );
    expect(fromConfig({ pageSize: 1000, longPollSeconds: 30, fullSyncMinutes: 0 })).not.toThrow();
    expect(fromConfig({})).not.toThrow();

    // and the backend does not start with one
    await expect(
      startTestBackend({
        features: [
          catalogPlugin,
          catalogModuleMaestro,
          mockServices.rootConfig.factory({ data: { maestro: { catalog: { pageSize: 5000 } } } }),
        ],
      }),
    ).rejects.toThrow(/maestro\.catalog\.pageSize: must be a whole number from 1 to 1000/);
  });
});
