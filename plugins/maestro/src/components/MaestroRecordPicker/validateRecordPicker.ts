import { parseEntityRef } from '@backstage/catalog-model';
import type { CustomFieldValidator } from '@backstage/plugin-scaffolder-react';
import { maestroApiRef } from '../../api';
import { MaestroRecordPickerUiOptions, pickerFilters, pickerKind } from './recordPickerSchema';

/**
 * Checks each ref the picker holds before the template runs: a ref of the field's kind, naming an active record of
 * Maestro's inventory that passes the field's filters. One message per ref that fails, naming it.
 * @public
 */
export const validateMaestroRecordPicker: CustomFieldValidator<
  string | string[],
  MaestroRecordPickerUiOptions
> = async (value, field, context) => {
  const options = context.uiSchema?.['ui:options'];
  const kind = pickerKind(options);
  const filters = pickerFilters(options);
  const refs = (Array.isArray(value) ? value : [value]).filter(v => typeof v === 'string' && v.trim() !== '');
  const api = context.apiHolder.get(maestroApiRef);
  for (const ref of refs) {
    let parsed;
    try {
      parsed = parseEntityRef(ref.trim(), { defaultKind: kind, defaultNamespace: 'default' });
    } catch {
      field.addError(`${ref}: is not an entity ref; pick a ${kind} from the list`);
      continue;
    }
    if (parsed.kind.toLocaleLowerCase('en-US') !== kind.toLocaleLowerCase('en-US')) {
      field.addError(`${ref}: is a ${parsed.kind}; pick a ${kind}`);
      continue;
    }
    if (!api) continue;
    const found = await api.listRecords({ kind, q: parsed.name, limit: 50, filters });
    const name = parsed.name.toLocaleLowerCase('en-US');
    if (!found.items.some(r => r.name.toLocaleLowerCase('en-US') === name)) {
      const where = Object.keys(filters).length
        ? ` with ${Object.entries(filters)
            .map(([k, v]) => `${k} ${v}`)
            .join(', ')}`
        : '';
      field.addError(`${ref}: no ${kind} named '${parsed.name}'${where} in Maestro's inventory`);
    }
  }
};
