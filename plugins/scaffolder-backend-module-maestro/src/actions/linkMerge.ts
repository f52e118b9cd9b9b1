import { parseEntityRef, stringifyEntityRef } from '@backstage/catalog-model';
import type { JsonObject } from '@backstage/types';
import type { Dependency } from '@maestro/plugin-maestro-common';

/** A dependency the template asks for, its target already resolved to a full entity ref. */
export interface WantedDependency {
  ref: string;
  protocol?: Dependency['protocol'];
  description?: string;
}

/** `kind:namespace/name` in lower case: the key two refs to one entity share (`web-01` = `Server:default/web-01`). */
function keyOf(ref: string, defaultKind: string): string {
  try {
    return stringifyEntityRef(parseEntityRef(ref, { defaultKind, defaultNamespace: 'default' })).toLocaleLowerCase(
      'en-US',
    );
  } catch {
    return ref.toLocaleLowerCase('en-US');
  }
}

const desc = (want: WantedDependency) => (want.description ? { description: want.description } : {});

/**
 * An application's spec with the links a template asks for: the servers added to `spec.servers` (deployed on),
 * the dependencies to `spec.dependencies` (an existing one to the same target takes the new protocol and
 * description). Nothing already there is removed or duplicated, so applying the same links twice changes nothing
 * (`changed: false`).
 */
export function mergeLinks(
  spec: JsonObject,
  wanted: { servers: string[]; dependencies: WantedDependency[] },
): { spec: JsonObject; changed: boolean } {
  const servers = Array.isArray(spec.servers) ? (spec.servers as string[]).filter(s => typeof s === 'string') : [];
  const serverKeys = new Set(servers.map(s => keyOf(s, 'Server')));
  const addedServers = wanted.servers.filter(ref => {
    const key = keyOf(ref, 'Server');
    if (serverKeys.has(key)) return false;
    serverKeys.add(key);
    return true;
  });

  const dependencies = (Array.isArray(spec.dependencies) ? spec.dependencies : []) as unknown as Dependency[];
  const next = dependencies.map(d => ({ ...d }));
  let changed = addedServers.length > 0;
  for (const want of wanted.dependencies) {
    const key = keyOf(want.ref, 'Component');
    const existing = next.find(d => d && typeof d.ref === 'string' && keyOf(d.ref, 'Component') === key);
    if (!existing) {
      next.push({ ref: want.ref, ...(want.protocol ? { protocol: want.protocol } : {}), ...desc(want) });
      changed = true;
      continue;
    }
    if (want.protocol && existing.protocol !== want.protocol) {
      existing.protocol = want.protocol;
      changed = true;
    }
    if (want.description && existing.description !== want.description) {
      existing.description = want.description;
      changed = true;
    }
  }
  if (!changed) return { spec, changed };
  return {
    spec: {
      ...spec,
      ...(servers.length || addedServers.length ? { servers: [...servers, ...addedServers] } : {}),
      ...(next.length ? { dependencies: next as unknown as JsonObject[] } : {}),
    },
    changed,
  };
}
