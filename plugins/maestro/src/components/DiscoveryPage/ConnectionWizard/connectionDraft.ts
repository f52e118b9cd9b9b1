import type { DiscoveryProvider, ProviderRegions } from '@maestro/plugin-maestro-common';
import type { DiscoveryConnectionRequest, DiscoveryConnectionView, DiscoveryProviderList } from '../../../api';
import { DEFAULT_OWNER } from '../../../shared/defaultOwner';
import { emptyOpenStack, OpenStackDraft, openStackDraftOf, openStackRequestOf } from './openStackDraft';
import { defined, trimmed } from './requestValues';

/** How the connection gets AWS credentials, as the wizard offers it. */
export type CredentialsMode = 'static' | 'role' | 'chain';

/** A list's settings as edited: whether it runs, and the minutes as typed. */
export interface ListDraft {
  enabled: boolean;
  minutes: string;
}

/** What the wizard edits. Secrets are only ever typed here, never read from the API. */
export interface ConnectionDraft {
  provider: DiscoveryProvider;
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
  /** The OpenStack settings (used when the provider is OpenStack). */
  openstack: OpenStackDraft;
  /** By list id; lists not here use the connection's settings, or the provider's defaults. */
  lists: Record<string, ListDraft>;
}

/** Changes the draft, and clears the problems of the fields named (those the change answers). */
export type ChangeDraft = (change: Partial<ConnectionDraft>, ...fields: string[]) => void;

/** The steps of the wizard, and which of them a field of the API's messages belongs to. */
export const STEPS = ['Connection', 'Regions', 'Credentials', 'Lists'] as const;

const isUnder = (field: string, name: string) => field === name || field.startsWith(`${name}.`);

/**
 * The step showing a field the backend names (`aws.roleArn`, `openstack.authUrl` → 2), or -1 for none: the
 * fields of the other provider (and the endpoint, for OpenStack) have no input, their problems are listed apart.
 */
export function stepOfField(field: string, provider: DiscoveryProvider = 'aws'): number {
  if (['id', 'provider', 'title', 'datacenter', 'owner'].includes(field)) return 0;
  if (field === 'regions' || field.startsWith('regions.') || field.startsWith('regions[')) return 1;
  if (provider === 'openstack' ? isUnder(field, 'openstack') : field === 'endpoint' || isUnder(field, 'aws')) return 2;
  if (field === 'lists' || field.startsWith('lists.')) return 3;
  return -1;
}

/** A new connection's draft: AWS unless told, the default owner, static keys when secrets can be stored. */
export function emptyDraft(canStoreSecrets: boolean, provider: DiscoveryProvider = 'aws'): ConnectionDraft {
  return {
    provider,
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
    openstack: emptyOpenStack(),
    lists: {},
  };
}

/** The draft of an existing connection. The secret and the external id stay empty: the API never returns them (empty = keep). */
export function draftOf(connection: DiscoveryConnectionView): ConnectionDraft {
  const aws = connection.aws;
  let mode: CredentialsMode = 'chain';
  if (aws?.credentials === 'static') mode = 'static';
  else if (aws?.roleArn) mode = 'role';
  return {
    provider: connection.provider,
    id: connection.id,
    title: connection.title ?? '',
    datacenter: connection.datacenter ?? '',
    owner: connection.owner ?? '',
    regions: [...(connection.regions ?? [])],
    mode,
    accessKeyId: aws?.accessKeyId ?? '',
    secretAccessKey: '',
    roleArn: aws?.roleArn ?? '',
    externalId: '', // write-only: the API never returns it; left empty, the stored one is kept
    accountId: aws?.accountId ?? '',
    endpoint: connection.endpoint ?? '',
    openstack: openStackDraftOf(connection.openstack),
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
  return [
    ...new Set(
      text
        .split(/[\s,]+/)
        .map(r => r.trim())
        .filter(Boolean),
    ),
  ];
}

/** The regions of a provider offered by the Maestro settings (`regions` setting). */
export function offeredRegions(regions: ProviderRegions | undefined, provider: string) {
  return regions?.[provider] ?? [];
}

/** The lists' settings of a request: only where they differ from the provider's defaults. */
function listSettingsOf(draft: ConnectionDraft, lists: DiscoveryProviderList[]): DiscoveryConnectionRequest['lists'] {
  const listSettings: NonNullable<DiscoveryConnectionRequest['lists']> = {};
  for (const list of lists) {
    const setting = listDraftOf(draft, list);
    const entry: { enabled?: boolean; frequencyMinutes?: number } = {};
    if (!setting.enabled) entry.enabled = false;
    const minutes = setting.minutes.trim();
    if (minutes !== '' && Number(minutes) !== list.defaultFrequencyMinutes) entry.frequencyMinutes = Number(minutes);
    if (Object.keys(entry).length) listSettings[list.id] = entry;
  }
  return Object.keys(listSettings).length ? listSettings : undefined;
}

/**
 * The body of `POST /discovery/connections` (and, with the version, `PUT`): only the credentials of the mode
 * chosen (or the OpenStack settings, without endpoint); the secret only when typed; lists only where they differ
 * from the provider's defaults.
 */
export function requestOf(draft: ConnectionDraft, lists: DiscoveryProviderList[]): DiscoveryConnectionRequest {
  const id = draft.id.trim();
  const common = {
    id,
    provider: draft.provider,
    title: trimmed(draft.title),
    datacenter: trimmed(draft.datacenter) ?? id,
    regions: draft.regions,
    owner: draft.owner.trim(),
  };
  if (draft.provider === 'openstack') {
    return defined({ ...common, lists: listSettingsOf(draft, lists), openstack: openStackRequestOf(draft.openstack) });
  }
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
  return defined({
    ...common,
    endpoint: trimmed(draft.endpoint),
    lists: listSettingsOf(draft, lists),
    aws,
  });
}
