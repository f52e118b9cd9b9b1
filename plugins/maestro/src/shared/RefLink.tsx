import { CompoundEntityRef, parseEntityRef } from '@backstage/catalog-model';
import { EntityRefLink } from '@backstage/plugin-catalog-react';
import { isProjectedToCatalog } from '@maestro/plugin-maestro-common';
import Tooltip from '@material-ui/core/Tooltip';

/** Reads an entity ref as Maestro writes them (`server:default/web-01`, `default/web-01` or just `web-01`). */
export function parseRef(ref: string, defaultKind: string): CompoundEntityRef | undefined {
  try {
    return parseEntityRef(ref, { defaultKind, defaultNamespace: 'default' });
  } catch {
    return undefined;
  }
}

/**
 * A link to the catalog page of the entity a spec field or the owner points to, titled with its name (no
 * catalog lookup per link, so that a page of 500 rows stays light). Text when the ref cannot be read.
 */
export function RefLink(props: { entityRef?: unknown; defaultKind: string }) {
  const { entityRef, defaultKind } = props;
  if (typeof entityRef !== 'string' || entityRef === '') return null;
  const parsed = parseRef(entityRef, defaultKind);
  if (!parsed) return <>{entityRef}</>;
  return <EntityRefLink entityRef={parsed} title={parsed.name} />;
}

/**
 * A link to the catalog page of a record's entity, titled with its title or name; plain text for a record that
 * has no catalog entity (a network port: it stays in the Maestro inventory).
 */
export function RecordLink(props: { record: { kind: string; name: string; title?: string; spec?: unknown } }) {
  const { record } = props;
  const title = record.title ?? record.name;
  if (!isProjectedToCatalog(record)) {
    return (
      <Tooltip title={`${record.name}: network ports are kept in the Maestro inventory only, not in the catalog`}>
        <span data-testid="inventory-only">{title}</span>
      </Tooltip>
    );
  }
  return <EntityRefLink entityRef={{ kind: record.kind, namespace: 'default', name: record.name }} title={title} />;
}
