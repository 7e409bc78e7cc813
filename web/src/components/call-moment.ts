import { trackerWords, type TranscriptSegmentView } from '@booth/shared/api';

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

/**
 * Where a quote from the call (an analysed field's evidence) was said: the start of the first word of
 * the first place the transcript says all of its words in a row (case, accents and punctuation aside),
 * else of the longest run of its opening words (at least three, or all of a shorter quote) found.
 * Words run on across segments in time order, since a quote may span two of them. Undefined when
 * the transcript does not say it.
 */
export function quoteAt(segments: readonly TranscriptSegmentView[], quote: string): number | undefined {
  const want = trackerWords(quote);
  if (want.length === 0) return undefined;
  const said: { norm: string; at: number }[] = [];
  for (const s of [...segments].sort((a, b) => a.startMs - b.startMs)) {
    if (s.words?.length) {
      for (const w of s.words) for (const norm of trackerWords(w.text)) said.push({ norm, at: w.startMs });
    } else {
      for (const norm of trackerWords(s.text)) said.push({ norm, at: s.startMs });
    }
  }
  const least = Math.min(3, want.length);
  let best: { run: number; at: number } | undefined;
  for (let i = 0; i < said.length; i++) {
    let run = 0;
    while (run < want.length && said[i + run]?.norm === want[run]) run++;
    if (run === want.length) return said[i]?.at;
    if (run >= least && (!best || run > best.run)) best = { run, at: said[i]?.at ?? 0 };
  }
  return best?.at;
}
