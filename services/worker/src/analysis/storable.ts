import { storableText } from '@booth/shared';
import { isCalendarDay } from './bounds';
import type { CallAnalysis } from './schema';

/** contacts.guest_count is int4. */
const INT4_MAX = 2_147_483_647;

/** `v` with every string in it made {@link storableText} (plain objects and arrays, as JSON holds). */
function cleanStrings<T>(v: T): T {
  if (typeof v === 'string') return storableText(v) as T;
  if (Array.isArray(v)) return v.map(cleanStrings) as T;
  if (v && typeof v === 'object' && Object.getPrototypeOf(v) === Object.prototype) {
    return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, cleanStrings(x)])) as T;
  }
  return v;
}

/** Why a kept field's value cannot go into its contact column, or undefined when it can. */
function columnProblem(a: CallAnalysis, field: 'eventDate' | 'guestCount' | 'budget'): string | undefined {
  const cannot = 'cannot be stored on the contact';
  if (field === 'eventDate')
    return a.eventDate === null || isCalendarDay(a.eventDate) ? undefined : `${cannot}: not a calendar date`;
  if (field === 'guestCount')
    return a.guestCount === null ||
      (Number.isSafeInteger(a.guestCount) && a.guestCount >= 0 && a.guestCount <= INT4_MAX)
      ? undefined
      : `${cannot}: not a whole number it holds`;
  // budget_cents is bigint; served as a JSON number, so it stays an exact (safe) integer.
  return a.budget === null || (a.budget >= 0 && Number.isSafeInteger(Math.round(a.budget * 100)))
    ? undefined
    : `${cannot}: not an amount it holds`;
}

/**
 * The analysis as the write-back can store it, whatever produced it: strings Postgres accepts, and
 * each field its contact column cannot hold (bounds are checked when grounding; this is the last
 * guard) moved to `dropped` with its reason. One unwritable field never fails the whole analysis.
 */
export function storable(analysis: CallAnalysis): CallAnalysis {
  const a = cleanStrings(analysis);
  const dropped = [...a.dropped];
  const out: CallAnalysis = {
    ...a,
    actionItems: a.actionItems.map((i) => ({
      ...i,
      dueDate: i.dueDate && isCalendarDay(i.dueDate) ? i.dueDate : null,
    })),
    dropped,
  };
  for (const field of ['eventDate', 'guestCount', 'budget'] as const) {
    const problem = columnProblem(a, field);
    if (!problem) continue;
    dropped.push({ field, value: a[field], reason: problem });
    out[field] = null;
    delete out.evidence[field];
  }
  return out;
}
