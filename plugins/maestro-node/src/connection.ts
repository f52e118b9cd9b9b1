import type { JsonObject } from '@backstage/types';
import type { DiscoveryConnection } from '@maestro/plugin-maestro-common';

/**
 * A connection with everything a run needs; `secret` is only ever held in memory. A provider's own settings are
 * under its id (`aws`, `openstack`, `azure`…): read them with {@link connectionSettingsOf}.
 * @public
 */
export interface ResolvedConnection extends Omit<DiscoveryConnection, 'hasSecret' | 'aws'> {
  /** As shown, plus the external id the role is assumed with (never shown). */
  aws?: NonNullable<DiscoveryConnection['aws']> & { externalId?: string };
  /** The static secret: the AWS secret access key, the OpenStack password, another provider's key. */
  secret?: string;
  /** Why a stored secret cannot be used (no key configured any more, or a different key): runs fail with it. */
  secretError?: string;
  listOverrides: Record<string, { enabled?: boolean; frequencyMinutes?: number }>;
}

/**
 * A provider's settings in a connection (the object under the provider's id), as its
 * {@link ProviderSettings.parse} returned them (and {@link ProviderSettings.resolve} completed them).
 * @public
 */
export function connectionSettingsOf(connection: { provider: string }): JsonObject | undefined {
  const value = (connection as unknown as Record<string, unknown>)[connection.provider];
  return value && typeof value === 'object' && !Array.isArray(value) ? (value as JsonObject) : undefined;
}
