import type { Db } from '@booth/db';
import { errorMessage, type Logger, type TypedQueue } from '@booth/shared';

/**
 * Once a room is over: asks the worker to mix the session's recording (a `mix-recording` job, one per
 * session by its id) if anything was recorded, by this transcriber or one before it. Redis being
 * briefly away is retried here; the parts stay in storage either way, so a later request can mix them.
 */
export async function requestRecordingMix(
  db: Db,
  queue: TypedQueue<'recordings'>,
  sessionId: string,
  log: Logger,
): Promise<boolean> {
  const row = await db.recording.findUnique({ where: { sessionId }, select: { status: true } });
  if (!row || row.status !== 'recording') return false;
  for (let attempt = 1; ; attempt++) {
    try {
      await queue.add({ sessionId });
      log.info('recording mix requested');
      return true;
    } catch (err) {
      if (attempt >= 5) {
        log.error({ err: errorMessage(err) }, 'could not request the recording mix');
        return false;
      }
      await new Promise((r) => setTimeout(r, 500 * 2 ** attempt));
    }
  }
}
