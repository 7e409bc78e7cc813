import { randomBytes } from 'node:crypto';
import { Router } from 'express';
import { z } from 'zod';
import { ROOM_KINDS, badRequest, conflict, jobIds, notFound } from '@booth/shared';
import type { ApiContext } from '../context';
import { inviteBoundsSchema, inviteColumns, inviteSelect, newInvite } from '../invites';
import { idParams, rowId } from '@booth/shared/api';
import { parse } from '../validate';
import { pageSchema } from './pagination';
import { sessionControlRoutes } from './session-control';

const createSchema = z.object({
  kind: z.enum(ROOM_KINDS),
  contactId: rowId().optional(),
  /** Bounds on a consultation's invite (default: unbounded until the consultation ends). */
  invite: inviteBoundsSchema.optional(),
});
const listSchema = pageSchema.extend({
  kind: z.enum(ROOM_KINDS).optional(),
  contactId: rowId().optional(),
});

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

export function sessionRoutes(ctx: ApiContext): Router {
  const r = Router();
  r.use(sessionControlRoutes(ctx));

  /** Opens a room of a kind; consultations get a one-time-visible client invite code. */
  r.post('/', async (req, res) => {
    const { kind, contactId, invite } = parse(createSchema, req.body);
    if (contactId && !(await ctx.db.contact.findUnique({ where: { id: contactId }, select: { id: true } }))) {
      throw badRequest('invalid request', [{ path: 'contactId', message: 'no such contact' }]);
    }
    const roomName = `${kind}-${randomBytes(6).toString('hex')}`;
    const fresh = kind === 'consultation' ? newInvite() : undefined;
    const inviteCode = fresh?.code;
    const session = await ctx.db.session.create({
      data: { roomName, kind, contactId, ...(fresh ? inviteColumns(fresh.hash, invite ?? {}) : {}) },
      select: sessionSelect,
    });
    res.status(201).json({
      ...session,
      ...(inviteCode
        ? {
            inviteCode,
            joinUrl: `${ctx.config.PUBLIC_URL}/join/${roomName}?code=${encodeURIComponent(inviteCode)}`,
          }
        : {}),
    });
  });

  r.get('/', async (req, res) => {
    const { kind, contactId, limit, offset } = parse(listSchema, req.query);
    const where = { ...(kind ? { kind } : {}), ...(contactId ? { contactId } : {}) };
    const [sessions, total] = await Promise.all([
      ctx.db.session.findMany({
        where,
        select: sessionSelect,
        orderBy: { createdAt: 'desc' },
        take: limit,
        skip: offset,
      }),
      ctx.db.session.count({ where }),
    ]);
    res.json({ sessions, total, limit, offset });
  });

  r.get('/:id', async (req, res) => {
    const { id } = parse(idParams, req.params);
    const session = await ctx.db.session.findUnique({
      where: { id },
      select: {
        ...sessionSelect,
        contact: true,
        participants: { orderBy: { joinedAt: 'asc' } },
        analysis: true,
        gaps: { orderBy: { fromMs: 'asc' } },
        suggestions: { orderBy: { atMs: 'asc' } },
        notes: { orderBy: { createdAt: 'asc' } },
        tasks: { orderBy: { createdAt: 'asc' } },
      },
    });
    if (!session) throw notFound('session not found');
    res.json(session);
  });

  /**
   * POST /api/sessions/:id/analysis — analyse an ended call again after its analysis failed (say the
   * LLM was down for longer than the retries): the kept failed job is retried with fresh attempts, or
   * queued if there is none. 409 while the call goes on or once its analysis is completed.
   */
  r.post('/:id/analysis', async (req, res) => {
    const { id } = parse(idParams, req.params);
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
    res.status(202).json({ sessionId: id, queued: true, previous: state ?? null });
  });

  r.get('/:id/transcript', async (req, res) => {
    const { id } = parse(idParams, req.params);
    if (!(await ctx.db.session.findUnique({ where: { id }, select: { id: true } }))) {
      throw notFound('session not found');
    }
    const segments = await ctx.db.transcriptSegment.findMany({
      where: { sessionId: id, final: true },
      orderBy: [{ startMs: 'asc' }, { id: 'asc' }],
    });
    res.json({ sessionId: id, segments });
  });
  return r;
}
