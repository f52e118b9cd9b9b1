/**
 * The XML wire model of the AWS operations the simulator serves: for every structure, its members' XML element
 * names; for every list, the name of its item elements. Generated from the AWS SDK's schemas by
 * `scripts/generate-wire-models.js` (see `./generated`), so the simulator writes exactly the element names the SDK's
 * deserializers read.
 */

/**
 * How a scalar is written: `s` as text (strings, numbers, booleans), `t` ISO-8601 timestamp, `e` epoch seconds,
 * `h` HTTP date, `b` base64 blob.
 */
export type ScalarKind = 's' | 't' | 'e' | 'h' | 'b';

/** A structure member: its name in the SDK (PascalCase), its XML element name, and its target shape or kind. */
export type MemberDef = readonly [name: string, xmlName: string, target: string];

/** A structure: its members in model order. */
export interface StructDef {
  readonly members: readonly MemberDef[];
}

/** A list: the element name of each item (`''` when flattened) and the item's target shape or kind. */
export interface ListDef {
  readonly item: string;
  readonly of: string;
}

/** A map: entry, key and value element names (`entry` is `''` when flattened) and the value's target. */
export interface MapDef {
  readonly map: {
    readonly entry: string;
    readonly key: string;
    readonly value: string;
    readonly of: string;
  };
}

/** Any shape of the model. */
export type ShapeDef = StructDef | ListDef | MapDef;

/** How an operation's output is written. */
export interface OperationDef {
  /** The output structure. */
  readonly output: string;
  /** The root element of a REST-XML body (`ListAllMyBucketsResult` …); AWS query roots are `<Action>Response`. */
  readonly root?: string;
  /** REST-XML outputs bound to one payload member: [member name, root element name]. */
  readonly payload?: readonly [member: string, xmlName: string];
}

/** The wire model of one service. */
export interface WireModel {
  readonly operations: Readonly<Record<string, OperationDef>>;
  readonly shapes: Readonly<Record<string, ShapeDef>>;
}
