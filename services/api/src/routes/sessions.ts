import { randomBytes } from 'node:crypto';
import { Router } from 'express';
import { badRequest, conflict, inviteColumns, jobIds, joinUrl, newInvite, notFound } from '@booth/shared';
import { contactRefSelect, sessionsApi } from '@booth/shared/api';
import type { ApiContext } from '../context';
import { serve } from '../endpoint';
import { inviteSelect } from '../invites';
import { sessionControlRoutes } from './session-control';

/** Every session column except the invite hash (its bounds and use count are shown). */
export const sessionSelect = {
  id: true,
  roomName: true,
  kind: true,
  status: true,
  contactId: true,
  livekitSid: true,
  createdAt: true,
  startedAt: true,
  endedAt: true,
  ...inviteSelect,
} as const;

/**
 * /api/sessions (mounted behind requireAdmin): open a room, list them (by kind, status and contact),
 * one with everything recorded about it, its transcript, and analysing an ended call again. Ending a
 * session and its invite: session-control.ts.
 */
export function sessionRoutes(ctx: ApiContext): Router {
  const r = Router();
  r.use(sessionControlRoutes(ctx));

  /** Opens a room of a kind; consultations get a one-time-visible client invite code. */
  serve(r, sessionsApi.create, async ({ body: { kind, contactId, invite } }) => {
    if (contactId && !(await ctx.db.contact.findUnique({ where: { id: contactId }, select: { id: true } }))) {
      throw badRequest('invalid request', [{ path: 'contactId', message: 'no such contact' }]);
    }
    const roomName = `${kind}-${randomBytes(6).toString('hex')}`;
    const fresh = kind === 'consultation' ? newInvite() : undefined;
    const session = await ctx.db.session.create({
      data: { roomName, kind, contactId, ...(fresh ? inviteColumns(fresh.hash, invite ?? {}) : {}) },
      select: sessionSelect,
    });
    return fresh
      ? { ...session, inviteCode: fresh.code, joinUrl: joinUrl(ctx.config.PUBLIC_URL, roomName, fresh.code) }
      : session;
  });

  serve(r, sessionsApi.list, async ({ query: { kind, status, contactId, limit, offset } }) => {
    const where = {
      ...(kind ? { kind } : {}),
      ...(contactId ? { contactId } : {}),
      ...(status === 'ended'
        ? { status: 'ended' as const }
        : status === 'active'
          ? { status: { not: 'ended' as const } }
          : {}),
    };
    const [sessions, total] = await Promise.all([
      ctx.db.session.findMany({
        where,
        select: { ...sessionSelect, contact: contactRefSelect },
        orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
        take: limit,
        skip: offset,
      }),
      ctx.db.session.count({ where }),
    ]);
    return { sessions, total, limit, offset };
  });

  serve(r, sessionsApi.get, async ({ params: { id } }) => {
    const session = await ctx.db.session.findUnique({
      where: { id },
      select: {
        ...sessionSelect,
        contact: true,
        participants: { orderBy: { joinedAt: 'asc' } },
        analysis: true,
        gaps: { orderBy: { fromMs: 'asc' } },
        suggestions: { orderBy: { atMs: 'asc' } },
        notes: { orderBy: { createdAt: 'asc' }, include: { author: { select: { id: true, name: true } } } },
        tasks: { orderBy: { createdAt: 'asc' } },
      },
    });
    if (!session) throw notFound('session not found');
    return session;
  });

  /**
   * POST /api/sessions/:id/analysis — analyse an ended call again after its analysis failed (say the
   * LLM was down for longer than the retries): the kept failed job is retried with fresh attempts, or
   * queued if there is none. 409 while the call goes on or once its analysis is completed.
   */
  serve(r, sessionsApi.retryAnalysis, async ({ params: { id } }) => {
    const session = await ctx.db.session.findUnique({ where: { id }, include: { analysis: true } });
    if (!session) throw notFound('session not found');
    if (session.status !== 'ended') throw conflict('the call has not ended yet');
    if (session.analysis?.status === 'completed') throw conflict('this call is analysed already');
    // Bounded: with Redis down this is a 503 at once, not a request that hangs for the outage.
    const state = await ctx.queues.analysis.withRedis(async (queue) => {
      const job = await queue.getJob(jobIds.analysis({ sessionId: id }));
      const state = job ? await job.getState() : undefined;
      if (job && state === 'failed') {
        await job.retry('failed', { resetAttemptsMade: true, resetAttemptsStarted: true });
      } else if (!job || state === 'completed' || state === 'unknown') {
        await job?.remove();
        await ctx.queues.analysis.add({ sessionId: id });
      }
      return state;
    });
    return { sessionId: id, queued: true as const, previous: state ?? null };
  });

  serve(r, sessionsApi.transcript, async ({ params: { id } }) => {
    if (!(await ctx.db.session.findUnique({ where: { id }, select: { id: true } }))) {
      throw notFound('session not found');
    }
    const segments = await ctx.db.transcriptSegment.findMany({
      where: { sessionId: id, final: true },
      orderBy: [{ startMs: 'asc' }, { id: 'asc' }],
    });
    return { sessionId: id, segments };
  });
  return r;
}
