import type { Db } from '@booth/db';
import { errorMessage, type Logger } from '@booth/shared';

/** How often the API deletes expired login sessions. */
export const SESSION_SWEEP_MS = 3600_000;

/** Deletes every login session past its expiry; returns how many. */
export async function deleteExpiredSessions(db: Db, now = new Date()): Promise<number> {
  const { count } = await db.authSession.deleteMany({ where: { expiresAt: { lte: now } } });
  return count;
}

/**
 * Deletes expired login sessions now and every `intervalMs` (a cookie past its expiry is refused
 * anyway; this keeps the table from growing). Returns the stop function for shutdown.
 */
export function startSessionSweep(db: Db, logger: Logger, intervalMs = SESSION_SWEEP_MS): () => void {
  const sweep = () =>
    deleteExpiredSessions(db)
      .then((deleted) => {
        if (deleted) logger.info({ deleted }, 'expired login sessions deleted');
      })
      .catch((err: unknown) =>
        logger.warn({ err: errorMessage(err) }, 'could not delete expired login sessions'),
      );
  void sweep();
  const timer = setInterval(() => void sweep(), intervalMs);
  timer.unref();
  return () => clearInterval(timer);
}
