import { randomBytes } from 'node:crypto';
import { Router } from 'express';
import type { Assistant } from '@booth/assistant';
import { errorMessage } from '@booth/shared';
import { TURN_STREAM_TYPE, assistantApi, type TurnEvent } from '@booth/shared/api';
import type { ApiContext } from '../context';
import { serve } from '../endpoint';

/**
 * /api/assistant (behind requireAdmin): the signed-in admin's conversations with the assistant, turns
 * (streamed as NDJSON when asked for), the confirmation or refusal of what it proposed, and the
 * admin's assistant room for voice. Every conversation and action is the admin's own: another admin's
 * is a 404.
 */
export function assistantRoutes(ctx: ApiContext, assistant: Assistant): Router {
  const r = Router();
  const adminOf = (req: { admin?: { id: string } }) => req.admin!.id;

  serve(r, assistantApi.createConversation, async ({ body: { title }, req }) =>
    ctx.db.assistantConversation.create({ data: { adminId: adminOf(req), title: title || 'Conversation' } }),
  );

  serve(r, assistantApi.listConversations, async ({ query: { limit, offset }, req }) => {
    // Their own: a collaboration room's shared session is the room's (POST /api/sessions/:id/assistant).
    const where = { adminId: adminOf(req), sessionId: null };
    const [conversations, total] = await Promise.all([
      ctx.db.assistantConversation.findMany({
        where,
        orderBy: { updatedAt: 'desc' },
        take: limit,
        skip: offset,
      }),
      ctx.db.assistantConversation.count({ where }),
    ]);
    return { conversations, total };
  });

  serve(r, assistantApi.getConversation, async ({ params: { id }, req }) =>
    assistant.conversation(adminOf(req), id),
  );

  /** A turn; with `Accept: application/x-ndjson` each event is a line as it happens. */
  serve(r, assistantApi.turn, async ({ params: { id }, body, req, res }) => {
    const input = {
      adminId: adminOf(req),
      conversationId: id,
      text: body.text,
      source: body.source,
      today: body.today,
    };
    if (req.get('accept')?.includes(TURN_STREAM_TYPE)) {
      const write = (e: TurnEvent) => {
        if (!res.headersSent) {
          res.status(200).set({
            'content-type': TURN_STREAM_TYPE,
            'cache-control': 'no-store',
            'x-accel-buffering': 'no',
          });
          res.flushHeaders();
        }
        res.write(`${JSON.stringify(e)}\n`);
      };
      try {
        await assistant.turn(input, write);
      } catch (err) {
        // Before the first event (an unknown conversation) the error handler answers as usual.
        if (!res.headersSent) throw err;
        ctx.logger.warn({ err: errorMessage(err) }, 'assistant turn failed mid-stream');
        write({ type: 'error', error: 'the assistant failed; nothing was changed' });
      }
      res.end();
      return undefined as never;
    }
    return assistant.turn(input);
  });

  serve(r, assistantApi.confirm, async ({ params: { id }, body: { contactId }, req }) =>
    assistant.confirm(adminOf(req), id, { contactId }),
  );

  serve(r, assistantApi.refuse, async ({ params: { id }, req }) => assistant.refuse(adminOf(req), id));

  /** The admin's open assistant room, or a new one; only they may join it (token.ts). */
  serve(r, assistantApi.room, async ({ req }) => {
    const ownerId = adminOf(req);
    const open = await ctx.db.session.findFirst({
      where: { kind: 'assistant', ownerId, status: { not: 'ended' } },
      orderBy: { createdAt: 'desc' },
    });
    const session =
      open ??
      (await ctx.db.session.create({
        data: { roomName: `assistant-${randomBytes(6).toString('hex')}`, kind: 'assistant', ownerId },
      }));
    return { roomName: session.roomName, sessionId: session.id };
  });
  return r;
}
