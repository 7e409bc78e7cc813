import type { TranscriptSegmentView } from '@booth/shared/api';

/** Where a moment is in a transcript: a segment and its word (-1: the segment has no word times). */
export interface Spot {
  segmentId: string;
  word: number;
  startMs: number;
}

/** How far `at` is from [from, to] (0 inside it). */
const distance = (at: number, from: number, to: number) =>
  at < from ? from - at : at > Math.max(from, to) ? at - Math.max(from, to) : 0;

/** The word said at `at`, else the nearest one (a segment without word times counts as one word). */
export function spotAt(segments: readonly TranscriptSegmentView[], at: number): Spot | undefined {
  let best: (Spot & { d: number }) | undefined;
  const consider = (segmentId: string, word: number, from: number, to: number) => {
    const d = distance(at, from, to);
    if (!best || d < best.d) best = { segmentId, word, startMs: from, d };
  };
  for (const s of segments) {
    if (s.words?.length) s.words.forEach((w, i) => consider(s.id, i, w.startMs, w.endMs));
    else consider(s.id, -1, s.startMs, s.endMs);
  }
  return best && { segmentId: best.segmentId, word: best.word, startMs: best.startMs };
}
