import type { CredentialsMode } from './connectionDraft';

/** The AWS credential modes, as offered (the static one only when a secret can be stored). */
export const AWS_CREDENTIAL_MODES: Array<{ mode: CredentialsMode; label: string; help: string }> = [
  {
    mode: 'static',
    label: 'Static access keys',
    help: 'An IAM user’s access key id and secret access key; the secret is stored encrypted and never shown again.',
  },
  {
    mode: 'role',
    label: 'Assume an IAM role',
    help: 'The backend’s own credentials (the Backstage AWS integration, or the default credential chain) assume this role: only for role ARNs your operator allow-lists (maestro.discovery.aws.backendIdentity.roleArns); with static keys above, any role they may assume.',
  },
  {
    mode: 'chain',
    label: 'Backstage AWS integration or default credential chain',
    help: 'The backend’s own identity: with an account id, that account’s credentials in the Backstage AWS integration (aws.accounts in app-config); without, the SDK’s default credential chain. Only for accounts your operator allow-lists (maestro.discovery.aws.backendIdentity.accounts); otherwise define the connection in app-config.',
  },
];
