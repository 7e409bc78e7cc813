import { Router } from 'express';
import { AccessToken, TrackSource, type VideoGrant } from 'livekit-server-sdk';
import {
  HttpError,
  NOTIFICATIONS_ROOM,
  adminAttributes,
  adminIdentity,
  clientDataKey,
  clientIdentity,
  notFound,
  roomDataKey,
  unauthorized,
} from '@booth/shared';
import type { ApiContext, AdminPrincipal } from '../context';
import { displayName } from '../display-name';
import { livekitApi } from '@booth/shared/api';
import { serve } from '../endpoint';
import { INVITE_ATTRIBUTE, admitClient } from '../invites';
import { requireListenable } from '../listen-in';

/**
 * A token only has to be valid when its holder connects (LiveKit refreshes it for reconnects while
 * they stay), so client tokens are short: one minted before a consultation ends cannot join long after.
 * Never past the invite's own expiry. Admins re-mint on reload.
 */
const CLIENT_TTL_S = 10 * 60;
const ADMIN_TTL = '8h';

/** An admin's token for one connection: its own identity (tabs do not kick each other) naming the admin. */
function adminToken(ctx: ApiContext, admin: AdminPrincipal, name: string | undefined) {
  const identity = adminIdentity(admin.id);
  const at = new AccessToken(ctx.config.LIVEKIT_API_KEY, ctx.config.LIVEKIT_API_SECRET, {
    identity,
    name: displayName(name, displayName(admin.name, 'Admin')),
    metadata: JSON.stringify(adminAttributes(admin.id)),
    attributes: adminAttributes(admin.id),
    ttl: ADMIN_TTL,
  });
  return { identity, at };
}

/**
 * POST /api/livekit/token — a join token for exactly one existing room.
 * Admins (session cookie) may join any of Booth's rooms. Clients present the consultation's invite
 * code and get a token for that room only: publish microphone/camera/screen share, subscribe and send
 * data, nothing administrative. Assistant and collaboration rooms never admit clients. A request
 * without the right code cannot tell an unknown room from a wrong code (see admitClient); each token
 * is one use of the invite. Display names are sanitised (displayName). Admin answers carry the room's
 * `dataKey`, which verifies the signatures on what Booth publishes there (api/data-signing.ts); client
 * answers carry the room's client key instead, which verifies only what Booth sends the clients.
 */
export function tokenRoutes(ctx: ApiContext): Router {
  const r = Router();
  serve(r, livekitApi.token, async ({ body: { roomName, name, inviteCode, listenOnly }, req }) => {
    const url = ctx.config.PUBLIC_LIVEKIT_URL ?? ctx.config.LIVEKIT_URL;
    if (roomName === NOTIFICATIONS_ROOM) {
      // The admin notifications room: receive notifications, show presence; nothing to publish.
      if (!req.admin) throw unauthorized('sign in to receive notifications');
      const { identity, at } = adminToken(ctx, req.admin, name);
      at.addGrant({
        roomJoin: true,
        room: roomName,
        canPublish: false,
        canSubscribe: true,
        canPublishData: false,
      });
      const dataKey = await roomDataKey(ctx.config.LIVEKIT_API_SECRET, roomName);
      return { token: await at.toJwt(), url, identity, roomName, kind: 'notifications', dataKey };
    }

    let identity: string;
    let grant: VideoGrant;
    let at: AccessToken;
    let kind: string;
    if (req.admin) {
      const session = await ctx.db.session.findUnique({ where: { roomName } });
      if (!session) throw notFound('room not found');
      if (session.status === 'ended') throw new HttpError(410, 'this room has ended');
      // An admin's assistant room is theirs alone (it acts with their name).
      if (session.kind === 'assistant' && session.ownerId !== req.admin.id) throw notFound('room not found');
      kind = session.kind;
      ({ identity, at } = adminToken(ctx, req.admin, name));
      if (listenOnly) {
        // Listening in: LiveKit keeps a hidden participant out of everyone's participant list (as
        // it does the transcriber); nothing to publish, whispers go through the API.
        requireListenable(session.kind);
        at.attributes = { ...adminAttributes(req.admin.id), listenOnly: 'true' };
        grant = {
          roomJoin: true,
          room: roomName,
          hidden: true,
          canPublish: false,
          canSubscribe: true,
          canPublishData: false,
        };
      } else {
        grant = {
          roomJoin: true,
          room: roomName,
          canPublish: true,
          canSubscribe: true,
          canPublishData: true,
        };
      }
    } else {
      // Checked before any lookup: without a code there is nothing to compare, so nothing to learn.
      if (!inviteCode) throw unauthorized('sign in, or join with the invite link you were sent');
      const { session, expiresAt, marker } = await admitClient(ctx, roomName, inviteCode);
      kind = session.kind;
      identity = clientIdentity();
      const untilExpiry = expiresAt ? Math.ceil((expiresAt.getTime() - Date.now()) / 1000) : CLIENT_TTL_S;
      at = new AccessToken(ctx.config.LIVEKIT_API_KEY, ctx.config.LIVEKIT_API_SECRET, {
        identity,
        name: displayName(name, 'Guest'),
        metadata: JSON.stringify({ role: 'client' }),
        attributes: { role: 'client', [INVITE_ATTRIBUTE]: marker },
        ttl: Math.max(1, Math.min(CLIENT_TTL_S, untilExpiry)),
      });
      grant = {
        roomJoin: true,
        room: roomName,
        canPublish: true,
        canPublishSources: [TrackSource.MICROPHONE, TrackSource.CAMERA, TrackSource.SCREEN_SHARE],
        canSubscribe: true,
        canPublishData: true,
        canUpdateOwnMetadata: false,
      };
    }
    at.addGrant(grant);
    // Admins verify what Booth publishes in the room with its data key; clients never get it, only
    // the room's client key (what Booth sends them: a contract to sign), which admin pages do not trust.
    const secret = ctx.config.LIVEKIT_API_SECRET;
    const dataKey = req.admin ? await roomDataKey(secret, roomName) : await clientDataKey(secret, roomName);
    return { token: await at.toJwt(), url, identity, roomName, kind, dataKey };
  });
  return r;
}
