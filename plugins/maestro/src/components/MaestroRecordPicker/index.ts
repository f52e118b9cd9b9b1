export { MaestroRecordPicker } from './MaestroRecordPicker';
export { MaestroRecordPickerFieldSchema } from './recordPickerSchema';
export type { MaestroRecordPickerUiOptions } from './recordPickerSchema';
export { validateMaestroRecordPicker } from './validateRecordPicker';
