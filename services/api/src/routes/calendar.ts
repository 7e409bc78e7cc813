import { Router } from 'express';
import { dayToDate } from '@booth/db';
import { calendarApi, type CalendarDay } from '@booth/shared/api';
import type { ApiContext } from '../context';
import { serve } from '../endpoint';

export function calendarRoutes(ctx: ApiContext): Router {
  const r = Router();
  serve(r, calendarApi.get, async ({ query: { from, to } }) => {
    const contacts = await ctx.db.contact.findMany({
      where: {
        eventDate: { gte: dayToDate(from), lte: dayToDate(to) },
        // A lost lead's date is free again.
        leadStatus: { not: 'lost' },
      },
      select: {
        id: true,
        name: true,
        leadStatus: true,
        eventType: true,
        venue: true,
        guestCount: true,
        eventDate: true,
      },
      orderBy: [{ eventDate: 'asc' }, { name: 'asc' }, { id: 'asc' }],
    });
    const days = new Map<string, CalendarDay>();
    for (const c of contacts) {
      const date = c.eventDate!.toISOString().slice(0, 10);
      let day = days.get(date);
      if (!day) days.set(date, (day = { date, booked: [], tentative: [] }));
      const event = {
        contactId: c.id,
        name: c.name,
        leadStatus: c.leadStatus,
        eventType: c.eventType,
        venue: c.venue,
        guestCount: c.guestCount,
      };
      (c.leadStatus === 'booked' ? day.booked : day.tentative).push(event);
    }
    return { from, to, days: [...days.values()] };
  });
  return r;
}
