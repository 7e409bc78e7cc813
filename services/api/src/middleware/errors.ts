import type { ErrorRequestHandler, RequestHandler } from 'express';
import { HttpError, errorMessage, unavailableService, type Logger } from '@booth/shared';

export const notFoundHandler: RequestHandler = (_req, res) => {
  res.status(404).json({ error: 'not found' });
};

interface BodyParserError extends Error {
  type?: string;
  status?: number;
}

/** Seconds a client is told to wait when Postgres or Redis is unreachable. */
export const RETRY_AFTER_S = 5;

const UNAVAILABLE = {
  database: 'the database is unavailable; try again shortly',
  queue: 'the job queue is unavailable; try again shortly',
} as const;

/**
 * Maps every error to a JSON response; never sends a stack trace. Postgres or Redis unreachable is a
 * 503 with Retry-After (the request can be repeated as is); other unknown errors are 500 and logged.
 */
export function errorHandler(logger: Logger): ErrorRequestHandler {
  return (err: unknown, req, res, _next) => {
    const e = err as BodyParserError;
    if (err instanceof HttpError) {
      res
        .status(err.status)
        .json(
          err.details === undefined ? { error: err.message } : { error: err.message, issues: err.details },
        );
      return;
    }
    if (e?.type === 'entity.too.large') {
      res.status(413).json({ error: 'request body too large' });
      return;
    }
    if (e?.type === 'entity.parse.failed') {
      res.status(400).json({ error: 'malformed JSON body' });
      return;
    }
    if (typeof e?.status === 'number' && e.status >= 400 && e.status < 500) {
      res.status(e.status).json({ error: e.type ? e.type.replace(/\./g, ' ') : 'bad request' });
      return;
    }
    const down = unavailableService(err);
    if (down) {
      // Prisma's message opens with a code frame; its last line says what failed.
      const reason = errorMessage(err).trim().split('\n').at(-1);
      logger.warn({ service: down, reason, requestId: req.id }, 'backing service unavailable');
      res.setHeader('retry-after', String(RETRY_AFTER_S));
      res.status(503).json({ error: UNAVAILABLE[down], requestId: req.id });
      return;
    }
    logger.error({ err, requestId: req.id, path: req.path }, 'unhandled error');
    res.status(500).json({ error: 'internal error', requestId: req.id });
  };
}
