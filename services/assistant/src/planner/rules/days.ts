/**
 * Calendar arithmetic on `YYYY-MM-DD` days, done on local-midday dates so that no time zone or
 * daylight-saving change moves a day.
 */

/** `2026-12-02` → that day at local noon. */
export function dayDate(day: string): Date {
  const [y, m, d] = day.split('-').map(Number);
  return new Date(y ?? 1970, (m ?? 1) - 1, d ?? 1, 12);
}

/** A date's local day as `YYYY-MM-DD`, the year always four digits. */
export function isoDay(d: Date): string {
  const y = String(d.getFullYear()).padStart(4, '0');
  return `${y}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
}

/** `day` moved by `n` days (negative: back). */
export function addDays(day: string, n: number): string {
  const d = dayDate(day);
  d.setDate(d.getDate() + n);
  return isoDay(d);
}

/** `day` moved by `n` months, the day of the month clamped to the target month's length. */
export function addMonths(day: string, n: number): string {
  const d = dayDate(day);
  const target = new Date(d.getFullYear(), d.getMonth() + n, 1, 12);
  const last = new Date(target.getFullYear(), target.getMonth() + 1, 0, 12).getDate();
  target.setDate(Math.min(d.getDate(), last));
  return isoDay(target);
}

/** The Monday of `day`'s ISO week (weeks start on Monday). */
export function mondayOf(day: string): string {
  return addDays(day, -((dayDate(day).getDay() + 6) % 7));
}

/** The Sunday that ends `day`'s ISO week. */
export function sundayOf(day: string): string {
  return addDays(mondayOf(day), 6);
}

/** The first day of `day`'s month. */
export function monthStart(day: string): string {
  return `${day.slice(0, 7)}-01`;
}

/** The last day of `day`'s month. */
export function monthEnd(day: string): string {
  return addDays(addMonths(monthStart(day), 1), -1);
}
