import type { FieldExtensionComponentProps } from '@backstage/plugin-scaffolder-react';
import { RefPicker } from '../RecordForm/RefPicker';
import { MaestroRecordPickerUiOptions, pickerFilters, pickerKind } from './recordPickerSchema';

/**
 * The Maestro record picker of software templates (`ui:field: MaestroRecordPicker`): searches Maestro's inventory
 * while the person types (name or title, and hostname or IP where the API matches them) for records of
 * `ui:options.kind`, optionally only in an environment or datacenter. An array field holds several records as chips.
 * The value is the chosen records' entity refs (`server:default/web-01`).
 * @public
 */
export function MaestroRecordPicker(
  props: FieldExtensionComponentProps<string | string[], MaestroRecordPickerUiOptions>,
) {
  const { schema, uiSchema, formData, onChange, required, disabled, rawErrors, idSchema, name } = props;
  const options = uiSchema?.['ui:options'];
  const kind = pickerKind(options);
  const filters = pickerFilters(options);
  const label = schema.title ?? name;
  const error = !!rawErrors?.length;
  const helperText = error ? rawErrors![0] : schema.description;
  const id = idSchema?.$id ?? name;
  if (schema.type === 'array') {
    return (
      <RefPicker
        multiple
        id={id}
        label={label}
        kind={kind}
        filters={filters}
        required={required}
        disabled={disabled}
        error={error}
        helperText={helperText}
        // the form fills a list's minItems with empty items: they are no refs
        value={Array.isArray(formData) ? formData.filter(ref => typeof ref === 'string' && ref !== '') : []}
        onChange={refs => onChange(refs)}
      />
    );
  }
  return (
    <RefPicker
      id={id}
      label={label}
      kind={kind}
      filters={filters}
      required={required}
      disabled={disabled}
      error={error}
      helperText={helperText}
      value={typeof formData === 'string' ? formData : ''}
      onChange={ref => onChange(ref || undefined)}
    />
  );
}
