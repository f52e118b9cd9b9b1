/*
 * The catalogue of hostile values the API fuzz test draws from (see hostileInputs.ts, which applies them to
 * requests): path parameters that are not ids, malformed escapes, wrong scalars, pasted Unicode, edge numbers,
 * content types and encodings, keys no object may take, bodies that are not objects, fields a client may not set.
 */

/** Values of a path parameter that are not ids. */
export const NOT_IDS = [
  '.',
  '..',
  ' ',
  '0',
  '-1',
  '1e9',
  'null',
  'undefined',
  'NaN',
  '[]',
  '{}',
  '*',
  '%',
  '%00',
  'a/b',
  '../../etc/passwd',
  "' OR '1'='1",
  'SELECT 1;--',
  '\u0000',
  '\u202e',
  '😀',
  'ﬃ',
  'İ',
  '\ud800',
];
/** Raw (not percent-encoded) path parameters: malformed escapes. */
export const RAW_PATH = ['%', '%zz', '%E0%A4%A', '%C0%AF', '%%', '%u0041'];
/** Query values of the wrong kind for integers, times, enums and strings. */
export const BAD_SCALARS = [
  '',
  ' ',
  'abc',
  '-1',
  '0',
  '1.5',
  '1e3',
  '0x10',
  '+1',
  ' 1',
  '1 ',
  '9'.repeat(30),
  '-9'.repeat(20),
  'true',
  'null',
  '[]',
  'Infinity',
  'NaN',
  '2026-02-30T25:61:61Z',
  '2026-01-01',
  'yesterday',
  '+275760-09-13T00:00:00.000Z',
  '9999-12-31T23:59:59Z',
  '0000-01-01T00:00:00Z',
  '1970-01-01T00:00:00Z',
  '\u0000',
  '😀',
  'ALL',
  'Asc',
  'created_at',
];
/** Strings people paste: control characters, bidi overrides, lone surrogates, combining marks, emoji, case folds. */
export const UNICODE = [
  '\u0000',
  'a\u0000b',
  '\ud800',
  '\udfff\ud800',
  '\u202eevil',
  '\ufeffname',
  'e\u0301'.repeat(50),
  '👩‍👩‍👧‍👦',
  'İstanbul',
  'ǅ',
  'ß',
  'ſerver',
  'K',
  '\u2028\u2029',
  '\t\r\n',
  '𝕏'.repeat(300),
  'Ω'.repeat(70),
  '\\',
  '"',
  "'",
  '${x}',
  '{{x}}',
  '<script>alert(1)</script>',
  '',
];
export const TYPES_OF_VALUES: unknown[] = [null, true, false, 0, -1, 1.5, '', 'text', [], [1, 'a'], {}, { a: 1 }];
export const EDGE_NUMBERS = [-1, 0, -0, 1.5, 2 ** 31, 2 ** 53 + 2, 1e20, -1e20, 1e308, 5e-324, 9007199254740993];
export const RAW_NUMBERS = ['1e999', '-1e999', '1E400', '123456789012345678901234567890', '-0.0', '1.0'];
export const CONTENT_TYPES = [
  'text/plain',
  'application/xml',
  'application/x-www-form-urlencoded',
  'multipart/form-data; boundary=x',
  'application/json; charset=latin1',
  'application/json; charset=utf-16le',
  'application/vnd.api+json',
  'application/merge-patch+json',
  'text/csv',
  'application/yaml',
  'APPLICATION/JSON',
  'application/json; charset="utf-8"',
  'application/octet-stream',
  '*/*',
  'json',
];
export const ENCODINGS = ['gzip', 'deflate', 'br', 'identity, gzip', 'x-unknown', 'compress'];
export const FORBIDDEN_KEYS = ['__proto__', 'constructor', 'prototype'];
export const NOT_OBJECTS = ['[]', '[1,2]', '"text"', '42', 'null', 'true', '[{}]', '{}', ''];
export const EXTRA_FIELDS = [
  'id',
  'createdAt',
  'createdBy',
  'updatedBy',
  'source',
  'active',
  'version',
  'hasSecret',
  'origin',
  'secret',
];
