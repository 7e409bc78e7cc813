import fc from 'fast-check';

/**
 * Values no honest client sends, for every kind of field: what reached Postgres and came back as a
 * 500 in issue 10 (NUL, lone surrogates, 2^31..1e10, impossible dates, year 0000) and the usual
 * suspects (prototype keys, deep nesting, wrong types, huge strings).
 */

export const NUL_STRINGS = ['\u0000', 'a\u0000b', 'Cedar Hall\u0000', '\u0000'.repeat(50)];
export const SURROGATE_STRINGS = ['\ud800', 'x\udbff', '\udc00y', 'a\ud83d', '\udfff\ud800'];
export const PROTO_KEYS = ['__proto__', 'constructor', 'prototype', 'toString', 'hasOwnProperty'];
export const BAD_DATES = [
  '2027-02-30',
  '2026-02-29',
  '2027-04-31',
  '0000-01-01',
  '0000-00-00',
  '2027-13-01',
  '2027-00-10',
  '10000-01-01',
  '+275760-09-13',
  '2027-1-1',
  '2027-02-28T25:00:00Z',
  '1899-12-31',
];

/** Integers past what Postgres int (2^31 - 1) holds, up to 1e10 and beyond; negatives; non-safe. */
export const hugeNumber = fc.oneof(
  fc.integer({ min: 2 ** 31, max: 1e10 }),
  fc.constantFrom(
    2 ** 31,
    2 ** 31 - 1,
    2 ** 32,
    -(2 ** 31) - 1,
    1e10,
    9_999_999_999,
    2 ** 53 + 2,
    1e308,
    -1e308,
  ),
  fc.double({ noNaN: true }),
);

export const hostileString = fc.oneof(
  fc.constantFrom(...NUL_STRINGS, ...SURROGATE_STRINGS, ...BAD_DATES, ...PROTO_KEYS),
  fc.string({ unit: 'binary', maxLength: 40 }).map((s) => `${s}\u0000`),
  // Any UTF-16 code units, lone surrogates included.
  fc.string({ unit: fc.integer({ min: 0, max: 0xffff }).map((c) => String.fromCharCode(c)), maxLength: 40 }),
  fc.constantFrom('x'.repeat(9_000), 'é'.repeat(3_000), '😀'.repeat(2_000), ' '.repeat(5_000)),
  fc.constantFrom(
    '',
    ' ',
    '\t\n',
    '../../etc/passwd',
    "'; DROP TABLE contacts; --",
    '<script>alert(1)</script>',
  ),
);

/** A value of the wrong type for most fields. */
export const wrongType: fc.Arbitrary<unknown> = fc.oneof(
  fc.constantFrom(null, true, false, 0, -1, [], {}, [null], { $gt: '' }),
  hugeNumber,
  fc.array(fc.string({ maxLength: 5 }), { maxLength: 3 }),
);

/** Any hostile value for a field. */
export const hostileValue: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 3, arbitrary: hostileString },
  { weight: 2, arbitrary: hugeNumber },
  { weight: 2, arbitrary: wrongType },
  { weight: 1, arbitrary: fc.constantFrom(...BAD_DATES) },
);

/** `value` inside `depth` arrays or objects. */
const nested = (depth: number, kind: 'array' | 'object') =>
  kind === 'array'
    ? `${'['.repeat(depth)}1${']'.repeat(depth)}`
    : `${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}`;

/**
 * Whole JSON bodies (as text) that are hostile as a whole: prototype pollution, deep nesting, the
 * wrong root type, malformed or oversized JSON.
 */
export const hostileBodyText = fc.oneof(
  fc.constantFrom(...PROTO_KEYS).map((k) => `{"${k}":{"admin":true,"name":"x"}}`),
  fc.constantFrom(
    '{"__proto__":{"polluted":1},"name":"Proto"}',
    '{"constructor":{"prototype":{"polluted":1}}}',
  ),
  fc.integer({ min: 100, max: 4_000 }).map((d) => nested(d, 'array')),
  fc.integer({ min: 100, max: 1_500 }).map((d) => nested(d, 'object')),
  fc.constantFrom('null', '"a string"', '42', 'true', '[]', '[{"name":"x"}]', '{}'),
  fc.constantFrom('{"name":', '{name: 1}', '{"a":1,}', '\u0000', '{"a":"\\ud800"}', '{"a":"\\u0000"}'),
  fc.constantFrom(`{"name":"${'y'.repeat(20_000)}"}`, `[${'1,'.repeat(8_000)}1]`),
);

/** Percent-encodes any UTF-16 string; a lone surrogate becomes its (invalid) 3-byte UTF-8 form. */
export function pct(s: string): string {
  let out = '';
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    const next = s.charCodeAt(i + 1);
    if (c >= 0xd800 && c <= 0xdbff && next >= 0xdc00 && next <= 0xdfff) {
      out += encodeURIComponent(s.slice(i, i + 2));
      i++;
    } else if (c >= 0xd800 && c <= 0xdfff) {
      out += [0xe0 | (c >> 12), 0x80 | ((c >> 6) & 0x3f), 0x80 | (c & 0x3f)]
        .map((b) => `%${b.toString(16).toUpperCase()}`)
        .join('');
    } else {
      out += encodeURIComponent(s[i]!);
    }
  }
  return out;
}

/** A path segment: hostile strings encoded, plus raw malformed escapes and traversal. */
export const hostileSegment = fc.oneof(
  hostileString.filter((s) => s.length < 3_000).map(pct),
  fc.constantFrom(
    '%00',
    '%E0%A4%A',
    '%ED%A0%80',
    '%',
    '%zz',
    '..',
    '%2e%2e',
    '%2F',
    'x'.repeat(300),
    '%C0%80',
  ),
);

/** Raw query strings that are hostile as a whole: repeated keys, brackets, prototype keys, bad escapes. */
export const hostileQueryText = fc.oneof(
  fc.constantFrom(
    'q=a&q=b',
    'q[]=x',
    'q[a]=1',
    '__proto__[admin]=1',
    'constructor[prototype][x]=1',
    'limit=1e400',
    'limit=-0',
    'limit=2147483648',
    'offset=99999999999',
    'limit=&offset=',
    'q=%E0%A4%A',
    'q=%00',
    'q=%ED%A0%80',
    '%',
    '&&&==&',
    'unread=TRUE',
    'kind=__proto__',
  ),
  fc
    .dictionary(fc.constantFrom('q', 'limit', 'offset', 'kind', 'contactId', 'unread', 'x'), hostileString, {
      maxKeys: 3,
    })
    .map((d) =>
      Object.entries(d)
        .map(([k, v]) => `${k}=${pct(v)}`)
        .join('&'),
    ),
);
