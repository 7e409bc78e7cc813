import type { TranscriptSegmentView } from '@booth/shared/api';

/** A word (or a segment without word times, as one word: `word` -1) on the call's clock. */
export interface TimedSpot {
  segmentId: string;
  word: number;
  startMs: number;
  endMs: number;
}

/** Every word of a transcript in order of its start, for finding the one being said at a moment. */
export function wordIndex(segments: readonly TranscriptSegmentView[]): TimedSpot[] {
  const spots: TimedSpot[] = [];
  for (const s of segments) {
    if (s.words?.length) {
      s.words.forEach((w, i) =>
        spots.push({ segmentId: s.id, word: i, startMs: w.startMs, endMs: Math.max(w.endMs, w.startMs) }),
      );
    } else {
      spots.push({ segmentId: s.id, word: -1, startMs: s.startMs, endMs: Math.max(s.endMs, s.startMs) });
    }
  }
  return spots.sort((a, b) => a.startMs - b.startMs || a.endMs - b.endMs);
}

/**
 * The word being said at `ms`: the latest-starting one whose [startMs, endMs) holds it (two speakers
 * may overlap); undefined between words.
 */
export function wordAt(index: readonly TimedSpot[], ms: number): TimedSpot | undefined {
  // The last word starting at or before ms.
  let lo = 0;
  let hi = index.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (index[mid]!.startMs <= ms) lo = mid + 1;
    else hi = mid;
  }
  // Words are short: look back over the few that started earlier and may still be running.
  for (let i = lo - 1, looked = 0; i >= 0 && looked < 64; i--, looked++) {
    const w = index[i]!;
    if (ms < w.endMs) return w;
  }
  return undefined;
}

/** A spot as a string (`segmentId:word`), what the transcript compares to re-render one word. */
export const spotKey = (s: TimedSpot | undefined) => (s ? `${s.segmentId}:${s.word}` : '');
