import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { PassThrough } from 'node:stream';
import type { JsonObject } from '@backstage/types';
import type { InventoryRecord, ReportDefinition, SingleReportDefinition } from '@maestro/plugin-maestro-common';
import { ExportFormat, exportReport } from '../reports/reportExport';
import type { RecordSource } from '../reports/singleReport';

const ENVIRONMENTS = ['production', 'staging'];
const ROLES = ['web', 'db', 'cache'];

/** A record as the store answers it (for export tests over an in-memory source). */
export function record(kind: string, name: string, spec: JsonObject, i = 0): InventoryRecord {
  const at = new Date(Date.UTC(2026, 10, 2 + (i % 20), 10)).toISOString();
  return {
    id: `${kind.toLowerCase()}-${String(i).padStart(6, '0')}-${name}`,
    kind,
    name,
    owner: 'group:default/platform',
    spec,
    version: 1,
    active: true,
    source: 'api',
    createdAt: at,
    updatedAt: at,
    createdBy: 'user:default/alice',
    updatedBy: 'user:default/alice',
  };
}

/**
 * `count` servers in two datacenters: srv-0 has a formula-looking hostname, srv-1 a name with XML's special
 * characters and a control character; every server has IPv4 addresses, an environment, a role and services.
 */
export function inventory(count: number): InventoryRecord[] {
  const datacenters = [
    record('Datacenter', 'aws-prod.eu', { provider: 'aws' }, 0),
    record('Datacenter', 'dc-2', { provider: 'openstack' }, 1),
  ];
  const servers = Array.from({ length: count }, (_, i) =>
    record(
      'Server',
      i === 1 ? 'srv-1 <&> "q" \'a\'\u0001' : `srv-${i}`,
      {
        hostname: i === 0 ? '=HYPERLINK("http://evil")' : `srv-${i}.example.com`,
        ipv4Private: `10.0.${Math.floor(i / 250)}.${i % 250}`,
        cpu: 2 + (i % 7),
        environment: ENVIRONMENTS[i % 2],
        role: ROLES[i % 3],
        datacenter: `datacenter:default/${i % 2 ? 'dc-2' : 'aws-prod.eu'}`,
        os: { distro: i % 2 ? 'debian' : 'ubuntu' },
        services: i < 2 ? [{ name: 'nginx' }, { name: 'node' }] : [],
      },
      i,
    ),
  );
  return [...datacenters, ...servers];
}

/** Records read in pages of `pageSize`, as the store would (id order). */
export function memorySource(records: InventoryRecord[], pageSize = 50): RecordSource {
  const sorted = [...records].sort((a, b) => a.id.localeCompare(b.id));
  return async function* read(kind, { active }) {
    const kept = sorted.filter(r => r.kind === kind && (active === undefined || r.active === active));
    for (let i = 0; i < kept.length; i += pageSize) yield kept.slice(i, i + pageSize);
  };
}

/** Exports a report into memory: the rows counted, the bytes written. */
export async function exportToBuffer(
  definition: ReportDefinition,
  records: InventoryRecord[],
  format: ExportFormat,
  options: { asOf?: string } = {},
) {
  const out = new PassThrough();
  const chunks: Buffer[] = [];
  out.on('data', chunk => chunks.push(Buffer.from(chunk)));
  const count = await exportReport(definition, memorySource(records), format, out, options);
  if (!out.writableEnded) out.end();
  await new Promise(resolve => setImmediate(resolve));
  return { count, data: Buffer.concat(chunks) };
}

/** A Server report: name, hostname, cpu, environment, the services' names, created (a date), sorted by cpu. */
export const serverReport: SingleReportDefinition = {
  name: 'Servers by CPU',
  type: 'single',
  kind: 'Server',
  filters: [{ field: 'spec.cpu', op: 'gte', value: 2 }],
  columns: ['name', 'spec.hostname', 'spec.cpu', 'spec.environment', 'spec.services.name', 'createdAt'],
  sort: { field: 'spec.cpu', direction: 'desc' },
};

/** A pivot from datacenters to their servers. */
export const datacenterServers: ReportDefinition = {
  name: 'Datacenter servers',
  type: 'pivot',
  hops: [
    { kind: 'Datacenter', columns: ['name'], filters: [] },
    {
      kind: 'Server',
      columns: ['name', 'spec.cpu', 'spec.os.distro'],
      filters: [],
      links: [{ kind: 'Server', field: 'spec.datacenter' }],
    },
  ],
};

/**
 * The text of a PDF as pdf-parse extracts it, page by page. pdf-parse (pdf.js) loads its worker with a dynamic
 * import, which Jest's module sandbox refuses: it runs in a plain Node child process instead. `first`: only the
 * first pages.
 */
export async function pdfText(
  data: Buffer,
  pages: { first?: number } = {},
): Promise<{ total: number; text: string; pages: string[] }> {
  const dir = await mkdtemp(join(tmpdir(), 'maestro-pdf-'));
  const file = join(dir, 'report.pdf');
  await writeFile(file, data);
  const script = `
    const { PDFParse } = require(${JSON.stringify(require.resolve('pdf-parse'))});
    const parser = new PDFParse({ data: new Uint8Array(require('node:fs').readFileSync(process.argv[1])) });
    parser.getText(${JSON.stringify(pages)}).then(r => {
      process.stdout.write(JSON.stringify({ total: r.total, text: r.text, pages: r.pages.map(p => p.text) }));
      return parser.destroy();
    });`;
  try {
    const { stdout } = await promisify(execFile)(process.execPath, ['-e', script, file], { maxBuffer: 64 << 20 });
    return JSON.parse(stdout);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
