import { adminIdOf } from './identities';

/**
 * The keyword-tracker matcher: which tracker phrases a piece of transcript says, and where. Pure and
 * browser-safe (no Node modules): the worker writes TrackerHit rows with it, and the dashboard
 * highlights the same words in live captions with it, so both agree.
 *
 * Matching is on whole words after normalising case, accents, apostrophes and punctuation: "Don't",
 * "dont" and "DON’T" are one word, "price-match" is "price match", "Café" is "cafe", and "price" does
 * not match "pricey" or "prices". A multi-word phrase matches the same words in a row, whatever
 * punctuation stands between them ("Cedar Hall" matches "Cedar, hall").
 */

/** What the matcher needs of a tracker. */
export interface TrackerRule {
  id: string;
  name: string;
  phrases: readonly string[];
  /** Only when a client says it. */
  clientOnly: boolean;
}

/** Who said a piece of transcript: a participant's role. */
export type SpeakerRole = 'admin' | 'client' | 'agent';

/**
 * The role of a transcript speaker from their identity, as the API records participants: an admin
 * identity (`admin-<id>…`) is an admin; anyone else the transcriber hears (consultation clients,
 * phone callers, SIP callers) is a client — agents are never transcribed.
 */
export const speakerRoleOf = (identity: string): SpeakerRole =>
  adminIdOf(identity) === undefined ? 'client' : 'admin';

/** Whether a tracker counts what a speaker of `role` says. */
export const trackerApplies = (t: Pick<TrackerRule, 'clientOnly'>, role: SpeakerRole): boolean =>
  !t.clientOnly || role === 'client';

/** A tracker phrase said: the words it spans (indices into the words matched). */
export interface TrackerMatch {
  trackerId: string;
  trackerName: string;
  /** The phrase as the tracker spells it. */
  phrase: string;
  /** First and last word of the match (inclusive). */
  firstWord: number;
  lastWord: number;
}

/** A word with its time, as segments carry them (transcriptWordSchema). */
export interface TimedWord {
  text: string;
  startMs: number;
}

/** A hit with its time (ms since the session started). */
export interface TimedTrackerMatch extends TrackerMatch {
  atMs: number;
}

