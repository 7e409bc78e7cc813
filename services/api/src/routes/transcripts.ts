import { Router } from 'express';
import { searchTranscripts, trackerHitSegments } from '@booth/db';
import { notFound } from '@booth/shared';
import { searchApi } from '@booth/shared/api';
import type { ApiContext } from '../context';
import { serve } from '../endpoint';

/**
 * GET /api/transcripts/search (mounted behind requireAdmin): searchTranscripts over the API; with a
 * `trackerId`, only calls where that tracker was hit (without `q`: the segments that hit it).
 */
export function transcriptRoutes(ctx: ApiContext): Router {
  const r = Router();
  serve(r, searchApi.transcripts, async ({ query: { q, trackerId, limit, offset } }) => {
    if (trackerId && !(await ctx.db.tracker.findUnique({ where: { id: trackerId }, select: { id: true } })))
      throw notFound('tracker not found');
    return {
      q: q ?? '',
      trackerId: trackerId ?? null,
      results:
        q === undefined
          ? await trackerHitSegments(ctx.db, trackerId ?? '', { limit, offset })
          : await searchTranscripts(ctx.db, q, { limit, offset }, { trackerId }),
      limit,
      offset,
    };
  });
  return r;
}
