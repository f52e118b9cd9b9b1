import { memo } from 'react';
import { FieldHint, LeafInput } from './LeafInput';
import { RowsEditor } from './RowsEditor';
import type { FieldValue, SpecField } from './specFields';

export { fieldId } from './LeafInput';
export type { FieldHint } from './LeafInput';

/**
 * The editor of one top-level spec field: a single input, or rows of sub-fields ({@link RowsEditor}). Memoized,
 * with a stable `onChange`: a keystroke re-renders its own field, not the twenty others of the form.
 */
export const SpecInput = memo(function SpecFieldInput(props: {
  field: SpecField;
  value: FieldValue;
  /** Problems by field path (`spec.hostname`, `spec.storage[1].sizeGb`). */
  errors: Record<string, string>;
  disabled: boolean;
  /** Where values come from, by field (`environment`) or sub-field (`storage.volume`). */
  hints: Record<string, FieldHint>;
  onChange: (name: string, value: FieldValue) => void;
}) {
  const { field, value, errors, disabled, hints } = props;
  const onChange = (next: FieldValue) => props.onChange(field.name, next);
  const path = `spec.${field.name}`;
  if (field.fields) {
    return (
      <RowsEditor
        field={field}
        path={path}
        value={value}
        errors={errors}
        hints={hints}
        disabled={disabled}
        onChange={onChange}
      />
    );
  }
  return (
    <LeafInput
      field={field}
      path={path}
      label={field.name}
      value={value}
      error={errors[path]}
      disabled={disabled}
      hint={hints[field.name]}
      onChange={onChange}
    />
  );
});
