/** Longest display name shown to others in a room, in user-perceived characters. */
export const DISPLAY_NAME_MAX = 64;

/**
 * What never belongs in a name shown to others: control characters (C0, C1, DEL), format characters
 * (bidi embeddings, overrides, isolates and marks, zero-width space/joiners, word joiner, BOM, soft
 * hyphen, invisible operators), line/paragraph separators, and the invisible Hangul fillers and
 * combining grapheme joiner that render as nothing.
 */
const INVISIBLE = /[\p{Cc}\p{Cf}\p{Cs}\p{Zl}\p{Zp}\u034F\u115F\u1160\u3164\uFFA0]/gu;

const graphemes = new Intl.Segmenter(undefined, { granularity: 'grapheme' });

/**
 * A participant's display name as others see it: NFC-normalised, invisible and direction-changing
 * characters removed, runs of whitespace collapsed to one space, trimmed, cut to
 * {@link DISPLAY_NAME_MAX} characters (never inside a character), and `fallback` when nothing is left.
 */
export function displayName(raw: string | undefined, fallback: string): string {
  const clean = (raw ?? '').normalize('NFC').replace(INVISIBLE, '').replace(/\s+/gu, ' ').trim();
  const cut = [...graphemes.segment(clean)]
    .slice(0, DISPLAY_NAME_MAX)
    .map((g) => g.segment)
    .join('')
    .trim();
  return cut || fallback;
}
