import { mockCredentials } from '@backstage/backend-test-utils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import request from 'supertest';
import { openPost } from '../__testUtils__/openPost';
import { startMaestro } from '../__testUtils__/startMaestro';

jest.setTimeout(60_000);

const user = mockCredentials.user.header('user:default/alice');
const csvRows = (count: number) =>
  Array.from({ length: count }, (_, i) => `Server,s-${i},group:default/ops,s-${i}.example.com`).join('\n');
const importCsv = (server: any, csv: string) =>
  request(server)
    .post('/api/maestro/records/import')
    .set('Authorization', user)
    .set('Content-Type', 'text/csv')
    .send(csv);
const importJsonText = (server: any, json: string) =>
  request(server)
    .post('/api/maestro/records/import')
    .set('Authorization', user)
    .set('Content-Type', 'application/json')
    .send(json);
const recordCount = async (server: any) =>
  (await request(server).get('/api/maestro/records?active=all').set('Authorization', user)).body.totalCount;

describe('POST /records/import: object paths never reach a prototype', () => {
  afterEach(() => {
    // keeps this file's other tests meaningful should a regression pollute the prototype
    for (const key of ['owner', 'x']) delete (Object.prototype as any)[key];
  });

  it('refuses CSV columns through __proto__, constructor or prototype with a 400 naming the column; the backend keeps working', async () => {
    const server = await startMaestro();
    await request(server)
      .post('/api/maestro/records')
      .set('Authorization', user)
      .send({ kind: 'Server', name: 'web-01', owner: 'group:default/ops', spec: { hostname: 'web-01' } })
      .expect(201);
    for (const [column, part] of [
      ['spec.__proto__.owner', '__proto__'],
      ['spec.constructor.prototype.x', 'constructor'],
      ['spec.os.prototype', 'prototype'],
    ]) {
      const res = await importCsv(
        server,
        `kind,name,owner,spec.hostname,${column}\nServer,evil,group:default/ops,evil,nobody`,
      );
      expect(res.status).toBe(400);
      expect(res.body.error.message).toBe(`content: column "${column}": "${part}" is not allowed in a field path`);
    }
    expect(({} as any).owner).toBeUndefined();
    expect(({} as any).x).toBeUndefined();
    const summary = await request(server).get('/api/maestro/summary').set('Authorization', user).expect(200);
    expect(summary.body.latestServers.map((s: any) => s.name)).toEqual(['web-01']);
    expect(await recordCount(server)).toBe(1);
  });

  it('answers a row whose kind is nested 100,000 levels deep with a 400 naming the field, not a 500 (found by the API fuzz)', async () => {
    const server = await startMaestro();
    const deep = `${'['.repeat(100_000)}${']'.repeat(100_000)}`;
    const res = await importJsonText(server, `{"records":[{"kind":${deep},"name":"x","owner":"group:default/ops"}]}`);
    expect(res.status).toBe(400);
    expect(res.body.rows).toEqual([
      { row: 1, name: 'x', problems: [expect.stringMatching(/^kind\.0\..*: is nested deeper than 64 levels$/)] },
    ]);
    expect(await recordCount(server)).toBe(0);
  });

  it('reports JSON, YAML and CSV-cell rows holding such keys as invalid rows naming the field, and writes nothing', async () => {
    const server = await startMaestro();
    const json = await importJsonText(
      server,
      '{"records":[{"kind":"Server","name":"evil","owner":"group:default/ops","spec":{"hostname":"evil","__proto__":{"owner":"nobody"}}}]}',
    );
    expect(json.status).toBe(400);
    expect(json.body.error.message).toBe(
      '1 of 1 rows are invalid; nothing was imported: row 1: spec.__proto__: "__proto__" is not allowed as a field name',
    );
    expect(json.body.rows).toEqual([
      {
        row: 1,
        kind: 'Server',
        name: 'evil',
        problems: ['spec.__proto__: "__proto__" is not allowed as a field name'],
      },
    ]);

    const yaml = await request(server)
      .post('/api/maestro/records/import')
      .set('Authorization', user)
      .set('Content-Type', 'application/yaml')
      .send(
        '- kind: Server\n  name: evil\n  owner: group:default/ops\n  spec:\n    hostname: evil\n    tags:\n      constructor:\n        prototype: nobody\n',
      );
    expect(yaml.status).toBe(400);
    expect(yaml.body.rows[0].problems).toEqual(['spec.tags.constructor: "constructor" is not allowed as a field name']);

    const cell = await importCsv(
      server,
      'kind,name,owner,spec.hostname,spec.services\nServer,evil,group:default/ops,evil,"[{""name"":""nginx"",""__proto__"":{""owner"":""nobody""}}]"',
    );
    expect(cell.status).toBe(400);
    expect(cell.body.rows[0].problems).toEqual([
      'spec.services.0.__proto__: "__proto__" is not allowed as a field name',
    ]);

    const envelope = await request(server)
      .post('/api/maestro/records/import')
      .set('Authorization', user)
      .send({ format: 'json', content: '{"__proto__":{"owner":"nobody"},"records":[]}' });
    expect(envelope.status).toBe(400);
    expect(envelope.body.error.message).toBe('content: field "__proto__": "__proto__" is not allowed as a field name');

    expect(({} as any).owner).toBeUndefined();
    expect(await recordCount(server)).toBe(0);
  });
});

