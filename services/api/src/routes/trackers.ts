import { Router } from 'express';
import { Prisma } from '@booth/db';
import { HttpError, notFound } from '@booth/shared';
import { trackersApi } from '@booth/shared/api';
import type { ApiContext } from '../context';
import { serve } from '../endpoint';

const nameTaken = (name: string) => new HttpError(409, `a tracker named "${name}" already exists`);

/**
 * Keyword trackers (CRUD, mounted behind requireAdmin) and a call's tracker hits. The worker writes
 * the hits as final segments arrive (services/worker/src/trackers); names are unique, whatever their case.
 */
export function trackerRoutes(ctx: ApiContext): Router {
  const r = Router();

  /** 409 when another tracker already has `name` (case-insensitive). */
  const checkName = async (name: string, except?: string) => {
    const other = await ctx.db.tracker.findFirst({
      where: { name: { equals: name, mode: 'insensitive' }, ...(except ? { id: { not: except } } : {}) },
      select: { id: true },
    });
    if (other) throw nameTaken(name);
  };
  /** A unique-name race lost to a concurrent request is the same 409. */
  const uniqueName = async <T>(name: string | undefined, write: () => Promise<T>): Promise<T> => {
    try {
      return await write();
    } catch (err) {
      if (name && err instanceof Prisma.PrismaClientKnownRequestError && err.code === 'P2002')
        throw nameTaken(name);
      throw err;
    }
  };

  serve(r, trackersApi.list, async () => ({
    trackers: await ctx.db.tracker.findMany({ orderBy: { name: 'asc' } }),
  }));

  serve(r, trackersApi.create, async ({ body }) => {
    await checkName(body.name);
    const tracker = await uniqueName(body.name, () => ctx.db.tracker.create({ data: body }));
    ctx.logger.info({ trackerId: tracker.id, phrases: tracker.phrases.length }, 'tracker added');
    return tracker;
  });

  serve(r, trackersApi.update, async ({ params: { id }, body }) => {
    if (!(await ctx.db.tracker.findUnique({ where: { id }, select: { id: true } })))
      throw notFound('tracker not found');
    if (body.name !== undefined) await checkName(body.name, id);
    return uniqueName(body.name, () => ctx.db.tracker.update({ where: { id }, data: body }));
  });

  serve(r, trackersApi.remove, async ({ params: { id } }) => {
    const { count } = await ctx.db.tracker.deleteMany({ where: { id } });
    if (count === 0) throw notFound('tracker not found');
    ctx.logger.info({ trackerId: id }, 'tracker deleted');
    return { id, deleted: true as const };
  });

  serve(r, trackersApi.sessionHits, async ({ params: { id } }) => {
    if (!(await ctx.db.session.findUnique({ where: { id }, select: { id: true } })))
      throw notFound('session not found');
    const hits = await ctx.db.trackerHit.findMany({
      where: { sessionId: id },
      orderBy: [{ atMs: 'asc' }, { id: 'asc' }],
      select: {
        trackerId: true,
        segmentId: true,
        phrase: true,
        speakerIdentity: true,
        atMs: true,
        tracker: { select: { name: true } },
      },
    });
    const counts = new Map<string, { trackerId: string; name: string; count: number }>();
    for (const h of hits) {
      const c = counts.get(h.trackerId) ?? { trackerId: h.trackerId, name: h.tracker.name, count: 0 };
      c.count++;
      counts.set(h.trackerId, c);
    }
    return {
      sessionId: id,
      counts: [...counts.values()].sort((a, b) => b.count - a.count || a.name.localeCompare(b.name)),
      hits: hits.map(({ tracker: _t, ...h }) => h),
    };
  });
  return r;
}
