import { Router } from 'express';
import { notFound } from '@booth/shared';
import { CONTEXT_NOTES, CONTEXT_PAST_CALLS, contactRefSelect, sessionContextApi } from '@booth/shared/api';
import type { ApiContext } from '../context';
import { serve } from '../endpoint';
import { businessDay, talkingPoints } from '../talking-points';

const withContact = { include: { contact: contactRefSelect } } as const;

/**
 * GET /api/sessions/:id/context (behind requireAdmin): what the admin has at hand in a call or
 * consultation, read fresh on each request (the panel reloads it after an action changes the record).
 */
export function sessionContextRoutes(ctx: ApiContext): Router {
  const r = Router();
  serve(r, sessionContextApi.get, async ({ params: { id } }) => {
    const session = await ctx.db.session.findUnique({ where: { id }, select: { id: true, contactId: true } });
    if (!session) throw notFound('session not found');
    const empty = {
      sessionId: id,
      contact: null,
      quotes: [],
      invoices: [],
      contracts: [],
      openTasks: [],
      notes: [],
      pastCalls: [],
      talkingPoints: [],
    };
    if (!session.contactId) return empty;
    const contact = await ctx.db.contact.findUnique({
      where: { id: session.contactId },
      include: {
        quotes: { orderBy: { createdAt: 'desc' }, ...withContact },
        invoices: { orderBy: { createdAt: 'desc' }, ...withContact },
        contracts: { orderBy: { createdAt: 'desc' }, ...withContact },
        tasks: {
          where: { done: false },
          orderBy: [{ dueDate: { sort: 'asc', nulls: 'last' } }, { createdAt: 'asc' }],
          ...withContact,
        },
        notes: {
          orderBy: { createdAt: 'desc' },
          take: CONTEXT_NOTES,
          include: { author: { select: { id: true, name: true } } },
        },
        sessions: {
          where: { id: { not: id }, status: 'ended', kind: { in: ['call', 'consultation'] } },
          orderBy: [{ startedAt: { sort: 'desc', nulls: 'last' } }, { createdAt: 'desc' }],
          take: CONTEXT_PAST_CALLS,
          select: {
            id: true,
            kind: true,
            startedAt: true,
            endedAt: true,
            analysis: { select: { summary: true, sentiment: true } },
          },
        },
      },
    });
    // The contact was deleted during the call: the session's link is gone with it.
    if (!contact) return empty;
    const { quotes, invoices, contracts, tasks, notes, sessions, ...fields } = contact;
    return {
      sessionId: id,
      contact: fields,
      quotes,
      invoices,
      contracts,
      openTasks: tasks,
      notes,
      pastCalls: sessions.map(({ analysis, ...s }) => ({
        ...s,
        summary: analysis?.summary ?? null,
        sentiment: analysis?.sentiment ?? null,
      })),
      talkingPoints: talkingPoints(
        { contact: fields, quotes, invoices, contracts, tasks },
        businessDay(ctx.config.BOOTH_TIME_ZONE),
      ),
    };
  });
  return r;
}
