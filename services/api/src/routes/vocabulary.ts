import { Router } from 'express';
import { uniqueTerms } from '@booth/shared';
import { vocabularyApi } from '@booth/shared/api';
import type { ApiContext } from '../context';
import { serve } from '../endpoint';

/**
 * The custom vocabulary (venue, package and staff names) the transcriber gives Whisper as its initial
 * prompt, so "Riverside Mansion" comes out spelled that way. Takes effect for rooms that start after
 * the change.
 */
export function vocabularyRoutes(ctx: ApiContext): Router {
  const r = Router();
  const list = async () =>
    (await ctx.db.vocabularyTerm.findMany({ orderBy: { createdAt: 'asc' }, select: { term: true } })).map(
      (t) => t.term,
    );

  serve(r, vocabularyApi.get, async () => ({ terms: await list() }));

  /** Replaces the whole list (in order; case-insensitive duplicates keep the first spelling). */
  serve(r, vocabularyApi.put, async ({ body: { terms } }) => {
    const unique = uniqueTerms(terms);
    const now = Date.now();
    await ctx.db.$transaction([
      ctx.db.vocabularyTerm.deleteMany({}),
      // Distinct timestamps keep the admin's order.
      ctx.db.vocabularyTerm.createMany({
        data: unique.map((term, i) => ({ term, createdAt: new Date(now + i) })),
      }),
    ]);
    ctx.logger.info({ terms: unique.length }, 'vocabulary replaced');
    return { terms: await list() };
  });
  return r;
}
