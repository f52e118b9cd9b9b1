import { AuthorizeResult } from '@backstage/plugin-permission-common';
import request from 'supertest';
import { describeEachDatabase } from '../__testUtils__/databases';
import { startMaestro, startMaestroDenying, userHeader } from '../__testUtils__/startMaestro';

jest.setTimeout(60_000);

const user = userHeader();
const database = {
  kind: 'Database',
  name: 'orders-db',
  owner: 'group:default/platform',
  spec: { family: 'other', engine: 'postgresql' },
};

describeEachDatabase('?dryRun=true on record writes', (databases, databaseId) => {
  async function start() {
    return startMaestro(AuthorizeResult.ALLOW, { knex: await databases.init(databaseId) });
  }
  const history = (server: Parameters<typeof request>[0]) =>
    request(server).get('/api/maestro/history').set('Authorization', user).expect(200);

  it('a create runs every check, answers the would-be record and writes nothing', async () => {
    const server = await start();
    const dry = await request(server)
      .post('/api/maestro/records?dryRun=true')
      .set('Authorization', user)
      .send({ ...database, reason: 'template dry run' })
      .expect(200);
    expect(dry.body).toMatchObject({ dryRun: true, kind: 'Database', name: 'orders-db', version: 1 });
    const list = await request(server).get('/api/maestro/records?kind=Database').set('Authorization', user);
    expect(list.body.totalCount).toBe(0);
    expect((await history(server)).body.items).toEqual([]);

    // invalid input: the API's 400 names the field; a taken name is a 409, as for a real write
    const bad = await request(server)
      .post('/api/maestro/records?dryRun=true')
      .set('Authorization', user)
      .send({ ...database, spec: { ...database.spec, family: 42 } })
      .expect(400);
    expect(bad.body.error.message).toMatch(/^spec\.family/);
    await request(server).post('/api/maestro/records').set('Authorization', user).send(database).expect(201);
    const taken = await request(server)
      .post('/api/maestro/records?dryRun=true')
      .set('Authorization', user)
      .send(database)
      .expect(409);
    expect(taken.body.error.message).toMatch(/^name: a Database named 'orders-db' already exists/);
    await request(server).post('/api/maestro/records?dryRun=yes').set('Authorization', user).send(database).expect(400);
  });

  it('an update checks the version read and the new spec, and leaves the record as it was', async () => {
    const server = await start();
    const created = await request(server)
      .post('/api/maestro/records')
      .set('Authorization', user)
      .send(database)
      .expect(201);
    const id = created.body.id;
    const dry = await request(server)
      .put(`/api/maestro/records/${id}?dryRun=true`)
      .set('Authorization', user)
      .send({ version: 1, spec: { ...database.spec, version: '16' } })
      .expect(200);
    expect(dry.body).toMatchObject({ dryRun: true, version: 2, spec: { version: '16' } });
    const stored = await request(server).get(`/api/maestro/records/${id}`).set('Authorization', user).expect(200);
    expect(stored.body.version).toBe(1);
    expect(stored.body.spec.version).toBeUndefined();
    expect((await history(server)).body.items).toHaveLength(1);

    const stale = await request(server)
      .put(`/api/maestro/records/${id}?dryRun=true`)
      .set('Authorization', user)
      .send({ version: 3, spec: database.spec })
      .expect(409);
    expect(stale.body.error.message).toMatch(/^version:/);
  });

  it('a dry run needs the same permission as the write', async () => {
    const server = await startMaestroDenying(['maestro.inventory.create'], await databases.init(databaseId));
    const denied = await request(server)
      .post('/api/maestro/records?dryRun=true')
      .set('Authorization', user)
      .send(database)
      .expect(403);
    expect(denied.body.error.message).toBe('not allowed: maestro.inventory.create');
  });
});
