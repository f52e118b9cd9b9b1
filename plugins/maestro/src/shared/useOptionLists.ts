import { useApi } from '@backstage/core-plugin-api';
import { DEFAULT_MAESTRO_SETTINGS, MaestroSettings, OptionLists } from '@maestro/plugin-maestro-common';
import useAsync from 'react-use/esm/useAsync';
import { maestroApiRef } from '../api';

/**
 * The settings (services catalog, option lists, regions), each falling back to its default while they load or
 * when it cannot be read: they only feed suggestions, pickers and filters.
 */
export function useMaestroSettings(): MaestroSettings {
  const api = useApi(maestroApiRef);
  const { value } = useAsync(async () => {
    if (typeof api.getSettings !== 'function') return undefined;
    try {
      const settings = await api.getSettings();
      const stored: Partial<MaestroSettings> = {};
      for (const setting of settings?.items ?? []) Object.assign(stored, { [setting.key]: setting.value });
      return { ...DEFAULT_MAESTRO_SETTINGS, ...stored };
    } catch {
      return undefined;
    }
  }, [api]);
  return value ?? DEFAULT_MAESTRO_SETTINGS;
}

/** The option lists of the settings (environments, roles, OS bases, channels); see {@link useMaestroSettings}. */
export function useOptionLists(): OptionLists {
  return useMaestroSettings().options;
}
