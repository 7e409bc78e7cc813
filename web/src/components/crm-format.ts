/** How the CRM pages show amounts, days and times (the browser's locale; days never shift a day). */

/** `cents` in `currency`; a code the browser does not know is shown as is. */
export function money(cents: number, currency = 'USD'): string {
  try {
    return new Intl.NumberFormat(undefined, { style: 'currency', currency }).format(cents / 100);
  } catch {
    return `${(cents / 100).toFixed(2)} ${currency}`;
  }
}

/** A `YYYY-MM-DD` day as the locale writes it. Days are calendar days: read as UTC so none moves. */
export function formatDay(day: string, opts: Intl.DateTimeFormatOptions = { dateStyle: 'medium' }): string {
  const d = new Date(`${day}T00:00:00Z`);
  return Number.isNaN(d.getTime()) ? day : d.toLocaleDateString(undefined, { ...opts, timeZone: 'UTC' });
}

/** An ISO timestamp in the browser's time zone. */
export function formatTime(iso: string): string {
  const d = new Date(iso);
  return Number.isNaN(d.getTime())
    ? iso
    : d.toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' });
}

const pad = (n: number) => String(n).padStart(2, '0');

/** The browser's today as `YYYY-MM-DD`: what "due today" means to the admin looking. */
export function localToday(now = new Date()): string {
  return `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`;
}

/** `value` if it is one of `allowed` (a query parameter from the URL), else `fallback`. */
export function oneOf<T extends string>(value: string | null, allowed: readonly T[], fallback: T): T {
  return allowed.includes(value as T) ? (value as T) : fallback;
}

/** A non-negative integer from the URL (`?offset=50`), else 0. */
export function offsetParam(value: string | null): number {
  const n = Number(value);
  return Number.isInteger(n) && n > 0 ? n : 0;
}

/** Label for an enum value (`booked` → `Booked`). */
export const label = (s: string) => (s ? s[0]!.toUpperCase() + s.slice(1) : s);
