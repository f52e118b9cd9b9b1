import { useCallback, useRef, useState } from 'react';
import { parseEntityRef } from '@backstage/catalog-model';
import { useApi } from '@backstage/core-plugin-api';
import { findMaestroKind, InventoryRecord } from '@maestro/plugin-maestro-common';
import { maestroApiRef } from '../../api';
import { keyOfRef } from './makerDraft';

/** The store record a ref names, read through `GET /records` (a search by name, then the exact name). */
async function readRecord(
  listRecords: (q: { kind: string; q: string; active: 'true'; limit: number }) => Promise<{ items: InventoryRecord[] }>,
  ref: string,
): Promise<InventoryRecord | null> {
  let parsed;
  try {
    parsed = parseEntityRef(ref, { defaultKind: 'Component', defaultNamespace: 'default' });
  } catch {
    return null;
  }
  const kind = findMaestroKind(parsed.kind);
  if (!kind || parsed.namespace.toLocaleLowerCase('en-US') !== 'default') return null;
  const name = parsed.name.toLocaleLowerCase('en-US');
  const { items } = await listRecords({ kind: kind.kind, q: parsed.name, active: 'true', limit: 50 });
  return items.find(r => r.name.toLocaleLowerCase('en-US') === name) ?? null;
}

/**
 * The records the maker shows, by key (`component:default/orders`), read on demand: `resolve(refs)` reads those not
 * read yet (null: no active record of the Maestro store has that ref); `reload()` forgets them all.
 */
export function useRecordIndex() {
  const api = useApi(maestroApiRef);
  const [byKey, setByKey] = useState<ReadonlyMap<string, InventoryRecord | null>>(new Map());
  const asked = useRef(new Set<string>());
  const generation = useRef(0);
  const [failure, setFailure] = useState<Error | undefined>();

  const resolve = useCallback(
    async (refs: string[]) => {
      const wanted = new Map<string, string>();
      for (const ref of refs) {
        const key = keyOfRef(ref);
        if (key && !asked.current.has(key) && !wanted.has(key)) wanted.set(key, ref);
      }
      if (wanted.size === 0) return;
      for (const key of wanted.keys()) asked.current.add(key);
      const started = generation.current;
      try {
        const read = await Promise.all(
          [...wanted].map(async ([key, ref]) => [key, await readRecord(q => api.listRecords(q), ref)] as const),
        );
        if (started !== generation.current) return;
        setByKey(prev => new Map([...prev, ...read]));
      } catch (error) {
        for (const key of wanted.keys()) asked.current.delete(key);
        if (started === generation.current) setFailure(error as Error);
      }
    },
    [api],
  );

  const reload = useCallback(() => {
    generation.current += 1;
    asked.current = new Set();
    setFailure(undefined);
    setByKey(new Map());
  }, []);

  return { byKey, resolve, reload, failure };
}
