import { mockCredentials } from '@backstage/backend-test-utils';
import request from 'supertest';
import { describeEachDatabase } from '../__testUtils__/databases';
import { startMaestro } from '../__testUtils__/startMaestro';

/*
 * Refusals found by the API fuzz test (apiFuzz.test.ts), each pinned here: every one is a 4xx naming the field or
 * parameter, quotes no more than a short part of what was sent, and writes nothing.
 */
jest.setTimeout(60_000);

const user = mockCredentials.user.header('user:default/alice');
const server = { kind: 'Server', name: 'web-01', owner: 'group:default/platform', spec: { hostname: 'web-01' } };
const configured = {
  id: 'configured-aws',
  provider: 'aws',
  regions: ['eu-west-1'],
  owner: 'group:default/platform',
  endpoint: 'http://127.0.0.1:9',
  aws: { accessKeyId: 'AKIACONFIGURED000001', secretAccessKey: 'configured-secret-value' },
};
const config = {
  maestro: { egress: { allow: ['127.0.0.1'] }, discovery: { tickSeconds: 60, connections: [configured] } },
};

const refusal = (res: request.Response) => [res.status, res.body?.error?.message];

describeEachDatabase('API refusals of text a database cannot hold', (databases, databaseId) => {
  it('refuses U+0000 and lone surrogates in bodies, query and path parameters, naming them, and keeps answering', async () => {
    const app = await startMaestro(undefined, { knex: await databases.init(databaseId) });
    const post = (json: string) =>
      request(app)
        .post('/api/maestro/records')
        .set('Authorization', user)
        .set('Content-Type', 'application/json')
        .send(json);
    const get = (path: string) => request(app).get(`/api/maestro${path}`).set('Authorization', user);

    // on PostgreSQL, U+0000 in a title, owner or spec was a 500; a lone surrogate in a spec was stored and then
    // made every later GET /summary a 500 (spec::json refuses it)
    expect(refusal(await post(JSON.stringify({ ...server, title: 'a\u0000b' })))).toEqual([
      400,
      'title: must not contain the NUL character (U+0000)',
    ]);
    expect(refusal(await post(JSON.stringify({ ...server, owner: 'group:default/x\u0000' })))).toEqual([
      400,
      'owner: must not contain the NUL character (U+0000)',
    ]);
    expect(
      refusal(
        await post(
          '{"kind":"Server","name":"web-02","owner":"group:default/platform","spec":{"hostname":"web","environment":"\\ud800"}}',
        ),
      ),
    ).toEqual([400, 'spec.environment: must be valid Unicode text (it holds a lone surrogate)']);
    expect(
      refusal(
        await post(
          '{"kind":"Server","name":"web-03","owner":"group:default/platform","spec":{"hostname":"web","tags":{"a\\u0000":"x"}}}',
        ),
      ),
    ).toEqual([400, 'spec.tags.a\u0000: must not contain the NUL character (U+0000)']);
    expect(refusal(await get('/records?q=%00'))).toEqual([400, 'q: must not contain the NUL character (U+0000)']);
    expect(refusal(await get('/records?owner=a%00'))).toEqual([
      400,
      'owner: must not contain the NUL character (U+0000)',
    ]);
    expect(refusal(await get('/history?actor=%00'))).toEqual([
      400,
      'actor: must not contain the NUL character (U+0000)',
    ]);
    expect(refusal(await get('/records/%00'))).toEqual([400, 'id: must not contain the NUL character (U+0000)']);
    expect(refusal(await get('/discovery/connections/%00'))).toEqual([
      400,
      'id: must not contain the NUL character (U+0000)',
    ]);

    await get('/summary').expect(200);
    expect((await get('/records?active=all')).body.totalCount).toBe(0);
  });

  it('answers a history seq, a version or an owner beyond what the columns hold with a 4xx naming it', async () => {
    const app = await startMaestro(undefined, {
      knex: await databases.init(databaseId),
      config: { maestro: { discovery: { tickSeconds: 60, encryptionKey: Buffer.alloc(32, 7).toString('base64') } } },
    });
    const id = (await request(app).post('/api/maestro/records').set('Authorization', user).send(server).expect(201))
      .body.id;
    // 1e20 and 2^63 were 500s on PostgreSQL (the seq column is an integer)
    for (const seq of [1e20, 2 ** 63, 2 ** 53 + 2]) {
      expect(
        refusal(
          await request(app)
            .post(`/api/maestro/records/${id}/revert`)
            .set('Authorization', user)
            .send({ seq, version: 1 }),
        ),
      ).toEqual([400, 'seq: is required: the history entry (seq) whose version to bring back']);
    }
    // an owner over the column's 255 characters was a 500 on PostgreSQL
    expect(
      refusal(
        await request(app)
          .post('/api/maestro/records')
          .set('Authorization', user)
          .send({ ...server, name: 'web-09', owner: `group:default/${'x'.repeat(300)}` }),
      ),
    ).toEqual([400, 'owner: must be at most 255 characters in its full form (kind:namespace/name)']);
    // a connection version beyond the column's integer was a 500 on PostgreSQL
    const connection = {
      id: 'api-aws',
      provider: 'aws',
      regions: ['eu-west-1'],
      owner: 'group:default/platform',
      aws: { accessKeyId: 'AKIAAPI0000000000001', secretAccessKey: 'secret-value-0001' },
    };
    await request(app)
      .post('/api/maestro/discovery/connections')
      .set('Authorization', user)
      .send(connection)
      .expect(201);
    for (const version of [2 ** 31, 2 ** 53 - 1]) {
      const res = await request(app)
        .put('/api/maestro/discovery/connections/api-aws')
        .set('Authorization', user)
        .send({ ...connection, version });
      expect(refusal(res)).toEqual([409, `version: connection 'api-aws' is at version 1, not ${version}; reload it`]);
    }
    expect((await request(app).get('/api/maestro/records?active=all').set('Authorization', user)).body.totalCount).toBe(
      1,
    );
  });
});

