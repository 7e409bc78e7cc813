import { Router } from 'express';
import { sessionsApi } from '@booth/shared/api';
import type { ApiContext } from '../context';
import { serve } from '../endpoint';
import { inviteStatus } from '../invites';

/**
 * GET /api/join/:roomName?code= — public (no sign-in): what the client join page shows for its link,
 * `open`, `ended` or `invalid`, and whether the consultation is recorded. Without the right code every
 * room is `invalid` (and not recorded) after the same work, known or not (inviteStatus); checking never
 * uses up the invite. Never cached (like all of /api).
 */
export function joinRoutes(ctx: ApiContext): Router {
  const r = Router();
  serve(r, sessionsApi.joinStatus, async ({ params: { roomName }, query: { code } }) => {
    const status = await inviteStatus(ctx, roomName, code);
    // Only the right code learns whether the consultation is recorded (the lobby says so).
    const session =
      status === 'invalid' || !ctx.config.RECORDING_ENABLED
        ? null
        : await ctx.db.session.findUnique({ where: { roomName }, select: { recordingEnabled: true } });
    return { status, recorded: session?.recordingEnabled ?? false };
  });
  return r;
}
