import { useMemo } from 'react';
import { MAESTRO_KINDS, MaestroSettings } from '@maestro/plugin-maestro-common';
import type { FieldHint } from './LeafInput';
import type { FieldValue } from './specFields';

const unique = (values: string[]) => [...new Set(values)];

/** The regions of the settings for a provider (all providers' when none is chosen), and the zones of `chosen`. */
function regionHints(settings: MaestroSettings, provider: FieldValue, chosen: FieldValue) {
  const all = settings.regions ?? {};
  const regions = typeof provider === 'string' && all[provider] ? all[provider] : Object.values(all).flat();
  const picked = new Set(
    (typeof chosen === 'string' ? chosen : '')
      .split(',')
      .map(r => r.trim())
      .filter(Boolean),
  );
  const zonesOf = picked.size ? regions.filter(r => picked.has(r.id)) : regions;
  return {
    regions: { suggestions: unique(regions.map(r => r.id)) },
    zones: { suggestions: unique(zonesOf.flatMap(r => r.zones ?? [])) },
  };
}

/**
 * Where the form's values come from, by field (`environment`) or sub-field (`storage.volume`): refs to records
 * are picked from the Maestro store, services from the services catalog, environments, roles and OS from the
 * option lists, a datacenter's regions and zones from the regions of its provider (other values may be typed).
 */
export function useFieldHints(
  kind: string,
  settings: MaestroSettings,
  values: Record<string, FieldValue>,
): Record<string, FieldHint> {
  const { provider, regions } = values;
  return useMemo(() => {
    const hints: Record<string, FieldHint> = {};
    for (const reference of MAESTRO_KINDS[kind]?.references ?? []) {
      if (!MAESTRO_KINDS[reference.kind]) continue;
      const path = reference.key ? `${reference.field}.${reference.key}` : reference.field;
      hints[path] = { refKind: reference.kind, showChosenFacts: reference.kind === 'Volume' };
    }
    const { options } = settings;
    hints.environment = { suggestions: options.environments };
    hints.role = { suggestions: options.roles };
    hints['os.base'] = { suggestions: options.os.map(o => o.base) };
    hints['os.distro'] = { suggestions: unique(options.os.flatMap(o => o.distros ?? [])) };
    hints['services.name'] = { choices: settings.services.map(s => s.name) };
    if (kind === 'Datacenter') Object.assign(hints, regionHints(settings, provider, regions));
    return hints;
  }, [kind, settings, provider, regions]);
}
