import type { DiscoveryConnectionView } from '../../../api';
import type { ConnectionDraft } from './connectionDraft';
import { OpenStackDraft, openStackUserChanged } from './openStackDraft';

/** What the checks of a step need to know besides the draft. */
export interface CheckContext {
  /** The connection edited; absent when creating one. */
  connection?: DiscoveryConnectionView;
  canStoreSecrets: boolean;
}

/** Problems of the OpenStack credentials: the user, the project and, unless one is kept, the password. */
function checkOpenStack(o: OpenStackDraft, context: CheckContext): Record<string, string> {
  const problems: Record<string, string> = {};
  const { connection, canStoreSecrets } = context;
  if (!o.authUrl.trim()) problems['openstack.authUrl'] = 'is required';
  if (!o.username.trim() && !o.userId.trim()) problems['openstack.username'] = 'is required (or a user id)';
  if (!o.projectId.trim() && !o.projectName.trim()) problems['openstack.projectId'] = 'is required (or a project name)';
  if (!o.password) {
    const kept = !!connection?.hasSecret;
    if (!canStoreSecrets && !kept) {
      problems['openstack.password'] = 'cannot be stored: no encryption key is configured';
    } else if (!kept) {
      problems['openstack.password'] = 'is required';
    } else if (openStackUserChanged(o, connection)) {
      problems['openstack.password'] = 'is required when the auth URL or the user changes';
    }
  }
  return problems;
}

/** Problems a step has before the next one is shown (the backend checks everything again). */
export function checkStep(step: number, draft: ConnectionDraft, context: CheckContext): Record<string, string> {
  const editing = !!context.connection;
  const problems: Record<string, string> = {};
  if (step === 0) {
    if (!draft.id.trim()) problems.id = 'is required';
    if (!draft.owner.trim()) problems.owner = 'is required';
  } else if (step === 1) {
    if (draft.regions.length === 0) problems.regions = 'add at least one region';
  } else if (step === 2) {
    if (draft.provider === 'openstack') return checkOpenStack(draft.openstack, context);
    if (draft.mode === 'static') {
      if (!draft.accessKeyId.trim()) problems['aws.accessKeyId'] = 'is required with static keys';
      if (!editing && !draft.secretAccessKey) problems['aws.secretAccessKey'] = 'is required with static keys';
    } else if (draft.mode === 'role' && !draft.roleArn.trim()) {
      problems['aws.roleArn'] = 'is required to assume a role';
    }
  }
  return problems;
}
