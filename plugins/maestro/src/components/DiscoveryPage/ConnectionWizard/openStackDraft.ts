import type { OpenStackConnectionSettings } from '@maestro/plugin-maestro-common';
import type { DiscoveryConnectionView, DiscoveryOpenStackRequest } from '../../../api';
import { defined, trimmed } from './requestValues';

/** Service catalog interface of an OpenStack connection. */
export type OpenStackInterface = NonNullable<OpenStackConnectionSettings['interface']>;

/** The OpenStack settings as edited (Keystone v3 password authentication): text as typed, empty = not set. */
export interface OpenStackDraft {
  authUrl: string;
  username: string;
  /** Instead of the username (and its domain). */
  userId: string;
  /** Empty on edit: keep the stored password. */
  password: string;
  userDomainId: string;
  userDomainName: string;
  projectId: string;
  projectName: string;
  projectDomainId: string;
  projectDomainName: string;
  interface: OpenStackInterface;
  caBundle: string;
  insecure: boolean;
}

/** A new OpenStack draft: the public interface, users of the `default` domain, TLS verified. */
export function emptyOpenStack(): OpenStackDraft {
  return {
    authUrl: '',
    username: '',
    userId: '',
    password: '',
    userDomainId: 'default',
    userDomainName: '',
    projectId: '',
    projectName: '',
    projectDomainId: '',
    projectDomainName: '',
    interface: 'public',
    caBundle: '',
    insecure: false,
  };
}

/** The OpenStack draft of a connection; the password stays empty (the API never returns it). */
export function openStackDraftOf(settings: OpenStackConnectionSettings | undefined): OpenStackDraft {
  if (!settings) return emptyOpenStack();
  return {
    authUrl: settings.authUrl ?? '',
    username: settings.username ?? '',
    userId: settings.userId ?? '',
    password: '',
    // as stored: filling in `default` would look like another user to the backend, which then asks the password
    userDomainId: settings.userDomainId ?? '',
    userDomainName: settings.userDomainName ?? '',
    projectId: settings.projectId ?? '',
    projectName: settings.projectName ?? '',
    projectDomainId: settings.projectDomainId ?? '',
    projectDomainName: settings.projectDomainName ?? '',
    interface: settings.interface ?? 'public',
    caBundle: settings.caBundle ?? '',
    insecure: !!settings.insecure,
  };
}

/**
 * The OpenStack part of a request: the settings typed (trimmed; empty ones left out), API version v3, the
 * interface only when not the default public one, TLS verification skipped only when asked, and the password
 * only when typed (as typed).
 */
export function openStackRequestOf(draft: OpenStackDraft): DiscoveryOpenStackRequest {
  return defined({
    authUrl: draft.authUrl.trim(),
    apiVersion: 'v3' as const,
    username: trimmed(draft.username),
    userId: trimmed(draft.userId),
    userDomainId: trimmed(draft.userDomainId),
    userDomainName: trimmed(draft.userDomainName),
    projectId: trimmed(draft.projectId),
    projectName: trimmed(draft.projectName),
    projectDomainId: trimmed(draft.projectDomainId),
    projectDomainName: trimmed(draft.projectDomainName),
    interface: draft.interface === 'public' ? undefined : draft.interface,
    caBundle: trimmed(draft.caBundle),
    insecure: draft.insecure ? true : undefined,
    password: draft.password ? draft.password : undefined,
  });
}

/**
 * Whether the draft names another Keystone user than the connection stores (auth URL, user, user domain): the
 * backend then wants the password again, the stored one belonging to the former user.
 */
export function openStackUserChanged(draft: OpenStackDraft, connection: DiscoveryConnectionView | undefined): boolean {
  const typed = openStackRequestOf(draft);
  const stored: Partial<OpenStackConnectionSettings> = connection?.openstack ?? {};
  const who = (o: Partial<OpenStackConnectionSettings>) =>
    [o.authUrl, o.username, o.userId, o.userDomainId, o.userDomainName].map(v => v ?? '').join('|');
  return who(typed) !== who(stored);
}
