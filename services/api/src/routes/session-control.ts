import { Router } from 'express';
import { HttpError, conflict, errorMessage, notFound } from '@booth/shared';
import type { ApiContext } from '../context';
import { idParams } from '@booth/shared/api';
import { inviteBoundsSchema, inviteColumns, inviteSelect, newInvite } from '../invites';
import { closeRoom } from '../room-control';
import { endSession } from '../session-end';
import { parse } from '../validate';

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

  r.post('/:id/end', async (req, res) => {
    const { id } = parse(idParams, req.params);
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
    const ended = await ctx.db.session.findUniqueOrThrow({
      where: { id },
      select: { id: true, roomName: true, status: true, endedAt: true },
    });
    res.json(ended);
  });

  r.post('/:id/invite', async (req, res) => {
    const { id } = parse(idParams, req.params);
    const bounds = parse(inviteBoundsSchema, req.body ?? {});
    const session = await ctx.db.session.findUnique({ where: { id } });
    if (!session) throw notFound('session not found');
    if (session.kind !== 'consultation') throw conflict('only consultations admit clients');
    if (session.status === 'ended') throw conflict('the consultation has ended');
    const { code, hash } = newInvite();
    const updated = await ctx.db.session.update({
      where: { id },
      data: inviteColumns(hash, bounds),
      select: { id: true, roomName: true, ...inviteSelect },
    });
    res.status(201).json({
      ...updated,
      inviteCode: code,
      joinUrl: `${ctx.config.PUBLIC_URL}/join/${session.roomName}?code=${encodeURIComponent(code)}`,
    });
  });

  r.delete('/:id/invite', async (req, res) => {
    const { id } = parse(idParams, req.params);
    const session = await ctx.db.session.findUnique({ where: { id } });
    if (!session) throw notFound('session not found');
    if (!session.inviteHash) throw conflict('this session has no invite');
    const updated = await ctx.db.session.update({
      where: { id },
      data: { inviteRevokedAt: session.inviteRevokedAt ?? new Date() },
      select: { id: true, roomName: true, ...inviteSelect },
    });
    res.json(updated);
  });
  return r;
}
