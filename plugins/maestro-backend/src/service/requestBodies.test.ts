import { mockCredentials } from '@backstage/backend-test-utils';
import request from 'supertest';
import { parse as parseYaml } from 'yaml';
import { startMaestro } from '../__testUtils__/startMaestro';
import { findForbiddenKey } from '../input/forbiddenKeys';

jest.setTimeout(60_000);

const user = mockCredentials.user.header('user:default/alice');
const SECRET = 'sk-live-7c1d2e3f4a5b6c7d';

describe('JSON bodies of the API', () => {
  it('hold "__proto__" as an own key once parsed (JSON.parse and yaml alike), which the key check finds', () => {
    const fromJson = JSON.parse('{"spec": {"__proto__": {"owner": "nobody"}}}');
    const fromYaml = parseYaml('spec:\n  __proto__:\n    owner: nobody\n');
    for (const parsed of [fromJson, fromYaml]) {
      expect(Object.keys(parsed.spec)).toEqual(['__proto__']);
      expect(({} as any).owner).toBeUndefined();
      expect(findForbiddenKey(parsed)).toEqual({
        path: 'spec.__proto__',
        problem: '"__proto__" is not allowed as a field name',
      });
    }
    let deep: unknown = 'leaf';
    for (let i = 0; i < 100_000; i++) deep = [deep];
    expect(findForbiddenKey({ spec: deep })?.problem).toBe('is nested deeper than 64 levels');
  });

  it('refuse a record or a setting holding __proto__, constructor or prototype keys, naming the field', async () => {
    const server = await startMaestro();
    const post = (json: string) =>
      request(server)
        .post('/api/maestro/records')
        .set('Authorization', user)
        .set('Content-Type', 'application/json')
        .send(json);
    const proto = await post(
      '{"kind":"Server","name":"evil","owner":"group:default/ops","spec":{"hostname":"evil","tags":{"__proto__":"nobody"}}}',
    );
    expect(proto.status).toBe(400);
    expect(proto.body.error.message).toBe('spec.tags.__proto__: "__proto__" is not allowed as a field name');
    const ctor = await post(
      '{"kind":"Server","name":"evil","owner":"group:default/ops","spec":{"hostname":"evil","constructor":{"prototype":{"owner":"x"}}}}',
    );
    expect(ctor.status).toBe(400);
    expect(ctor.body.error.message).toBe('spec.constructor: "constructor" is not allowed as a field name');
    const list = await request(server).get('/api/maestro/records?active=all').set('Authorization', user);
    expect(list.body.totalCount).toBe(0);

    const setting = await request(server)
      .put('/api/maestro/settings/regions')
      .set('Authorization', user)
      .set('Content-Type', 'application/json')
      .send(`{"version":0,"value":{"__proto__":[{"id":"x"}],"aws":[{"id":"us-east-1"}]}}`);
    expect(setting.status).toBe(400);
    expect(setting.body.error.message).toBe('value.__proto__: "__proto__" is not allowed as a field name');
    const regions = await request(server).get('/api/maestro/settings/regions').set('Authorization', user);
    expect(regions.body.version).toBe(0);
    expect(({} as any).owner).toBeUndefined();
  });

  it.each([
    ['POST', '/records', `{"kind": "Server", "password": "${SECRET}" oops}`],
    ['PUT', '/records/some-id', `{"version": 1, "spec": {"token": "${SECRET}"}`],
    ['PUT', '/settings/options', `{"value": "${SECRET}",}`],
    ['POST', '/discovery/connections', `{"aws": {"secretAccessKey": "${SECRET}"}]`],
    ['PUT', '/discovery/connections/c1', `{"openstack": {"password": '${SECRET}'}}`],
  ])(
    'answer a malformed body of %s %s with its problem and at most a position, never its text',
    async (method, path, body) => {
      const server = await startMaestro();
      const res = await (method === 'POST'
        ? request(server).post(`/api/maestro${path}`)
        : request(server).put(`/api/maestro${path}`)
      )
        .set('Authorization', user)
        .set('Content-Type', 'application/json')
        .send(body);
      expect(res.status).toBe(400);
      expect(res.body.error).toEqual({
        name: 'InputError',
        message: expect.stringMatching(/^body: is not valid JSON( \(at position \d+\)| \(it ends too early\))?$/),
      });
      expect(res.text).not.toContain(SECRET);
    },
  );

  it('answer a body over the limit with 413, and an unsupported charset with 415, without its text', async () => {
    const server = await startMaestro();
    const big = await request(server)
      .post('/api/maestro/records')
      .set('Authorization', user)
      .set('Content-Type', 'application/json')
      .send(`{"spec": {"blob": "${SECRET}${'x'.repeat(6 * 1024 * 1024)}"}}`);
    expect(big.status).toBe(413);
    expect(big.body.error.message).toBe('body: is larger than the limit of 5 MiB');
    expect(big.text).not.toContain(SECRET);
    const latin1 = await request(server)
      .post('/api/maestro/records')
      .set('Authorization', user)
      .set('Content-Type', 'application/json; charset=latin1')
      .send(`{"spec": "${SECRET}"}`);
    expect(latin1.status).toBe(415);
    expect(latin1.body.error.message).toBe('body: only UTF-8 is accepted (Content-Type charset)');
  });

  it('refuse a JSON body whose bytes are not UTF-8 (not decoded into U+FFFD), on every JSON route', async () => {
    const server = await startMaestro();
    const { port } = server.address() as { port: number };
    // a key mangled by a lone byte pair: once decoded it would read `�(name`
    const body = Buffer.concat([Buffer.from('{"'), Buffer.from([0xc3, 0x28]), Buffer.from('name": "x"}')]);
    for (const path of ['/records', '/graphs/preview', '/dependencies/commit', '/reports']) {
      const res = await fetch(`http://127.0.0.1:${port}/api/maestro${path}`, {
        method: 'POST',
        headers: { Authorization: user, 'Content-Type': 'application/json' },
        body,
      });
      expect([path, res.status, ((await res.json()) as any).error.message]).toEqual([
        path,
        400,
        'body: is not valid UTF-8',
      ]);
    }
  });
});
