/**
 * Cleaning an utterance before the rules read it: what Whisper and people add around a command
 * (the wake phrase and its mishearings, "um", "please", "can you", sentence punctuation) goes; the
 * words, and the capitalisation names are said with, stay.
 */

/** "Hey Booth", "hey boot", "OK Booth", "Booth" at the start, with the punctuation Whisper puts after it. */
const WAKE = /^(?:(?:hey|hi|hello|ok|okay|yo|oi)[\s,.!]+)?(?:booth|boot|boothe|bouth|booze)\b[\s,.!?:;-]*/i;
/** ", Booth" at the end ("thanks, Booth"). */
const WAKE_END = /[\s,]*,\s*(?:hey\s+)?(?:booth|boot)\s*$/i;
/** Hesitations, wherever they fall, with the comma after them. */
const FILLER = /\b(?:um+|uh+|uhm+|erm+|er|hmm+|ah+)\b[,.]?\s*/gi;
/** Openers that carry no meaning ("so", "okay so", "alright") when more follows. */
const OPENER = /^(?:so|okay|ok|alright|all right|right|well|now|and|actually|just|hey)\b[\s,]+(?=\S)/i;
/** Politeness and "I want to" before the command itself. */
const POLITE =
  /^(?:(?:can|could|would|will) you(?: please)?|please|kindly|go ahead and|i want to|i'd like to|i would like to|i wanna|i wish to|help me)\b[\s,]*/i;
/** Politeness and padding at the end. */
const TRAILING =
  /[\s,]+(?:please|thanks|thank you|for me|real quick|right now|now|quickly|if you can|if you could)\s*$/i;

/** Drops one match of `re` at a time until nothing more matches. */
function stripAll(text: string, re: RegExp): string {
  let out = text;
  for (let prev = ''; prev !== out;) {
    prev = out;
    out = out.replace(re, '').trim();
  }
  return out;
}

/**
 * The utterance as the rules read it: wake phrase, fillers, politeness and sentence punctuation
 * removed, whitespace collapsed, apostrophes made straight. A sentence break inside becomes a comma
 * ("Mark Marcus as lost. He went…" → "Mark Marcus as lost, He went…").
 */
export function cleanUtterance(raw: string): string {
  let s = raw
    .replace(/[\u2018\u2019\u02bc]/g, "'")
    .replace(/[\u201c\u201d]/g, '"')
    .replace(/\s+/g, ' ')
    .trim();
  s = s.replace(/(?<!\b(?:Mr|Mrs|Ms|Dr|St|Jr))[.?!…]+(?=\s|$)/g, ',').replace(/,\s*$/, '');
  s = s.replace(/["“”]/g, '');
  s = s.replace(FILLER, '').trim();
  s = s.replace(/^[\s,.;:!?-]+/, '');
  for (let prev = ''; prev !== s;) {
    prev = s;
    s = s.replace(WAKE, '').replace(WAKE_END, '').trim();
    s = stripAll(s, OPENER);
    s = stripAll(s, POLITE);
    s = stripAll(s, TRAILING);
    s = s.replace(/^[\s,.;:!?-]+|[\s,.;:!?-]+$/g, '');
  }
  return s
    .replace(/\s*,\s*/g, ', ')
    .replace(/\s+/g, ' ')
    .trim();
}

/** `text` without surrounding separators, spaces and a dangling preposition left by a cut. */
export function tidy(text: string): string {
  let s = text.trim();
  for (let prev = ''; prev !== s;) {
    prev = s;
    s = s
      .replace(/^[\s,.;:!?-]+|[\s,.;:!?-]+$/g, '')
      .replace(/\s+(?:on|by|before|until|till|for|due|at|from|in|since)$/i, '')
      .trim();
  }
  return s;
}

/** Words Whisper capitalises at a sentence's start that are not names ("Follow up with…", "She prefers…"). */
const SENTENCE_WORDS = new Set(
  (
    'follow call check get send email text message ping order book buy update pay confirm ask tell prepare print ' +
    'pick drop review sign finish fix write clean pack load renew invoice remind chase ring reply schedule set ' +
    'make contact meet visit bring take find look see try move cancel add remove put plan arrange organise ' +
    'organize sort draft wants needs prefers likes has is was asked said would will can only no not also ' +
    'she he they we it her his their our my the a an this that there allergic deposit'
  ).split(' '),
);

/** `text` with a sentence-initial capital dropped when the first word is not a name ("Follow up…" → "follow up…"). */
export function unSentenceCase(text: string): string {
  const first = /^[A-Z][a-z']*/.exec(text)?.[0];
  if (!first || !SENTENCE_WORDS.has(first.toLowerCase())) return text;
  return first.toLowerCase() + text.slice(first.length);
}
