import { randomUUID } from 'node:crypto';
import { Router } from 'express';
import type { Assistant } from '@booth/assistant';
import { adminIdOf, badRequest, conflict, errorMessage, forbidden, notFound } from '@booth/shared';
import {
  DATA_TOPICS,
  LISTENABLE_KINDS,
  collaborationApi,
  type RoomInviteData,
  type SharedAssistantEvent,
  type WhisperMessage,
} from '@booth/shared/api';
import type { ApiContext } from '../context';
import { serve } from '../endpoint';
import { requireListenable } from '../listen-in';
import { notify, publisherOf } from '../notify';

/** Rooms a colleague can be asked into while they are open. */
const JOINABLE_KINDS: readonly string[] = ['call', 'consultation', 'collaboration'];

/** The session behind `id`, open; 404 unknown, 409 ended. */
async function openSessionOf(ctx: ApiContext, id: string) {
  const session = await ctx.db.session.findUnique({
    where: { id },
    select: { id: true, roomName: true, kind: true, status: true, contact: { select: { name: true } } },
  });
  if (!session) throw notFound('session not found');
  if (session.status === 'ended') throw conflict('this room has ended');
  return session;
}

/** A collaboration room, open: the only kind with a shared assistant session. */
async function collaborationOf(ctx: ApiContext, id: string) {
  const session = await openSessionOf(ctx, id);
  if (session.kind !== 'collaboration') throw conflict('only collaboration rooms have a shared assistant');
  return session;
}

/**
 * Admins working together (behind requireAdmin): the colleagues one can ask into a room, invitations
 * (a notification addressed to each, with Join, or Listen in for a call), whispers from a colleague
 * listening in to the call's admins only, and a collaboration room's shared assistant session: turns
 * by anyone in the room, published to the room as they happen (`booth.assistant.shared`), a proposed
 * write confirmed only by the admin who asked.
 */
