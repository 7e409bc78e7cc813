import { cleanUtterance } from './rules/text';

/**
 * Reading the admin's answer to a proposal ("yes", "cancel") or to a "which one?" question ("the
 * second one", "Sarah Lee"), spoken or typed, wake phrase and punctuation tolerated.
 */

/** The answer as bare lowercase words. */
function words(text: string): string {
  return cleanUtterance(text)
    .toLowerCase()
    .replace(/[^\p{L}\p{N}' ]+/gu, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

const NO =
  /\b(?:no|nope|nah|naw|cancel|stop|don't|dont|do\s+not|never\s*mind|forget\s+it|abort|hold\s+on|hold\s+off|scratch\s+that|not\s+now|not\s+yet|incorrect|wrong|negative|leave\s+it|undo|wait)\b/;
const YES =
  /^(?:yes|yeah|yea|yep|yup|ya|yah|yes\s+please|sure|sure\s+thing|ok|okay|k|confirm|confirmed|correct|right|that's\s+right|that\s+is\s+right|go\s+ahead|do\s+it|go\s+for\s+it|please\s+do|please|affirmative|absolutely|definitely|of\s+course|sounds\s+good|perfect|great|send\s+it|proceed|alright|all\s+right|fine|uh\s+huh|mhm|mm\s+hmm|yes\s+sir|exactly|that's\s+it|that's\s+the\s+one|looks\s+good|make\s+it\s+so|approved?|let's\s+do\s+it)\b/;
/** Longest "yes" taken: more words than this is a new request that happens to start with "ok". */
const MAX_YES_WORDS = 6;

/**
 * `yes` or `no` when `text` answers a proposal ("yeah do it", "confirm", "go ahead" / "no",
 * "cancel", "never mind", "wait no"), undefined when it is something else. Any "no" word wins: "yes,
 * wait, no" is a no.
 */
export function parseConfirmation(text: string): 'yes' | 'no' | undefined {
  const w = words(text);
  if (!w) return undefined;
  if (NO.test(w)) return 'no';
  if (YES.test(w) && w.split(' ').length <= MAX_YES_WORDS) return 'yes';
  return undefined;
}

const ORDINALS: Record<string, number> = {
  first: 1,
  '1st': 1,
  one: 1,
  second: 2,
  '2nd': 2,
  two: 2,
  third: 3,
  '3rd': 3,
  three: 3,
  fourth: 4,
  '4th': 4,
  four: 4,
  fifth: 5,
  '5th': 5,
  five: 5,
  sixth: 6,
  '6th': 6,
  six: 6,
  seventh: 7,
  seven: 7,
  eighth: 8,
  eight: 8,
  ninth: 9,
  nine: 9,
  tenth: 10,
  ten: 10,
};

/** The position `w` picks (1-based; `-1` for "the last one"), or undefined. */
function positionOf(w: string): number | undefined {
  const numbered = /\b(?:number|no|option|choice|#)\s*(\d{1,2}|[a-z]+)\b/.exec(w);
  if (numbered?.[1]) return /^\d+$/.test(numbered[1]) ? Number(numbered[1]) : ORDINALS[numbered[1]];
  const ordinal =
    /\b(first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|1st|2nd|3rd|4th|5th|6th|last|latter|former)\b/.exec(
      w,
    );
  if (ordinal?.[1]) {
    if (ordinal[1] === 'last' || ordinal[1] === 'latter') return -1;
    if (ordinal[1] === 'former') return 1;
    return ORDINALS[ordinal[1]];
  }
  // The answer is just a number: "2", "two", "the 2 one".
  const bare = /^(?:the\s+)?(\d{1,2}|one|two|three|four|five|six|seven|eight|nine|ten)(?:\s+one)?$/.exec(w);
  if (bare?.[1]) return /^\d+$/.test(bare[1]) ? Number(bare[1]) : ORDINALS[bare[1]];
  return undefined;
}

const FILLER_WORDS = new Set(
  "the one i mean meant it's its it is that's that is i said said want choose pick go with please contact for".split(
    ' ',
  ),
);
const tokens = (s: string) =>
  s
    .toLowerCase()
    .split(/[^\p{L}\p{N}']+/u)
    .filter(Boolean);

/**
 * Which of `choices` the admin picked: by position ("the second one", "number 2", "the first", "the
 * last one") or by name ("Sarah Lee"; "Lee" when only one choice has that word in its name). The
 * picked choice's id, or undefined when the answer picks none or several.
 */
export function parseChoice(
  text: string,
  choices: readonly { id: string; name: string }[],
): string | undefined {
  const w = words(text);
  if (!w || choices.length === 0) return undefined;
  const exact = choices.filter((c) => tokens(c.name).join(' ') === tokens(w).join(' '));
  if (exact.length === 1) return exact[0]?.id;

  const said = tokens(w)
    .map((t) => t.replace(/'s$/, ''))
    .filter((t) => !FILLER_WORDS.has(t));
  if (said.length > 0) {
    const matching = choices.filter((c) => {
      const name = tokens(c.name);
      return said.every((t) => name.includes(t));
    });
    if (matching.length === 1) return matching[0]?.id;
    if (matching.length > 1) return undefined;
  }

  const position = positionOf(w);
  if (position === undefined) return undefined;
  const index = position === -1 ? choices.length - 1 : position - 1;
  return choices[index]?.id;
}
