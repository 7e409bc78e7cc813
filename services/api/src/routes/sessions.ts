import { Router } from 'express';
import type { Prisma } from '@booth/db';
import { conflict, displayPhone, jobIds, notFound } from '@booth/shared';
import { contactRefSelect, sessionsApi, type PhoneCallFieldsInput } from '@booth/shared/api';
import type { ApiContext } from '../context';
import { serve } from '../endpoint';
import { inviteSelect } from '../invites';
import { openSession } from '../open-session';
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

/** A session's phone-call columns (with startedAt and endedAt: see {@link phoneCallFields}). */
export const phoneCallSelect = {
  phoneNumber: true,
  callDirection: true,
  phoneVia: true,
  answeredBy: { select: { id: true, name: true } },
  answeredAt: true,
  missed: true,
  untranscribedReason: true,
} as const satisfies Prisma.SessionSelect;

/** The task a missed call left (the callback, created when it ended): the session's first. */
export const callbackTaskSelect = {
  tasks: { select: { id: true }, orderBy: [{ createdAt: 'asc' }, { id: 'asc' }], take: 1 },
} satisfies Prisma.SessionSelect;

interface PhoneCallRow {
  startedAt: Date | null;
  endedAt: Date | null;
  phoneNumber: string | null;
  callDirection: 'inbound' | 'outbound' | null;
  phoneVia: 'twilio' | 'sip' | null;
  answeredBy: { id: string; name: string } | null;
  answeredAt: Date | null;
  missed: boolean;
  untranscribedReason: string | null;
}

/**
 * What the session endpoints (and a contact's calls) say of a phone call: its columns, the number as
 * people write it, how long it lasted, and a missed call's callback task (`tasks`: the session's
 * tasks, oldest first).
 */
export function phoneCallFields(row: PhoneCallRow, tasks: readonly { id: string }[]): PhoneCallFieldsInput {
  return {
    phoneNumber: row.phoneNumber,
    phoneDisplay: row.phoneNumber ? displayPhone(row.phoneNumber) : null,
    callDirection: row.callDirection,
    phoneVia: row.phoneVia,
    answeredBy: row.answeredBy,
    answeredAt: row.answeredAt,
    missed: row.missed,
    untranscribedReason: row.untranscribedReason,
    durationMs:
      row.startedAt && row.endedAt ? Math.max(0, row.endedAt.getTime() - row.startedAt.getTime()) : null,
    callbackTaskId: row.missed ? (tasks[0]?.id ?? null) : null,
  };
}

/** `?phone=` and `?missed=` as a filter on sessions. */
function phoneFilter(phone: 'true' | 'false' | undefined, missed: 'true' | 'false' | undefined) {
  return {
    ...(phone === 'true' ? { phoneVia: { not: null } } : phone === 'false' ? { phoneVia: null } : {}),
    ...(missed ? { missed: missed === 'true' } : {}),
  } satisfies Prisma.SessionWhereInput;
}

/**
 * /api/sessions (mounted behind requireAdmin): open a room, list them (by kind, status and contact),
 * one with everything recorded about it, its transcript, and analysing an ended call again. Ending a
 * session and its invite: session-control.ts.
 */
export function sessionRoutes(ctx: ApiContext): Router {
  const r = Router();
  r.use(sessionControlRoutes(ctx));

  /** Opens a room of a kind; consultations get a one-time-visible client invite code. */
  serve(r, sessionsApi.create, ({ body }) => openSession(ctx, body));

  serve(r, sessionsApi.list, async ({ query: { kind, status, contactId, phone, missed, limit, offset } }) => {
    const where: Prisma.SessionWhereInput = {
      ...(kind ? { kind } : {}),
      ...(contactId ? { contactId } : {}),
      ...(status === 'ended'
        ? { status: 'ended' as const }
        : status === 'active'
          ? { status: { not: 'ended' as const } }
          : {}),
      ...phoneFilter(phone, missed),
    };
    const [rows, total] = await Promise.all([
      ctx.db.session.findMany({
        where,
        select: { ...sessionSelect, ...phoneCallSelect, ...callbackTaskSelect, contact: contactRefSelect },
        orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
        take: limit,
        skip: offset,
      }),
      ctx.db.session.count({ where }),
    ]);
    const sessions = rows.map((s) => ({ ...s, ...phoneCallFields(s, s.tasks) }));
    return { sessions, total, limit, offset };
  });

  serve(r, sessionsApi.get, async ({ params: { id } }) => {
    const session = await ctx.db.session.findUnique({
      where: { id },
      select: {
        ...sessionSelect,
        ...phoneCallSelect,
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
    return { ...session, ...phoneCallFields(session, session.tasks) };
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
