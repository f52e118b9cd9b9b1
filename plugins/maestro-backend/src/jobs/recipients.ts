import { parseEntityRef, stringifyEntityRef } from '@backstage/catalog-model';
import type { Config } from '@backstage/config';

/** A user or group ref in the form the signals backend matches (`kind:namespace/name`, lower case). */
export function normalizedRef(ref: string): string {
  return stringifyEntityRef(parseEntityRef(ref, { defaultKind: 'group', defaultNamespace: 'default' }));
}

/**
 * User or group refs from config (`key`, a list), normalised as the signals backend compares them; anything else
 * refuses the start-up with a message naming the entry.
 */
export function recipientsFromConfig(config: Config, key: string): string[] {
  return (config.getOptionalStringArray(key) ?? []).map((ref, i) => {
    let normalized: string | undefined;
    try {
      normalized = normalizedRef(ref);
    } catch {
      normalized = undefined;
    }
    if (!normalized || !/^(user|group):[a-z0-9_.-]+\/[a-z0-9_.-]+$/.test(normalized)) {
      throw new Error(`${key}[${i}] must be a user or group ref such as group:default/platform`);
    }
    return normalized;
  });
}
