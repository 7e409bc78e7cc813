import * as chrono from 'chrono-node';
import { COUNT, countOf } from './numbers';
import { addDays, addMonths, dayDate, isoDay, monthEnd, monthStart, mondayOf, sundayOf } from './days';

/**
 * What a date is for, which decides the day a period stands for:
 * - `since` (contacts created on or after): a period's first day, in the past ("this week" → its
 *   Monday, "Monday" → the last one, "March 3rd" → the last March 3rd); rolling periods count back
 *   ("the last 7 days" → today − 7);
 * - `due` (a new task's day): the coming day ("Friday" → the coming Friday), a future period's first
 *   day ("next week" → its Monday), the end of the current one ("this week" → its Sunday);
 * - `by` (tasks due by): a period's last day ("next week" → its Sunday).
 */
export type DateSense = 'since' | 'due' | 'by';

/** A date found in an utterance: the day and where the words saying it are. */
export interface FoundDate {
  day: string;
  start: number;
  end: number;
}

type Unit = 'day' | 'week' | 'month' | 'year';
type Resolve = (today: string, sense: DateSense, m: RegExpExecArray) => string | undefined;

const unitOf = (word: string | undefined): Unit => {
  const w = (word ?? 'day').toLowerCase();
  return w.startsWith('week')
    ? 'week'
    : w.startsWith('month')
      ? 'month'
      : w.startsWith('year')
        ? 'year'
        : 'day';
};

/** `today` moved by `n` of `unit`. */
function shift(today: string, n: number, unit: Unit): string {
  if (unit === 'day') return addDays(today, n);
  if (unit === 'week') return addDays(today, 7 * n);
  return addMonths(today, unit === 'month' ? n : 12 * n);
}

/** The first and last day of the calendar `unit` containing `day`. */
function period(day: string, unit: Unit): [string, string] {
  if (unit === 'week') return [mondayOf(day), sundayOf(day)];
  if (unit === 'month') return [monthStart(day), monthEnd(day)];
  if (unit === 'year') return [`${day.slice(0, 4)}-01-01`, `${day.slice(0, 4)}-12-31`];
  return [day, day];
}

/** Periods and relative days said in words, read before chrono (which reads them its own way). */
const PERIODS: [RegExp, Resolve][] = [
  [
    /\b(?:the\s+)?end\s+of\s+(?:the\s+|this\s+)?(week|month|year)\b/i,
    (t, _s, m) => period(t, unitOf(m[1]))[1],
  ],
  [
    new RegExp(
      `\\b(?:the\\s+)?(?:last|past|previous)\\s+(${COUNT})\\s+(days?|weeks?|months?|years?)\\b`,
      'i',
    ),
    (t, _s, m) => shift(t, -(countOf(m[1] ?? '') ?? 1), unitOf(m[2])),
  ],
  [
    new RegExp(`\\b(?:the\\s+)?(?:next|coming)\\s+(${COUNT})\\s+(days?|weeks?|months?|years?)\\b`, 'i'),
    (t, _s, m) => shift(t, countOf(m[1] ?? '') ?? 1, unitOf(m[2])),
  ],
  // "the past week", "the last month", "past month": rolling, back from today.
  [/\b(?:the\s+(?:last|past)|past)\s+(week|month|year)\b/i, (t, _s, m) => shift(t, -1, unitOf(m[1]))],
  [
    /\b(this|current|next|coming|last|previous)\s+(week|month|year)\b/i,
    (t, s, m) => {
      const which = (m[1] ?? '').toLowerCase();
      const unit = unitOf(m[2]);
      const offset =
        which === 'next' || which === 'coming' ? 1 : which === 'last' || which === 'previous' ? -1 : 0;
      const [first, last] = period(shift(t, offset, unit), unit);
      if (s === 'since') return first;
      if (s === 'by') return last;
      return offset === 0 ? last : first;
    },
  ],
  [/\bthis\s+weekend\b/i, (t, s) => (s === 'by' ? sundayOf(t) : addDays(mondayOf(t), 5))],
  [/\b(?:the\s+)?day\s+after\s+tomorrow\b/i, (t) => addDays(t, 2)],
  [/\b(?:today|tonight|this\s+(?:morning|afternoon|evening))\b/i, (t) => t],
  [/\b(?:tomorrow|tmrw|tomorow)\b/i, (t) => addDays(t, 1)],
  [/\byesterday\b/i, (t) => addDays(t, -1)],
];

/** Words that may come before a date and belong to it ("by Friday", "due on Monday", "from this week"). */
const LEAD_IN =
  /\b(?:from|in|during|for|since|by|due|on|before|until|till|over|within|starting|as\s+of|of)\s+$/i;

/** `start` moved back over the lead-in words before it. */
function extendBack(text: string, start: number): number {
  let s = start;
  for (;;) {
    const m = LEAD_IN.exec(text.slice(0, s));
    if (!m) return s;
    s = m.index;
  }
}

/** A date chrono finds (weekdays, "March 3rd", "in 3 days"), made to suit `sense`. */
function chronoDate(text: string, today: string, sense: DateSense): FoundDate | undefined {
  const ref = dayDate(today);
  const results = chrono.parse(text, ref, { forwardDate: sense !== 'since' });
  for (const r of results) {
    const c = r.start;
    // A time alone ("at 11", "after 5pm") is not a day.
    if (!c.isCertain('day') && !c.isCertain('weekday') && !c.isCertain('month')) continue;
    let day = isoDay(c.date());
    if (sense === 'since' && day > today) {
      day = c.isCertain('month') ? addMonths(day, -12) : addDays(day, -7);
    }
    return { day, start: r.index, end: r.index + r.text.length };
  }
  return undefined;
}

/** The first date said in `text`, resolved against `today` (`YYYY-MM-DD`) for `sense`. */
export function findDate(text: string, today: string, sense: DateSense): FoundDate | undefined {
  for (const [re, resolve] of PERIODS) {
    const m = re.exec(text);
    if (!m) continue;
    const day = resolve(today, sense, m);
    if (day) return { day, start: m.index, end: m.index + m[0].length };
  }
  return chronoDate(text, today, sense);
}

/** `text` without the words of `found` and the lead-in before them ("call Sarah by Friday" → "call Sarah"). */
export function withoutDate(text: string, found: FoundDate): string {
  const start = extendBack(text, found.start);
  return `${text.slice(0, start)} ${text.slice(found.end)}`.replace(/\s+/g, ' ').replace(/\s+,/g, ',').trim();
}
