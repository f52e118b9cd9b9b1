/**
 * Node library of Maestro for Backstage: what a backend module needs to extend the `maestro` plugin's discovery
 * (the extension point, the driver interface a cloud provider implements, and the types it works with).
 *
 * @packageDocumentation
 */
export { maestroDiscoveryExtensionPoint, type MaestroDiscoveryExtensionPoint } from './extensionPoint';
export type { DiscoveryDriver, DriverErrorKind, DriverList, DriverSession } from './driver';
export type { DiscoveredRecord } from './records';
export { connectionSettingsOf, type ResolvedConnection } from './connection';
export type { ConnectionSettingsContext, ParsedSettings, ProviderSettings, StringFieldRules } from './settings';
export type {
  DiscoveryConnectionForm,
  DiscoveryFormField,
  DiscoveryProvider,
  DiscoveryProviderDescription,
} from '@maestro/plugin-maestro-common';
export { readMaestroApi } from './maestroApi';
