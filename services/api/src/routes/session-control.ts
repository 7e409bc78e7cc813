import { Router } from 'express';
import { HttpError, conflict, errorMessage, notFound } from '@booth/shared';
import { sessionsApi } from '@booth/shared/api';
import type { ApiContext } from '../context';
import { serve } from '../endpoint';
import { inviteSelect } from '../invites';
import { renewInvite } from '../open-session';
import { closeRoom } from '../room-control';
import { endSession } from '../session-end';

/**
 * POST /api/sessions/:id/end — ends a session now: marked ended (everyone shown present has left), its
 * LiveKit room closed on the server so everyone in it is disconnected, the call queued for analysis.
 * Tokens minted before cannot bring it back: a late join is removed (see webhooks). Idempotent.
 * POST /api/sessions/:id/invite `{maxUses?, expiresAt?}` — a new client invite for a consultation,
 * replacing the old one (which stops working); the code is shown once.
 * DELETE /api/sessions/:id/invite — revokes the invite: no new client tokens from it.
 */
export function sessionControlRoutes(ctx: ApiContext): Router {
  const r = Router();

  serve(r, sessionsApi.end, async ({ params: { id } }) => {
    const session = await ctx.db.session.findUnique({ where: { id } });
    if (!session) throw notFound('session not found');
    const log = ctx.logger.child({ sessionId: id, room: session.roomName });
    await endSession(ctx, session, new Date(), log);
    try {
      await closeRoom(ctx, session.roomName);
    } catch (err) {
      log.warn({ err: errorMessage(err) }, 'could not close the LiveKit room of an ended session');
      throw new HttpError(502, 'the session ended, but its LiveKit room could not be closed; try again');
    }
    return ctx.db.session.findUniqueOrThrow({
      where: { id },
      select: { id: true, roomName: true, status: true, endedAt: true },
    });
  });

  serve(r, sessionsApi.createInvite, ({ params: { id }, body }) => renewInvite(ctx, id, body));

  serve(r, sessionsApi.revokeInvite, async ({ params: { id } }) => {
    const session = await ctx.db.session.findUnique({ where: { id } });
    if (!session) throw notFound('session not found');
    if (!session.inviteHash) throw conflict('this session has no invite');
    return ctx.db.session.update({
      where: { id },
      data: { inviteRevokedAt: session.inviteRevokedAt ?? new Date() },
      select: { id: true, roomName: true, ...inviteSelect },
    });
  });
  return r;
}
