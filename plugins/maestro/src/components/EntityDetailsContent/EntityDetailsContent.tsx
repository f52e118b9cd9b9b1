import { ChangeEvent, ReactNode, useState } from 'react';
import type { Entity } from '@backstage/catalog-model';
import { InfoCard, Link, StructuredMetadataTable } from '@backstage/core-components';
import { useEntity, useEntityRefLink } from '@backstage/plugin-catalog-react';
import { findMaestroKind, MaestroKindDefinition } from '@maestro/plugin-maestro-common';
import Box from '@material-ui/core/Box';
import Grid from '@material-ui/core/Grid';
import Tab from '@material-ui/core/Tab';
import Table from '@material-ui/core/Table';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableHead from '@material-ui/core/TableHead';
import TableRow from '@material-ui/core/TableRow';
import Tabs from '@material-ui/core/Tabs';
import Typography from '@material-ui/core/Typography';
import { ENTITY_TAB_PATHS } from '../../shared/paths';
import { RefLink } from '../../shared/RefLink';
import { labelOf } from './fieldLabels';
import { KIND_LAYOUTS, NOT_SHOWN, PROJECTED_REF_KINDS } from './layouts';
import { Block, blockFields, Column, TabLayout } from './layoutTypes';

type Spec = Record<string, unknown>;

const identity = (key: string) => key;

function isObject(value: unknown): value is Record<string, unknown> {
  return !!value && typeof value === 'object' && !Array.isArray(value);
}

/** Nothing to show: absent, empty text, empty list or empty object. */
function isEmpty(value: unknown): boolean {
  if (value === undefined || value === null || value === '') return true;
  if (Array.isArray(value)) return value.length === 0;
  if (isObject(value)) return Object.keys(value).length === 0;
  return false;
}

/** A value that is not a ref, as text (objects as `key: value` pairs, `os` as `linux debian 12`). */
function text(field: string, value: unknown): string {
  if (typeof value === 'boolean') return value ? 'yes' : 'no';
  if (Array.isArray(value)) return value.map(v => text(field, v)).join(', ');
  if (isObject(value)) {
    if (field === 'os')
      return Object.values(value)
        .map(v => text('', v))
        .join(' ');
    return Object.entries(value)
      .map(([k, v]) => `${k}: ${text(k, v)}`)
      .join(', ');
  }
  return String(value);
}

/** One or more refs as links, one a line. */
function RefLinks(props: { value: unknown; kind: string }) {
  const { value, kind } = props;
  const refs = (Array.isArray(value) ? value : [value]).filter(v => v !== undefined && v !== null && v !== '');
  if (refs.length === 1 && typeof refs[0] === 'string') return <RefLink entityRef={refs[0]} defaultKind={kind} />;
  return (
    <Box component="ul" m={0} p={0} style={{ listStyle: 'none' }}>
      {refs.map((ref, i) => (
        <li key={`${i}-${String(ref)}`}>
          {typeof ref === 'string' ? <RefLink entityRef={ref} defaultKind={kind} /> : text('', ref)}
        </li>
      ))}
    </Box>
  );
}

/** A spec value in a label/value table: refs as links, the rest as text. */
function renderValue(field: string, value: unknown, refKind?: string): ReactNode {
  if (refKind) return <RefLinks value={value} kind={refKind} />;
  return text(field, value);
}

function MetadataCard(props: { title: string; rows: Array<[string, ReactNode]> }) {
  return (
    <InfoCard title={props.title}>
      <StructuredMetadataTable metadata={Object.fromEntries(props.rows)} options={{ titleFormat: identity }} />
    </InfoCard>
  );
}

function Cell(props: { column: Column; value: unknown }) {
  const { column, value } = props;
  if (isEmpty(value)) return null;
  if (column.refKind) return <RefLinks value={value} kind={column.refKind} />;
  if (column.url && typeof value === 'string') return <Link to={value}>{value}</Link>;
  return <>{text(column.key, value)}</>;
}

function TableCard(props: { title: string; columns: Column[]; rows: unknown[] }) {
  const { title, columns, rows } = props;
  return (
    <InfoCard title={title} noPadding>
      <Table size="small" aria-label={title}>
        <TableHead>
          <TableRow>
            {columns.map(c => (
              <TableCell key={c.key}>{c.title}</TableCell>
            ))}
          </TableRow>
        </TableHead>
        <TableBody>
          {rows.map((row, i) => (
            <TableRow key={i}>
              {isObject(row) ? (
                columns.map(c => (
                  <TableCell key={c.key}>
                    <Cell column={c} value={row[c.key]} />
                  </TableCell>
                ))
              ) : (
                <TableCell colSpan={columns.length}>{text('', row)}</TableCell>
              )}
            </TableRow>
          ))}
        </TableBody>
      </Table>
    </InfoCard>
  );
}

function ListCard(props: { title: string; items: unknown[] }) {
  return (
    <InfoCard title={props.title}>
      <Box component="ul" m={0} pl={2}>
        {props.items.map((item, i) => (
          <li key={i}>
            <Typography variant="body2">{text('', item)}</Typography>
          </li>
        ))}
      </Box>
    </InfoCard>
  );
}

/** Whether a block has something to show for this spec. */
function hasContent(block: Block, spec: Spec): boolean {
  return blockFields(block).some(f => !isEmpty(spec[f]));
}

