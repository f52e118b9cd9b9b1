import { findMaestroKind, InventoryRecord, ReportChart } from '@maestro/plugin-maestro-common';
import { linkKeyOf } from '../reports/catalogRecordSource';
import { referenceTargets } from '../reports/pivotReport';
import { ReportCharts } from '../reports/reportCharts';
import type { RecordSource } from '../reports/singleReport';

/** One chart of the Maestro overview: a stable id, a title and the chart. */
export interface OverviewChart {
  id: string;
  title: string;
  chart: ReportChart;
}

const TOP = 10;

/** A bar (or pie, ≤ 6 values) of counts per label: the largest first, the top 10 and "other". */
export function countChart(field: string, counts: Map<string, number>, missing = 0, top = TOP): ReportChart {
  const sorted = [...counts].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
  const points = sorted.slice(0, top).map(([label, count]) => ({ label, count }));
  const rest = sorted.slice(top).reduce((sum, [, count]) => sum + count, 0);
  if (rest) points.push({ label: 'other', count: rest });
  return { field, type: sorted.length <= 6 ? 'pie' : 'bar', points, missing };
}

const bump = (counts: Map<string, number>, label: string, by = 1) => counts.set(label, (counts.get(label) ?? 0) + by);

/** The name part of a `kind:namespace/name` key (`default` namespace left out). */
const labelOfKey = (key: string) => key.replace(/^[^:]+:/, '').replace(/^default\//, '');

/** Reads every active record of a kind once, giving each to `visit`. */
async function eachRecord(source: RecordSource, kind: string, visit: (record: InventoryRecord) => void) {
  for await (const page of source(kind, { active: true })) for (const record of page) visit(record);
}

const reference = (kind: string, field: string) => findMaestroKind(kind)!.references.find(r => r.field === field)!;

/**
 * The automatic charts of the whole inventory for the Maestro overview, after Maestro Server's presets: servers
 * per provider (through their datacenter), region, instance type (flavor), OS, environment and status, CPU and
 * memory; services installed on servers; applications per family (Components and each resource family), deploy
 * type and system; the most depended-on applications (incoming dependencies); clients and entry applications per
 * system; volumes by size; datacenters per provider. One pass per kind through {@link ReportCharts} (active records
 * only); a preset with nothing to draw is left out.
 */
export async function overviewCharts(source: RecordSource): Promise<OverviewChart[]> {
  const out: OverviewChart[] = [];
  const add = (id: string, title: string, chart: ReportChart | undefined) => {
    if (chart && chart.points.length) out.push({ id, title, chart });
  };
  const pick = (charts: ReportChart[], field: string) => charts.find(c => c.field === field);

  // datacenters first: a server's provider is its datacenter's
  const datacenters = new ReportCharts('Datacenter');
  const providerOf = new Map<string, string>();
  await eachRecord(source, 'Datacenter', record => {
    datacenters.add(record);
    const provider = (record.spec as { provider?: unknown }).provider;
    if (typeof provider === 'string') providerOf.set(linkKeyOf(record), provider);
  });

  const servers = new ReportCharts('Server');
  const providers = new Map<string, number>();
  let noProvider = 0;
  const hostedIn = reference('Server', 'datacenter');
  await eachRecord(source, 'Server', record => {
    servers.add(record);
    const provider = referenceTargets(record, hostedIn)
      .map(key => providerOf.get(key))
      .find(p => p);
    if (provider) bump(providers, provider);
    else noProvider += 1;
  });
  const serverCharts = servers.charts();
  add('servers-per-provider', 'Servers per provider', countChart('provider', providers, noProvider));
  add('servers-per-region', 'Servers per region', pick(serverCharts, 'spec.region'));
  add('servers-per-instance-type', 'Servers per instance type', pick(serverCharts, 'spec.flavor'));
  add('servers-per-os', 'Servers per OS', pick(serverCharts, 'spec.os.distro') ?? pick(serverCharts, 'spec.os.base'));
  add('servers-per-environment', 'Servers per environment', pick(serverCharts, 'spec.environment'));
  add('servers-per-status', 'Servers per status', pick(serverCharts, 'spec.status'));
  add('servers-by-cpu', 'Servers by CPUs', pick(serverCharts, 'spec.cpu'));
  add('servers-by-memory', 'Servers by memory', pick(serverCharts, 'spec.memory'));
  add('services-installed', 'Services installed on servers', pick(serverCharts, 'spec.services.name'));

  // applications (Components) and resources (the other families), and who depends on which application
  const applications = new ReportCharts('Component');
  const families = new Map<string, number>();
  const dependedOn = new Map<string, number>();
  const countDependencies = (record: InventoryRecord, kind: string) => {
    const field = reference(kind, 'dependencies');
    for (const key of new Set(referenceTargets(record, field))) if (key.startsWith('component:')) bump(dependedOn, key);
  };
  await eachRecord(source, 'Component', record => {
    applications.add(record);
    bump(families, 'application');
    countDependencies(record, 'Component');
  });
  await eachRecord(source, 'Resource', record => {
    const type = (record.spec as { type?: unknown }).type;
    if (typeof type === 'string') bump(families, type);
    countDependencies(record, 'Resource');
  });
  const applicationCharts = applications.charts();
  add('applications-per-family', 'Applications per family', countChart('family', families));
  add('applications-per-deploy-type', 'Applications per deploy type', pick(applicationCharts, 'spec.deploys.type'));
  add('applications-per-system', 'Applications per system', pick(applicationCharts, 'spec.system'));
  add('applications-per-lifecycle', 'Applications per lifecycle', pick(applicationCharts, 'spec.lifecycle'));
  add(
    'most-depended-on-applications',
    'Most depended-on applications',
    countChart('dependencies', new Map([...dependedOn].map(([key, count]) => [labelOfKey(key), count]))),
  );

  // systems: the clients each serves and the applications it is entered through
  const clients = new Map<string, number>();
  const entries = new Map<string, number>();
  const clientsRef = reference('System', 'clients');
  const entriesRef = reference('System', 'entryApplications');
  await eachRecord(source, 'System', record => {
    const name = labelOfKey(linkKeyOf(record));
    const served = new Set(referenceTargets(record, clientsRef)).size;
    const entered = new Set(referenceTargets(record, entriesRef)).size;
    if (served) bump(clients, name, served);
    if (entered) bump(entries, name, entered);
  });
  add('clients-per-system', 'Clients per system', countChart('spec.clients', clients));
  add('entry-applications-per-system', 'Entry applications per system', countChart('spec.entryApplications', entries));

  const volumes = new ReportCharts('Volume');
  await eachRecord(source, 'Volume', record => volumes.add(record));
  add('volumes-by-size', 'Volumes by size (GB)', pick(volumes.charts(), 'spec.sizeGb'));
  add('datacenters-per-provider', 'Datacenters per provider', pick(datacenters.charts(), 'spec.provider'));
  return out;
}
