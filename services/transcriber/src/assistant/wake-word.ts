import { editDistance } from '@booth/shared';

/**
 * The hands-free wake phrase ("hey booth"), matched against what Whisper made of an utterance.
 *
 * Whisper spells the phrase many ways ("Hey Booth.", "hey, booth!", "Hey boot", "hey booths", "a booth",
 * "hey, Buth", "Heybooth"), so each phrase word is matched with a small edit distance, on the word as
 * written and on a vowel-collapsed skeleton ("booth" and "buth" are both `bath`). The match is measured:
 * it must be at the very start of the utterance (after at most one hesitation such as "um"), every
 * word of the phrase must match in order, and the phrase's last word (the name) must be close, so
 * "they booked the booth", "hey Bob" or "booth is booked" do not wake the assistant.
 */

export interface WakeMatch {
  /** The utterance starts with the wake phrase. */
  woke: boolean;
  /** What follows the phrase, punctuation at its start trimmed ("" when nothing or not woken). */
  command: string;
}

/** Hesitations Whisper writes before the phrase; one of them may precede it. */
const FILLERS = new Set(['oh', 'um', 'uh', 'uhm', 'erm', 'hmm']);

interface Token {
  /** Lowercase letters and digits only. */
  norm: string;
  /** Index in the original text just after the token. */
  end: number;
}

function tokens(text: string): Token[] {
  const out: Token[] = [];
  for (const m of text.matchAll(/[\p{L}\p{N}][\p{L}\p{N}'’]*/gu)) {
    const norm = m[0]
      .normalize('NFKD')
      .toLowerCase()
      .replace(/[^a-z0-9]/g, '');
    if (norm) out.push({ norm, end: (m.index ?? 0) + m[0].length });
  }
  return out;
}

/** Vowel runs (y counts as one) collapsed to `a`: what survives Whisper's vowel guesses. */
const skeleton = (w: string) => w.replace(/[aeiouy]+/g, 'a');

/** Edits a word of `length` letters may be off by. */
const tolerance = (length: number) => (length >= 7 ? 2 : 1);

/**
 * Whether `word` is an acceptable spelling of phrase word `target`: within the tolerance as written,
 * or on the skeleton when both start alike (so "the" is not "hey", but "hi" is). A leading "h" may be
 * dropped ("a booth" for "hey booth").
 */
function sounds(word: string, target: string): boolean {
  const tol = tolerance(target.length);
  const variants = target.length > 2 && target.startsWith('h') ? [target, target.slice(1)] : [target];
  return variants.some((t) => {
    if (editDistance(word, t) <= tol) return true;
    const sw = skeleton(word);
    const st = skeleton(t);
    return sw[0] === st[0] && editDistance(sw, st) <= tol;
  });
}

/**
 * Everyday words a phrase word is close to but that say something else: "Hey, both of you" is not
 * "Hey Booth" (the bench's near misses).
 */
const LOOKALIKES: Record<string, ReadonlySet<string>> = {
  booth: new Set(['both', 'bath', 'boat', 'bought', 'booked']),
};

/** Phrase tokens matched at `start`: how many utterance tokens they took, or 0 when they do not match. */
function matchAt(words: Token[], start: number, phrase: string[]): number {
  // Word by word: "hey booth".
  const ok = phrase.every((p, i) => {
    const w = words[start + i];
    return w !== undefined && !LOOKALIKES[p]?.has(w.norm) && sounds(w.norm, p);
  });
  if (ok) return phrase.length;
  // Written as one word: "heybooth".
  const joined = phrase.join('');
  const first = words[start];
  if (phrase.length > 1 && first && editDistance(first.norm, joined) <= tolerance(joined.length)) return 1;
  return 0;
}

/**
 * Matches the wake `phrase` (e.g. ASSISTANT_WAKE_PHRASE, "hey booth") at the start of `text` (a
 * Whisper transcript). Pure: no state, no I/O.
 *
 * @returns `woke` and the command that follows the phrase in the same utterance ("" if none).
 */
export function matchWake(text: string, phrase: string): WakeMatch {
  const target = tokens(phrase).map((t) => t.norm);
  const words = tokens(text);
  if (target.length === 0 || words.length === 0) return { woke: false, command: '' };
  const starts = FILLERS.has(words[0]!.norm) ? [0, 1] : [0];
  for (const start of starts) {
    const taken = matchAt(words, start, target);
    if (taken === 0) continue;
    const end = words[start + taken - 1]!.end;
    const command = text
      .slice(end)
      .replace(/^[\s\p{P}\p{S}]+/u, '')
      .trim();
    return { woke: true, command };
  }
  return { woke: false, command: '' };
}

/** The phrase as Whisper should spell it, for the initial prompt ("hey booth" → "Hey Booth"). */
export function wakePhrasePrompt(phrase: string): string {
  return phrase
    .trim()
    .split(/\s+/)
    .map((w) => w.charAt(0).toUpperCase() + w.slice(1).toLowerCase())
    .join(' ');
}