describe('API refusals', () => {
  it('name the path parameter that is not valid percent-encoding (was "Failed to decode param")', async () => {
    const app = await startMaestro(undefined, { config });
    const answer = async (method: 'get' | 'delete' | 'post', path: string) =>
      refusal(await request(app)[method](`/api/maestro${path}`).set('Authorization', user));
    expect(await answer('get', '/records/%zz')).toEqual([400, 'id: is not valid percent-encoding']);
    expect(await answer('get', '/records/%E0%A4%A/history')).toEqual([400, 'id: is not valid percent-encoding']);
    expect(await answer('get', '/settings/%/history')).toEqual([400, 'key: is not valid percent-encoding']);
    expect(await answer('delete', '/discovery/connections/%C0%AF')).toEqual([400, 'id: is not valid percent-encoding']);
    expect(await answer('post', '/discovery/connections/%u0041/sync')).toEqual([
      400,
      'id: is not valid percent-encoding',
    ]);
  });

  it('quote at most 64 characters of a long value', async () => {
    const app = await startMaestro(undefined, { config });
    const long = 'x'.repeat(1000);
    const refusals = [
      await request(app).get(`/api/maestro/records?limit=${long}`).set('Authorization', user),
      await request(app).get(`/api/maestro/history?kind=${long}`).set('Authorization', user),
      await request(app).get(`/api/maestro/records/${long}`).set('Authorization', user),
      await request(app).get(`/api/maestro/settings/${long}`).set('Authorization', user),
      await request(app).get(`/api/maestro/discovery/connections/${long}`).set('Authorization', user),
      await request(app)
        .post('/api/maestro/discovery/connections/configured-aws/sync')
        .set('Authorization', user)
        .send({ list: long }),
      await request(app)
        .post('/api/maestro/discovery/connections')
        .set('Authorization', user)
        .send({ id: 'c1', provider: long, regions: ['eu-west-1'], owner: 'group:default/x' }),
      await request(app)
        .put(`/api/maestro/discovery/connections/${long}`)
        .set('Authorization', user)
        .send({ ...configured, id: 'configured-aws', version: 1 }),
    ];
    expect(refusals.map(res => res.status)).toEqual([400, 400, 404, 400, 404, 404, 400, 400]);
    for (const res of refusals) {
      expect(res.body.error.message).not.toContain('x'.repeat(65));
      expect(res.body.error.message).toContain(`${'x'.repeat(64)}…`);
    }
    // a 404 names the resource by its (cut) id, every other refusal starts with the field
    expect(refusals.filter(res => res.status !== 404).map(res => res.body.error.message)).toEqual(
      Array.from({ length: 5 }, () => expect.stringMatching(/^[a-z]+: /)),
    );
  });

  it('name the field of a conflict: a record already inactive or active, a connection defined in app-config', async () => {
    const app = await startMaestro(undefined, { config });
    const created = await request(app).post('/api/maestro/records').set('Authorization', user).send(server).expect(201);
    const id = created.body.id;
    await request(app).delete(`/api/maestro/records/${id}?version=1`).set('Authorization', user).expect(200);
    expect(
      refusal(await request(app).delete(`/api/maestro/records/${id}?version=2`).set('Authorization', user)),
    ).toEqual([409, `id: record ${id} is already inactive`]);
    await request(app)
      .post(`/api/maestro/records/${id}/restore`)
      .set('Authorization', user)
      .send({ version: 2 })
      .expect(200);
    expect(
      refusal(
        await request(app).post(`/api/maestro/records/${id}/restore`).set('Authorization', user).send({ version: 3 }),
      ),
    ).toEqual([409, `id: record ${id} is already active`]);
    expect(
      refusal(
        await request(app).delete('/api/maestro/discovery/connections/configured-aws').set('Authorization', user),
      ),
    ).toEqual([409, "id: connection 'configured-aws' is defined in app-config: remove it there"]);
    expect(
      refusal(
        await request(app)
          .put('/api/maestro/discovery/connections/configured-aws')
          .set('Authorization', user)
          .send({ ...configured, version: 1 }),
      ),
    ).toEqual([409, "id: connection 'configured-aws' is defined in app-config: change it there"]);
  });

  it('say why a connection without a datacenter is refused when its id is not a datacenter name', async () => {
    const app = await startMaestro(undefined, { config });
    const res = await request(app)
      .post('/api/maestro/discovery/connections')
      .set('Authorization', user)
      .send({
        id: 'aws-',
        provider: 'aws',
        regions: ['eu-west-1'],
        owner: 'group:default/platform',
        aws: { accessKeyId: 'AKIAAPI0000000000002', secretAccessKey: 'secret-value-0002' },
      });
    expect(refusal(res)).toEqual([
      400,
      "datacenter: is the id when not given, and the id is not an entity name (it must end with a letter or digit): set datacenter (got 'aws-')",
    ]);
  });

  it('name a too-deep JSON array body as body, and cut the path of a too-deep value', async () => {
    const app = await startMaestro();
    const post = (json: string) =>
      request(app)
        .post('/api/maestro/records')
        .set('Authorization', user)
        .set('Content-Type', 'application/json')
        .send(json);
    expect(refusal(await post(`[${'['.repeat(70)}1${']'.repeat(70)}]`))).toEqual([
      400,
      'body.0.0.0.0.0.0.….0: is nested deeper than 64 levels',
    ]);
    const key = 'k'.repeat(200);
    const deep = await post(`{"spec":${`{"${key}":`.repeat(70)}1${'}'.repeat(70)}}`);
    expect(deep.status).toBe(400);
    expect(deep.body.error.message).toMatch(/^spec\.k{64}….*: is nested deeper than 64 levels$/);
    expect(deep.body.error.message.length).toBeLessThan(600);
  });
});
