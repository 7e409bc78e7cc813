import type { ByteRange } from '@booth/shared';

/** What a `Range` header asks of a representation of `size` bytes. */
export type RangeRequest =
  /** No usable range (absent, another unit, malformed, several ranges): send the whole file, 200. */
  | { kind: 'whole' }
  /** One satisfiable range, clamped to the file: 206 with Content-Range. */
  | { kind: 'range'; range: ByteRange }
  /** A well-formed range that starts past the end (or a zero-length suffix): 416. */
  | { kind: 'unsatisfiable' };

const SPEC = /^(\d*)-(\d*)$/;

/**
 * A `Range: bytes=…` header per RFC 9110 §14: `a-b`, `a-` and `-n` (the last n bytes). A header the
 * server may ignore is ignored (the whole file): another unit, a malformed spec, `a-b` with a > b, and
 * a list of several ranges (allowed: "a server MAY ignore the Range header field"). A single range
 * that cannot be satisfied (its start at or past the end, `-0`, anything of an empty file) is
 * `unsatisfiable`; an end past the file is clamped to its last byte.
 */
export function parseRange(header: string | undefined, size: number): RangeRequest {
  if (header === undefined) return { kind: 'whole' };
  const m = /^\s*bytes\s*=\s*(.*)$/i.exec(header);
  if (!m) return { kind: 'whole' };
  const specs = m[1]!.split(',').map((s) => s.trim());
  if (specs.length !== 1) return { kind: 'whole' };
  const spec = SPEC.exec(specs[0]!);
  if (!spec) return { kind: 'whole' };
  const [first, last] = [spec[1]!, spec[2]!];
  // Digits beyond what a file can hold are malformed rather than huge (and keep Number exact).
  if (first.length > 15 || last.length > 15) return { kind: 'whole' };
  if (first === '') {
    if (last === '') return { kind: 'whole' };
    const n = Number(last);
    if (n === 0 || size === 0) return { kind: 'unsatisfiable' };
    return { kind: 'range', range: { start: Math.max(0, size - n), end: size - 1 } };
  }
  const start = Number(first);
  const end = last === '' ? size - 1 : Number(last);
  if (last !== '' && end < start) return { kind: 'whole' };
  if (start >= size) return { kind: 'unsatisfiable' };
  return { kind: 'range', range: { start, end: Math.min(end, size - 1) } };
}
