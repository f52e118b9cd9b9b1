import { Writable } from 'node:stream';
import { parse as parseCsv } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import { XMLParser } from 'fast-xml-parser';
import { parse as parseYaml } from 'yaml';
import {
  datacenterServers,
  exportToBuffer,
  inventory,
  memorySource,
  pdfText,
  serverReport,
} from '../__testUtils__/reportExports';
import { checkExport, exportReport } from './reportExport';

jest.setTimeout(60_000);

const records = inventory(12);
const xmlParser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '@',
  isArray: n => ['row', 'field', 'item'].includes(n),
});
const fieldsOf = (row: any) =>
  Object.fromEntries(row.field.map((f: any) => [f['@path'], f.item ?? f['#text'] ?? null]));

describe('report exports in every format, read back with a real reader', () => {
  it('writes XML: escaped text, forbidden characters stripped, any column path as an attribute, lists as items', async () => {
    const { count, data } = await exportToBuffer(serverReport, records, 'xml', { asOf: '2026-11-01T00:00:00.000Z' });
    expect(count).toBe(12);
    const report = xmlParser.parse(data.toString('utf8')).report;
    expect(report['@name']).toBe('Servers by CPU');
    expect(report['@asOf']).toBe('2026-11-01T00:00:00.000Z');
    expect(report.count).toBe(12);
    const rows = report.rows.row;
    expect(rows).toHaveLength(12);
    const byName = new Map<string, Record<string, unknown>>(rows.map((r: any) => [fieldsOf(r).name, fieldsOf(r)]));
    expect(byName.get('srv-1 <&> "q" \'a\'')).toMatchObject({
      'spec.cpu': 3,
      'spec.environment': 'staging',
      'spec.services.name': ['nginx', 'node'],
    });
    expect(byName.get('srv-0')!['spec.hostname']).toBe('=HYPERLINK("http://evil")');
    expect(rows[0]['@id']).toMatch(/^server-/);
    expect(data.toString('utf8')).not.toContain('\u0001');
  });

  it('writes XLSX: bold frozen header, numbers and dates typed, lists joined, formula-looking text kept as text', async () => {
    const { data } = await exportToBuffer(serverReport, records, 'xlsx');
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(data as any);
    const sheet = workbook.worksheets[0];
    expect(sheet.name).toBe('Servers by CPU');
    expect(sheet.rowCount).toBe(13);
    expect(sheet.getRow(1).values).toEqual([undefined, ...serverReport.columns]);
    expect(sheet.getRow(1).getCell(1).font?.bold).toBe(true);
    expect(sheet.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
    expect(sheet.getColumn(2).width).toBeGreaterThan(10);
    const rows = new Map<string, ExcelJS.Row>();
    sheet.eachRow((row, n) => n > 1 && rows.set(String(row.getCell(1).value), row));
    const first = rows.get('srv-0')!;
    expect(first.getCell(2).type).toBe(ExcelJS.ValueType.String);
    expect(first.getCell(2).value).toBe('=HYPERLINK("http://evil")');
    expect(first.getCell(2).formula).toBeUndefined();
    expect(first.getCell(3).value).toBe(2);
    expect(first.getCell(3).type).toBe(ExcelJS.ValueType.Number);
    expect(first.getCell(5).value).toBe('nginx; node');
    expect(first.getCell(6).type).toBe(ExcelJS.ValueType.Date);
    expect((first.getCell(6).value as Date).toISOString()).toBe('2026-11-02T10:00:00.000Z');
    expect(rows.get('srv-1 <&> "q" \'a\'')).toBeDefined();
    // sorted by cpu, largest first
    expect(sheet.getRow(2).getCell(3).value).toBe(8);
  });

  it('writes a paginated PDF with the title, definition, rows, page numbers and the charts', async () => {
    const many = inventory(200);
    const { count, data } = await exportToBuffer(serverReport, many, 'pdf', { asOf: '2026-11-01T00:00:00.000Z' });
    expect(count).toBe(200);
    expect(data.subarray(0, 5).toString()).toBe('%PDF-');
    const text = await pdfText(data);
    expect(text.total).toBeGreaterThan(2);
    const all = text.text;
    expect(all).toContain('Servers by CPU');
    expect(all).toContain('Single report over Server');
    expect(all).toContain('spec.cpu gte 2');
    expect(all).toContain('inventory as of 2026-11-01T00:00:00.000Z');
    expect(all).toContain('Rows: 200');
    expect(all).toMatch(/srv-7\s+srv-7\.example\.com\s+2\s+debian|srv-7\s+srv-7\.example\.com\s+2\s+staging/);
    expect(all).toContain(`page 1 of ${text.total}`);
    expect(all).toContain(`page ${text.total} of ${text.total}`);
    // the header repeats on the second page, the charts follow the table with their labels
    expect(text.pages[1]).toContain('spec.hostname');
    expect(all).toContain('Charts');
    expect(all).toContain('spec.environment (pie)');
    expect(all).toMatch(/production: 100 \(50%\)/);
    expect(all).toContain('spec.cpu (histogram)');
    expect(all).toContain('createdAt (line)');
  });

  it('stops a PDF at 10,000 rows and says so on its first page', async () => {
    const many = inventory(10_050);
    const names = { ...serverReport, columns: ['name'], sort: undefined };
    const { count, data } = await exportToBuffer(names, many, 'pdf');
    expect(count).toBe(10_050);
    const first = await pdfText(data, { first: 1 });
    expect(first.text).toContain('Rows: the first 10,000 of 10,050');
    expect(first.total).toBeGreaterThan(200);
  });

  it('writes an Ansible inventory: hosts with their vars, groups by environment, role and datacenter', async () => {
    const { data } = await exportToBuffer(serverReport, records, 'ansible');
    const inventoryFile = parseYaml(data.toString('utf8'));
    const hosts = inventoryFile.all.hosts;
    expect(Object.keys(hosts)).toHaveLength(12);
    expect(hosts['srv-4.example.com']).toEqual({
      ansible_host: '10.0.0.4',
      ipv4_private: '10.0.0.4',
      maestro_id: expect.stringMatching(/^server-/),
      name: 'srv-4',
      hostname: 'srv-4.example.com',
      cpu: 6,
      environment: 'production',
      services_name: [],
      createdAt: '2026-11-06T10:00:00.000Z',
    });
    const groups = inventoryFile.all.children;
    expect(Object.keys(groups).sort()).toEqual([
      'dc_aws_prod_eu',
      'dc_dc_2',
      'env_production',
      'env_staging',
      'role_cache',
      'role_db',
      'role_web',
    ]);
    expect(Object.keys(groups.env_production.hosts)).toHaveLength(6);
    expect(groups.role_web.hosts).toHaveProperty(['srv-3.example.com']);
    expect(groups.dc_dc_2.hosts).toHaveProperty(['srv-1.example.com']);
    for (const name of Object.keys(groups)) expect(name).toMatch(/^[A-Za-z_][A-Za-z0-9_]*$/);
  });

  it('refuses Ansible for a report that is not about servers, and an unknown format', () => {
    const datacenters = { ...serverReport, kind: 'Datacenter', filters: [], columns: ['name'], sort: undefined };
    expect(() => checkExport(datacenters, 'ansible')).toThrow(
      'format: ansible exports need a Server report (or a pivot starting or ending at servers)',
    );
    expect(() => checkExport(serverReport, 'docx')).toThrow(
      'format: must be one of csv, json, ndjson, xml, xlsx, pdf, ansible',
    );
  });

  it.each(['csv', 'xlsx', 'pdf'] as const)(
    'ends a %s export when its stream closes early (a client gone)',
    async format => {
      const stalled = new Writable({ highWaterMark: 16, write: () => undefined }); // never drains
      const running = exportReport(serverReport, memorySource(inventory(3000)), format, stalled);
      setTimeout(() => stalled.destroy(), 50);
      await expect(running).rejects.toThrow('closed');
    },
  );

  it('reports its progress after every batch, up to the number of rows', async () => {
    const seen: number[] = [];
    const out = new Writable({ write: (_chunk, _encoding, done) => done() });
    const unsorted = { ...serverReport, sort: undefined };
    const count = await exportReport(unsorted, memorySource(inventory(120)), 'ndjson', out, {
      onProgress: rows => seen.push(rows),
    });
    expect(count).toBe(120);
    expect(seen).toEqual([50, 100, 120]); // the source's pages of 50
  });

  it('exports a pivot in every format with the Kind.field columns', async () => {
    const csv = parseCsv((await exportToBuffer(datacenterServers, records, 'csv')).data.toString('utf8'));
    expect(csv[0]).toEqual(['Datacenter.name', 'Server.name', 'Server.spec.cpu', 'Server.spec.os.distro']);
    expect(csv).toHaveLength(13);
    expect(csv[1]).toEqual(['aws-prod.eu', 'srv-0', '2', 'ubuntu']);
    const json = JSON.parse((await exportToBuffer(datacenterServers, records, 'json')).data.toString('utf8'));
    expect(json[0]).toEqual({
      ids: [expect.stringMatching(/^datacenter-/), expect.stringMatching(/^server-/)],
      'Datacenter.name': 'aws-prod.eu',
      'Server.name': 'srv-0',
      'Server.spec.cpu': 2,
      'Server.spec.os.distro': 'ubuntu',
    });
    const ndjson = (await exportToBuffer(datacenterServers, records, 'ndjson')).data
      .toString('utf8')
      .trim()
      .split('\n');
    expect(ndjson.map(line => JSON.parse(line)['Server.name'])).toEqual(json.map((r: any) => r['Server.name']));
    const xml = xmlParser.parse((await exportToBuffer(datacenterServers, records, 'xml')).data.toString('utf8'));
    expect(xml.report['@type']).toBe('pivot');
    expect(fieldsOf(xml.report.rows.row[0])).toEqual(Object.fromEntries(Object.entries(json[0]).slice(1)));
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load((await exportToBuffer(datacenterServers, records, 'xlsx')).data as any);
    expect(workbook.worksheets[0].getRow(2).values).toEqual([undefined, 'aws-prod.eu', 'srv-0', 2, 'ubuntu']);
    const pdf = (await pdfText((await exportToBuffer(datacenterServers, records, 'pdf')).data)).text;
    expect(pdf).toContain('Pivot report: Datacenter > Server');
    expect(pdf).toContain('Server.spec.os.distro');
    const ansible = parseYaml((await exportToBuffer(datacenterServers, records, 'ansible')).data.toString('utf8'));
    expect(ansible.all.hosts['srv-2.example.com']).toMatchObject({
      datacenter_name: 'aws-prod.eu',
      server_name: 'srv-2',
      server_cpu: 4,
      server_os_distro: 'ubuntu',
    });
    expect(Object.keys(ansible.all.children.dc_aws_prod_eu.hosts)).toHaveLength(6);
  });
});