const APOSTROPHES = /['\u2018\u2019\u02bc\u0060\u00b4]/g;
/** Latin accents (after NFKD): dropped, so "café" is "cafe". Other scripts' marks stay in their words. */
const ACCENTS = /[\u0300-\u036f]/g;
const NOT_WORD = /[^\p{L}\p{N}\p{M}]+/u;
/** A run of word characters in the original text (apostrophes join, they never split). */
const WORD_RUN = /[\p{L}\p{N}\p{M}'\u2018\u2019\u02bc\u0060\u00b4]+/gu;

/** The words of `text` as the matcher compares them: lower case, no accents, apostrophes or punctuation. */
export function trackerWords(text: string): string[] {
  return text
    .normalize('NFKD')
    .replace(ACCENTS, '')
    .toLowerCase()
    .replace(APOSTROPHES, '')
    .split(NOT_WORD)
    .filter((w) => w.length > 0);
}

/** A phrase in the matcher's words joined by one space ("" when it has no word). */
export const normalizePhrase = (phrase: string): string => trackerWords(phrase).join(' ');

/** A normalised word and where it came from (a word index, or a character range of a text). */
interface Token {
  norm: string;
  word: number;
  from: number;
  to: number;
}

/** A match over tokens: the first and last token (inclusive). */
interface TokenMatch {
  tracker: TrackerRule;
  phrase: string;
  first: Token;
  last: Token;
}

/**
 * The core: for each tracker that applies to `role`, its phrases found in `tokens`, one match per
 * starting token (the longest phrase there), never overlapping another match of the same tracker.
 * In token order, then tracker order.
 */
type PhrasesByFirstWord = Map<string, { phrase: string; norm: string[] }[]>;

/**
 * A tracker's phrases in matcher words, by their first word, longest first: built once per tracker
 * object and phrase list (a scan matches hundreds of segments against the same trackers).
 */
const compiled = new WeakMap<TrackerRule, { phrases: readonly string[]; byFirst: PhrasesByFirstWord }>();
function phrasesOf(tracker: TrackerRule): PhrasesByFirstWord {
  const cached = compiled.get(tracker);
  if (cached?.phrases === tracker.phrases) return cached.byFirst;
  const byFirst: PhrasesByFirstWord = new Map();
  for (const phrase of tracker.phrases) {
    const norm = trackerWords(phrase);
    const first = norm[0];
    if (first === undefined) continue;
    const list = byFirst.get(first) ?? [];
    list.push({ phrase, norm });
    byFirst.set(first, list);
  }
  for (const list of byFirst.values()) list.sort((a, b) => b.norm.length - a.norm.length);
  compiled.set(tracker, { phrases: tracker.phrases, byFirst });
  return byFirst;
}

function matchTokens(trackers: readonly TrackerRule[], tokens: readonly Token[], role: SpeakerRole) {
  const matches: (TokenMatch & { at: number; order: number })[] = [];
  if (tokens.length === 0) return matches;
  trackers.forEach((tracker, order) => {
    if (!trackerApplies(tracker, role)) return;
    const byFirst = phrasesOf(tracker);
    for (let i = 0; i < tokens.length;) {
      const first = tokens[i];
      const p = first
        ? byFirst.get(first.norm)?.find(({ norm }) => norm.every((n, k) => tokens[i + k]?.norm === n))
        : undefined;
      const last = p ? tokens[i + p.norm.length - 1] : undefined;
      if (!p || !first || !last) {
        i++;
        continue;
      }
      matches.push({ tracker, phrase: p.phrase, first, last, at: i, order });
      i += p.norm.length;
    }
  });
  return matches.sort((a, b) => a.at - b.at || a.order - b.order);
}

/** The tokens of words (each word is one index; "price-match" is two tokens of one word). */
function wordTokens(words: readonly string[]): Token[] {
  const tokens: Token[] = [];
  words.forEach((w, word) => {
    for (const norm of trackerWords(w)) tokens.push({ norm, word, from: 0, to: 0 });
  });
  return tokens;
}

/** The tokens of a text, each with its character range (`word` numbers the runs). */
function textTokens(text: string): Token[] {
  const tokens: Token[] = [];
  let word = 0;
  for (const m of text.matchAll(WORD_RUN)) {
    for (const norm of trackerWords(m[0]))
      tokens.push({ norm, word, from: m.index, to: m.index + m[0].length });
    word++;
  }
  return tokens;
}

/**
 * The tracker phrases said in `words` (each a word as transcribed, e.g. Whisper's words), by a speaker
 * of `role`: one match per tracker per starting word (its longest phrase there); matches of one
 * tracker never overlap. In word order, then tracker order.
 */
export function matchTrackers(
  trackers: readonly TrackerRule[],
  words: readonly string[],
  role: SpeakerRole,
): TrackerMatch[] {
  return matchTokens(trackers, wordTokens(words), role).map((m) => ({
    trackerId: m.tracker.id,
    trackerName: m.tracker.name,
    phrase: m.phrase,
    firstWord: m.first.word,
    lastWord: m.last.word,
  }));
}

/** A tracker hit in a text: the characters it spans. */
export interface TextTrackerMatch {
  trackerId: string;
  trackerName: string;
  phrase: string;
  /** Character range in the text, end exclusive. */
  from: number;
  to: number;
  /** First and last word (runs of letters and digits, counted from 0) of the match, inclusive. */
  firstWord: number;
  lastWord: number;
}

/** {@link matchTrackers} over a text (a caption, a segment without word times). */
export function matchTrackersInText(
  trackers: readonly TrackerRule[],
  text: string,
  role: SpeakerRole,
): TextTrackerMatch[] {
  return matchTokens(trackers, textTokens(text), role).map((m) => ({
    trackerId: m.tracker.id,
    trackerName: m.tracker.name,
    phrase: m.phrase,
    from: m.first.from,
    to: m.last.to,
    firstWord: m.first.word,
    lastWord: m.last.word,
  }));
}

/** A piece of a text: plain (no tracker) or said words of these trackers' phrases. */
export interface HighlightPart {
  text: string;
  /** Names of the trackers whose phrase this is (empty: not a hit). */
  trackers: string[];
}

/**
 * `text` cut into plain parts and tracker hits (a multi-word hit is one part, punctuation between its
 * words included; overlapping hits of different trackers are cut where they meet). Joined, the parts
 * are `text` again.
 */
export function highlightTrackers(
  trackers: readonly TrackerRule[],
  text: string,
  role: SpeakerRole,
): HighlightPart[] {
  const hits = matchTrackersInText(trackers, text, role);
  if (hits.length === 0) return text ? [{ text, trackers: [] }] : [];
  const cuts = [...new Set([0, text.length, ...hits.flatMap((h) => [h.from, h.to])])].sort((a, b) => a - b);
  const parts: HighlightPart[] = [];
  for (let i = 0; i + 1 < cuts.length; i++) {
    const from = cuts[i]!;
    const to = cuts[i + 1]!;
    const names = [...new Set(hits.filter((h) => h.from <= from && h.to >= to).map((h) => h.trackerName))];
    const prev = parts.at(-1);
    if (prev && prev.trackers.join('\n') === names.join('\n')) prev.text += text.slice(from, to);
    else parts.push({ text: text.slice(from, to), trackers: names });
  }
  return parts;
}

/**
 * The tracker hits of one transcript segment, each at its first word's start: matched on the
 * segment's word timestamps when it has them, else on its text (each hit's time then estimated from
 * where it is in the text, between the segment's start and end). Hits of one tracker in one segment
 * have distinct times (a later one at least 1 ms after the one before), so stored hits keyed by
 * (segment, tracker, time) count every one.
 */
export function segmentTrackerHits(
  trackers: readonly TrackerRule[],
  segment: { text: string; startMs: number; endMs?: number; words?: readonly TimedWord[] | null },
  role: SpeakerRole,
): TimedTrackerMatch[] {
  const words = segment.words?.length ? segment.words : null;
  let timed: TimedTrackerMatch[];
  if (words) {
    timed = matchTrackers(
      trackers,
      words.map((w) => w.text),
      role,
    ).map((m) => ({ ...m, atMs: words[m.firstWord]?.startMs ?? segment.startMs }));
  } else {
    const span = Math.max(0, (segment.endMs ?? segment.startMs) - segment.startMs);
    const length = Math.max(1, segment.text.length);
    timed = matchTrackersInText(trackers, segment.text, role).map(({ from, to: _to, ...m }) => ({
      ...m,
      atMs: segment.startMs + Math.floor((span * from) / length),
    }));
  }
  const last = new Map<string, number>();
  return timed.map((m) => {
    const before = last.get(m.trackerId);
    const atMs = before !== undefined && m.atMs <= before ? before + 1 : Math.round(m.atMs);
    last.set(m.trackerId, atMs);
    return { ...m, atMs };
  });
}
