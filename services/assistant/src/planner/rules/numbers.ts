/** Small counts as said ("seven", "a couple of", "30"), for "the last seven days". */

const WORDS: Record<string, number> = {
  a: 1,
  an: 1,
  one: 1,
  two: 2,
  three: 3,
  four: 4,
  five: 5,
  six: 6,
  seven: 7,
  eight: 8,
  nine: 9,
  ten: 10,
  eleven: 11,
  twelve: 12,
  thirteen: 13,
  fourteen: 14,
  fifteen: 15,
  twenty: 20,
  thirty: 30,
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
