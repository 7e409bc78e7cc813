import { Router } from 'express';
import { sessionsApi } from '@booth/shared/api';
import type { ApiContext } from '../context';
import { serve } from '../endpoint';
import { inviteStatus } from '../invites';

/**
 * GET /api/join/:roomName?code= — public (no sign-in): what the client join page shows for its link,
 * `open`, `ended` or `invalid`. Without the right code every room is `invalid` after the same work,
 * known or not (inviteStatus); checking never uses up the invite. Never cached (like all of /api).
 */
export function joinRoutes(ctx: ApiContext): Router {
  const r = Router();
  serve(r, sessionsApi.joinStatus, async ({ params: { roomName }, query: { code } }) => ({
    status: await inviteStatus(ctx, roomName, code),
  }));
  return r;
}
