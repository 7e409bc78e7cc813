import express, { Router } from 'express';
import { WebhookReceiver, type WebhookEvent } from 'livekit-server-sdk';
import {
  NOTIFICATIONS_ROOM,
  adminIdOf,
  isStorableText,
  kindOfRoom,
  storableText,
  unauthorized,
  type Logger,
} from '@booth/shared';
import type { ApiContext } from '../context';
import { INVITE_ATTRIBUTE, isCurrentInvite } from '../invites';
import { closeRoom, removeFromRoom } from '../room-control';
import { recordAnswer } from '../phone-calls';
import { endSession } from '../session-end';
import { openSipCall } from '../sip-calls';
import { startVideoEgress } from '../video-egress';
import { WebhookReplayGuard } from '../webhook-replay';

/** ParticipantInfo.Kind values from LiveKit's protocol. */
const KIND_SIP = 3;
const KIND_AGENT = 4;

type WebhookParticipant = NonNullable<WebhookEvent['participant']>;

/** Roles follow the identity the API signed into the token (admins: `admin-<id>-<connection>`). */
function roleOf(p: WebhookParticipant): 'admin' | 'client' | 'agent' {
  if (Number(p.kind) === KIND_AGENT) return 'agent';
  if (Number(p.kind) === KIND_SIP) return 'client';
  return adminIdOf(p.identity) === undefined ? 'client' : 'admin';
}

/**
 * POST /webhooks/livekit — LiveKit's signed webhooks, verified on the raw body. Each event id is acted
 * on once: a replayed body (same id) is answered 200 and changes nothing. room_started records the
 * session and dispatches the transcriber; participants are tracked, one row per connection;
 * room_finished ends the session and enqueues analysis. A room of an ended session that comes back
 * (a token minted before the end, used after it: LiveKit creates rooms on join) is closed again and
 * whoever joined it removed, never shown present; so is a client whose invite was revoked or replaced.
 */
/** One row per connection: present from `joinedAt`, gone at `leftAt` (null while in the room). */
function recordParticipant(
  ctx: ApiContext,
  sessionId: string,
  p: WebhookParticipant,
  role: ReturnType<typeof roleOf>,
  times: { joinedAt: Date; leftAt: Date | null },
) {
  return ctx.db.participant.upsert({
    where: { sessionId_identity: { sessionId, identity: p.identity } },
    create: {
      sessionId,
      identity: p.identity,
      adminId: role === 'admin' ? (adminIdOf(p.identity) ?? null) : null,
      name: p.name || null,
      role,
      // Listening in on a call: an admin's hidden connection (token.ts, listenOnly).
      listenOnly: role === 'admin' && p.permission?.hidden === true,
      ...times,
    },
    update: { leftAt: times.leftAt },
  });
}

export function webhookRoutes(ctx: ApiContext): Router {
  const r = Router();
  const receiver = new WebhookReceiver(ctx.config.LIVEKIT_API_KEY, ctx.config.LIVEKIT_API_SECRET);
  const replays = new WebhookReplayGuard(ctx.db);
  r.post(
    '/livekit',
    express.raw({ type: () => true, limit: ctx.config.API_BODY_LIMIT }),
    async (req, res) => {
      const body = Buffer.isBuffer(req.body) ? req.body.toString('utf8') : '';
      const auth = req.header('authorization');
      if (!auth) throw unauthorized('missing webhook signature');
      let event: WebhookEvent;
      try {
        event = await receiver.receive(body, auth);
      } catch {
        throw unauthorized('invalid webhook signature');
      }
      const log = ctx.logger.child({ room: event.room?.name, event: event.event, eventId: event.id });
      if (!event.id) {
        log.warn('webhook without an event id ignored');
        res.json({ ok: true, ignored: 'no id' });
        return;
      }
      // The id and event name are stored (replay protection): LiveKit never sends what Postgres refuses.
      if (!isStorableText(event.id) || !isStorableText(event.event)) {
        log.warn('webhook with an unstorable id or event name ignored');
        res.json({ ok: true, ignored: 'unreadable' });
        return;
      }
      const createdAt = event.createdAt ? new Date(Number(event.createdAt) * 1000) : undefined;
      const claim = await replays.claim(event.id, event.event, createdAt);
      if (claim !== 'new') {
        log.warn({ claim }, 'webhook replay ignored');
        res.json({ ok: true, ignored: claim });
        return;
      }
      try {
        await handle(ctx, log, event, createdAt ?? new Date());
      } catch (err) {
        await replays.release(event.id).catch(() => undefined);
        throw err;
      }
      res.json({ ok: true });
    },
  );
  return r;
}

