import { Router } from 'express';
import { z } from 'zod';
import { normalizeTerm, uniqueTerms } from '@booth/shared';
import type { ApiContext } from '../context';
import { safe } from '@booth/shared/api';
import { parse } from '../validate';

/** At most this many terms; Whisper's prompt holds about 600 characters of them anyway. */
const MAX_TERMS = 200;

const putSchema = z.object({
  terms: z
    .array(safe(z.string().max(1000)).transform(normalizeTerm).pipe(z.string().min(1, 'empty term').max(80)))
    .max(MAX_TERMS),
});

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

  r.get('/', async (_req, res) => {
    res.json({ terms: await list() });
  });

  /** Replaces the whole list (in order; case-insensitive duplicates keep the first spelling). */
  r.put('/', async (req, res) => {
    const { terms } = parse(putSchema, req.body);
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
    res.json({ terms: await list() });
  });
  return r;
}
