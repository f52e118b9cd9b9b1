import { createFormField } from '@backstage/plugin-scaffolder-react/alpha';
import { MaestroRecordPicker } from './MaestroRecordPicker';
import { MaestroRecordPickerFieldSchema } from './recordPickerSchema';
import { validateMaestroRecordPicker } from './validateRecordPicker';

/** The picker as a form field of the new frontend system (loaded lazily by the FormFieldBlueprint). */
export const maestroRecordPickerFormField = createFormField({
  name: 'MaestroRecordPicker',
  component: MaestroRecordPicker,
  schema: MaestroRecordPickerFieldSchema,
  validation: validateMaestroRecordPicker,
});
