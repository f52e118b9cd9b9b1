import { openStackProject, openStackUser, providerLabel } from '../discoveryFormat';
import { AWS_CREDENTIAL_MODES } from './awsCredentialModes';
import type { ConnectionDraft } from './connectionDraft';
import { openStackRequestOf } from './openStackDraft';

/** What the review shows of a secret: never the secret itself. */
function secretState(typed: string, kept: boolean): string {
  if (typed) return '••• (will be stored encrypted)';
  return kept ? 'unchanged' : 'none';
}

/**
 * The review, on the last step, as label/value rows: what is sent, never a secret (`kept`: the connection edited
 * holds one, which an empty field keeps).
 */
export function reviewRows(draft: ConnectionDraft, kept: boolean): Array<[string, string]> {
  const rows: Array<[string, string]> = [
    ['Provider', providerLabel(draft.provider)],
    ['Connection', draft.title.trim() ? `${draft.id.trim()} · ${draft.title.trim()}` : draft.id.trim()],
    ['Datacenter', draft.datacenter.trim() || draft.id.trim()],
    ['Regions', draft.regions.join(', ')],
    ['Owner', draft.owner.trim()],
  ];
  if (draft.provider === 'openstack') {
    const o = openStackRequestOf(draft.openstack);
    let tls = 'verified with the system CAs';
    if (o.insecure) tls = 'NOT verified';
    else if (o.caBundle) tls = 'verified with the CA bundle';
    rows.push(
      ['Auth URL', `${o.authUrl} (Keystone v3)`],
      ['User', openStackUser(o)],
      ['Password', secretState(draft.openstack.password, kept)],
      ['Project', openStackProject(o)],
      ['Interface', o.interface ?? 'public'],
      ['TLS', tls],
    );
  } else {
    rows.push(['Credentials', AWS_CREDENTIAL_MODES.find(m => m.mode === draft.mode)?.label ?? '']);
    if (draft.mode === 'static') {
      rows.push(
        ['Access key id', draft.accessKeyId.trim()],
        ['Secret access key', secretState(draft.secretAccessKey, kept)],
      );
    }
    if (draft.mode !== 'chain' && draft.roleArn.trim()) rows.push(['Role', draft.roleArn.trim()]);
    if (draft.mode !== 'static' && draft.accountId.trim()) rows.push(['Account id', draft.accountId.trim()]);
    if (draft.endpoint.trim()) rows.push(['Endpoint', draft.endpoint.trim()]);
  }
  return rows;
}
