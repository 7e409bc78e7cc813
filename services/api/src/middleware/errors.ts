import type { ErrorRequestHandler, RequestHandler } from 'express';
import { HttpError, type Logger } from '@booth/shared';

export const notFoundHandler: RequestHandler = (_req, res) => {
  res.status(404).json({ error: 'not found' });
};

interface BodyParserError extends Error {
  type?: string;
  status?: number;
}

/** Maps every error to a JSON response; never sends a stack trace. Unknown errors are 500 and logged. */
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
    logger.error({ err, requestId: req.id, path: req.path }, 'unhandled error');
    res.status(500).json({ error: 'internal error', requestId: req.id });
  };
}
