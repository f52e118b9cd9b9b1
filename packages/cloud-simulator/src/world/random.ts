/** Character codes of the hexadecimal digits. */
const HEX_CODES = Array.from('0123456789abcdef', c => c.charCodeAt(0));
/** Reused character-code buffers of {@link Random.hex}, by length. */
const codeBuffers = new Map<number, number[]>();

/** A seeded pseudo-random generator (mulberry32): the same seed always yields the same sequence. */
export class Random {
  // A typed array rather than a number field: uint32 values are not small integers, and a number field would
  // allocate a heap number on every step when the class is compiled with define semantics for fields.
  private readonly state = new Uint32Array(1);

  constructor(seed: number) {
    this.state[0] = seed >>> 0;
  }

  /** A float in [0, 1). */
  next(): number {
    this.state[0] += 0x6d2b79f5;
    let t = this.state[0];
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  /** An integer in [min, max]. */
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }

  /** True with probability `p`. */
  chance(p: number): boolean {
    return this.next() < p;
  }

  /** A uniformly chosen element of a non-empty array. */
  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.next() * items.length)];
  }

  /** An element chosen with the given relative weights. */
  weighted<T>(items: ReadonlyArray<readonly [T, number]>): T {
    const total = items.reduce((sum, [, w]) => sum + w, 0);
    let roll = this.next() * total;
    for (const [item, weight] of items) {
      roll -= weight;
      if (roll < 0) return item;
    }
    return items[items.length - 1][0];
  }

  /** `count` distinct elements (or all of them when there are fewer). */
  sample<T>(items: readonly T[], count: number): T[] {
    if (count >= items.length) return [...items];
    const chosen = new Set<number>();
    while (chosen.size < count) chosen.add(Math.floor(this.next() * items.length));
    return [...chosen].map(i => items[i]);
  }

  /** `length` lowercase hexadecimal digits. */
  hex(length: number): string {
    let codes = codeBuffers.get(length);
    if (!codes) {
      codes = new Array<number>(length);
      codeBuffers.set(length, codes);
    }
    for (let i = 0; i < length; i += 8) {
      const word = Math.floor(this.next() * 0x100000000);
      const end = Math.min(8, length - i);
      for (let j = 0; j < end; j++) {
        codes[i + j] = HEX_CODES[(word >>> (28 - 4 * j)) & 15];
      }
    }
    return String.fromCharCode.apply(null, codes);
  }

  /** `length` characters of `alphabet`. */
  chars(length: number, alphabet: string): string {
    let out = '';
    for (let i = 0; i < length; i++) {
      out += alphabet[Math.floor(this.next() * alphabet.length)];
    }
    return out;
  }

  /** An AWS-style resource id: `prefix-` and 17 hex digits (`i-0a1b…`). */
  id(prefix: string, length = 17): string {
    return `${prefix}-${this.hex(length)}`;
  }

  /** A date `maxDaysBefore` days or less before `base`, at a whole second. */
  dateBefore(base: Date, maxDaysBefore: number): Date {
    const ms = Math.floor(this.next() * maxDaysBefore * 86_400) * 1000;
    return new Date(base.getTime() - ms);
  }
}

/** Upper-case letters and digits, as in access key ids and CloudFront ids. */
export const UPPER_ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';
/** Lower-case letters and digits. */
export const LOWER_ALNUM = 'abcdefghijklmnopqrstuvwxyz0123456789';
