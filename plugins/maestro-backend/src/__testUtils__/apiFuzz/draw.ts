import fc, { type Arbitrary, type GeneratorValue } from 'fast-check';

const matchingCache = new Map<string, Arbitrary<string>>();

/**
 * Strings people and scripts really send: ASCII, accents, other scripts, emoji, control characters; never U+0000
 * or a lone surrogate, which the API refuses (the hostile variants send those).
 */
const textArbitrary = (maxLength: number, minLength = 0) =>
  fc
    .oneof(
      { weight: 4, arbitrary: fc.string({ minLength, maxLength }) },
      { weight: 2, arbitrary: fc.string({ minLength, maxLength, unit: 'grapheme' }) },
      { weight: 1, arbitrary: fc.string({ minLength, maxLength, unit: 'binary' }) },
    )
    .map(text =>
      text
        .replaceAll('\u0000', ' ')
        .replace(/[\ud800-\udfff]/g, (c, at: number, all: string) => (isPaired(all, at) ? c : '?')),
    );

function isPaired(text: string, at: number): boolean {
  const code = text.charCodeAt(at);
  if (code <= 0xdbff) return at + 1 < text.length && (text.charCodeAt(at + 1) & 0xfc00) === 0xdc00;
  return at > 0 && (text.charCodeAt(at - 1) & 0xfc00) === 0xd800;
}

/**
 * Draws values inside a fast-check run (`fc.gen()`), one decision at a time, so that what is drawn next can depend
 * on what was drawn before (a spec follows its kind) and on what the API answered earlier (ids, versions).
 */
export class Draw {
  constructor(private readonly g: GeneratorValue) {}

  from<T>(arbitrary: Arbitrary<T>): T {
    return this.g(() => arbitrary);
  }

  int(min: number, max: number): number {
    return this.g(fc.integer, { min, max });
  }

  chance(probability: number): boolean {
    return this.int(0, 999) < probability * 1000;
  }

  pick<T>(items: readonly T[]): T {
    if (items.length === 0) throw new Error('pick from an empty list');
    return items[this.int(0, items.length - 1)];
  }

  /** One of the items, chosen by weight. */
  weighted<T>(items: ReadonlyArray<readonly [number, T]>): T {
    const total = items.reduce((sum, [weight]) => sum + weight, 0);
    let at = this.int(0, total - 1);
    for (const [weight, item] of items) {
      if (at < weight) return item;
      at -= weight;
    }
    return items[items.length - 1][1];
  }

  text(maxLength = 24, minLength = 0): string {
    return this.from(textArbitrary(maxLength, minLength));
  }

  /** A string matching the regular expression (source text) within the length bounds. */
  matching(pattern: string, bounds: { minLength?: number; maxLength?: number } = {}): string {
    const { minLength = 0, maxLength = Infinity } = bounds;
    const key = `${pattern}\u0001${minLength}\u0001${maxLength}`;
    let arbitrary = matchingCache.get(key);
    if (!arbitrary) {
      arbitrary = fc.stringMatching(new RegExp(pattern)).filter(v => v.length >= minLength && v.length <= maxLength);
      matchingCache.set(key, arbitrary);
    }
    return this.from(arbitrary);
  }

  json(maxDepth = 2): unknown {
    return this.from(fc.jsonValue({ maxDepth }));
  }
}
