/// <reference lib="es2024.string" />
import { z } from 'zod';

/**
 * Zod pieces every route's schema is built from, so what Postgres cannot store is a 400 naming the
 * field instead of a 500: strings without NUL (Postgres text rejects it) and with no lone UTF-16
 * surrogate (jsonb rejects it; text stores U+FFFD), strict calendar dates, bounded integers.
 */

/** Largest budget taken, in cents (ten million in the currency); sane whatever the column's type. */
export const MAX_BUDGET_CENTS = 1_000_000_000;
/** Largest guest count taken: more is a typo, not an event. */
export const MAX_GUESTS = 10_000;
/** Event dates outside these years are typos (year 0000 does not exist in Postgres either). */
export const MIN_YEAR = 1900;
export const MAX_YEAR = 2999;

/** `schema` (a string schema with its own limits) that also refuses NUL and lone surrogates. */
export function safe<S extends z.ZodString>(schema: S) {
  return schema
    .refine((s) => !s.includes('\u0000'), 'must not contain the NUL character')
    .refine((s) => s.isWellFormed(), 'must be well-formed Unicode (no lone surrogates)');
}

/** A string of at most `max` characters, trimmed unless `trim: false`; `min` defaults to 0. */
export const text = (max: number, opts: { min?: number; trim?: boolean } = {}) => {
  const base = opts.trim === false ? z.string() : z.string().trim();
  return safe(base.min(opts.min ?? 0).max(max));
};

/** A row id in a path, query or body: Booth's ids are cuids, test fixtures use slugs. */
export const rowId = () =>
  z
    .string()
    .min(1)
    .max(64)
    .regex(/^[A-Za-z0-9_-]+$/, 'ids use letters, digits, "_" and "-"');

/** `{ id }` from the path. */
export const idParams = z.object({ id: rowId() });

/** An email address as typed (stored lower-cased by the routes that need it). */
export const emailAddress = () => safe(z.string().trim().email().max(254));

/** A real `YYYY-MM-DD` day between {@link MIN_YEAR} and {@link MAX_YEAR}: 2027-02-30 is not one. */
export const calendarDate = () =>
  z
    .string()
    .regex(/^\d{4}-\d{2}-\d{2}$/, 'a YYYY-MM-DD date')
    .refine((d) => isCalendarDay(d), `not a calendar date between ${MIN_YEAR} and ${MAX_YEAR}`);

export function isCalendarDay(day: string): boolean {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(day);
  if (!m) return false;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  if (y < MIN_YEAR || y > MAX_YEAR) return false;
  const date = new Date(Date.UTC(y, mo - 1, d));
  return date.getUTCFullYear() === y && date.getUTCMonth() === mo - 1 && date.getUTCDate() === d;
}

/** A JSON integer in [min, max]; the max is required, so nothing past a column's range gets through. */
export const int = (min: number, max: number) => z.number().int().min(min).max(max);

/** An integer from a query string (`?limit=20`) in [min, max]. */
export const queryInt = (min: number, max: number) => z.coerce.number().int().min(min).max(max);