export function collaborationRoutes(ctx: ApiContext, assistant: Assistant): Router {
  const r = Router();
  const log = ctx.logger.child({ component: 'collaboration' });
  const publisher = publisherOf(ctx);
  const me = (req: { admin?: { id: string; name: string } }) => ({
    id: req.admin!.id,
    name: req.admin!.name,
  });

  /** Publishes to everyone in the room in the background; nobody there (no room yet) is no error. */
  const toRoom = (roomName: string, topic: string, payload: unknown, to?: string[]) =>
    publisher
      .send(roomName, topic, payload, to)
      .catch((err: unknown) => log.debug({ err: errorMessage(err) }, 'room data not delivered'));

  serve(r, collaborationApi.colleagues, async ({ req }) => ({
    colleagues: await ctx.db.adminUser.findMany({
      where: { id: { not: req.admin!.id } },
      select: { id: true, name: true },
      orderBy: { name: 'asc' },
    }),
  }));

  serve(r, collaborationApi.invite, async ({ params: { id }, body: { adminIds, listenOnly }, req }) => {
    const session = await openSessionOf(ctx, id);
    if (!JOINABLE_KINDS.includes(session.kind))
      throw conflict('colleagues can join calls and collaboration rooms');
    if (listenOnly) requireListenable(session.kind);
    const from = me(req);
    const wanted: string[] = [...new Set<string>(adminIds)];
    const admins = await ctx.db.adminUser.findMany({
      where: { id: { in: wanted } },
      select: { id: true, name: true },
    });
    const unknown = wanted.filter((a) => !admins.some((x) => x.id === a) || a === from.id);
    if (unknown.length) {
      throw badRequest('invalid request', [
        { path: 'adminIds', message: `not a colleague: ${unknown.join(', ')}` },
      ]);
    }
    const about = session.contact ? ` about ${session.contact.name}` : '';
    const asked =
      session.kind === 'collaboration'
        ? 'join a collaboration room'
        : listenOnly
          ? 'listen in on a call'
          : 'join a call';
    const path = `/calls/${session.id}${listenOnly ? '?listen=1' : ''}`;
    const stamp = Date.now();
    for (const admin of admins) {
      const data: RoomInviteData = {
        sessionId: session.id,
        roomName: session.roomName,
        kind: session.kind,
        path,
        from,
        listenOnly,
      };
      await notify(ctx, {
        type: 'room_invite',
        title: `${from.name} asks you to ${asked}${about}`,
        sessionId: session.id,
        recipientId: admin.id,
        data,
        // Asking again later is a new invitation.
        dedupeKey: `room-invite-${session.id}-${admin.id}-${stamp}`,
      });
    }
    log.info({ sessionId: session.id, invited: admins.length, listenOnly }, 'colleagues invited');
    return { invited: admins };
  });

  serve(r, collaborationApi.whisper, async ({ params: { id }, body: { text }, req }) => {
    const session = await openSessionOf(ctx, id);
    if (!LISTENABLE_KINDS.includes(session.kind)) throw conflict('whispers are for calls and consultations');
    const from = me(req);
    const whisper: WhisperMessage = { id: randomUUID(), sessionId: session.id, from, text, at: Date.now() };
    // The call's admins only (never a client, never the whisperer's own tabs).
    const admins = (await publisher.participants(session.roomName))
      .map((p) => p.identity)
      .filter((identity) => {
        const adminId = adminIdOf(identity);
        return adminId !== undefined && adminId !== from.id;
      });
    if (!admins.length) throw conflict('no colleague is in the call to whisper to');
    try {
      await publisher.send(session.roomName, DATA_TOPICS.whispers, whisper, admins);
    } catch (err) {
      // The room closed between the two calls.
      log.warn({ sessionId: session.id, err: errorMessage(err) }, 'whisper not delivered');
      throw conflict('the call is not running');
    }
    return { whisper, delivered: admins.length };
  });

  serve(r, collaborationApi.sharedAssistant, async ({ params: { id }, req }) => {
    const session = await collaborationOf(ctx, id);
    const c = await assistant.sharedConversation(req.admin!.id, session.id);
    return { ...c, sessionId: session.id };
  });

  serve(r, collaborationApi.sharedTurn, async ({ params: { id }, body, req }) => {
    const session = await collaborationOf(ctx, id);
    const author = me(req);
    // Its id only, for the room's `asked` event: the history is not read for every turn.
    const conversationId = await assistant.sharedConversationId(author.id, session.id);
    const publish = (e: SharedAssistantEvent) => toRoom(session.roomName, DATA_TOPICS.sharedAssistant, e);
    void publish({
      type: 'asked',
      conversationId,
      turnId: body.turnId,
      author,
      text: body.text,
      at: Date.now(),
    });
    try {
      const turn = await assistant.turn({
        adminId: author.id,
        sessionId: session.id,
        text: body.text,
        source: body.source,
        today: body.today,
      });
      void publish({ type: 'turn', turnId: body.turnId, turn });
      return turn;
    } catch (err) {
      void publish({ type: 'failed', conversationId, turnId: body.turnId, error: 'the assistant failed' });
      throw err;
    }
  });

  serve(
    r,
    collaborationApi.decideShared,
    async ({ params: { id }, body: { actionId, verdict, contactId }, req }) => {
      const session = await collaborationOf(ctx, id);
      const action = await ctx.db.assistantAction.findFirst({
        where: { id: actionId, message: { conversation: { sessionId: session.id } } },
        select: { adminId: true, message: { select: { conversationId: true } } },
      });
      if (!action) throw notFound('action not found');
      if (action.adminId !== req.admin!.id) throw forbidden('only the admin who asked can decide this');
      const decision =
        verdict === 'confirm'
          ? await assistant.confirm(req.admin!.id, actionId, { contactId })
          : await assistant.refuse(req.admin!.id, actionId);
      void toRoom(session.roomName, DATA_TOPICS.sharedAssistant, {
        type: 'decided',
        conversationId: action.message.conversationId,
        ...decision,
      } satisfies SharedAssistantEvent);
      return decision;
    },
  );
  return r;
}
