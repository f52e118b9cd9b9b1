/** The shape of the Details tab's layouts: tabs of blocks (cards), and the columns of table blocks. */

/** A column of a table block: a property of the listed objects. */
export interface Column {
  key: string;
  title: string;
  /** The property holds an entity ref (shown as a link), with this kind when the ref names none. */
  refKind?: string;
  /** The property holds a URL (shown as a link). */
  url?: boolean;
}

/** One card of a tab. */
export type Block =
  /** Spec fields as a label/value table; refs become links. */
  | { type: 'fields'; title: string; fields: string[] }
  /** The properties of one object field (`role`, `lvm`, `sla`, `tags`) as a label/value table. */
  | { type: 'object'; title: string; field: string }
  /** A list of objects as a table. */
  | { type: 'table'; title: string; field: string; columns: Column[] }
  /** A list of refs (or a single ref) as links, one a line. */
  | { type: 'refs'; title: string; field: string }
  /** A list of texts, one a line. */
  | { type: 'list'; title: string; field: string };

/** A tab of the Details entity tab. */
export interface TabLayout {
  id: string;
  label: string;
  blocks: Block[];
  /** The tab applies to the entity only when this holds (e.g. the Oracle tab of Oracle-family databases). */
  when?: (spec: Record<string, unknown>) => boolean;
}

/** The spec fields a block shows. */
export function blockFields(block: Block): string[] {
  return block.type === 'fields' ? block.fields : [block.field];
}
