import type { ProviderRegions } from '@maestro/plugin-maestro-common';
import type {
  DiscoveryConnectionRequest,
  DiscoveryConnectionView,
  DiscoveryProviderList,
} from '../../api';
import { DEFAULT_OWNER } from '../RecordForm';

/** How the connection gets AWS credentials, as the wizard offers it. */
export type CredentialsMode = 'static' | 'role' | 'chain';

/** A list's settings as edited: whether it runs, and the minutes as typed. */
export interface ListDraft {
  enabled: boolean;
  minutes: string;
}

/** What the wizard edits. Secrets are only ever typed here, never read from the API. */
export interface ConnectionDraft {
  provider: 'aws';
  id: string;
  title: string;
  /** Empty: the connection id. */
  datacenter: string;
  owner: string;
  regions: string[];
  mode: CredentialsMode;
  accessKeyId: string;
  /** Empty on edit: keep the stored secret. */
  secretAccessKey: string;
  roleArn: string;
  externalId: string;
  accountId: string;
  endpoint: string;
  /** By list id; lists not here use the connection's settings, or the provider's defaults. */
  lists: Record<string, ListDraft>;
}

/** The steps of the wizard, and which of them a field of the API's messages belongs to. */
export const STEPS = ['Connection', 'Regions', 'Credentials', 'Lists'] as const;

/** The step showing a field the backend names (`aws.roleArn` → 2), or -1 for none. */
export function stepOfField(field: string): number {
  if (['id', 'provider', 'title', 'datacenter', 'owner'].includes(field)) return 0;
  if (field === 'regions' || field.startsWith('regions.') || field.startsWith('regions[')) return 1;
  if (field === 'endpoint' || field === 'aws' || field.startsWith('aws.')) return 2;
  if (field === 'lists' || field.startsWith('lists.')) return 3;
  return -1;
}

/** A new connection's draft: AWS, the default owner, static keys when secrets can be stored. */
export function emptyDraft(canStoreSecrets: boolean): ConnectionDraft {
  return {
    provider: 'aws',
    id: '',
    title: '',
    datacenter: '',
    owner: DEFAULT_OWNER,
    regions: [],
    mode: canStoreSecrets ? 'static' : 'role',
    accessKeyId: '',
    secretAccessKey: '',
    roleArn: '',
    externalId: '',
    accountId: '',
    endpoint: '',
    lists: {},
  };
}

/** The draft of an existing connection. The secret stays empty: the API never returns it (empty = keep). */
export function draftOf(connection: DiscoveryConnectionView): ConnectionDraft {
  const aws = connection.aws;
  let mode: CredentialsMode = 'chain';
  if (aws?.credentials === 'static') mode = 'static';
  else if (aws?.roleArn) mode = 'role';
  return {
    provider: 'aws',
    id: connection.id,
    title: connection.title ?? '',
    datacenter: connection.datacenter ?? '',
    owner: connection.owner ?? '',
    regions: [...(connection.regions ?? [])],
    mode,
    accessKeyId: aws?.accessKeyId ?? '',
    secretAccessKey: '',
    roleArn: aws?.roleArn ?? '',
    externalId: aws?.externalId ?? '',
    accountId: aws?.accountId ?? '',
    endpoint: connection.endpoint ?? '',
    lists: Object.fromEntries(
      (connection.lists ?? []).map(l => [l.id, { enabled: l.enabled, minutes: String(l.frequencyMinutes) }]),
    ),
  };
}

/** The settings of a list in the draft, or its defaults. */
export function listDraftOf(draft: ConnectionDraft, list: DiscoveryProviderList): ListDraft {
  return draft.lists[list.id] ?? { enabled: true, minutes: String(list.defaultFrequencyMinutes) };
}

/** Regions typed in a text input: separated by commas or spaces, without repeats. */
export function splitRegions(text: string): string[] {
  return [...new Set(text.split(/[\s,]+/).map(r => r.trim()).filter(Boolean))];
}

/** The regions of a provider offered by the Maestro settings (`regions` setting). */
export function offeredRegions(regions: ProviderRegions | undefined, provider: string) {
  return regions?.[provider] ?? [];
}

const trimmed = (value: string) => value.trim() || undefined;

/** Leaves out the properties whose value is undefined. */
function defined<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}

/**
 * The body of `POST /discovery/connections` (and, with the version, `PUT`): only the credentials of the mode
 * chosen; the secret only when typed; lists only where they differ from the provider's defaults.
 */
export function requestOf(draft: ConnectionDraft, lists: DiscoveryProviderList[]): DiscoveryConnectionRequest {
  const id = draft.id.trim();
  let aws: DiscoveryConnectionRequest['aws'];
  switch (draft.mode) {
    case 'static':
      aws = defined({
        accessKeyId: trimmed(draft.accessKeyId),
        secretAccessKey: draft.secretAccessKey ? draft.secretAccessKey : undefined,
        roleArn: trimmed(draft.roleArn),
        externalId: trimmed(draft.externalId),
      });
      break;
    case 'role':
      aws = defined({
        roleArn: trimmed(draft.roleArn),
        externalId: trimmed(draft.externalId),
        accountId: trimmed(draft.accountId),
      });
      break;
    default:
      aws = defined({ accountId: trimmed(draft.accountId) });
  }
  const listSettings: NonNullable<DiscoveryConnectionRequest['lists']> = {};
  for (const list of lists) {
    const setting = listDraftOf(draft, list);
    const entry: { enabled?: boolean; frequencyMinutes?: number } = {};
    if (!setting.enabled) entry.enabled = false;
    const minutes = setting.minutes.trim();
    if (minutes !== '' && Number(minutes) !== list.defaultFrequencyMinutes) entry.frequencyMinutes = Number(minutes);
    if (Object.keys(entry).length) listSettings[list.id] = entry;
  }
  return defined({
    id,
    provider: draft.provider,
    title: trimmed(draft.title),
    datacenter: trimmed(draft.datacenter) ?? id,
    regions: draft.regions,
    owner: draft.owner.trim(),
    endpoint: trimmed(draft.endpoint),
    lists: Object.keys(listSettings).length ? listSettings : undefined,
    aws,
  });
}
