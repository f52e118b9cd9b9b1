import { KeyboardEvent, useMemo, useState } from 'react';
import { useApi } from '@backstage/core-plugin-api';
import useAsync from 'react-use/esm/useAsync';
import type { DiscoveryProvider, ProviderRegions } from '@maestro/plugin-maestro-common';
import { DiscoveryConnectionView, DiscoveryProviderList, maestroApiRef } from '../../../api';
import {
  ChangeDraft,
  ConnectionDraft,
  draftOf,
  emptyDraft,
  offeredRegions,
  requestOf,
  splitRegions,
  STEPS,
  stepOfField,
} from './connectionDraft';
import type { OpenStackDraft } from './openStackDraft';
import { describeSaveFailure, NO_PROBLEMS, WizardProblems } from './saveFailure';
import { CheckContext, checkStep } from './stepChecks';

/**
 * The state of the connection wizard and what its buttons and steps do: the draft (from the connection edited,
 * or empty), the step shown, the problems by field, the providers' lists and the AWS policy, Next (the step's own
 * checks) and the save (the backend's problems shown on the steps of their fields).
 */
export function useConnectionWizard(options: {
  /** The connection to edit; absent to create one. */
  connection?: DiscoveryConnectionView;
  onSaved: (connection: DiscoveryConnectionView) => void;
}) {
  const { connection, onSaved } = options;
  const editing = !!connection;
  const api = useApi(maestroApiRef);

  const providers = useAsync(() => api.getDiscoveryProviders(), [api]);
  const [draft, setDraft] = useState<ConnectionDraft>(() => (connection ? draftOf(connection) : emptyDraft(true)));
  const provider = draft.provider;
  const policy = useAsync(
    async () => (provider === 'aws' ? JSON.stringify(await api.getAwsDiscoveryPolicy(), null, 2) : undefined),
    [api, provider],
  );
  const regionSetting = useAsync(async () => {
    const { items } = await api.getSettings();
    return items.find(s => s.key === 'regions')?.value as ProviderRegions | undefined;
  }, [api]);

  const canStoreSecrets = providers.value?.canStoreSecrets ?? true;
  const context: CheckContext = { connection, canStoreSecrets };
  // once the providers are known: without a place for secrets, a new connection starts on a non-secret mode
  const [modeChecked, setModeChecked] = useState(editing);
  if (!modeChecked && providers.value) {
    setModeChecked(true);
    if (!providers.value.canStoreSecrets && draft.mode === 'static') setDraft(d => ({ ...d, mode: 'role' }));
  }
  const [step, setStep] = useState(0);
  const [regionInput, setRegionInput] = useState('');
  const [problems, setProblems] = useState<WizardProblems>(NO_PROBLEMS);
  const [failure, setFailure] = useState<string | undefined>();
  const [saving, setSaving] = useState(false);
  const [copied, setCopied] = useState<string | undefined>();

  const lists: DiscoveryProviderList[] = useMemo(
    () => providers.value?.items.find(p => p.provider === draft.provider)?.lists ?? [],
    [providers.value, draft.provider],
  );
  const offered = offeredRegions(regionSetting.value, draft.provider);

  const set: ChangeDraft = (change, ...fields) => {
    setDraft(d => ({ ...d, ...change }));
    if (fields.some(f => problems.byField[f])) {
      setProblems(p => ({
        ...p,
        byField: Object.fromEntries(Object.entries(p.byField).filter(([f]) => !fields.includes(f))),
      }));
    }
  };
  const setOpenStack = (change: Partial<OpenStackDraft>) => {
    const fields = Object.keys(change).map(f => `openstack.${f}`);
    // the backend names the user by the username, the project by the project id, whichever was left out
    if ('userId' in change) fields.push('openstack.username');
    if ('projectName' in change) fields.push('openstack.projectId');
    set({ openstack: { ...draft.openstack, ...change } }, ...fields, 'openstack');
  };
  const chooseProvider = (chosen: DiscoveryProvider) => {
    if (chosen === draft.provider) return;
    // the regions and the lists' settings of one provider mean nothing to another
    set({ provider: chosen, regions: [], lists: {} }, 'provider', 'regions', 'lists');
    setRegionInput('');
    setCopied(undefined);
  };
  const stepOf = (field: string) => stepOfField(field, draft.provider);

  // ---- regions: chips, typed (Enter, comma, space) or picked among the settings' regions
  const regionsWith = (text: string) => {
    const added = splitRegions(text).filter(r => !draft.regions.includes(r));
    return added.length ? [...draft.regions, ...added] : draft.regions;
  };
  const commitRegionInput = () => {
    if (!regionInput.trim()) return draft.regions;
    const regions = regionsWith(regionInput);
    set({ regions }, 'regions');
    setRegionInput('');
    return regions;
  };
  const onRegionKeyDown = (e: KeyboardEvent) => {
    if (e.key === 'Enter' || e.key === ',') {
      e.preventDefault();
      commitRegionInput();
    } else if (e.key === 'Backspace' && !regionInput && draft.regions.length) {
      set({ regions: draft.regions.slice(0, -1) }, 'regions');
    }
  };

  const goTo = (next: number) => {
    setStep(next);
    setFailure(undefined);
  };
  const next = () => {
    const current = step === 1 ? { ...draft, regions: commitRegionInput() } : draft;
    const found = checkStep(step, current, context);
    if (Object.keys(found).length) {
      setProblems(p => ({ ...p, byField: { ...p.byField, ...found } }));
      return;
    }
    goTo(step + 1);
  };

  const submit = async () => {
    const current = { ...draft, regions: commitRegionInput() };
    // the steps' own checks first: show the first step with a problem
    for (let s = 0; s < STEPS.length; s++) {
      const found = checkStep(s, current, context);
      if (Object.keys(found).length) {
        setProblems({ byField: found, general: [] });
        setStep(s);
        return;
      }
    }
    setSaving(true);
    setFailure(undefined);
    setProblems(NO_PROBLEMS);
    try {
      const request = requestOf(current, lists);
      const saved = connection
        ? await api.updateDiscoveryConnection(connection.id, { ...request, version: connection.version ?? 0 })
        : await api.createDiscoveryConnection(request);
      onSaved(saved);
    } catch (e) {
      const refused = describeSaveFailure(e, { editing, stepOf });
      setProblems(refused.problems);
      if (refused.step !== undefined) setStep(refused.step);
      setFailure(refused.failure);
    } finally {
      setSaving(false);
    }
  };

  const copy = async (text: string, what: string) => {
    try {
      await window.navigator.clipboard.writeText(text);
      setCopied('Copied to the clipboard.');
    } catch {
      setCopied(`Could not copy: select the ${what} and copy it by hand.`);
    }
  };

  return {
    editing,
    draft,
    step,
    problems,
    failure,
    saving,
    providers,
    policy,
    lists,
    offered,
    canStoreSecrets,
    regionInput,
    setRegionInput,
    copied,
    set,
    setOpenStack,
    chooseProvider,
    stepOf,
    commitRegionInput,
    onRegionKeyDown,
    goTo,
    next,
    submit,
    copy,
  };
}
