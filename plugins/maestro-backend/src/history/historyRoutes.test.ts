import { mockCredentials, mockServices, startTestBackend } from '@backstage/backend-test-utils';
import { createBackendModule } from '@backstage/backend-plugin-api';
import permissionPlugin from '@backstage/plugin-permission-backend';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { policyExtensionPoint } from '@backstage/plugin-permission-node/alpha';
import request from 'supertest';
import { describeEachDatabase } from '../__testUtils__/databases';
import { startMaestro } from '../__testUtils__/startMaestro';
import { KnexInventoryStore } from '../records/KnexInventoryStore';
import { HistoryRetention } from './HistoryRetention';
import { maestroPlugin } from '../plugin';

jest.setTimeout(60_000);

const user = mockCredentials.user.header('user:default/alice');
const catalogModule = mockCredentials.service.header({
  onBehalfOf: mockCredentials.service('plugin:catalog'),
  targetPluginId: 'maestro',
});
const datacenter = (name: string) => ({
  kind: 'Datacenter',
  name,
  owner: 'group:default/platform',
  spec: { provider: 'aws' },
});

/** A portal policy that lets users do everything but read history. */
const noHistoryPolicy = createBackendModule({
  pluginId: 'permission',
  moduleId: 'test-no-history',
  register(reg) {
    reg.registerInit({
      deps: { policy: policyExtensionPoint },
      async init({ policy }) {
        policy.setPolicy({
          async handle(req) {
            return {
              result: req.permission.name === 'maestro.history.read' ? AuthorizeResult.DENY : AuthorizeResult.ALLOW,
            };
          },
        });
      },
    });
  },
});

describe('change feed access', () => {
  it('needs maestro.history.read from users; the catalog module (a service) keeps reading it', async () => {
    const { server } = await startTestBackend({
      features: [
        maestroPlugin,
        permissionPlugin,
        noHistoryPolicy,
        mockServices.httpAuth.factory({ defaultCredentials: mockCredentials.none() }),
        mockServices.rootConfig.factory({ data: { permission: { enabled: true } } }),
      ],
    });
    await request(server).post('/api/maestro/records').set('Authorization', user).send(datacenter('dc')).expect(201);
    // a reader of the inventory is not a reader of its history: before/after, actors and reasons stay hidden
    await request(server).get('/api/maestro/records').set('Authorization', user).expect(200);
    const feed = await request(server).get('/api/maestro/changes?after=0').set('Authorization', user);
    expect(feed.status).toBe(403);
    expect(feed.body.error.message).toBe('not allowed: maestro.history.read');
    await request(server).get('/api/maestro/changes/head').set('Authorization', user).expect(403);

    const asService = await request(server)
      .get('/api/maestro/changes?after=0')
      .set('Authorization', catalogModule)
      .expect(200);
    expect(asService.body.changes.map((c: any) => c.name)).toEqual(['dc']);
    await request(server)
      .get('/api/maestro/changes/head')
      .set('Authorization', catalogModule)
      .expect(200, { cursor: 1 });
  });

  it('refuses long polls beyond maestro.changes.maxWaiters at once (429, Retry-After), and still serves wait=0', async () => {
    const server = await startMaestro(AuthorizeResult.ALLOW, { config: { maestro: { changes: { maxWaiters: 1 } } } });
    const first = request(server)
      .get('/api/maestro/changes?after=0&wait=30')
      .set('Authorization', user)
      .then(r => r);
    // once the first is waiting, another waiting request is refused (until then it waits a second and is answered empty)
    let refused;
    const answered = [];
    for (let attempt = 0; attempt < 20 && !refused; attempt++) {
      const res = await request(server).get('/api/maestro/changes?after=0&wait=1').set('Authorization', user);
      if (res.status === 429) refused = res;
      else answered.push(res.body);
    }
    expect(answered.every(body => body.changes.length === 0)).toBe(true);
    expect(refused?.headers['retry-after']).toBe('1');
    expect(refused?.body.error.message).toMatch(
      /^wait: 1 change-feed requests are already waiting \(maestro\.changes\.maxWaiters\)/,
    );
    await request(server)
      .get('/api/maestro/changes?after=0&wait=0')
      .set('Authorization', user)
      .expect(200, { changes: [], cursor: 0 });
    await request(server).post('/api/maestro/records').set('Authorization', user).send(datacenter('dc')).expect(201);
    expect((await first).body.changes.map((c: any) => c.name)).toEqual(['dc']);
  });

  it('refuses a bad maestro.changes.maxWaiters at start-up, naming the key', async () => {
    await expect(
      startMaestro(AuthorizeResult.ALLOW, { config: { maestro: { changes: { maxWaiters: 0 } } } }),
    ).rejects.toThrow(/maestro\.changes\.maxWaiters: must be a whole number ≥ 1/);
  });
});