describe('POST /records/import: authorized before the body is read, and bounded', () => {
  it('answers someone who may neither create nor update with 403 before reading the body', async () => {
    const server = await startMaestro(AuthorizeResult.DENY);
    const { req, answer } = openPost(server, '/records/import', {
      Authorization: user,
      'Content-Type': 'text/csv',
      'Content-Length': String(64 * 1024 * 1024),
    });
    req.write(`kind,name,owner\n${csvRows(1000)}\n`);
    // answered while 63 of the 64 MiB announced are still unsent
    const res = await answer;
    expect(res.status).toBe(403);
    expect(res.body.error.message).toBe('not allowed: maestro.inventory.create or maestro.inventory.update');
    expect(res.headers.connection).toBe('close');
    expect(req.writableEnded).toBe(false);
    req.destroy();
  });

  it('answers a body over maestro.import.maxBytes with 413: at once by its Content-Length, or once a stream passes it', async () => {
    const server = await startMaestro(AuthorizeResult.ALLOW, { config: { maestro: { import: { maxBytes: 4096 } } } });
    const csv = `kind,name,owner,spec.hostname\n${csvRows(200)}\n`; // about 9 KB
    const declared = await importCsv(server, csv);
    expect(declared.status).toBe(413);
    expect(declared.body.error.message).toBe('body: is larger than the limit of 4 KiB (maestro.import.maxBytes)');
    const json = await request(server)
      .post('/api/maestro/records/import')
      .set('Authorization', user)
      .send({ format: 'csv', content: csv });
    expect(json.status).toBe(413);

    // no Content-Length: the answer comes as soon as the stream passes the limit, before the request ends
    const { req, answer } = openPost(server, '/records/import', {
      Authorization: user,
      'Content-Type': 'text/csv',
      'Transfer-Encoding': 'chunked',
    });
    req.write(csv.slice(0, 3000));
    req.write(csv.slice(3000, 6000));
    const streamed = await answer;
    expect(streamed.status).toBe(413);
    expect(streamed.body.error.message).toBe('body: is larger than the limit of 4 KiB (maestro.import.maxBytes)');
    expect(req.writableEnded).toBe(false);
    req.destroy();

    expect(await recordCount(server)).toBe(0);
    await importCsv(server, `kind,name,owner,spec.hostname\n${csvRows(3)}\n`).expect(200);
  });

  it('stops parsing a CSV as soon as it has more rows than maestro.import.maxRows (400 naming content)', async () => {
    const server = await startMaestro(AuthorizeResult.ALLOW, { config: { maestro: { import: { maxRows: 10 } } } });
    const { req, answer } = openPost(server, '/records/import', {
      Authorization: user,
      'Content-Type': 'text/csv',
      'Content-Length': String(8 * 1024 * 1024),
    });
    req.write(`kind,name,owner,spec.hostname\n${csvRows(50)}\n`);
    // the answer does not wait for the rest of the 8 MiB announced: parsing stopped at row 11
    const res = await answer;
    expect(res.status).toBe(400);
    expect(res.body.error.message).toBe(
      'content: more than 10 records; at most 10 per import (maestro.import.maxRows)',
    );
    expect(req.writableEnded).toBe(false);
    req.destroy();

    const list = await request(server)
      .post('/api/maestro/records/import')
      .set('Authorization', user)
      .send({
        records: Array.from({ length: 11 }, (_, i) => ({
          kind: 'Server',
          name: `j-${i}`,
          owner: 'group:default/ops',
          spec: { hostname: 'h' },
        })),
      });
    expect(list.status).toBe(400);
    expect(list.body.error.message).toBe('records: 11 records; at most 10 per import (maestro.import.maxRows)');
    expect(await recordCount(server)).toBe(0);
    const ten = await importCsv(server, `kind,name,owner,spec.hostname\n${csvRows(10)}\n`).expect(200);
    expect(ten.body.created).toBe(10);
  });

  it('refuses a content type, charset or encoding it does not read with 415, and bad config at start-up', async () => {
    const server = await startMaestro();
    const xml = await request(server)
      .post('/api/maestro/records/import')
      .set('Authorization', user)
      .set('Content-Type', 'application/xml')
      .send('<a/>');
    expect(xml.status).toBe(415);
    expect(xml.body.error.message).toBe('body: Content-Type must be application/json, text/csv or application/yaml');
    const latin1 = await request(server)
      .post('/api/maestro/records/import')
      .set('Authorization', user)
      .set('Content-Type', 'text/csv; charset=latin1')
      .send('kind,name,owner');
    expect(latin1.status).toBe(415);
    await expect(
      startMaestro(AuthorizeResult.ALLOW, { config: { maestro: { import: { maxRows: 0 } } } }),
    ).rejects.toThrow('maestro.import.maxRows: must be an integer from 1 to 1000000 (got 0)');
  });
});

