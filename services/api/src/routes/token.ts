import { timingSafeEqual } from 'node:crypto';
import { randomBytes } from 'node:crypto';
import { Router } from 'express';
import { AccessToken, TrackSource, type VideoGrant } from 'livekit-server-sdk';
import { z } from 'zod';
import {
  ADMIN_ONLY_KINDS,
  HttpError,
  NOTIFICATIONS_ROOM,
  forbidden,
  notFound,
  roomNameSchema,
  unauthorized,
} from '@booth/shared';
import type { ApiContext } from '../context';
import { parse } from '../validate';
import { hashInvite } from './sessions';

const tokenSchema = z.object({
  roomName: roomNameSchema,
  name: z.string().trim().min(1).max(80).optional(),
  inviteCode: z.string().min(8).max(128).optional(),
});

/** Client tokens live as long as a consultation reasonably can; admins re-mint on reload. */
const CLIENT_TTL = '2h';
const ADMIN_TTL = '8h';

const sameHash = (a: string, b: string) => {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
};

/**
 * POST /api/livekit/token — a join token for exactly one existing room.
 * Admins (session cookie) may join any of Booth's rooms. Clients present the consultation's invite
 * code and get a token for that room only: publish microphone/camera/screen share, subscribe and send
 * data, nothing administrative. Assistant and collaboration rooms never admit clients.
 */
export function tokenRoutes(ctx: ApiContext): Router {
  const r = Router();
  r.post('/token', async (req, res) => {
    const { roomName, name, inviteCode } = parse(tokenSchema, req.body);
    if (roomName === NOTIFICATIONS_ROOM) {
      // The admin notifications room: receive notifications, show presence; nothing to publish.
      if (!req.admin) throw unauthorized('sign in to receive notifications');
      const identity = `admin-${req.admin.id}`;
      const at = new AccessToken(ctx.config.LIVEKIT_API_KEY, ctx.config.LIVEKIT_API_SECRET, {
        identity,
        name: name ?? req.admin.name,
        metadata: JSON.stringify({ role: 'admin' }),
        attributes: { role: 'admin' },
        ttl: ADMIN_TTL,
      });
      at.addGrant({
        roomJoin: true,
        room: roomName,
        canPublish: false,
        canSubscribe: true,
        canPublishData: true,
      });
      res.json({
        token: await at.toJwt(),
        url: ctx.config.PUBLIC_LIVEKIT_URL ?? ctx.config.LIVEKIT_URL,
        identity,
        roomName,
        kind: 'notifications',
      });
      return;
    }
    const session = await ctx.db.session.findUnique({ where: { roomName } });
    if (!session) throw notFound('room not found');
    if (session.status === 'ended') throw new HttpError(410, 'this room has ended');

    let identity: string;
    let grant: VideoGrant;
    let at: AccessToken;
    if (req.admin) {
      identity = `admin-${req.admin.id}`;
      at = new AccessToken(ctx.config.LIVEKIT_API_KEY, ctx.config.LIVEKIT_API_SECRET, {
        identity,
        name: name ?? req.admin.name,
        metadata: JSON.stringify({ role: 'admin' }),
        attributes: { role: 'admin' },
        ttl: ADMIN_TTL,
      });
      grant = { roomJoin: true, room: roomName, canPublish: true, canSubscribe: true, canPublishData: true };
    } else {
      if (!inviteCode) throw unauthorized('sign in, or join with the invite link you were sent');
      if (ADMIN_ONLY_KINDS.includes(session.kind) || session.kind !== 'consultation') {
        throw forbidden('this room is not open to clients');
      }
      if (!session.inviteHash || !sameHash(hashInvite(inviteCode), session.inviteHash)) {
        throw forbidden('invalid invite code');
      }
      identity = `client-${randomBytes(6).toString('hex')}`;
      at = new AccessToken(ctx.config.LIVEKIT_API_KEY, ctx.config.LIVEKIT_API_SECRET, {
        identity,
        name: name ?? 'Guest',
        metadata: JSON.stringify({ role: 'client' }),
        attributes: { role: 'client' },
        ttl: CLIENT_TTL,
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
    res.json({
      token: await at.toJwt(),
      url: ctx.config.PUBLIC_LIVEKIT_URL ?? ctx.config.LIVEKIT_URL,
      identity,
      roomName,
      kind: session.kind,
    });
  });
  return r;
}
