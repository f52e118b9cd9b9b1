import type {
  DiscoveryConnection,
  DiscoveryCounts,
  DiscoveryHeldRemoval,
  DiscoveryProvider,
  DiscoveryRegionResult,
  DiscoveryTaskStatus,
  OpenStackConnectionSettings,
} from '@maestro/plugin-maestro-common';

/** "just now", "42 s ago", "5 min ago", "3 h ago", "2 d ago" (or "in …" for a time ahead). */
export function relativeTime(iso: string | undefined, now: number = Date.now()): string {
  if (!iso) return '';
  const time = Date.parse(iso);
  if (Number.isNaN(time)) return iso;
  const diff = Math.round((now - time) / 1000);
  const abs = Math.abs(diff);
  let text: string;
  if (abs < 5) return 'just now';
  else if (abs < 60) text = `${abs} s`;
  else if (abs < 3600) text = `${Math.round(abs / 60)} min`;
  else if (abs < 86400) text = `${Math.round(abs / 3600)} h`;
  else text = `${Math.round(abs / 86400)} d`;
  return diff >= 0 ? `${text} ago` : `in ${text}`;
}

/** "850 ms", "12.3 s", "2 min 5 s", "1 h 4 min". */
export function formatDuration(ms: number | undefined): string {
  if (ms === undefined || ms === null || Number.isNaN(ms)) return '';
  if (ms < 1000) return `${Math.round(ms)} ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(1)} s`;
  const seconds = Math.round(ms / 1000);
  if (seconds < 3600) return `${Math.floor(seconds / 60)} min ${seconds % 60} s`;
  return `${Math.floor(seconds / 3600)} h ${Math.floor((seconds % 3600) / 60)} min`;
}

/** The counts shown for a run, in this order. */
export const COUNT_FIELDS: Array<keyof DiscoveryCounts> = ['seen', 'created', 'changed', 'unchanged', 'deactivated'];

/** "seen 40 · created 2 · changed 1 · unchanged 37 · deactivated 0" (plus reactivated / invalid when not 0). */
export function formatCounts(counts: DiscoveryCounts | undefined): string {
  if (!counts) return '';
  const parts = COUNT_FIELDS.map(field => `${field} ${counts[field] ?? 0}`);
  if (counts.reactivated) parts.push(`reactivated ${counts.reactivated}`);
  if (counts.invalid) parts.push(`invalid ${counts.invalid}`);
  return parts.join(' · ');
}

/** The threshold as a percentage: the backend's share (0.3), or a percentage already (30). */
const percent = (threshold: number) => Math.round(threshold <= 1 ? threshold * 100 : threshold);

/** "held back: would deactivate 20 of 40 (over 30 %)", with the region when it is not the only one. */
export function formatHeld(held: DiscoveryHeldRemoval, withRegion = false): string {
  const text = `held back: would deactivate ${held.wouldDeactivate} of ${held.of} (over ${percent(held.threshold)} %)`;
  return withRegion && held.region ? `${held.region}: ${text}` : text;
}

/** The providers a connection can be created for, with their names. */
export const PROVIDERS: Array<{ provider: DiscoveryProvider; label: string }> = [
  { provider: 'aws', label: 'AWS' },
  { provider: 'openstack', label: 'OpenStack' },
];

/** The name of a provider: AWS, OpenStack. */
export const providerLabel = (provider: string) => PROVIDERS.find(p => p.provider === provider)?.label ?? provider;

/** How a connection gets its credentials, in words. */
export function credentialsLabel(connection: DiscoveryConnection): string {
  if (connection.provider === 'openstack') return 'Keystone v3 password';
  const aws = connection.aws;
  if (!aws) return '';
  switch (aws.credentials) {
    case 'static':
      return 'Static access keys';
    case 'integration':
      return 'Backstage AWS integration';
    default:
      return 'Default credential chain';
  }
}

const inDomain = (id?: string, name?: string) => {
  if (name) return ` (domain ${name})`;
  return id ? ` (domain ${id})` : '';
};

/** The Keystone user of an OpenStack connection: "maestro-reader (domain default)", or its id. */
export function openStackUser(settings: Partial<OpenStackConnectionSettings> | undefined): string {
  if (!settings) return '';
  if (settings.username)
    return `${settings.username}${inDomain(settings.userDomainId ?? 'default', settings.userDomainName)}`;
  return settings.userId ? `id ${settings.userId}` : '';
}

/** The project an OpenStack connection is scoped to: its id, or "name (domain …)"; both when both are set. */
export function openStackProject(settings: Partial<OpenStackConnectionSettings> | undefined): string {
  if (!settings) return '';
  const named = settings.projectName
    ? `${settings.projectName}${inDomain(settings.projectDomainId, settings.projectDomainName)}`
    : '';
  if (named && settings.projectId) return `${named} · id ${settings.projectId}`;
  return named || (settings.projectId ? `id ${settings.projectId}` : '');
}

/** The API calls an OpenStack connection makes, list by list: what its project role must allow. */
export function apiCallsText(lists: Array<{ id: string; title: string; iamActions: string[] }>): string {
  return lists.map(l => [`# ${l.title} (${l.id})`, ...l.iamActions].join('\n')).join('\n\n');
}

/**
 * The name shown for a task's status: "service not available" for `unavailable`, "removal held" for `held`, else
 * the status.
 */
export const statusLabel = (status: DiscoveryTaskStatus['status'] | DiscoveryRegionResult['status']) => {
  if (status === 'unavailable') return 'service not available';
  return status === 'held' ? 'removal held' : status;
};

/** True while a task runs, or a "sync now" waits to be served. */
export const isBusy = (task: DiscoveryTaskStatus | undefined) => task?.status === 'running';

/** True when the status is worth polling for: a task runs or a sync was asked and not yet served. */
export const needsPolling = (tasks: DiscoveryTaskStatus[]) =>
  tasks.some(t => t.status === 'running' || !!t.requestedAt);

/** A list's interval: "5 min", "2 h", "1 day", "7 days". */
export function formatFrequency(minutes: number): string {
  if (minutes >= 1440 && minutes % 1440 === 0) return `${minutes / 1440} day${minutes === 1440 ? '' : 's'}`;
  if (minutes >= 60 && minutes % 60 === 0) return `${minutes / 60} h`;
  return `${minutes} min`;
}
