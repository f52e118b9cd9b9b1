import type { Writable } from 'node:stream';
import type { InventoryRecord, ReportDefinition } from '@maestro/plugin-maestro-common';
import { stringify } from 'yaml';
import { ExportTable, ExportWriter, write } from './exportTypes';

/** The hop of a report that holds its servers: 0 for a Server report, the first or last hop of a pivot. */
export function serverHop(definition: ReportDefinition): number | undefined {
  if (definition.type === 'single') return definition.kind === 'Server' ? 0 : undefined;
  if (definition.hops[0]?.kind === 'Server') return 0;
  const last = definition.hops.length - 1;
  return definition.hops[last]?.kind === 'Server' ? last : undefined;
}

/** A name Ansible accepts for a group or a variable: letters, digits and `_`, not starting with a digit. */
export function ansibleName(text: string): string {
  const name = text.replace(/[^A-Za-z0-9_]/g, '_');
  return /^[0-9]/.test(name) ? `_${name}` : name;
}

/** A column as a host variable name: `spec.os.distro` -> `os_distro`, `Client.name` -> `client_name`. */
function variableName(column: string, pivot: boolean): string {
  const path = pivot
    ? column.replace(/^([A-Za-z]+)\.(spec\.)?/, (_, kind: string) => `${kind.toLowerCase()}.`)
    : column;
  return ansibleName(path.replace(/^spec\./, ''));
}

const text = (value: unknown) => (typeof value === 'string' && value.trim() ? value.trim() : undefined);
/** The name part of an entity ref (`datacenter:default/aws-prod` -> `aws-prod`). */
const refName = (ref: unknown) => text(ref)?.replace(/^.*[:/]/, '');

/** The groups a server belongs to: by environment, role and datacenter. */
function groupsOf(server: InventoryRecord): string[] {
  const spec = server.spec as Record<string, unknown>;
  const groups: string[] = [];
  const environment = text(spec.environment);
  const role = text(spec.role);
  const datacenter = refName(spec.datacenter);
  if (environment) groups.push(ansibleName(`env_${environment}`));
  if (role) groups.push(ansibleName(`role_${role}`));
  if (datacenter) groups.push(ansibleName(`dc_${datacenter}`));
  return groups;
}

const indent = (yaml: string, spaces: string) =>
  yaml
    .trimEnd()
    .split('\n')
    .map(line => `${spaces}${line}`)
    .join('\n');

/**
 * An Ansible inventory in YAML, the layout `ansible-inventory -i file --list` reads: `all.hosts` with each server's
 * host vars (the report's columns as valid variable names, `ansible_host` and the IPv4 addresses when known,
 * `maestro_id`), and `all.children` with a group per environment (`env_production`), role (`role_web`) and
 * datacenter (`dc_aws_prod`), names sanitised to Ansible's rules. A host is the server's hostname (its name when it
 * has none); a server on several rows of a pivot is one host whose variables list the values of every row. Hosts and
 * groups are collected in memory (one entry per server), then written host by host.
 */
export function ansibleWriter(table: ExportTable, out: Writable): ExportWriter {
  const pivot = table.definition.type === 'pivot';
  const names = table.columns.map(column => variableName(column, pivot));
  const hosts = new Map<string, { id: string; fixed: Map<string, unknown>; values: unknown[][] }>();
  const groups = new Map<string, Set<string>>();
  return {
    async rows(rows) {
      for (const { server, values } of rows) {
        if (!server) continue;
        const spec = server.spec as Record<string, unknown>;
        let host = text(spec.hostname) ?? server.name;
        if (hosts.has(host) && hosts.get(host)!.id !== server.id) host = `${host}_${server.id.slice(0, 8)}`;
        let entry = hosts.get(host);
        if (!entry) {
          const fixed = new Map<string, unknown>();
          const address = text(spec.ipv4Private) ?? text(spec.ipv4Public);
          if (address) fixed.set('ansible_host', address);
          if (text(spec.ipv4Private)) fixed.set('ipv4_private', spec.ipv4Private);
          if (text(spec.ipv4Public)) fixed.set('ipv4_public', spec.ipv4Public);
          fixed.set('maestro_id', server.id);
          entry = { id: server.id, fixed, values: names.map(() => []) };
          hosts.set(host, entry);
          for (const group of groupsOf(server)) groups.set(group, (groups.get(group) ?? new Set()).add(host));
        }
        // the same server on several paths of a pivot: every distinct value of a column, in row order
        values.forEach((value, i) => {
          const known = entry!.values[i];
          const json = JSON.stringify(value ?? null);
          if (!known.some(v => JSON.stringify(v) === json)) known.push(value ?? null);
        });
      }
    },
    async end() {
      await write(out, hosts.size ? 'all:\n  hosts:\n' : 'all:\n  hosts: {}\n');
      for (const [host, { fixed, values }] of hosts) {
        const vars = new Map(fixed);
        names.forEach((name, i) => vars.set(name, values[i].length === 1 ? values[i][0] : values[i]));
        await write(out, `${indent(stringify(new Map([[host, vars]])), '    ')}\n`);
      }
      const children = new Map(
        [...groups]
          .sort(([a], [b]) => a.localeCompare(b))
          .map(([group, members]) => [group, { hosts: new Map([...members].map(host => [host, null])) }]),
      );
      await write(out, children.size ? `  children:\n${indent(stringify(children), '    ')}\n` : '  children: {}\n');
    },
  };
}
