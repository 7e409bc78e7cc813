import type { Session } from '@booth/db';
import type { Logger } from '@booth/shared';
import type { ApiContext } from './context';
import { recordMissedCall } from './phone-calls';

/**
 * Ends a session in the database: status `ended` at `at` (once: the first ending wins), everyone
 * still shown present has left at `at`, and the call is queued for analysis if it ever started and
 * has no analysis yet (assistant rooms never are); a phone call nobody answered is recorded as missed. Idempotent; the LiveKit room is closed by the caller (closeRoom) when it may
 * still be open. Returns whether this call ended it.
 */
export async function endSession(
  ctx: ApiContext,
  session: Pick<Session, 'id' | 'startedAt' | 'kind'>,
  at: Date,
  log: Logger,
): Promise<boolean> {
  const { count } = await ctx.db.session.updateMany({
    where: { id: session.id, status: { not: 'ended' } },
    data: { status: 'ended', endedAt: at },
  });
  await ctx.db.participant.updateMany({
    where: { sessionId: session.id, leftAt: null },
    data: { leftAt: at },
  });
  // A phone call nobody answered becomes a missed call with a callback task.
  if (count > 0 && session.kind === 'call') await recordMissedCall(ctx, session.id, log);
  // An assistant room holds commands to Booth, not a conversation with a client: never analysed.
  const analysed = session.kind !== 'assistant';
  if (
    analysed &&
    session.startedAt &&
    !(await ctx.db.analysis.findUnique({ where: { sessionId: session.id } }))
  ) {
    await ctx.queues.analysis.add({ sessionId: session.id });
    log.info({ sessionId: session.id }, 'session ended; analysis enqueued');
  } else if (count > 0) {
    log.info({ sessionId: session.id }, 'session ended');
  }
  return count > 0;
}
