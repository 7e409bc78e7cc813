import { Router } from 'express';
import { searchTranscripts } from '@booth/db';
import { searchApi } from '@booth/shared/api';
import type { ApiContext } from '../context';
import { serve } from '../endpoint';

/** GET /api/transcripts/search (mounted behind requireAdmin): searchTranscripts over the API. */
export function transcriptRoutes(ctx: ApiContext): Router {
  const r = Router();
  serve(r, searchApi.transcripts, async ({ query: { q, limit, offset } }) => ({
    q,
    results: await searchTranscripts(ctx.db, q, { limit, offset }),
    limit,
    offset,
  }));
  return r;
}
