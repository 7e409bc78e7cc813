import { NUMBER_WORDS } from '@booth/shared';

/** Small counts as said ("seven", "a couple of", "30"), for "the last seven days". */

const WORDS: Record<string, number> = {
  ...NUMBER_WORDS,
  a: 1,
  an: 1,
  'a couple of': 2,
  'a couple': 2,
  couple: 2,
  'a few': 3,
  few: 3,
};

/** The words `countOf` reads, as a regex alternative (digits included). */
export const COUNT = `(?:\\d{1,3}|${Object.keys(WORDS)
  .sort((a, b) => b.length - a.length)
  .join('|')})`;

/** "7" → 7, "seven" → 7, "a couple of" → 2; undefined when it is not a count. */
export function countOf(word: string): number | undefined {
  const w = word.trim().toLowerCase();
  if (/^\d{1,3}$/.test(w)) return Number(w);
  return WORDS[w];
}
