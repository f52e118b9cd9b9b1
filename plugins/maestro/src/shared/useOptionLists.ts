import { useApi } from '@backstage/core-plugin-api';
import { DEFAULT_MAESTRO_SETTINGS, OptionLists, SettingValue } from '@maestro/plugin-maestro-common';
import useAsync from 'react-use/esm/useAsync';
import { maestroApiRef } from '../api';

/**
 * The option lists of the settings (environments, roles, OS bases, channels), falling back to the defaults
 * while they load or when they cannot be read: they only feed suggestions and filters.
 */
export function useOptionLists(): OptionLists {
  const api = useApi(maestroApiRef);
  const { value } = useAsync(async () => {
    if (typeof api.getSettings !== 'function') return undefined;
    try {
      const settings = await api.getSettings();
      const options = settings?.items?.find((s: SettingValue) => s.key === 'options');
      return options?.value as OptionLists | undefined;
    } catch {
      return undefined;
    }
  }, [api]);
  return value ?? DEFAULT_MAESTRO_SETTINGS.options;
}
