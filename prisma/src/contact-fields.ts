import type { Prisma } from '../generated/client';

/**
 * The contact columns call analysis fills. An admin's edit of one makes it hand-set (`manualFields`),
 * and analysis leaves it alone from then on.
 */
export const ANALYSED_CONTACT_FIELDS = [
  'eventType',
  'eventDate',
  'guestCount',
  'venue',
  'budgetCents',
  'sentiment',
  'leadStatus',
] as const;
export type AnalysedContactField = (typeof ANALYSED_CONTACT_FIELDS)[number];

/** A `YYYY-MM-DD` day as the Date a `@db.Date` column takes. */
export const dayToDate = (day: string): Date => new Date(`${day}T00:00:00Z`);

/**
 * A column value as it is compared and audited: dates as `YYYY-MM-DD`, bigints (budget_cents) as
 * numbers (JSON has no bigint; the amounts written are bounded far below 2^53), the rest unchanged.
 */
export const auditValue = (v: unknown): unknown =>
  v instanceof Date ? v.toISOString().slice(0, 10) : typeof v === 'bigint' ? Number(v) : v;

/** {@link auditValue} for a JSON column (`contact_changes.old_value`/`new_value`); null is left out. */
export const auditJson = (v: unknown): Prisma.InputJsonValue | undefined =>
  (auditValue(v) ?? undefined) as Prisma.InputJsonValue | undefined;