function BlockView(props: { block: Block; spec: Spec; refKinds: Map<string, string> }) {
  const { block, spec, refKinds } = props;
  switch (block.type) {
    case 'fields': {
      const rows = block.fields
        .filter(f => !isEmpty(spec[f]))
        .map((f): [string, ReactNode] => [labelOf(f), renderValue(f, spec[f], refKinds.get(f))]);
      return <MetadataCard title={block.title} rows={rows} />;
    }
    case 'object': {
      const value = spec[block.field];
      if (!isObject(value)) {
        return <MetadataCard title={block.title} rows={[[labelOf(block.field), renderValue(block.field, value)]]} />;
      }
      // tag keys are the user's own: shown as written
      const label = block.field === 'tags' ? identity : labelOf;
      const rows = Object.entries(value)
        .filter(([, v]) => !isEmpty(v))
        .map(([k, v]): [string, ReactNode] => [label(k), text(k, v)]);
      return <MetadataCard title={block.title} rows={rows} />;
    }
    case 'table': {
      const value = spec[block.field];
      return <TableCard title={block.title} columns={block.columns} rows={Array.isArray(value) ? value : [value]} />;
    }
    case 'refs':
      return (
        <InfoCard title={block.title}>
          <RefLinks value={spec[block.field]} kind={refKinds.get(block.field) ?? 'Component'} />
        </InfoCard>
      );
    case 'list': {
      const value = spec[block.field];
      return <ListCard title={block.title} items={Array.isArray(value) ? value : [value]} />;
    }
    default:
      return null;
  }
}

/**
 * The spec to show: the catalog entity's spec, plus the description and links the projection moves to the
 * metadata of Backstage kinds (System) when the kind's spec holds them.
 */
function specOf(entity: Entity, def?: MaestroKindDefinition): Spec {
  const spec: Spec = { ...((entity.spec ?? {}) as Spec) };
  const properties = (def?.specSchema.properties ?? {}) as Record<string, unknown>;
  if (properties.description && spec.description === undefined && entity.metadata.description) {
    spec.description = entity.metadata.description;
  }
  if (properties.links && spec.links === undefined && entity.metadata.links?.length) {
    spec.links = entity.metadata.links;
  }
  return spec;
}

/**
 * The tabs to show for an entity: the kind's tabs that apply and have content, then an "Other" tab with every
 * spec field none of them shows (or a "General" tab with all of them, for a kind without layout).
 */
export function detailTabs(kind: string, spec: Spec): TabLayout[] {
  const applicable = (KIND_LAYOUTS[kind] ?? []).filter(t => !t.when || t.when(spec));
  const placed = new Set(applicable.flatMap(t => t.blocks.flatMap(blockFields)));
  const tabs = applicable
    .map(t => ({ ...t, blocks: t.blocks.filter(b => hasContent(b, spec)) }))
    .filter(t => t.blocks.length > 0);
  const others = Object.keys(spec).filter(f => !placed.has(f) && !NOT_SHOWN.has(f) && !isEmpty(spec[f]));
  if (others.length > 0) {
    const general = tabs.length === 0;
    tabs.push({
      id: general ? 'general' : 'other',
      label: general ? 'General' : 'Other',
      blocks: [{ type: 'fields', title: general ? 'General' : 'Other fields', fields: others }],
    });
  }
  return tabs;
}

/**
 * Entity tab with the seed's per-entity tabs for Maestro entities, by kind: general facts, datacenter
 * placement, storage, auth, services, network, load-balancer targets, Oracle, attachment, contacts and SLA,
 * relations, tags — each only when it has something to show, with every reference as a link to the related
 * entity. Spec fields no tab places are shown in an "Other" tab. The history is on the Maestro entity tab.
 * @public
 */
export function EntityDetailsContent() {
  const { entity } = useEntity();
  const entityLink = useEntityRefLink();
  const def = findMaestroKind(entity.kind);
  const spec = specOf(entity, def);
  const refKinds = new Map<string, string>(Object.entries(PROJECTED_REF_KINDS));
  for (const reference of def?.references ?? []) {
    if (!reference.key) refKinds.set(reference.field, reference.kind);
  }
  const tabs = detailTabs(def?.kind ?? entity.kind, spec);
  const [selectedId, setSelectedId] = useState<string | undefined>();
  const selected = tabs.find(t => t.id === selectedId) ?? tabs[0];
  const tabId = (id: string) => `maestro-details-tab-${id}`;
  const panelId = (id: string) => `maestro-details-panel-${id}`;

  return (
    <Grid container spacing={2}>
      <Grid item xs={12}>
        <Box display="flex" alignItems="center" justifyContent="space-between" flexWrap="wrap">
          {tabs.length > 0 ? (
            <Tabs
              value={selected.id}
              onChange={(_e: ChangeEvent<{}>, id: string) => setSelectedId(id)}
              indicatorColor="primary"
              textColor="primary"
              variant="scrollable"
              scrollButtons="auto"
              aria-label={`${entity.kind} details`}
            >
              {tabs.map(t => (
                <Tab key={t.id} value={t.id} label={t.label} id={tabId(t.id)} aria-controls={panelId(t.id)} />
              ))}
            </Tabs>
          ) : (
            <Typography color="textSecondary">No details recorded for this {entity.kind}.</Typography>
          )}
          <Typography variant="body2">
            <Link to={`${entityLink(entity)}${ENTITY_TAB_PATHS.maestro}`}>History</Link>
          </Typography>
        </Box>
      </Grid>
      {selected && (
        <Grid item xs={12} role="tabpanel" id={panelId(selected.id)} aria-labelledby={tabId(selected.id)}>
          <Grid container spacing={3}>
            {selected.blocks.map(block => (
              <Grid item xs={12} md={block.type === 'table' ? 12 : 6} key={`${block.type}-${block.title}`}>
                <BlockView block={block} spec={spec} refKinds={refKinds} />
              </Grid>
            ))}
          </Grid>
        </Grid>
      )}
    </Grid>
  );
}
