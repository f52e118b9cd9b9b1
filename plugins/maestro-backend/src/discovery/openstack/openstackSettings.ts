import type { JsonObject } from '@backstage/types';
import type { OpenStackConnectionSettings } from '@maestro/plugin-maestro-common';
import type { ConnectionSettingsContext, ParsedSettings, ProviderSettings } from '@maestro/plugin-maestro-node';
import { shownName } from '../../input/forbiddenKeys';

export const OPENSTACK_INTERFACE_PATTERN = /^(public|internal|admin)$/;

/** Where the password goes and how far it is trusted: any change there asks for the password again. */
const trust = (o?: OpenStackConnectionSettings) =>
  JSON.stringify([
    o?.authUrl,
    o?.username,
    o?.userId,
    o?.userDomainId,
    o?.userDomainName,
    o?.interface ?? 'public',
    o?.caBundle ?? null,
    o?.insecure === true,
  ]);

/**
 * The OpenStack part of a connection: Keystone v3 password authentication scoped to one project (the password is
 * the connection's secret), the catalog interface, and TLS (a private CA bundle, or `insecure` when set explicitly).
 */
export class OpenStackSettingsRules implements ProviderSettings {
  parse(context: ConnectionSettingsContext): ParsedSettings {
    const { body, string: str, problem } = context;
    const o = (body.openstack ?? {}) as Record<string, unknown>;
    if (body.openstack !== undefined && (typeof body.openstack !== 'object' || Array.isArray(body.openstack))) {
      problem('openstack: must be an object');
    }
    if (context.endpoint) problem('endpoint: not used by OpenStack connections; set openstack.authUrl');
    const authUrl = str('openstack.authUrl', o.authUrl, { required: true, max: 2048, quiet: true });
    const authUrlProblem = authUrl
      ? context.urlProblem('openstack.authUrl', authUrl, ' such as https://keystone.example.com:5000/v3')
      : undefined;
    if (authUrlProblem) problem(authUrlProblem);
    const apiVersion = str('openstack.apiVersion', o.apiVersion, { max: 8 });
    if (apiVersion && !['v3', '3'].includes(apiVersion)) {
      problem(`openstack.apiVersion: only Keystone v3 is supported (got '${shownName(apiVersion)}')`);
    }
    const name = (field: string) => str(`openstack.${field}`, o[field], { max: 255 });
    const settings: Record<string, unknown> = {
      authUrl,
      apiVersion: apiVersion ? 'v3' : undefined,
      username: name('username'),
      userId: name('userId'),
      userDomainId: name('userDomainId'),
      userDomainName: name('userDomainName'),
      projectId: name('projectId'),
      projectName: name('projectName'),
      projectDomainId: name('projectDomainId'),
      projectDomainName: name('projectDomainName'),
      interface: str('openstack.interface', o.interface, {
        pattern: OPENSTACK_INTERFACE_PATTERN,
        hint: 'must be public, internal or admin',
      }),
      caBundle: str('openstack.caBundle', o.caBundle, { max: 65536 }),
    };
    if (o.insecure !== undefined) {
      if (typeof o.insecure !== 'boolean') problem('openstack.insecure: must be true or false');
      else if (o.insecure) settings.insecure = true;
    }
    if (settings.caBundle && !String(settings.caBundle).includes('-----BEGIN CERTIFICATE-----')) {
      problem('openstack.caBundle: must be PEM text (-----BEGIN CERTIFICATE----- …)');
    }
    if (!settings.username && !settings.userId) problem('openstack.username: is required (or openstack.userId)');
    if (!settings.projectId && !settings.projectName)
      problem('openstack.projectId: is required (or openstack.projectName)');
    const secret = str('openstack.password', o.password, { max: 1024, quiet: true });
    return {
      settings: Object.fromEntries(Object.entries(settings).filter(([, v]) => v !== undefined)) as JsonObject,
      ...(secret ? { secret } : {}),
    };
  }

  keepSecretProblem(stored: JsonObject | undefined, next: JsonObject | undefined): string | undefined {
    if (
      trust(stored as OpenStackConnectionSettings | undefined) ===
      trust(next as OpenStackConnectionSettings | undefined)
    )
      return undefined;
    return 'openstack.password: is required when the auth URL, the user, the interface or the TLS settings (caBundle, insecure) change';
  }
}
