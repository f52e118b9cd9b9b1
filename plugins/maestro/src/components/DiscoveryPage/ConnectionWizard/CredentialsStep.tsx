import type { DiscoveryConnectionView, DiscoveryProviderList } from '../../../api';
import { AwsCredentialsStep } from './AwsCredentialsStep';
import type { ChangeDraft, ConnectionDraft } from './connectionDraft';
import type { OpenStackDraft } from './openStackDraft';
import { OpenStackCredentialsStep } from './OpenStackCredentialsStep';

/** Props of {@link CredentialsStep}: what the credentials steps of every provider may need. */
export interface CredentialsStepProps {
  draft: ConnectionDraft;
  set: ChangeDraft;
  /** Changes the OpenStack part of the draft. */
  setOpenStack: (change: Partial<OpenStackDraft>) => void;
  /** The connection edited; absent when creating one. */
  connection?: DiscoveryConnectionView;
  canStoreSecrets: boolean;
  /** The lists of the draft's provider. */
  lists: DiscoveryProviderList[];
  /** AWS: the read-only IAM policy the credentials need, as JSON text (or why it could not be loaded). */
  policy: { value?: string; error?: Error };
  /** What the last copy did, if anything. */
  copied?: string;
  onCopy: (text: string, what: string) => void;
}

/** The third step, the credentials: the form of the draft's provider. */
export function CredentialsStep(props: CredentialsStepProps) {
  const { draft, set, setOpenStack, connection, canStoreSecrets, lists, policy, copied, onCopy } = props;
  switch (draft.provider) {
    case 'openstack':
      return (
        <OpenStackCredentialsStep
          draft={draft.openstack}
          onChange={setOpenStack}
          connection={connection}
          canStoreSecrets={canStoreSecrets}
          lists={lists}
          copied={copied}
          onCopy={onCopy}
        />
      );
    default:
      return (
        <AwsCredentialsStep
          draft={draft}
          set={set}
          connection={connection}
          canStoreSecrets={canStoreSecrets}
          policy={policy}
          copied={copied}
          onCopy={onCopy}
        />
      );
  }
}
