/**
 * The arithmetic talk analytics is built from (talk-analytics.ts, talk-trends.ts): intervals and
 * their union, medians and means. Pure: no database, no clock.
 */

/** A stretch of time, ms since the session started; `endMs` ≥ `startMs`. */
export interface Interval {
  startMs: number;
  endMs: number;
}

/** `i` with a backwards end (a transcriber's rounding) read as zero length. */
export const clampInterval = (i: Interval): Interval => ({
  startMs: i.startMs,
  endMs: Math.max(i.startMs, i.endMs),
});

/**
 * How much time the intervals cover together, each moment counted once: overlapping or touching
 * intervals merge (two tabs of one admin heard at once are one stretch of talk).
 */
export function unionMs(intervals: readonly Interval[]): number {
  const sorted = intervals.map(clampInterval).sort((a, b) => a.startMs - b.startMs || a.endMs - b.endMs);
  let total = 0;
  let start = Number.NEGATIVE_INFINITY;
  let end = Number.NEGATIVE_INFINITY;
  for (const i of sorted) {
    if (i.startMs > end) {
      if (end > start) total += end - start;
      start = i.startMs;
      end = i.endMs;
    } else if (i.endMs > end) {
      end = i.endMs;
    }
  }
  if (end > start) total += end - start;
  return total;
}

/** The middle value (the mean of the two middle ones for an even count); null for none. */
export function median(values: readonly number[]): number | null {
  if (!values.length) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  const hi = sorted[mid]!;
  return sorted.length % 2 ? hi : (sorted[mid - 1]! + hi) / 2;
}

/** The arithmetic mean; null for none. */
export function mean(values: readonly number[]): number | null {
  if (!values.length) return null;
  return values.reduce((a, b) => a + b, 0) / values.length;
}

/** `part / whole`, 0 when the whole is 0 (a call nobody spoke in has no shares). */
export const share = (part: number, whole: number): number => (whole > 0 ? part / whole : 0);
