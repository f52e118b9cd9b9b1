/**
 * Maestro for Backstage frontend plugin.
 *
 * The default export is the plugin for the new frontend system; `MaestroPage`, `EntityMaestroContent` and
 * `legacyMaestroPlugin` serve apps on the legacy system.
 *
 * @packageDocumentation
 */
export {
  maestroPlugin as default,
  legacyMaestroPlugin,
  MaestroPage,
  EntityMaestroContent,
  EntityMaestroDetailsContent,
  EntityDependenciesContent,
  MaestroRecordPickerFieldExtension,
  isMaestroEntity,
  hasDependencyGraph,
  MaestroSearchResultListItem,
} from './plugin';
export type { MaestroSearchResultListItemProps } from './components/MaestroSearchResultListItem';
export * from './api';
export { rootRouteRef } from './routes';
export {
  MaestroRecordPicker,
  MaestroRecordPickerFieldSchema,
  validateMaestroRecordPicker,
} from './components/MaestroRecordPicker';
export type { MaestroRecordPickerUiOptions } from './components/MaestroRecordPicker';
export { maestroCatalogGraphModule } from './catalogGraph';