describeEachDatabase('history routes', (databases, databaseId) => {
  async function start() {
    const knex = await databases.init(databaseId);
    const server = await startMaestro(AuthorizeResult.ALLOW, {
      features: [mockServices.database.factory({ knex, migrations: { skip: false } })],
    });
    return { knex, server };
  }

  it('does not query the database per waiting request', async () => {
    const { knex, server } = await start();
    await request(server).post('/api/maestro/records').set('Authorization', user).send(datacenter('dc')).expect(201);
    let feedQueries = 0;
    knex.on('query', (q: { sql: string }) => {
      if (/maestro_changes/.test(q.sql)) feedQueries += 1;
    });
    // the feed's own followers (event rules, subscriptions) read it in the background: counted over the same 3 s idle
    await new Promise(resolve => setTimeout(resolve, 3000));
    const background = feedQueries;
    feedQueries = 0;
    const waiters = 20;
    const polls = await Promise.all(
      Array.from({ length: waiters }, () =>
        request(server).get('/api/maestro/changes?after=1&wait=3').set('Authorization', user),
      ),
    );
    expect(polls.every(p => p.status === 200 && p.body.changes.length === 0)).toBe(true);
    // each request reads the feed once; while they wait, one check a second serves them all (polling per request
    // read the feed 4 times a second each: 20 × 13 queries)
    expect(feedQueries - background).toBeLessThan(3 * waiters);
  });

  it('answers 410 "history pruned before …" for as-of and diff where retention deleted the history', async () => {
    const { knex, server } = await start();
    const created = await request(server)
      .post('/api/maestro/records')
      .set('Authorization', user)
      .send(datacenter('dc'))
      .expect(201);
    const id = created.body.id;
    await request(server)
      .put(`/api/maestro/records/${id}`)
      .set('Authorization', user)
      .send({ version: 1, spec: { provider: 'gcp' } })
      .expect(200);
    await knex('maestro_changes').where({ action: 'create' }).update({ at: '2026-01-01T00:00:00.000Z' });
    await knex('maestro_changes').where({ action: 'update' }).update({ at: '2026-02-01T00:00:00.000Z' });
    const asOf = (at: string) =>
      request(server).get(`/api/maestro/records/${id}/as-of?at=${at}`).set('Authorization', user);
    expect((await asOf('2026-01-15T00:00:00.000Z')).body.spec).toEqual({ provider: 'aws' });

    // retention (365 days, run on 2027-01-20) deletes the create
    const store = await KnexInventoryStore.create({
      database: mockServices.database({ knex, migrations: { skip: true } }),
    });
    expect(
      await new HistoryRetention(store, mockServices.logger.mock(), 365).run(new Date('2027-01-20T00:00:00.000Z')),
    ).toBe(1);

    const pruned = await asOf('2026-01-15T00:00:00.000Z');
    expect(pruned.status).toBe(410);
    expect(pruned.body.error.message).toBe(
      `at: history of record ${id} is pruned before 2026-01-20T00:00:00.000Z (maestro.history.retentionDays); its state at 2026-01-15T00:00:00.000Z is unknown`,
    );
    // after the watermark the state is known; long before, its creation is gone too, so unknown as well
    expect((await asOf('2026-01-25T00:00:00.000Z')).body.spec).toEqual({ provider: 'aws' });
    expect((await asOf('2025-06-01T00:00:00.000Z')).status).toBe(410);
    const diff = await request(server)
      .get(`/api/maestro/records/${id}/diff?from=2026-01-10T00:00:00Z`)
      .set('Authorization', user);
    expect(diff.status).toBe(410);
    const known = await request(server)
      .get(`/api/maestro/records/${id}/diff?from=2026-01-25T00:00:00Z`)
      .set('Authorization', user)
      .expect(200);
    expect(known.body.changes).toEqual([{ path: 'spec.provider', before: 'aws', after: 'gcp' }]);
  });
});
