import express, { Router } from 'express';
import { WebhookReceiver, type WebhookEvent } from 'livekit-server-sdk';
import { NOTIFICATIONS_ROOM, kindOfRoom, unauthorized, type Logger } from '@booth/shared';
import type { ApiContext } from '../context';

/** ParticipantInfo.Kind values from LiveKit's protocol. */
const KIND_SIP = 3;
const KIND_AGENT = 4;

function roleOf(p: NonNullable<WebhookEvent['participant']>): 'admin' | 'client' | 'agent' {
  if (Number(p.kind) === KIND_AGENT) return 'agent';
  if (Number(p.kind) === KIND_SIP) return 'client';
  try {
    const meta = JSON.parse(p.metadata || '{}') as { role?: string };
    if (meta.role === 'admin') return 'admin';
  } catch {
    // not JSON: fall through to the identity prefix
  }
  return p.identity.startsWith('admin-') ? 'admin' : 'client';
}

/**
 * POST /webhooks/livekit — LiveKit's signed webhooks, verified on the raw body. room_started records
 * the session and dispatches the transcriber; participants are tracked; room_finished ends the session
 * and enqueues analysis. Every step is idempotent (redelivered events change nothing).
 */
export function webhookRoutes(ctx: ApiContext): Router {
  const r = Router();
  const receiver = new WebhookReceiver(ctx.config.LIVEKIT_API_KEY, ctx.config.LIVEKIT_API_SECRET);
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
      await handle(ctx, ctx.logger.child({ room: event.room?.name, event: event.event }), event);
      res.json({ ok: true });
    },
  );
  return r;
}

async function handle(ctx: ApiContext, log: Logger, event: WebhookEvent): Promise<void> {
  const roomName = event.room?.name;
  if (!roomName || roomName === NOTIFICATIONS_ROOM) return;
  const kind = kindOfRoom(roomName);
  if (!kind) {
    log.debug('ignoring webhook for a room Booth did not create');
    return;
  }
  const at = event.createdAt ? new Date(Number(event.createdAt) * 1000) : new Date();
  switch (event.event) {
    case 'room_started': {
      const session = await ctx.db.session.upsert({
        where: { roomName },
        create: { roomName, kind, status: 'active', startedAt: at, livekitSid: event.room?.sid },
        update: {},
      });
      if (session.status === 'scheduled') {
        await ctx.db.session.update({
          where: { id: session.id },
          data: { status: 'active', startedAt: at, livekitSid: event.room?.sid },
        });
      }
      if (session.status !== 'ended') {
        await ctx.queues.rooms.add({ roomName, sessionId: session.id });
        log.info({ sessionId: session.id }, 'room started; transcriber dispatched');
      }
      return;
    }
    case 'participant_joined':
    case 'participant_left': {
      const p = event.participant;
      const session = await ctx.db.session.findUnique({ where: { roomName }, select: { id: true } });
      if (!p || !session) return;
      const joined = event.event === 'participant_joined';
      await ctx.db.participant.upsert({
        where: { sessionId_identity: { sessionId: session.id, identity: p.identity } },
        create: {
          sessionId: session.id,
          identity: p.identity,
          name: p.name || null,
          role: roleOf(p),
          joinedAt: at,
          leftAt: joined ? null : at,
        },
        update: joined ? { leftAt: null } : { leftAt: at },
      });
      return;
    }
    case 'room_finished': {
      const session = await ctx.db.session.findUnique({ where: { roomName } });
      if (!session) return;
      if (session.status !== 'ended') {
        await ctx.db.session.update({ where: { id: session.id }, data: { status: 'ended', endedAt: at } });
      }
      await ctx.queues.analysis.add({ sessionId: session.id });
      log.info({ sessionId: session.id }, 'room finished; analysis enqueued');
      return;
    }
    default:
      return;
  }
}
