import http from 'node:http';
import { parse as parseCsv } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import { XMLParser } from 'fast-xml-parser';
import request from 'supertest';
import { parse as parseYaml } from 'yaml';
import { createRecords, startMaestro, startMaestroDenying, userHeader } from '../__testUtils__/startMaestro';
import { pdfText } from '../__testUtils__/reportExports';

jest.setTimeout(60_000);

const alice = userHeader('user:default/alice');

/** Reads a response body as bytes, whatever its type. */
const bytes = (res: request.Response, done: (error: Error | null, body: Buffer) => void) => {
  const stream = res as unknown as http.IncomingMessage;
  const chunks: Buffer[] = [];
  stream.on('data', chunk => chunks.push(Buffer.from(chunk)));
  stream.on('end', () => done(null, Buffer.concat(chunks)));
};

async function withInventory(server: http.Server) {
  const api = () => request(server);
  await createRecords(
    server,
    [
      { kind: 'Datacenter', name: 'aws-eu', owner: 'group:default/platform', spec: { provider: 'aws' } },
      ...(
        [
          ['web-1', 'production', 'web', 4],
          ['db-1', 'staging', 'db', 16],
        ] as const
      ).map(([name, environment, role, cpu]) => ({
        kind: 'Server',
        name,
        owner: 'group:default/platform',
        spec: {
          hostname: `${name}.example.com`,
          ipv4Private: cpu === 4 ? '10.0.0.4' : '10.0.0.16',
          cpu,
          environment,
          role,
          datacenter: 'datacenter:default/aws-eu',
        },
      })),
    ],
    alice,
  );
  const save = async (report: object) =>
    (await api().post('/api/maestro/reports').set('Authorization', alice).send(report).expect(201)).body.id as string;
  const single = await save({
    name: 'All servers',
    type: 'single',
    kind: 'Server',
    filters: [],
    columns: ['name', 'spec.cpu', 'spec.environment'],
    sort: { field: 'spec.cpu', direction: 'desc' },
  });
  const pivot = await save({
    name: 'Datacenter servers',
    type: 'pivot',
    hops: [
      { kind: 'Datacenter', columns: ['name'] },
      { kind: 'Server', columns: ['name', 'spec.cpu'] },
    ],
  });
  const datacenters = await save({ name: 'Datacenters', type: 'single', kind: 'Datacenter', columns: ['name'] });
  return { api, single, pivot, datacenters };
}

describe('GET /reports/:id/export in every format', () => {
  it('serves each format with its media type and file extension, read back with a real reader', async () => {
    const { api, single } = await withInventory(await startMaestro());
    const get = (format: string) =>
      api()
        .get(`/api/maestro/reports/${single}/export?format=${format}`)
        .set('Authorization', alice)
        .buffer(true)
        .parse(bytes)
        .expect(200);
    const expectFile = (res: request.Response, type: string, extension: string) => {
      expect(res.headers['content-type']).toBe(type);
      expect(res.headers['content-disposition']).toBe(`attachment; filename="All-servers.${extension}"`);
    };

    const csv = await get('csv');
    expectFile(csv, 'text/csv; charset=utf-8', 'csv');
    expect(parseCsv(csv.body.toString())).toEqual([
      ['name', 'spec.cpu', 'spec.environment'],
      ['db-1', '16', 'staging'],
      ['web-1', '4', 'production'],
    ]);
    const xml = await get('xml');
    expectFile(xml, 'application/xml; charset=utf-8', 'xml');
    const parsed = new XMLParser({ ignoreAttributes: false }).parse(xml.body.toString());
    expect(parsed.report.count).toBe(2);
    expect(parsed.report.rows.row[0].field[0]['#text']).toBe('db-1');

    const xlsx = await get('xlsx');
    expectFile(xlsx, 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', 'xlsx');
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(xlsx.body);
    expect(workbook.worksheets[0].getRow(2).values).toEqual([undefined, 'db-1', 16, 'staging']);

    const pdf = await get('pdf');
    expectFile(pdf, 'application/pdf', 'pdf');
    const text = (await pdfText(pdf.body)).text;
    expect(text).toContain('All servers');
    expect(text).toMatch(/web-1\s+4\s+production/);

    const ansible = await get('ansible');
    expectFile(ansible, 'application/yaml; charset=utf-8', 'yml');
    const inventory = parseYaml(ansible.body.toString());
    expect(inventory.all.hosts['web-1.example.com']).toMatchObject({ ansible_host: '10.0.0.4', cpu: 4 });
    expect(Object.keys(inventory.all.children).sort()).toEqual([
      'dc_aws_eu',
      'env_production',
      'env_staging',
      'role_db',
      'role_web',
    ]);
  });

  it('exports pivots and reports as of a time; refuses bad formats and Ansible for other kinds with a 400', async () => {
    const { api, pivot, single, datacenters } = await withInventory(await startMaestro());
    const csv = await api()
      .get(`/api/maestro/reports/${pivot}/export?format=csv`)
      .set('Authorization', alice)
      .expect(200);
    expect(parseCsv(csv.text)).toEqual([
      ['Datacenter.name', 'Server.name', 'Server.spec.cpu'],
      ['aws-eu', 'db-1', '16'],
      ['aws-eu', 'web-1', '4'],
    ]);
    const then = await api()
      .get(`/api/maestro/reports/${single}/export?format=json&asOf=2020-01-01T00:00:00Z`)
      .set('Authorization', alice)
      .expect(200);
    expect(JSON.parse(then.text)).toEqual([]);
    const badTime = await api()
      .get(`/api/maestro/reports/${single}/export?format=json&asOf=yesterday`)
      .set('Authorization', alice)
      .expect(400);
    expect(badTime.body.error.message).toMatch(/^asOf: /);

    const notServers = await api()
      .get(`/api/maestro/reports/${datacenters}/export?format=ansible`)
      .set('Authorization', alice)
      .expect(400);
    expect(notServers.headers['content-type']).toMatch(/^application\/json/);
    expect(notServers.headers['content-disposition']).toBeUndefined();
    expect(notServers.body.error.message).toBe(
      'format: ansible exports need a Server report (or a pivot starting or ending at servers)',
    );
    const docx = await api()
      .get(`/api/maestro/reports/${single}/export?format=docx`)
      .set('Authorization', alice)
      .expect(400);
    expect(docx.body.error.message).toBe('format: must be one of csv, json, ndjson, xml, xlsx, pdf, ansible');
  });

  it('still needs maestro.report.export for every format', async () => {
    const { single } = await withInventory(await startMaestro());
    const server = await startMaestroDenying(['maestro.report.export']);
    for (const format of ['pdf', 'xlsx', 'ansible']) {
      const refused = await request(server)
        .get(`/api/maestro/reports/${single}/export?format=${format}`)
        .set('Authorization', alice)
        .expect(403);
      expect(refused.body.error.message).toContain('maestro.report.export');
    }
  });
});
