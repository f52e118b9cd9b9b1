import { mockCredentials } from '@backstage/backend-test-utils';
import request from 'supertest';
import { startMaestro as start } from '../__testUtils__/startMaestro';

jest.setTimeout(60_000);

const user = mockCredentials.user.header('user:default/alice');

describe('POST /records/import', () => {
  it('imports CSV with typed spec columns, then updates and skips unchanged rows on a re-import', async () => {
    const server = await start();
    const csv = [
      'kind,name,owner,spec.hostname,spec.cpu,spec.os.base,spec.networks,spec.ipv4Private',
      'server,web-01,group:default/ops,web-01.example.com,4,linux,network:default/vpc-1;network:default/sg-1,10.0.0.1',
      'Server,web-02,group:default/ops,web-02.example.com,2,linux,,10.0.0.2',
    ].join('\n');
    const first = await request(server)
      .post('/api/maestro/records/import?reason=initial%20load')
      .set('Authorization', user)
      .set('Content-Type', 'text/csv')
      .send(csv)
      .expect(200);
    expect(first.body).toMatchObject({ created: 2, updated: 0, unchanged: 0 });
    const web1 = await request(server).get(`/api/maestro/records/${first.body.rows[0].id}`).set('Authorization', user);
    expect(web1.body.spec).toEqual({
      hostname: 'web-01.example.com',
      cpu: 4,
      os: { base: 'linux' },
      networks: ['network:default/vpc-1', 'network:default/sg-1'],
      ipv4Private: '10.0.0.1',
    });
    const history = await request(server)
      .get(`/api/maestro/records/${web1.body.id}/history`)
      .set('Authorization', user);
    expect(history.body.items[0]).toMatchObject({
      action: 'create',
      reason: 'initial load',
      actor: 'user:default/alice',
    });

    // same file again, with one change: one update, one unchanged, no history for the unchanged row
    const second = await request(server)
      .post('/api/maestro/records/import')
      .set('Authorization', user)
      .set('Content-Type', 'text/csv')
      .send(csv.replace('web-02.example.com,2', 'web-02.example.com,8'))
      .expect(200);
    expect(second.body).toMatchObject({ created: 0, updated: 1, unchanged: 1 });
    expect(second.body.rows.map((r: any) => r.outcome)).toEqual(['unchanged', 'updated']);
    const feed = await request(server).get('/api/maestro/changes?after=0').set('Authorization', user);
    expect(feed.body.changes.map((c: any) => `${c.name}:${c.action}`)).toEqual([
      'web-01:create',
      'web-02:create',
      'web-02:update',
    ]);
  });

  it('reads RFC 4180 CSV: quotes, escaped quotes, commas and line ends in quotes, CRLF, a BOM, blank lines', async () => {
    const server = await start();
    const csv = [
      '\uFEFFkind,name,title,owner,spec.hostname',
      'Server,web-01,"Web, the first","group:default/ops",web-01',
      '',
      'Server,web-02,"say ""hi""\r\nthere",group:default/ops,web-02',
    ].join('\r\n');
    const res = await request(server)
      .post('/api/maestro/records/import')
      .set('Authorization', user)
      .set('Content-Type', 'text/csv')
      .send(csv)
      .expect(200);
    expect(res.body.created).toBe(2);
    const list = await request(server).get('/api/maestro/records?kind=server').set('Authorization', user);
    expect(list.body.items.map((r: any) => [r.name, r.title])).toEqual([
      ['web-01', 'Web, the first'],
      ['web-02', 'say "hi"\r\nthere'],
    ]);
  });

  it('imports JSON and YAML records', async () => {
    const server = await start();
    const json = await request(server)
      .post('/api/maestro/records/import')
      .set('Authorization', user)
      .send({
        records: [{ kind: 'Datacenter', name: 'aws-prod', owner: 'group:default/ops', spec: { provider: 'aws' } }],
      })
      .expect(200);
    expect(json.body.created).toBe(1);
    const yaml = await request(server)
      .post('/api/maestro/records/import')
      .set('Authorization', user)
      .set('Content-Type', 'application/yaml')
      .send(
        '- kind: Network\n  name: vpc-1\n  owner: group:default/ops\n  spec:\n    type: vpc\n    cidr: 10.0.0.0/16\n    datacenter: datacenter:default/aws-prod\n',
      )
      .expect(200);
    expect(yaml.body.rows).toEqual([expect.objectContaining({ kind: 'Network', name: 'vpc-1', outcome: 'created' })]);
    // several YAML documents: one record each
    const documents = await request(server)
      .post('/api/maestro/records/import')
      .set('Authorization', user)
      .set('Content-Type', 'application/yaml')
      .send(
        'kind: Datacenter\nname: dc-a\nowner: group:default/ops\nspec: { provider: aws }\n---\nkind: Datacenter\nname: dc-b\nowner: group:default/ops\nspec: { provider: aws }\n',
      )
      .expect(200);
    expect(documents.body.rows.map((r: any) => r.name)).toEqual(['dc-a', 'dc-b']);
  });

  it('refuses the whole file with a per-row report when any row is invalid, writing nothing', async () => {
    const server = await start();
    const res = await request(server)
      .post('/api/maestro/records/import')
      .set('Authorization', user)
      .send({
        records: [
          { kind: 'Datacenter', name: 'ok-dc', owner: 'group:default/ops', spec: { provider: 'aws' } },
          { kind: 'Server', name: 'bad name', owner: 'group:default/ops', spec: {} },
          { kind: 'Spaceship', name: 'x', owner: 'group:default/ops', spec: {} },
          { kind: 'Server', name: 'web-9', owner: 'group:default/ops', spec: { hostname: 'h', cpu: 'many' } },
        ],
      });
    expect(res.status).toBe(400);
    expect(res.body.error.message).toMatch(/^3 of 4 rows are invalid; nothing was imported/);
    expect(res.body.rows).toEqual([
      {
        row: 2,
        kind: 'Server',
        name: 'bad name',
        problems: [
          'name: must consist of letters, digits, and [-_.], and start and end with a letter or digit',
          'spec.hostname: is required',
        ],
      },
      { row: 3, kind: 'Spaceship', name: 'x', problems: [expect.stringMatching(/^kind: must be one of/)] },
      { row: 4, kind: 'Server', name: 'web-9', problems: ['spec.cpu: must be integer'] },
    ]);
    const list = await request(server).get('/api/maestro/records?active=all').set('Authorization', user);
    expect(list.body.totalCount).toBe(0);
  });

  it('refuses a file naming the same record twice, and bad formats, with nothing written', async () => {
    const server = await start();
    const dc = { kind: 'Datacenter', name: 'dc', owner: 'group:default/ops', spec: { provider: 'aws' } };
    const dup = await request(server).post('/api/maestro/records/import').set('Authorization', user).send([dc, dc]);
    expect(dup.status).toBe(409);
    expect(dup.body.error.message).toBe("name: Datacenter 'dc' appears more than once in the import");
    const badCsv = await request(server)
      .post('/api/maestro/records/import')
      .set('Authorization', user)
      .set('Content-Type', 'text/csv')
      .send('kind,name,color\nServer,a,blue');
    expect(badCsv.status).toBe(400);
    expect(badCsv.body.error.message).toMatch(/content: the CSV header has no "owner" column/);
    const empty = await request(server)
      .post('/api/maestro/records/import')
      .set('Authorization', user)
      .set('Content-Type', 'text/csv')
      .send('');
    expect(empty.body.error.message).toBe('content: the CSV has no header row');
    const headerOnly = await request(server)
      .post('/api/maestro/records/import')
      .set('Authorization', user)
      .set('Content-Type', 'text/csv')
      .send('kind,name,owner\n');
    expect(headerOnly.body.error.message).toBe('content: contains no records');
    const twice = await request(server)
      .post('/api/maestro/records/import')
      .set('Authorization', user)
      .set('Content-Type', 'text/csv')
      .send('kind,name,owner,name\nServer,a,b,c');
    expect(twice.body.error.message).toBe('content: column "name" appears more than once');
    const badFormat = await request(server)
      .post('/api/maestro/records/import')
      .set('Authorization', user)
      .send({ format: 'xml', content: '<a/>' });
    expect(badFormat.body.error.message).toMatch(/^format: must be one of json, yaml, csv/);
    const list = await request(server).get('/api/maestro/records?active=all').set('Authorization', user);
    expect(list.body.totalCount).toBe(0);
  });
});
