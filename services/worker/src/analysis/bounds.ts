/**
 * What a call may set on a contact. A caller's words are input like any other: "two million
 * guests", "our budget is $25,000,000" or a date in year 0000 is a mishearing or a joke, and a value
 * outside these ranges is dropped with its reason (the analysis's `dropped`), never written. The API
 * takes the same ranges for an admin's edits (services/api/src/fields.ts).
 */
export const LIMITS = {
  /** Guests at one event. */
  guestCount: { min: 1, max: 10_000 },
  /** The client's budget, in whole currency units (cents on the contact: at most 1 000 000 000). */
  budget: { min: 1, max: 10_000_000 },
  /** Event and due dates: from the day of the call to this many years after it. */
  yearsAhead: 10,
} as const;

export type BoundedNumber = 'guestCount' | 'budget';

const amount = (n: number) => n.toLocaleString('en-US');

/** Why `value` cannot be the call's guest count or budget, or undefined when it can. */
export function numberProblem(field: BoundedNumber, value: number): string | undefined {
  const { min, max } = LIMITS[field];
  const shown = (n: number) => (field === 'budget' ? `$${amount(n)}` : `${amount(n)} guests`);
  if (!Number.isFinite(value)) return 'not a number';
  if (field === 'guestCount' && !Number.isInteger(value)) return 'not a whole number of guests';
  if (value < min) return `less than ${shown(min)}`;
  if (value > max) return `more than ${shown(max)}, the most a call can set`;
  return undefined;
}

/** Whether `day` is a real `YYYY-MM-DD` calendar day (2027-02-30 and year 0000 are not). */
export function isCalendarDay(day: string): boolean {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(day);
  if (!m) return false;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  if (y < 1) return false;
  const date = new Date(0);
  date.setUTCFullYear(y, mo - 1, d); // unlike Date.UTC, keeps years 1-99 as they are
  return date.getUTCFullYear() === y && date.getUTCMonth() === mo - 1 && date.getUTCDate() === d;
}

/** The last day a call on `callDay` (`YYYY-MM-DD`) can set as an event or due date. */
export function lastDayFor(callDay: string): string {
  return `${String(Number(callDay.slice(0, 4)) + LIMITS.yearsAhead).padStart(4, '0')}${callDay.slice(4)}`;
}

/** Why `day` cannot be the event date of a call on `callDay`, or undefined when it can. */
export function dateProblem(day: string, callDay: string): string | undefined {
  if (!isCalendarDay(day)) return 'not a calendar date';
  if (day < callDay) return 'before the day of the call';
  if (day > lastDayFor(callDay)) return `more than ${LIMITS.yearsAhead} years after the call`;
  return undefined;
}
