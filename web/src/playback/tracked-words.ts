import {
  matchTrackers,
  matchTrackersInText,
  type TrackerCount,
  type TrackerHitView,
  type TranscriptSegmentView,
} from '@booth/shared/api';

/** Per segment, the words (indices; -1: the whole segment) a tracker hit covers, with the trackers' names. */
export type TrackedWords = ReadonlyMap<string, ReadonlyMap<number, readonly string[]>>;

function add(marked: Map<number, string[]>, word: number, name: string) {
  const list = marked.get(word) ?? [];
  if (!list.includes(name)) list.push(name);
  marked.set(word, list);
}

/**
 * Which transcript words the call's tracker hits cover. A hit names its segment, phrase and first
 * word's start; the words it spans are found with the worker's own matcher (so the words marked are
 * the ones that were counted), taking the match starting nearest the hit's moment. A segment without
 * word times is marked as a whole.
 */
export function trackedWords(
  segments: readonly TranscriptSegmentView[],
  hits: readonly TrackerHitView[],
  counts: readonly TrackerCount[],
): TrackedWords {
  const names = new Map(counts.map((c) => [c.trackerId, c.name]));
  const byId = new Map(segments.map((s) => [s.id, s]));
  const out = new Map<string, Map<number, string[]>>();
  for (const hit of hits) {
    const segment = byId.get(hit.segmentId);
    if (!segment) continue;
    const name = names.get(hit.trackerId) ?? hit.phrase;
    // The hit is already counted: match its phrase whoever said it.
    const rule = [{ id: hit.trackerId, name, phrases: [hit.phrase], clientOnly: false }];
    const marked = out.get(segment.id) ?? new Map<number, string[]>();
    const words = segment.words?.length ? segment.words : null;
    if (words) {
      const near = (first: number) => Math.abs((words[first]?.startMs ?? Infinity) - hit.atMs);
      const [match] = matchTrackers(
        rule,
        words.map((w) => w.text),
        'client',
      ).sort((a, b) => near(a.firstWord) - near(b.firstWord));
      if (!match) continue;
      for (let i = match.firstWord; i <= match.lastWord; i++) add(marked, i, name);
    } else {
      if (matchTrackersInText(rule, segment.text, 'client').length === 0) continue;
      add(marked, -1, name);
    }
    out.set(segment.id, marked);
  }
  return out;
}
