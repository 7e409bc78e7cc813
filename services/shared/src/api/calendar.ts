import { z } from 'zod';
import { endpoint } from './contract';
import { calendarDate } from './fields';
import { LEAD_STATUSES } from './contacts';

/** The longest range one calendar request covers (a year and a bit: a year view with its edges). */
export const MAX_CALENDAR_DAYS = 400;

const DAY_MS = 86_400_000;
/** Days from `from` to `to` inclusive (both real `YYYY-MM-DD` days). */
export const daysBetween = (from: string, to: string) =>
  Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / DAY_MS) + 1;

/** An event on a day: the contact whose event it is. */
export const calendarEventSchema = z.object({
  contactId: z.string(),
  name: z.string(),
  leadStatus: z.enum(LEAD_STATUSES),
  eventType: z.string().nullable(),
  venue: z.string().nullable(),
  guestCount: z.number().nullable(),
});
export type CalendarEvent = z.output<typeof calendarEventSchema>;

/**
 * A day with events: `booked` (lead status booked: the date is taken) and `tentative` (new,
 * contacted or qualified leads for that date: it may be taken soon). Lost leads are left out.
 */
export const calendarDaySchema = z.object({
  date: z.string(),
  booked: z.array(calendarEventSchema),
  tentative: z.array(calendarEventSchema),
});
export type CalendarDay = z.output<typeof calendarDaySchema>;

const get = endpoint({
  method: 'GET',
  path: '/api/calendar',
  summary: `Events from \`from\` to \`to\` (inclusive, at most ${MAX_CALENDAR_DAYS} days), by day: booked and tentative; days not listed are free.`,
  query: z.object({ from: calendarDate(), to: calendarDate() }).superRefine(({ from, to }, ctx) => {
    const days = daysBetween(from, to);
    if (days < 1) ctx.addIssue({ code: 'custom', path: ['to'], message: 'must not be before `from`' });
    else if (days > MAX_CALENDAR_DAYS)
      ctx.addIssue({
        code: 'custom',
        path: ['to'],
        message: `the range covers at most ${MAX_CALENDAR_DAYS} days`,
      });
  }),
  response: z.object({
    from: z.string(),
    to: z.string(),
    /** Only days with events, in order. */
    days: z.array(calendarDaySchema),
  }),
});

/** The event calendar (/api/calendar). */
export const calendarApi = { get };
