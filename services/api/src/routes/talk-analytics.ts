import { Router } from 'express';
import type { Prisma } from '@booth/db';
import { notFound } from '@booth/shared';
import { CONTACT_TALK_CALLS, WEEK_TOP_TRACKERS, talkAnalyticsApi } from '@booth/shared/api';
import type { ApiContext } from '../context';
import { serve } from '../endpoint';
import { TALK_THRESHOLDS } from '../talk-analytics';
import { analyseCalls } from '../talk-calls';
import { callTrend, trackerCounts, weekOf, weekSummary } from '../talk-trends';
import { serverToday } from './tasks';

/** The sessions talk analytics spans: calls and consultations that ended (not assistant or collaboration rooms). */
const endedCalls = {
  status: 'ended' as const,
  kind: { in: ['call' as const, 'consultation' as const] },
} satisfies Prisma.SessionWhereInput;

/** The most calls of a week summed up (far more than a week of a DJ company's calls). */
export const WEEK_CALL_LIMIT = 1_000;

/**
 * Talk analytics (mounted behind requireAdmin): a call's figures (/api/sessions/:id/analytics), how
 * they went across a contact's calls (/api/contacts/:id/talk-analytics) and this week's calls
 * (/api/analytics/week). Computed on request from the stored segments (talk-analytics.ts).
 */
export function talkAnalyticsRoutes(ctx: ApiContext): Router {
  const r = Router();

  serve(r, talkAnalyticsApi.session, async ({ params: { id } }) => {
    const session = await ctx.db.session.findUnique({ where: { id }, select: { id: true, status: true } });
    if (!session) throw notFound('session not found');
    const { talk, hits } = (await analyseCalls(ctx, [id])).get(id)!;
    return {
      sessionId: id,
      status: session.status,
      talkMs: talk.talkMs,
      spanMs: talk.spanMs,
      speakers: talk.speakers,
      sides: talk.sides,
      longestMonologue: talk.longestMonologue,
      responseTime: talk.responseTime,
      trackerHits: trackerCounts(hits),
      thresholds: TALK_THRESHOLDS,
    };
  });

  serve(r, talkAnalyticsApi.contact, async ({ params: { id } }) => {
    if (!(await ctx.db.contact.findUnique({ where: { id }, select: { id: true } })))
      throw notFound('contact not found');
    const sessions = await ctx.db.session.findMany({
      where: { ...endedCalls, contactId: id },
      select: { id: true, roomName: true, kind: true, createdAt: true, startedAt: true },
      orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
      take: CONTACT_TALK_CALLS,
    });
    const oldestFirst = sessions.reverse();
    const analysed = await analyseCalls(
      ctx,
      oldestFirst.map((s) => s.id),
    );
    return {
      contactId: id,
      calls: oldestFirst.map((s) => {
        const { talk, hits } = analysed.get(s.id)!;
        return { sessionId: s.id, ...s, ...callTrend(talk, hits.length) };
      }),
      thresholds: TALK_THRESHOLDS,
    };
  });

  serve(r, talkAnalyticsApi.week, async ({ query }) => {
    const week = weekOf(query.today ?? serverToday());
    const during = { gte: week.from, lt: week.to };
    const sessions = await ctx.db.session.findMany({
      // When a call started; a session never marked started, when it was made.
      where: { ...endedCalls, OR: [{ startedAt: during }, { startedAt: null, createdAt: during }] },
      select: { id: true },
      orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
      take: WEEK_CALL_LIMIT,
    });
    const analysed = await analyseCalls(
      ctx,
      sessions.map((s) => s.id),
    );
    return {
      weekStart: week.weekStart,
      weekEnd: week.weekEnd,
      ...weekSummary([...analysed.values()], WEEK_TOP_TRACKERS),
      thresholds: TALK_THRESHOLDS,
    };
  });
  return r;
}
