/** "A", "A and B", "A, B and C". */
export function joinWords(words: readonly string[]): string {
  if (words.length <= 1) return words[0] ?? '';
  return `${words.slice(0, -1).join(', ')} and ${words[words.length - 1]}`;
}

/** `n` and the noun, plural when it needs to be: "1 lead", "3 leads". */
export const count = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

/** `YYYY-MM-DD` (or a Date's UTC day) as said: "Monday, November 30". */
export function spokenDay(day: string | Date): string {
  const d = typeof day === 'string' ? new Date(`${day}T12:00:00Z`) : day;
  return d.toLocaleDateString('en-US', { weekday: 'long', month: 'long', day: 'numeric', timeZone: 'UTC' });
}

/** Cents as money: "$1,250" or "$1,250.50". */
export function money(cents: number, currency = 'USD'): string {
  return new Intl.NumberFormat('en-US', {
    style: 'currency',
    currency,
    minimumFractionDigits: cents % 100 === 0 ? 0 : 2,
  }).format(cents / 100);
}

const NUMBER_WORDS = ['zero', 'one', 'two', 'three', 'four', 'five'];

/** Items read aloud before "and N more". */
export const SPOKEN_ITEMS = 3;

/**
 * A list for speech: all of it when short, else the count and the first few
 * ("12 new leads; the first three are A, B and C").
 */
export function spokenList(total: number, noun: string, names: readonly string[]): string {
  if (total === 0) return `No ${noun}.`;
  if (total <= SPOKEN_ITEMS && names.length === total) return `${total} ${noun}: ${joinWords(names)}.`;
  const first = names.slice(0, SPOKEN_ITEMS);
  const few = first.length === 1 ? 'one is' : `${NUMBER_WORDS[first.length] ?? first.length} are`;
  return `${total} ${noun}; the first ${few} ${joinWords(first)}.`;
}
