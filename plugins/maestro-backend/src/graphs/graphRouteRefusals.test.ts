import request from 'supertest';
import { describeEachDatabase } from '../__testUtils__/databases';
import { openPost } from '../__testUtils__/openPost';
import { startMaestro, startMaestroDenying, userHeader } from '../__testUtils__/startMaestro';
import { AuthorizeResult } from '@backstage/plugin-permission-common';

jest.setTimeout(120_000);

const alice = userHeader('user:default/alice');
const id = '00000000-0000-4000-8000-000000000000';
const definition = { name: 'Shop', entry: { system: 'shop' } };

/** Every graph route with the permission it needs (the first one it asks for). */
const ROUTES = [
  ['get', '/graphs', 'maestro.graph.read'],
  ['post', '/graphs', 'maestro.graph.create'],
  ['post', '/graphs/preview', 'maestro.graph.read'],
  ['get', '/graphs/neighbourhood?entity=component:default/web', 'maestro.graph.read'],
  ['get', `/graphs/${id}`, 'maestro.graph.read'],
  ['put', `/graphs/${id}`, 'maestro.graph.update'],
  ['delete', `/graphs/${id}`, 'maestro.graph.delete'],
  ['post', `/graphs/${id}/regenerate`, 'maestro.graph.update'],
  ['get', `/graphs/${id}/compare?from=2026-01-01T00:00:00Z`, 'maestro.graph.read'],
  ['get', `/graphs/${id}/impact?node=component:default/web`, 'maestro.graph.read'],
  ['get', `/graphs/${id}/server-impact?server=server:default/srv1`, 'maestro.graph.read'],
] as const;

const GRAPH_PERMISSIONS = [
  'maestro.graph.read',
  'maestro.graph.create',
  'maestro.graph.update',
  'maestro.graph.delete',
  'maestro.graph.share',
];

describeEachDatabase('graph route refusals', (databases, databaseId) => {
  it('answers 401 on every graph route without credentials, and 403 naming the permission it needs', async () => {
    const knex = await databases.init(databaseId);
    const open = await startMaestro(AuthorizeResult.ALLOW, {
      knex,
      config: { maestro: { reports: { catalogEntities: false } } },
    });
    const denied = await startMaestroDenying(GRAPH_PERMISSIONS, knex);
    for (const [method, path, permission] of ROUTES) {
      const anonymous = await request(open)[method](`/api/maestro${path}`).send(definition);
      expect([method, path, anonymous.status]).toEqual([method, path, 401]);
      const refused = await request(denied)[method](`/api/maestro${path}`).set('Authorization', alice).send(definition);
      expect([method, path, refused.status, refused.body.error.message]).toEqual([
        method,
        path,
        403,
        `not allowed: ${permission}`,
      ]);
    }
    // only the permission a route needs is asked for: creating needs no read
    const createOnly = await startMaestroDenying(
      GRAPH_PERMISSIONS.filter(p => p !== 'maestro.graph.create'),
      knex,
    );
    const created = await request(createOnly)
      .post('/api/maestro/graphs')
      .set('Authorization', alice)
      .send({ ...definition, depth: 0 });
    expect(created.status).toBe(400); // past the permission: the definition is read and refused
    expect(created.body.error.message).toMatch(/^depth: /);
  });

  it('refuses a save without maestro.graph.create before reading the body', async () => {
    const server = await startMaestroDenying(['maestro.graph.create'], await databases.init(databaseId));
    const { req, answer } = openPost(server, '/graphs', {
      Authorization: alice,
      'Content-Type': 'application/json',
      'Content-Length': String(4 * 1024 * 1024),
    });
    req.write('{"name": "half a body", "entry": {"sys');
    const res = await answer;
    expect(res.status).toBe(403);
    expect(res.body.error.message).toBe('not allowed: maestro.graph.create');
    expect(res.headers.connection).toBe('close');
    expect(req.writableEnded).toBe(false);
    req.destroy();
  });
});
