import { useCallback, useState } from 'react';
import { useApi } from '@backstage/core-plugin-api';
import type { MaestroSettings, MaestroSettingsKey, SettingValue } from '@maestro/plugin-maestro-common';
import { maestroApiRef } from '../../api';
import { describeApiError } from '../../shared/apiErrors';

/** What the last save or reload of a section came to. */
export interface SectionStatus {
  severity: 'success' | 'error';
  message: string;
  /** True when the setting changed since it was loaded (409): the section offers to reload it. */
  stale?: boolean;
}

/** The message for a failed save: a stale version (409), an invalid value (400), a refusal (403)… */
export function saveFailureMessage(error: unknown): SectionStatus {
  const failure = describeApiError(error);
  switch (failure.status) {
    case 409:
      return {
        severity: 'error',
        stale: true,
        message: 'This setting changed since you loaded it: reload, then apply your change again.',
      };
    case 400:
      return { severity: 'error', message: `Not saved: ${failure.message}` };
    case 403:
      return { severity: 'error', message: 'Not saved: only Maestro editors can change settings.' };
    default:
      return { severity: 'error', message: `Not saved: ${failure.message}` };
  }
}

/**
 * The draft of one setting being edited, the version it was read at, and save/reload. `toDraft` turns the
 * stored value into what the inputs edit; `fromDraft` the draft into the value to save.
 */
export function useSettingEditor<K extends MaestroSettingsKey, D>(options: {
  setting: SettingValue<K>;
  toDraft: (value: MaestroSettings[K]) => D;
  fromDraft: (draft: D) => MaestroSettings[K];
}) {
  const { setting, toDraft, fromDraft } = options;
  const api = useApi(maestroApiRef);
  const [draft, setDraft] = useState<D>(() => toDraft(setting.value));
  const [version, setVersion] = useState(setting.version);
  const [saved, setSaved] = useState<SettingValue<K>>(setting);
  const [working, setWorking] = useState(false);
  const [status, setStatus] = useState<SectionStatus | undefined>();

  const save = useCallback(async () => {
    setWorking(true);
    setStatus(undefined);
    try {
      const result = await api.updateSetting(setting.key, fromDraft(draft), version);
      setSaved(result);
      setVersion(result.version);
      setDraft(toDraft(result.value));
      setStatus({ severity: 'success', message: `Saved (version ${result.version}).` });
    } catch (error) {
      setStatus(saveFailureMessage(error));
    } finally {
      setWorking(false);
    }
  }, [api, setting.key, draft, version, fromDraft, toDraft]);

  const reload = useCallback(async () => {
    setWorking(true);
    try {
      const { items } = await api.getSettings();
      const fresh = items.find(s => s.key === setting.key) as SettingValue<K> | undefined;
      if (fresh) {
        setSaved(fresh);
        setVersion(fresh.version);
        setDraft(toDraft(fresh.value));
      }
      setStatus({
        severity: 'success',
        message: `Reloaded (version ${fresh?.version ?? version}): your unsaved changes were dropped.`,
      });
    } catch (error) {
      setStatus({ severity: 'error', message: `Could not reload: ${describeApiError(error).message}` });
    } finally {
      setWorking(false);
    }
  }, [api, setting.key, toDraft, version]);

  return { draft, setDraft, version, saved, working, status, save, reload };
}
