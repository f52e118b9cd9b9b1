/**
 * Whether a record is projected into the software catalog as an entity.
 *
 * Every record is in the Maestro inventory (inventory pages, history, reports, the REST API); the catalog gets
 * all of them except network ports (`Network` records of type `port`: AWS network interfaces, Neutron ports).
 * A port belongs to one server or load balancer, whose entity already shows its addresses; an estate has about
 * one per instance, so projecting them would add a third to the catalog's ingest work for pages nobody opens
 * (see docs/decisions/0011-ports-stay-out-of-the-catalog.md).
 *
 * @public
 */
export function isProjectedToCatalog(record: { kind: string; spec?: unknown }): boolean {
  if (record.kind !== 'Network') return true;
  const spec = record.spec as { type?: unknown } | undefined;
  return spec?.type !== 'port';
}
