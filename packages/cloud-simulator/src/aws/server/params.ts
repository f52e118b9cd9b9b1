import { AwsApiError } from './errors';

/** One EC2 `Filter.N`: a name and its values. */
export interface Ec2Filter {
  name: string;
  values: string[];
}

/**
 * The parameters of a request: the form fields of AWS query and EC2 requests, or the query string of REST
 * requests, with readers for the list encodings (`Name.N`, `Name.member.N`) the SDK serializers produce.
 */
export class RequestParams {
  private readonly values: Map<string, string>;

  constructor(source: URLSearchParams) {
    this.values = new Map(source);
  }

  /** Every parameter, as [name, value]. */
  entries(): IterableIterator<[string, string]> {
    return this.values.entries();
  }

  /** A scalar parameter. */
  get(name: string): string | undefined {
    return this.values.get(name);
  }

  /** Whether the parameter is present (even empty). */
  has(name: string): boolean {
    return this.values.has(name);
  }

  /** An integer parameter; throws `InvalidParameterValue` when it is not an integer. */
  int(name: string): number | undefined {
    const raw = this.values.get(name);
    if (raw === undefined || raw === '') return undefined;
    const value = Number(raw);
    if (!Number.isInteger(value)) {
      throw new AwsApiError(
        'InvalidParameterValue',
        `Value (${raw}) for parameter ${name} is invalid. Expecting an integer.`,
      );
    }
    return value;
  }

  /** A boolean parameter (`true`/`false`). */
  bool(name: string): boolean | undefined {
    const raw = this.values.get(name);
    if (raw === undefined) return undefined;
    return raw.toLowerCase() === 'true';
  }

  /**
   * A list parameter, in index order: `name.1`, `name.2` … (EC2) or `name.member.1` … (AWS query).
   */
  list(name: string): string[] {
    const found: Array<[number, string]> = [];
    const prefix = `${name}.`;
    for (const [key, value] of this.values) {
      if (!key.startsWith(prefix)) continue;
      const rest = key.slice(prefix.length);
      const index = Number(rest.startsWith('member.') ? rest.slice(7) : rest);
      if (Number.isInteger(index)) found.push([index, value]);
    }
    return found.sort((a, b) => a[0] - b[0]).map(([, value]) => value);
  }

  /** The EC2 filters `Filter.N.Name` / `Filter.N.Value.M`. */
  filters(): Ec2Filter[] {
    const byIndex = new Map<number, Ec2Filter>();
    const values: Array<[number, number, string]> = [];
    for (const [key, value] of this.values) {
      const match = /^Filter\.(\d+)\.(Name|Value\.(\d+))$/.exec(key);
      if (!match) continue;
      const index = Number(match[1]);
      if (!byIndex.has(index)) byIndex.set(index, { name: '', values: [] });
      if (match[2] === 'Name') byIndex.get(index)!.name = value;
      else values.push([index, Number(match[3]), value]);
    }
    values.sort((a, b) => a[1] - b[1]);
    for (const [index, , value] of values) byIndex.get(index)!.values.push(value);
    return [...byIndex.entries()].sort((a, b) => a[0] - b[0]).map(([, filter]) => filter);
  }
}