async function handle(ctx: ApiContext, log: Logger, event: WebhookEvent, at: Date): Promise<void> {
  const roomName = event.room?.name;
  if (!roomName || roomName === NOTIFICATIONS_ROOM) return;
  const kind = kindOfRoom(roomName);
  if (!kind) {
    log.debug('ignoring webhook for a room Booth did not create');
    return;
  }
  // Booth mints every identity, so one Postgres cannot store was not; a name (SIP caller id) is cleaned.
  const who = event.participant;
  if (who && !isStorableText(who.identity)) {
    log.warn('ignoring webhook for a participant identity Booth did not mint');
    return;
  }
  if (who) who.name = storableText(who.name);
  switch (event.event) {
    case 'room_started': {
      const session = await ctx.db.session.upsert({
        where: { roomName },
        create: { roomName, kind, status: 'active', startedAt: at, livekitSid: event.room?.sid },
        update: {},
      });
      if (session.status === 'ended') {
        await closeRoom(ctx, roomName);
        log.warn({ sessionId: session.id }, 'room of an ended session started again; closed');
        return;
      }
      if (session.status === 'scheduled') {
        await ctx.db.session.update({
          where: { id: session.id },
          data: { status: 'active', startedAt: at, livekitSid: event.room?.sid },
        });
      }
      await ctx.queues.rooms.add({ roomName, sessionId: session.id });
      log.info({ sessionId: session.id }, 'room started; transcriber dispatched');
      void startVideoEgress(ctx, log, session);
      return;
    }
    case 'participant_joined': {
      const p = event.participant;
      const session = await ctx.db.session.findUnique({ where: { roomName } });
      if (!p || !session) return;
      if (session.status === 'ended') {
        await removeFromRoom(ctx, roomName, p.identity);
        await closeRoom(ctx, roomName);
        log.warn({ sessionId: session.id }, 'joined an ended session; removed and room closed');
        return;
      }
      const role = roleOf(p);
      const invite = p.attributes?.[INVITE_ATTRIBUTE];
      if (role === 'client' && invite !== undefined && !isCurrentInvite(session, invite, at)) {
        await removeFromRoom(ctx, roomName, p.identity);
        log.warn({ sessionId: session.id }, 'client with a revoked or replaced invite removed');
        return;
      }
      // A LiveKit SIP caller opens the phone call (sip-calls.ts) and is recorded under the contact's name.
      if (Number(p.kind) === KIND_SIP) p.name = await openSipCall(ctx, log, roomName, p);
      await recordParticipant(ctx, session.id, p, role, { joinedAt: at, leftAt: null });
      const adminId = role === 'admin' ? adminIdOf(p.identity) : undefined;
      const listening = p.permission?.hidden === true;
      if (adminId && !listening && session.phoneVia) await recordAnswer(ctx, session.id, adminId, at);
      return;
    }
    case 'participant_left': {
      const p = event.participant;
      const session = await ctx.db.session.findUnique({
        where: { roomName },
        select: { id: true, status: true },
      });
      if (!p || !session) return;
      if (session.status === 'ended') {
        // Only who was shown present leaves; someone refused on the way in never becomes a row.
        await ctx.db.participant.updateMany({
          where: { sessionId: session.id, identity: p.identity, leftAt: null },
          data: { leftAt: at },
        });
        return;
      }
      await recordParticipant(ctx, session.id, p, roleOf(p), { joinedAt: at, leftAt: at });
      return;
    }
    case 'room_finished': {
      const session = await ctx.db.session.findUnique({ where: { roomName } });
      if (!session) return;
      await endSession(
        ctx,
        { id: session.id, kind: session.kind, startedAt: session.startedAt ?? at },
        at,
        log,
      );
      return;
    }
    default:
      return;
  }
}
