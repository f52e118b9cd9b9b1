import type { Random } from '../../world/random';

/** Character codes of the hexadecimal digits. */
const HEX_CODES = Array.from('0123456789abcdef', c => c.charCodeAt(0));
const DASH = 45;
const UUID_CODES = new Array<number>(36);

/*
 * Strings are built from character codes rather than by concatenation: a generated world holds hundreds of
 * thousands of ids and timestamps, and flat strings take a fraction of the memory (and garbage collection) of
 * concatenated ones.
 */

/** A version 4 UUID (`8-4-4-4-12` lowercase hexadecimal digits), as Nova, Neutron, Cinder, Glance and Octavia use. */
export function uuid(rng: Random): string {
  let pos = 0;
  for (let w = 0; w < 4; w++) {
    const word = Math.floor(rng.next() * 0x100000000);
    for (let j = 0; j < 8; j++) {
      if (pos === 8 || pos === 13 || pos === 18 || pos === 23) {
        UUID_CODES[pos++] = DASH;
      }
      UUID_CODES[pos++] = HEX_CODES[(word >>> (28 - 4 * j)) & 15];
    }
  }
  UUID_CODES[14] = HEX_CODES[4];
  UUID_CODES[19] = HEX_CODES[8 + (UUID_CODES[19] & 3)];
  return String.fromCharCode.apply(null, UUID_CODES);
}

/** Reused buffers of the timestamp formats, by length. */
const SECONDS_CODES = new Array<number>(20);
const NAIVE_CODES = new Array<number>(19);
const MICROS_CODES = new Array<number>(26);

function writeDigits(codes: number[], at: number, value: number, width: number): void {
  let rest = value;
  for (let i = width - 1; i >= 0; i--) {
    codes[at + i] = 48 + (rest % 10);
    rest = Math.floor(rest / 10);
  }
}

/** Writes `YYYY-MM-DDTHH:MM:SS` (19 characters, UTC) at the start of `codes`. */
function writeDateTime(codes: number[], date: Date): void {
  writeDigits(codes, 0, date.getUTCFullYear(), 4);
  codes[4] = DASH;
  writeDigits(codes, 5, date.getUTCMonth() + 1, 2);
  codes[7] = DASH;
  writeDigits(codes, 8, date.getUTCDate(), 2);
  codes[10] = 84; // T
  writeDigits(codes, 11, date.getUTCHours(), 2);
  codes[13] = 58; // :
  writeDigits(codes, 14, date.getUTCMinutes(), 2);
  codes[16] = 58;
  writeDigits(codes, 17, date.getUTCSeconds(), 2);
}

/** `2013-09-03T04:01:32Z`: Nova, Neutron and Glance timestamps. */
export function isoSeconds(date: Date): string {
  writeDateTime(SECONDS_CODES, date);
  SECONDS_CODES[19] = 90; // Z
  return String.fromCharCode.apply(null, SECONDS_CODES);
}

/** `2017-02-28T00:41:44`: Octavia timestamps (no zone). */
export function isoNaive(date: Date): string {
  writeDateTime(NAIVE_CODES, date);
  return String.fromCharCode.apply(null, NAIVE_CODES);
}

/** `2018-11-28T06:25:15.288987`: Cinder and Nova usage timestamps (random microseconds, no zone). */
export function isoMicros(date: Date, rng: Random): string {
  writeDateTime(MICROS_CODES, date);
  MICROS_CODES[19] = 46; // .
  writeDigits(MICROS_CODES, 20, rng.int(0, 999_999), 6);
  return String.fromCharCode.apply(null, MICROS_CODES);
}

/** A date `seconds` after `date`. */
export function after(date: Date, seconds: number): Date {
  return new Date(date.getTime() + seconds * 1000);
}

/** Converts a dotted IPv4 address to an unsigned integer. */
export function ipToInt(ip: string): number {
  return ip.split('.').reduce((acc, octet) => acc * 256 + (Number(octet) & 255), 0) >>> 0;
}

/** Converts an unsigned integer to a dotted IPv4 address. */
export function intToIp(value: number): string {
  return `${value >>> 24}.${(value >>> 16) & 255}.${(value >>> 8) & 255}.${value & 255}`;
}

/** `fa:16:3e:` and room for three more bytes. */
const MAC_CODES = Array.from('fa:16:3e:00:00:00', c => c.charCodeAt(0));

/**
 * Hands out distinct MAC addresses with Neutron's default `fa:16:3e` prefix: a seeded offset plus an odd stride,
 * so the first 2^24 addresses never repeat.
 */
export class MacAllocator {
  private count = 0;
  private readonly offset: number;
  private readonly stride: number;

  constructor(rng: Random) {
    this.offset = rng.int(0, 0xffffff);
    this.stride = rng.int(0, 0x7fffff) * 2 + 1;
  }

  next(): string {
    const value = (this.offset + this.count++ * this.stride) % 0x1000000;
    for (let i = 0; i < 6; i++) {
      MAC_CODES[9 + i + (i >> 1)] = HEX_CODES[(value >>> (20 - 4 * i)) & 15];
    }
    return String.fromCharCode.apply(null, MAC_CODES);
  }
}

/** Orders by a string key descending, then by id descending (newest first, as Nova, Cinder and Glance list). */
export function newestFirst<T extends { id: string }>(key: (item: T) => string): (x: T, y: T) => number {
  return (x, y) => {
    const a = key(x);
    const b = key(y);
    if (a !== b) return a < b ? 1 : -1;
    if (x.id === y.id) return 0;
    return x.id < y.id ? 1 : -1;
  };
}