describe('POST /records/import: errors name the problem, never the content', () => {
  const SECRET = 'sk-live-7c1d2e3f4a5b6c7d';

  it.each([
    [
      'JSON content',
      { format: 'json', content: `{"records": [{"password": "${SECRET}" x}]}` },
      /^content: is not valid JSON/,
    ],
    [
      'YAML alias',
      { format: 'yaml', content: `a: *${SECRET}\n` },
      /^content: is not valid YAML \(an alias without its anchor\)$/,
    ],
    [
      'YAML syntax',
      { format: 'yaml', content: `a: [${SECRET}\nb: {` },
      /^content: is not valid YAML \(.+ at line \d+, column \d+\)$/,
    ],
    ['YAML tag', { format: 'yaml', content: `- !${SECRET} x\n- a: 1\n` }, /^2 of 2 rows are invalid/],
    [
      'CSV quote',
      { format: 'csv', content: `kind,name,owner\n"x"${SECRET},a,b\n` },
      /^content: is not valid CSV \(invalid closing quote at line 2\)$/,
    ],
    [
      'CSV cells',
      { format: 'csv', content: `kind,name,owner\nServer,a,b,${SECRET}\n` },
      /^content: is not valid CSV \(line 2 has more cells than the header has columns\)$/,
    ],
  ])('%s', async (_case, body, message) => {
    const server = await startMaestro();
    const res = await request(server).post('/api/maestro/records/import').set('Authorization', user).send(body);
    expect(res.status).toBe(400);
    expect(res.body.error.message).toMatch(message);
    expect(res.text).not.toContain(SECRET);
  });

  it('a malformed or non-UTF-8 body', async () => {
    const server = await startMaestro();
    const json = await importJsonText(server, `{"records": [{"password": "${SECRET}" x}]}`);
    expect(json.status).toBe(400);
    expect(json.body.error.message).toMatch(/^body: is not valid JSON/);
    expect(json.text).not.toContain(SECRET);
    const bytes = await request(server)
      .post('/api/maestro/records/import')
      .set('Authorization', user)
      .set('Content-Type', 'text/csv')
      .send(Buffer.from([0x6b, 0x69, 0x6e, 0x64, 0xff, 0xfe, 0x0a]));
    expect(bytes.status).toBe(400);
    expect(bytes.body.error.message).toBe('body: is not valid UTF-8');
  });
});
