import { mockCredentials, mockServices } from '@backstage/backend-test-utils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import request from 'supertest';
import { describeEachDatabase } from '../__testUtils__/databases';
import { startMaestro } from '../__testUtils__/startMaestro';

jest.setTimeout(60_000);

const user = mockCredentials.user.header('user:default/alice');
const bob = mockCredentials.user.header('user:default/bob');

describeEachDatabase('record writes through the API', (databases, databaseId) => {
  async function start() {
    const knex = await databases.init(databaseId);
    return startMaestro(AuthorizeResult.ALLOW, {
      features: [mockServices.database.factory({ knex, migrations: { skip: false } })],
    });
  }
  const create = (server: any, owner = 'group:default/platform') =>
    request(server)
      .post('/api/maestro/records')
      .set('Authorization', user)
      .send({ kind: 'Datacenter', name: 'dc', owner, spec: { provider: 'aws' } })
      .expect(201);

  it('deletes and restores only with the version read, so a concurrent edit is never overwritten', async () => {
    const server = await start();
    const { body: record } = await create(server);
    const url = `/api/maestro/records/${record.id}`;

    const noVersion = await request(server).delete(url).set('Authorization', user).expect(400);
    expect(noVersion.body.error.message).toBe(
      'version: is required: the version you read (query or body `version`, or an If-Match header)',
    );
    // bob edits while alice looks at version 1: her delete is stale
    await request(server)
      .put(url)
      .set('Authorization', bob)
      .send({ version: 1, spec: { provider: 'gcp' } })
      .expect(200);
    const stale = await request(server).delete(`${url}?version=1`).set('Authorization', user).expect(409);
    expect(stale.body.error.message).toMatch(/^version: record .* is at version 2, not 1/);
    expect((await request(server).get(url).set('Authorization', user)).body).toMatchObject({
      active: true,
      version: 2,
    });

    // the version as If-Match (as GET sends it in its ETag)
    const got = await request(server).get(url).set('Authorization', user).expect(200);
    expect(got.headers.etag).toBe('"2"');
    await request(server).delete(url).set('Authorization', user).set('If-Match', got.headers.etag).expect(200);
    const mismatch = await request(server)
      .post(`${url}/restore`)
      .set('Authorization', user)
      .set('If-Match', '"3"')
      .send({ version: 2 });
    expect(mismatch.status).toBe(400);
    expect(mismatch.body.error.message).toBe('version: 2 differs from If-Match 3; send the version you read once');
    await request(server)
      .post(`${url}/restore`)
      .set('Authorization', user)
      .set('If-Match', 'soon')
      .send({})
      .expect(400);

    const restoreNoVersion = await request(server)
      .post(`${url}/restore`)
      .set('Authorization', user)
      .send({})
      .expect(400);
    expect(restoreNoVersion.body.error.message).toMatch(/^version: is required/);
    await request(server).post(`${url}/restore`).set('Authorization', user).send({ version: 2 }).expect(409);
    await request(server).post(`${url}/restore`).set('Authorization', user).send({ version: 3 }).expect(200);
    const history = await request(server).get(`${url}/history`).set('Authorization', user);
    expect(history.body.items.map((c: any) => c.action)).toEqual(['restore', 'delete', 'update', 'create']);
  });

  it('stores a short owner in full, and refuses an owner too long for the column with a 400 naming it', async () => {
    const server = await start();
    const { body: record } = await create(server, 'platform');
    expect(record.owner).toBe('group:default/platform');
    const moved = await request(server)
      .put(`/api/maestro/records/${record.id}`)
      .set('Authorization', user)
      .send({ version: 1, owner: 'Group:Default/Infra' })
      .expect(200);
    expect(moved.body.owner).toBe('group:default/infra');

    const long = await request(server)
      .post('/api/maestro/records')
      .set('Authorization', user)
      .send({ kind: 'Datacenter', name: 'dc2', owner: `group:default/${'x'.repeat(250)}`, spec: { provider: 'aws' } });
    expect(long.status).toBe(400);
    expect(long.body.error.message).toBe(
      'owner: must be at most 255 characters in its full form (kind:namespace/name)',
    );
    const tooLongOnUpdate = await request(server)
      .put(`/api/maestro/records/${record.id}`)
      .set('Authorization', user)
      .send({ version: 2, owner: 'x'.repeat(250) });
    expect(tooLongOnUpdate.status).toBe(400);
    expect(tooLongOnUpdate.body.error.message).toMatch(/^owner: must be at most 255 characters/);
    const list = await request(server).get('/api/maestro/records?active=all').set('Authorization', user);
    expect(list.body.items.map((r: any) => [r.name, r.owner, r.version])).toEqual([['dc', 'group:default/infra', 2]]);
  });

  it('pages by id after a cursor, so rows deactivated between pages shift nothing', async () => {
    const server = await start();
    for (let i = 0; i < 6; i++) {
      await request(server)
        .post('/api/maestro/records')
        .set('Authorization', user)
        .send({ kind: 'Datacenter', name: `dc-${i}`, owner: 'platform', spec: { provider: 'aws' } })
        .expect(201);
    }
    const page = (after: string) =>
      request(server)
        .get(`/api/maestro/records?active=true&limit=2&after=${encodeURIComponent(after)}`)
        .set('Authorization', user)
        .expect(200);
    const first = (await page('')).body;
    expect(first.totalCount).toBe(6);
    // the first page's records are deleted before the next page is read
    for (const r of first.items) {
      await request(server).delete(`/api/maestro/records/${r.id}?version=1`).set('Authorization', user).expect(200);
    }
    const seen = [...first.items];
    for (let after = first.items[1].id; ; ) {
      const next = (await page(after)).body.items;
      seen.push(...next);
      if (next.length < 2) break;
      after = next[1].id;
    }
    expect(seen.map((r: any) => r.id)).toEqual(seen.map((r: any) => r.id).sort());
    expect(seen).toHaveLength(6);
    const mixed = await request(server)
      .get('/api/maestro/records?after=x&orderBy=name')
      .set('Authorization', user)
      .expect(400);
    expect(mixed.body.error.message).toBe(
      'after: pages in id order; it cannot be combined with orderBy, order or offset',
    );
  });
});
