import { NUMBER_WORDS } from '@booth/shared';

const UNITS = NUMBER_WORDS;
const SCALES: Record<string, number> = {
  hundred: 100,
  thousand: 1000,
  k: 1000,
  grand: 1000,
  million: 1_000_000,
  billion: 1_000_000_000,
};
const WORD = `(?:${[...Object.keys(UNITS), 'hundred', 'thousand', 'million', 'billion', 'a', 'and'].join('|')})`;

/** A number said in a sentence, with where it was. */
export interface FoundNumber {
  value: number;
  text: string;
  index: number;
}

function wordsToNumber(words: string[]): number | undefined {
  let total = 0;
  let current = 0;
  let seen = false;
  for (const w of words) {
    if (w === 'and') continue;
    if (w === 'a') {
      current = current || 1;
      continue;
    }
    const unit = UNITS[w];
    if (unit !== undefined) {
      current += unit;
      seen = true;
      continue;
    }
    const scale = SCALES[w];
    if (scale === undefined) return undefined;
    seen = true;
    if (scale === 100) current = (current || 1) * 100;
    else {
      total += (current || 1) * scale;
      current = 0;
    }
  }
  return seen ? total + current : undefined;
}

const DIGITS = /\$?\d{1,3}(?:,\d{3})+(?:\.\d+)?|\$?\d+(?:\.\d+)?/g;
const SPELLED = new RegExp(`\\b${WORD}(?:[\\s-]+${WORD})*\\b`, 'gi');

/**
 * Numbers in `text`, as digits ("150", "1,200", "$2,500", "3.5") or words ("a hundred and fifty"),
 * each optionally followed by a scale ("2 thousand", "3k", "five grand", "two million"): read whole,
 * so "two million guests" is two million, not two. Ordinals are not numbers here.
 */
export function findNumbers(text: string): FoundNumber[] {
  const out: FoundNumber[] = [];
  for (const m of text.matchAll(DIGITS)) {
    const after = text.slice(m.index + m[0].length);
    if (/^(st|nd|rd|th)\b/i.test(after)) continue;
    let value = Number(m[0].replace(/[$,]/g, ''));
    const scale = /^\s?(k\b|thousand\b|grand\b|million\b|billion\b)/i.exec(after);
    // Rounded to cents: 1.1 million is 1,100,000, not 1,100,000.0000000002.
    if (scale) value = Math.round(value * SCALES[scale[1]!.toLowerCase()]! * 100) / 100;
    out.push({ value, text: m[0] + (scale?.[0] ?? ''), index: m.index });
  }
  const digits = out.map((n) => [n.index, n.index + n.text.length] as const);
  for (const m of text.matchAll(SPELLED)) {
    // The scale of a digit number ("2 thousand", "$25 million") is part of it, not a number of its own.
    if (digits.some(([from, to]) => m.index >= from && m.index < to)) continue;
    const words = m[0].toLowerCase().split(/[\s-]+/);
    while (words[0] === 'a' || words[0] === 'and') words.shift();
    while (words.at(-1) === 'a' || words.at(-1) === 'and') words.pop();
    if (!words.length) continue;
    const value = wordsToNumber(words);
    if (value === undefined) continue;
    out.push({ value, text: m[0], index: m.index });
  }
  return mergeSpokenParts(
    text,
    out.sort((a, b) => a.index - b.index),
  );
}

/**
 * Whisper writes "one hundred and fifty" as "100 and 50": a round number followed (after an optional
 * "and") by a smaller one is one number.
 */
function mergeSpokenParts(text: string, found: FoundNumber[]): FoundNumber[] {
  const out: FoundNumber[] = [];
  for (const n of found) {
    const prev = out.at(-1);
    if (prev && !prev.text.startsWith('$')) {
      const between = text.slice(prev.index + prev.text.length, n.index);
      const round = prev.value >= 100 && prev.value % 100 === 0;
      const scale = prev.value % 1000 === 0 ? 1000 : 100;
      if (round && n.value < scale && /^\s*(and\s+)?$/i.test(between)) {
        out[out.length - 1] = {
          value: prev.value + n.value,
          text: text.slice(prev.index, n.index + n.text.length),
          index: prev.index,
        };
        continue;
      }
    }
    out.push(n);
  }
  return out;
}
