import type { BusinessGraphEntry } from '@maestro/plugin-maestro-common';

/** A graph's entry in words: `system shop`, `client acme`, `applications a, b`. */
export function entryText(entry: BusinessGraphEntry): string {
  const name = (ref: string) => ref.replace(/^[^:]+:(default\/)?/, '');
  if ('system' in entry) return `system ${name(entry.system)}`;
  if ('client' in entry) return `client ${name(entry.client)}`;
  const apps = entry.applications.map(name);
  return `${apps.length === 1 ? 'application' : 'applications'} ${apps.slice(0, 3).join(', ')}${
    apps.length > 3 ? ` +${apps.length - 3}` : ''
  }`;
}
