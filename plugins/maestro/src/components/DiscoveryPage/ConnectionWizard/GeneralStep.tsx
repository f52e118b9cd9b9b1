import type { DiscoveryProvider } from '@maestro/plugin-maestro-common';
import { PROVIDERS } from '../discoveryFormat';
import type { ChangeDraft, ConnectionDraft } from './connectionDraft';
import { WizardSelectField, WizardTextField } from './wizardFields';

/** The first step, the connection: provider, id, title, datacenter and owner (provider and id fixed on edit). */
export function GeneralStep(props: {
  draft: ConnectionDraft;
  set: ChangeDraft;
  editing: boolean;
  /** Another provider chosen: its regions and lists start empty. */
  onProviderChange: (provider: DiscoveryProvider) => void;
}) {
  const { draft, set, editing, onProviderChange } = props;
  return (
    <>
      <WizardSelectField
        name="provider"
        label="Provider"
        value={draft.provider}
        onChange={onProviderChange}
        options={PROVIDERS.map(p => ({ value: p.provider, label: p.label }))}
        hint={editing ? 'The provider cannot change.' : undefined}
        disabled={editing}
      />
      <WizardTextField
        name="id"
        label="Connection id"
        value={draft.id}
        onChange={id => set({ id }, 'id')}
        required
        disabled={editing}
        hint={
          editing
            ? 'The id cannot change.'
            : `Lower-case letters, digits and dashes (${draft.provider}-prod); names the connection for good.`
        }
      />
      <WizardTextField
        name="title"
        label="Title"
        value={draft.title}
        onChange={title => set({ title }, 'title')}
        hint={`Shown in the list, e.g. ${draft.provider === 'openstack' ? 'Production cloud' : 'Production account'}.`}
      />
      <WizardTextField
        name="datacenter"
        label="Datacenter"
        value={draft.datacenter}
        onChange={datacenter => set({ datacenter }, 'datacenter')}
        placeholder={draft.id || undefined}
        hint={`Name of the Datacenter record the discovered resources are placed in (created when missing); empty: ${
          draft.id.trim() || 'the connection id'
        }.`}
      />
      <WizardTextField
        name="owner"
        label="Owner"
        value={draft.owner}
        onChange={owner => set({ owner }, 'owner')}
        required
        hint="Entity ref of the group that owns the discovered records and is told when discovery fails."
      />
    </>
  );
}
